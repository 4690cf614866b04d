"""FastAPI dependencies of authentication and permission (认证与权限依赖).

``OptionalPrincipal`` / ``CurrentPrincipal`` read the caller from ``Authorization: Bearer``
(the API: a valid JWT whose login row, ``jti``, is alive) or the web session (the cookie's
server-side session, resolved by ``shuangtan.web.sessions``). ``CurrentCredential`` is the
same with the login it came through (to log it out). Named permission dependencies are made
with :func:`require_roles`, so a handler's signature tells its whole permission story::

    AdminOnly = Annotated[Principal, require_roles(Role.admin)]

    @router.get("/admin/users")
    def users(actor: AdminOnly, session: DbSession) -> ...

``Door`` is where a password is tried (:class:`~shuangtan.auth.logins.LoginDoor`): the
login, the token and the password change take it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from shuangtan.auth import service, sessions
from shuangtan.auth.errors import InvalidToken
from shuangtan.auth.logins import LoginDoor
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.auth.sessions import WebSessionState
from shuangtan.auth.throttle import LoginPolicy
from shuangtan.auth.tokens import decode_access_token
from shuangtan.db import DbSession, utcnow
from shuangtan.errors import NotAuthenticated, PermissionDenied
from shuangtan.ratelimit import client_key

__all__ = [
    "AdminOnly",
    "Credential",
    "CurrentCredential",
    "CurrentPrincipal",
    "Door",
    "Officials",
    "OptionalPrincipal",
    "get_login_door",
    "get_optional_credential",
    "get_optional_principal",
    "get_principal",
    "now",
    "oauth2_scheme",
    "require_roles",
]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
"""The bearer scheme; with it /docs offers "Authorize" with the password flow."""


def now(request: Request) -> datetime:
    """The application's time (``app.state.clock``, which tests replace)."""
    clock: Callable[[], datetime] = getattr(request.app.state, "clock", utcnow)
    return clock()


@dataclass(frozen=True, slots=True)
class Credential:
    """How the caller is logged in: the principal, the kind of login (``web``, ``api``) and
    its key (the session cookie's id, the token's ``jti``)."""

    principal: Principal
    kind: str
    key: str


def get_optional_credential(
    request: Request,
    session: DbSession,
    token: Annotated[str | None, Depends(oauth2_scheme)] = None,
) -> Credential | None:
    """The caller's login, or ``None`` if anonymous. A bad, expired or ended token is 401."""
    if token:
        claims = decode_access_token(token, secret=request.app.state.settings.resolved_secret_key())
        alive = sessions.token_alive(
            session=session, jti=claims.jti, user_id=claims.user_id, now=now(request)
        )
        principal = (
            service.get_principal(session=session, user_id=claims.user_id) if alive else None
        )
        if principal is None:
            raise InvalidToken()
        return Credential(principal, sessions.API, claims.jti)
    web_session = request.scope.get("session")
    if isinstance(web_session, WebSessionState) and web_session.user_id is not None:
        principal = service.get_principal(session=session, user_id=web_session.user_id)
        if principal is not None and web_session.key is not None:
            return Credential(principal, sessions.WEB, web_session.key)
    return None


OptionalCredential = Annotated[Credential | None, Depends(get_optional_credential)]


def get_optional_principal(credential: OptionalCredential) -> Principal | None:
    """The caller, or ``None`` if anonymous."""
    return credential.principal if credential is not None else None


OptionalPrincipal = Annotated[Principal | None, Depends(get_optional_principal)]


def get_principal(principal: OptionalPrincipal) -> Principal:
    """The caller; :class:`NotAuthenticated` (401) if anonymous."""
    if principal is None:
        raise NotAuthenticated("请先登录。", "Please log in first.")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def get_credential(credential: OptionalCredential) -> Credential:
    """The caller's login; :class:`NotAuthenticated` (401) if anonymous."""
    if credential is None:
        raise NotAuthenticated("请先登录。", "Please log in first.")
    return credential


CurrentCredential = Annotated[Credential, Depends(get_credential)]


def get_login_door(request: Request) -> LoginDoor:
    """Where this request tries a password: the app's session factory, hashing gate, limits
    and clock, and the client's address as the rate limiter takes it."""
    state = request.app.state
    return LoginDoor(
        factory=state.session_factory,
        gate=state.password_gate,
        policy=LoginPolicy.of(state.settings),
        now=now(request),
        client=client_key(request),
    )


Door = Annotated[LoginDoor, Depends(get_login_door)]


def require_roles(*roles: Role) -> Any:
    """A dependency (``Depends``) that yields the caller if they hold one of ``roles``."""
    names_zh = "、".join(role.label_zh for role in roles)
    names_en = ", ".join(role.label_en for role in roles)

    def dependency(principal: CurrentPrincipal) -> Principal:
        if not principal.has_role(*roles):
            raise PermissionDenied(
                f"此操作仅限{names_zh}。", f"Only these roles may do this: {names_en}."
            )
        return principal

    dependency.__name__ = "require_" + "_or_".join(role.value for role in roles)
    depends: Callable[..., Any] = Depends(dependency)
    return depends


AdminOnly = Annotated[Principal, require_roles(Role.admin)]
"""A system administrator."""
Officials = Annotated[Principal, require_roles(Role.official, Role.admin)]
"""An official (the service narrows it to the official's scope) or an administrator."""
