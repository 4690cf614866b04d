"""Domain errors of users, tokens and the audit log (认证错误)."""

from __future__ import annotations

from shuangtan.errors import Conflict, InvalidInput, NotAuthenticated

__all__ = [
    "InvalidCredentials",
    "InvalidScope",
    "InvalidToken",
    "UsernameTaken",
    "WeakPassword",
]


class InvalidCredentials(NotAuthenticated):
    """用户名或密码错误: unknown user, wrong password or inactive account (never says which)."""

    code = "auth.invalid_credentials"
    title = "Invalid credentials"

    def __init__(self) -> None:
        super().__init__("用户名或密码错误。", "Wrong username or password.")


class InvalidToken(NotAuthenticated):
    """令牌无效: the bearer token is malformed, forged or expired."""

    code = "auth.invalid_token"
    title = "Invalid token"

    def __init__(self) -> None:
        super().__init__(
            "登录凭证无效或已过期,请重新登录。", "The token is invalid or expired; log in again."
        )


class WeakPassword(InvalidInput):
    """密码不符合要求: the password breaks the password policy."""

    code = "auth.weak_password"
    title = "Weak password"


class InvalidScope(InvalidInput):
    """用户范围无效: the role's scope (county, entity) is missing or unknown."""

    code = "auth.invalid_scope"
    title = "Invalid scope"


class UsernameTaken(Conflict):
    """用户名已存在: another user already has this username."""

    code = "auth.username_taken"
    title = "Username taken"

    def __init__(self, username: str) -> None:
        super().__init__(
            f"用户名 {username} 已被使用。", f"The username {username} is taken.", username=username
        )
