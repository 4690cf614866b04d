"""Domain errors of users, tokens and the audit log (认证错误)."""

from __future__ import annotations

import math

from shuangtan.errors import Conflict, DomainError, InvalidInput, NotAuthenticated, RateLimited

__all__ = [
    "AccountLocked",
    "ConcurrentLogins",
    "InvalidCredentials",
    "InvalidScope",
    "InvalidToken",
    "PasswordCheckBusy",
    "TooManyAttempts",
    "UsernameTaken",
    "WeakPassword",
    "WrongPassword",
]


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


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


class WrongPassword(InvalidInput):
    """当前密码错误: the current password given on the change form is not the user's."""

    code = "auth.wrong_password"
    title = "Wrong current password"

    def __init__(self) -> None:
        super().__init__("当前密码不正确。", "The current password is not correct.")


class AccountLocked(DomainError):
    """账号已锁定: too many failed logins; the account refuses every password for a while.

    423 Locked: the account (the resource logged into) is locked, whoever asks, until the time
    passes or an administrator unlocks it; ``Retry-After`` says when. A client's own excess is
    429 (:class:`TooManyAttempts`).
    """

    status = 423
    code = "auth.account_locked"
    title = "Account locked"

    def __init__(self, retry_after: int) -> None:
        minutes = _minutes(retry_after)
        super().__init__(
            f"登录失败次数过多,账号已被锁定。请 {minutes} 分钟后再试,或联系系统管理员解锁。",
            f"Too many failed logins: the account is locked. Try again in {minutes} min "
            "or ask an administrator to unlock it.",
            retry_after=retry_after,
        )


class TooManyAttempts(RateLimited):
    """登录尝试过多: too many failed logins from one client address, across accounts."""

    code = "auth.too_many_attempts"
    title = "Too many login attempts"

    def __init__(self, retry_after: int) -> None:
        minutes = _minutes(retry_after)
        super().__init__(
            f"来自此网络地址的登录失败次数过多,请 {minutes} 分钟后再试。",
            f"Too many failed logins from this address; try again in {minutes} min.",
            retry_after=retry_after,
        )


class PasswordCheckBusy(DomainError):
    """服务器繁忙: every password-checking slot is taken; nothing was checked."""

    status = 503
    code = "auth.busy"
    title = "Password checks busy"

    def __init__(self) -> None:
        super().__init__(
            "同时登录的请求过多,服务器正忙,请稍后重试。",
            "Too many logins at once: the server is busy; retry in a moment.",
            retry_after=1,
        )


class ConcurrentLogins(Conflict):
    """Parallel logins of one account kept clearing its count while this one waited (409)."""

    code = "conflict.concurrent"
    title = "Concurrent logins"
