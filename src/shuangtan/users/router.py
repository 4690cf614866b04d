"""The users API: tokens, the current user, user administration and the audit log.

Paths are relative to the ``/api/v1`` root of :mod:`shuangtan.api`:

- ``router`` (prefix ``/auth``) is public, because ``POST /auth/token`` must answer before
  login; ``GET /auth/me`` requires login through its own dependency;
- ``private_routers`` hold ``/admin/users`` and ``/audit`` (admin only), mounted under the
  login-requiring parent.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from shuangtan.auth import service
from shuangtan.auth.deps import AdminOnly, CurrentPrincipal
from shuangtan.auth.tokens import issue_access_token
from shuangtan.db import DbSession
from shuangtan.kit.idempotency import Once
from shuangtan.kit.params import Pages
from shuangtan.kit.schemas import Page
from shuangtan.users.schemas import (
    AuditEntryRead,
    ChainReportRead,
    PrincipalRead,
    TokenRead,
    UserCreate,
    UserRead,
)

__all__ = ["admin_router", "private_routers", "router"]

router = APIRouter(prefix="/auth", tags=["auth 认证"])
admin_router = APIRouter(tags=["admin 管理"])


@router.post("/token")
def token(
    request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()], session: DbSession
) -> TokenRead:
    """Log in with username and password (OAuth2 password flow); returns a bearer token."""
    principal = service.authenticate(
        session=session, username=form.username, password=form.password
    )
    settings = request.app.state.settings
    minutes = settings.access_token_minutes
    access = issue_access_token(principal, secret=settings.resolved_secret_key(), minutes=minutes)
    return TokenRead(access_token=access, expires_in=minutes * 60)


@router.get("/me")
def me(principal: CurrentPrincipal) -> PrincipalRead:
    """The logged-in user (当前用户)."""
    return PrincipalRead.of(principal)


@admin_router.get("/admin/users")
def users(actor: AdminOnly, session: DbSession, pages: Pages) -> Page[UserRead]:
    """Every user, by id (用户列表; admin only)."""
    rows, total = service.list_users(
        session=session, actor=actor, offset=pages.offset, limit=pages.limit
    )
    items = [UserRead.of(u) for u in rows]
    return Page(items=items, total=total, page=pages.page, page_size=pages.page_size)


@admin_router.post("/admin/users", status_code=201)
def create_user(
    body: UserCreate,
    actor: AdminOnly,
    session: DbSession,
    once: Once,
) -> UserRead:
    """Create a user (新建用户; admin only). Send ``Idempotency-Key`` to retry safely."""
    return once(
        body,
        lambda: UserRead.of(service.create_user(session=session, actor=actor, **body.model_dump())),
    )


@admin_router.get("/audit")
def audit_log(
    actor: AdminOnly,
    session: DbSession,
    pages: Pages,
    entity_type: str | None = None,
    entity_id: str | None = None,
) -> Page[AuditEntryRead]:
    """The audit log, newest first (审计日志; admin only)."""
    rows, total = service.audit_entries(
        session=session,
        actor=actor,
        offset=pages.offset,
        limit=pages.limit,
        entity_type=entity_type,
        entity_id=entity_id,
    )
    items = [AuditEntryRead.of(e) for e in rows]
    return Page(items=items, total=total, page=pages.page, page_size=pages.page_size)


@admin_router.get("/audit/verify")
def audit_verify(actor: AdminOnly, session: DbSession) -> ChainReportRead:
    """Recompute the audit hash chain and report where it breaks (审计链校验; admin only)."""
    return ChainReportRead.of(service.verify_audit_chain(session=session, actor=actor))


private_routers = (admin_router,)
