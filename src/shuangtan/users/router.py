"""The users API: tokens, logging out, passwords, the current user, user administration and
the audit log.

Paths are relative to the ``/api/v1`` root of :mod:`shuangtan.api`:

- ``router`` (prefix ``/auth``) is public, because ``POST /auth/token`` must answer before
  login; ``/auth/me``, ``/auth/logout`` and ``/auth/password`` require login through their
  own dependency;
- ``private_routers`` hold ``/admin/users`` and ``/audit`` (admin only), mounted under the
  login-requiring parent.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.security import OAuth2PasswordRequestForm

from shuangtan.auth import logins, service, sessions
from shuangtan.auth.deps import AdminOnly, CurrentCredential, CurrentPrincipal, Door, now
from shuangtan.auth.tokens import issue_access_token
from shuangtan.db import DbSession
from shuangtan.kit.idempotency import Once
from shuangtan.kit.params import Pages
from shuangtan.kit.schemas import Page
from shuangtan.ratelimit import client_key
from shuangtan.users.schemas import (
    AuditEntryRead,
    ChainReportRead,
    LogoutRead,
    PasswordChange,
    PrincipalRead,
    TokenRead,
    UserCreate,
    UserRead,
)

__all__ = ["admin_router", "private_routers", "router"]

router = APIRouter(prefix="/auth", tags=["auth 认证"])
admin_router = APIRouter(tags=["admin 管理"])

UserId = Annotated[int, Path(ge=1, le=2**31 - 1, description="用户编号 user id")]


@router.post("/token")
def token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: DbSession,
    door: Door,
) -> TokenRead:
    """Log in with username and password (OAuth2 password flow); returns a bearer token.

    Refused: 401 wrong credentials; 423 ``auth.account_locked`` after too many failures (the
    right password too, until ``Retry-After`` or an admin's unlock); 429
    ``auth.too_many_attempts`` for an address past its failures; 503 ``auth.busy`` when the
    server checks too many passwords at once.
    """
    principal = logins.log_in(
        session=session, door=door, username=form.username, password=form.password, via="api"
    )
    jti, _ = logins.start_login(session=session, door=door, principal=principal, kind=sessions.API)
    settings = request.app.state.settings
    minutes = settings.access_token_minutes
    access = issue_access_token(
        principal, secret=settings.resolved_secret_key(), minutes=minutes, jti=jti
    )
    return TokenRead(access_token=access, expires_in=minutes * 60)


@router.post("/logout")
def logout(
    request: Request, credential: CurrentCredential, session: DbSession, everywhere: bool = False
) -> LogoutRead:
    """Log out (退出登录): end the token (or web session) of this request, at once; with
    ``everywhere=true`` every token and web session of the user."""
    if everywhere:
        ended = logins.log_out_everywhere(
            session=session, actor=credential.principal, client=client_key(request)
        )
    else:
        ended = logins.log_out(
            session=session,
            actor=credential.principal,
            kind=credential.kind,
            key=credential.key,
            client=client_key(request),
        )
    return LogoutRead(ended=ended)


@router.post("/password")
def change_password(
    body: PasswordChange, principal: CurrentPrincipal, session: DbSession, door: Door
) -> LogoutRead:
    """Change one's own password (修改密码), giving the current one: every token and web
    session of the user ends, this one too (log in again with the new password).

    Refused: 422 ``auth.weak_password`` (the policy), 422 ``auth.wrong_password`` (counted
    like a failed login: 423 once the account locks).
    """
    ended = logins.change_own_password(
        session=session,
        door=door,
        actor=principal,
        current_password=body.current_password,
        new_password=body.new_password,
        via="api",
    )
    return LogoutRead(ended=ended)


@router.get("/me")
def me(principal: CurrentPrincipal) -> PrincipalRead:
    """The logged-in user (当前用户)."""
    return PrincipalRead.of(principal)


@admin_router.get("/admin/users")
def users(request: Request, actor: AdminOnly, session: DbSession, pages: Pages) -> Page[UserRead]:
    """Every user, by id, with the lock of those locked out (用户列表; admin only)."""
    rows, total = service.list_users(
        session=session, actor=actor, offset=pages.offset, limit=pages.limit
    )
    locks = service.user_locks(session=session, actor=actor, users=rows, now=now(request))
    items = [UserRead.of(u, locks.get(u.id)) for u in rows]
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


@admin_router.post("/admin/users/{user_id}/deactivate")
def deactivate_user(user_id: UserId, actor: AdminOnly, session: DbSession, once: Once) -> UserRead:
    """Deactivate a user (停用用户; admin only, not oneself): they cannot log in, and every
    web session and token of theirs ends at once."""
    return once(
        None,
        lambda: UserRead.of(service.deactivate_user(session=session, actor=actor, user_id=user_id)),
    )


@admin_router.post("/admin/users/{user_id}/reactivate")
def reactivate_user(user_id: UserId, actor: AdminOnly, session: DbSession, once: Once) -> UserRead:
    """Let a deactivated user log in again (启用用户; admin only)."""
    return once(
        None,
        lambda: UserRead.of(service.reactivate_user(session=session, actor=actor, user_id=user_id)),
    )


@admin_router.post("/admin/users/{user_id}/unlock")
def unlock_user(
    request: Request, user_id: UserId, actor: AdminOnly, session: DbSession, once: Once
) -> UserRead:
    """Unlock an account locked after failed logins (解锁账号; admin only)."""
    return once(
        None,
        lambda: UserRead.of(
            service.unlock_user(session=session, actor=actor, user_id=user_id, now=now(request))
        ),
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
