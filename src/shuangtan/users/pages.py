"""Pages of users (用户页面): logging in and out, one's password, and for administrators the
users and the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shuangtan.auth import logins, policy, sessions
from shuangtan.auth import service as auth_service
from shuangtan.auth.deps import AdminOnly, CurrentPrincipal, Door, OptionalCredential, now
from shuangtan.auth.errors import (
    AccountLocked,
    InvalidCredentials,
    PasswordCheckBusy,
    TooManyAttempts,
)
from shuangtan.auth.models import User
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import DbSession
from shuangtan.errors import DomainError, InvalidInput
from shuangtan.ratelimit import client_key
from shuangtan.users import admin_lists, audit_pages
from shuangtan.web import sessions as web_sessions
from shuangtan.web.csrf import CsrfProtected
from shuangtan.web.forms import submit
from shuangtan.web.landing import landing_path
from shuangtan.web.templating import render

__all__ = ["public_router", "router"]

AUDIT_PAGE_SIZE = 50
USERS_PAGE_SIZE = 50
_LOGIN_REFUSALS = (InvalidCredentials, AccountLocked, TooManyAttempts, PasswordCheckBusy)

public_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
"""Pages that answer without login: the login form itself and logging out."""
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def safe_next(target: str | None) -> str:
    """Only same-site paths may be a post-login destination (no open redirects)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _with_retry_after(response: Response, error: DomainError) -> Response:
    retry_after = error.extra.get("retry_after")
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


@public_router.get("/login")
def login_form(
    request: Request, credential: OptionalCredential, next: str = "/", changed: bool = False
) -> HTMLResponse:
    principal = credential.principal if credential is not None else None
    context = {"next": safe_next(next), "changed": changed}
    return render(request, "login.html", context, principal=principal)


@public_router.post("/login")
def login(
    request: Request,
    session: DbSession,
    door: Door,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
    _csrf: None = CsrfProtected,
) -> Response:
    try:
        principal = logins.log_in(
            session=session, door=door, username=username, password=password, via="web"
        )
    except _LOGIN_REFUSALS as error:
        context = {"next": safe_next(next), "error": error, "username": username}
        page = render(request, "login.html", context, status_code=error.status)
        return _with_retry_after(page, error)
    earlier = web_sessions.current(request).key
    if earlier is not None:  # this browser's earlier session ends: a new id for the new login
        sessions.end(session=session, kind=sessions.WEB, key=earlier)
    key, _ = logins.start_login(session=session, door=door, principal=principal, kind=sessions.WEB)
    target = safe_next(next)
    if target == "/":  # no page asked for: the role's own work (a verifier's queue, …)
        target = landing_path(principal)
    response = RedirectResponse(target, status_code=303)
    web_sessions.start(response, request.app.state.settings, key)
    return response


@public_router.post("/logout")
def logout(
    request: Request,
    session: DbSession,
    credential: OptionalCredential,
    _csrf: None = CsrfProtected,
) -> Response:
    if credential is not None and credential.kind == sessions.WEB:
        logins.log_out(
            session=session,
            actor=credential.principal,
            kind=sessions.WEB,
            key=credential.key,
            client=client_key(request),
        )
    response = RedirectResponse("/", status_code=303)
    web_sessions.end(response, request.app.state.settings)
    return response


# ------------------------------------------------------------------------ one's password


def _password_page(
    request: Request, principal: Principal, error: DomainError | None = None
) -> Response:
    context = {"rules": policy.RULES, "error": error}
    status = error.status if error is not None else 200
    page = render(
        request, "account/password.html", context, principal=principal, status_code=status
    )
    return _with_retry_after(page, error) if error is not None else page


@router.get("/account/password")
def password_form(request: Request, principal: CurrentPrincipal) -> Response:
    return _password_page(request, principal)


@router.post("/account/password")
def change_password(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    door: Door,
    current_password: Annotated[str, Form()],
    new_password: Annotated[str, Form()],
    repeat_password: Annotated[str, Form()],
    _csrf: None = CsrfProtected,
) -> Response:
    def write() -> Response:
        if new_password != repeat_password:
            raise InvalidInput("两次输入的新密码不一致。", "The two new passwords differ.")
        logins.change_own_password(
            session=session,
            door=door,
            actor=principal,
            current_password=current_password,
            new_password=new_password,
            via="web",
        )
        # every login of the user has ended, this one too: log in again with the new password
        response = RedirectResponse("/login?changed=1", status_code=303)
        web_sessions.end(response, request.app.state.settings)
        return response

    return submit(
        session, write=write, refused=lambda error: _password_page(request, principal, error)
    )


