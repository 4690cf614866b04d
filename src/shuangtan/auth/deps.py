"""FastAPI dependencies of authentication and permission (认证与权限依赖).

``OptionalPrincipal`` / ``CurrentPrincipal`` read the caller from ``Authorization: Bearer``
(the API) or the signed session cookie's ``user_id`` (the web pages). Named permission
dependencies are made with :func:`require_roles`, so a handler's signature tells its whole
permission story::

    AdminOnly = Annotated[Principal, require_roles(Role.admin)]

    @router.get("/admin/users")
    def users(actor: AdminOnly, session: DbSession) -> ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from shuangtan.auth import service
from shuangtan.auth.errors import InvalidToken
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.auth.tokens import decode_access_token
from shuangtan.db import DbSession
from shuangtan.errors import NotAuthenticated, PermissionDenied

__all__ = [
    "AdminOnly",
    "CurrentPrincipal",
    "Officials",
    "OptionalPrincipal",
    "get_optional_principal",
    "get_principal",
    "oauth2_scheme",
    "require_roles",
]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
"""The bearer scheme; with it /docs offers "Authorize" with the password flow."""

SESSION_USER_KEY = "user_id"
"""The key of the logged-in user's id in the web session (``request.session``)."""


def get_optional_principal(
    request: Request,
    session: DbSession,
    token: Annotated[str | None, Depends(oauth2_scheme)] = None,
) -> Principal | None:
    """The caller, or ``None`` if anonymous. A bad or expired bearer token is an error."""
    if token:
        secret = request.app.state.settings.resolved_secret_key()
        principal = service.get_principal(
            session=session, user_id=decode_access_token(token, secret=secret)
        )
        if principal is None:
            raise InvalidToken()
        return principal
    web_session: dict[str, Any] | None = request.scope.get("session")
    user_id = web_session.get(SESSION_USER_KEY) if web_session is not None else None
    if isinstance(user_id, int):
        principal = service.get_principal(session=session, user_id=user_id)
        if principal is None and web_session is not None:
            web_session.pop(SESSION_USER_KEY, None)
        return principal
    return None


OptionalPrincipal = Annotated[Principal | None, Depends(get_optional_principal)]


def get_principal(principal: OptionalPrincipal) -> Principal:
    """The caller; :class:`NotAuthenticated` (401) if anonymous."""
    if principal is None:
        raise NotAuthenticated("请先登录。", "Please log in first.")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


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