# ------------------------------------------------------------------------------ the users


def _users_page(
    request: Request,
    session: DbSession,
    principal: Principal,
    page: int,
    error: DomainError | None = None,
    done: tuple[str, int] | None = None,
    role: Role | None = None,
    active: bool | None = None,
) -> Response:
    page = max(page, 1)
    rows, total = admin_lists.users_list(
        session=session,
        actor=principal,
        role=role,
        active=active,
        offset=(page - 1) * USERS_PAGE_SIZE,
        limit=USERS_PAGE_SIZE,
    )
    locks = auth_service.user_locks(session=session, actor=principal, users=rows, now=now(request))
    context: dict[str, Any] = {
        "users": rows,
        "roles": {role.value: role for role in Role},
        "locks": locks,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // USERS_PAGE_SIZE)),
        "error": error,
        "done": done,
        "role": role.value if role else "",
        "active": "" if active is None else ("1" if active else "0"),
    }
    status = error.status if error is not None else 200
    return render(request, "admin/users.html", context, principal=principal, status_code=status)


@router.get("/admin/users")
def users_page(
    request: Request,
    session: DbSession,
    principal: AdminOnly,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    done: str | None = None,
    user: int | None = None,
    role: Annotated[str | None, Query(max_length=16)] = None,
    active: Annotated[str | None, Query(max_length=1)] = None,
) -> Response:
    """Users by id; ``role`` and ``active`` (1 or 0) narrow the list, blank or unknown: all."""
    shown = (done, user) if done in _DONE and user is not None else None
    chosen = Role(role) if role in {r.value for r in Role} else None
    state = {"1": True, "0": False}.get(active or "")
    return _users_page(request, session, principal, page, done=shown, role=chosen, active=state)


_DONE = frozenset({"deactivated", "reactivated", "unlocked"})


UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _user_action(
    request: Request,
    session: DbSession,
    principal: Principal,
    page: int,
    done: str,
    act: Callable[[], User],
) -> Response:
    """The form pattern for a button of the users page: back to the list, or the list with
    the refusal."""

    def write() -> Response:
        user = act()
        return RedirectResponse(
            f"/admin/users?page={max(page, 1)}&done={done}&user={user.id}", status_code=303
        )

    return submit(
        session,
        write=write,
        refused=lambda error: _users_page(request, session, principal, page, error=error),
    )


@router.post("/admin/users/{user_id}/deactivate")
def deactivate_user(
    request: Request,
    session: DbSession,
    principal: AdminOnly,
    user_id: UserId,
    page: Annotated[int, Form()] = 1,
    _csrf: None = CsrfProtected,
) -> Response:
    return _user_action(
        request,
        session,
        principal,
        page,
        "deactivated",
        lambda: auth_service.deactivate_user(session=session, actor=principal, user_id=user_id),
    )


@router.post("/admin/users/{user_id}/reactivate")
def reactivate_user(
    request: Request,
    session: DbSession,
    principal: AdminOnly,
    user_id: UserId,
    page: Annotated[int, Form()] = 1,
    _csrf: None = CsrfProtected,
) -> Response:
    return _user_action(
        request,
        session,
        principal,
        page,
        "reactivated",
        lambda: auth_service.reactivate_user(session=session, actor=principal, user_id=user_id),
    )


@router.post("/admin/users/{user_id}/unlock")
def unlock_user(
    request: Request,
    session: DbSession,
    principal: AdminOnly,
    user_id: UserId,
    page: Annotated[int, Form()] = 1,
    _csrf: None = CsrfProtected,
) -> Response:
    moment = now(request)
    return _user_action(
        request,
        session,
        principal,
        page,
        "unlocked",
        lambda: auth_service.unlock_user(
            session=session, actor=principal, user_id=user_id, now=moment
        ),
    )


router.include_router(audit_pages.router)  # the audit log and its export
