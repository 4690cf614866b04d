"""Domain errors rendered as RFC 9457 problem documents with Chinese and English messages.

Every domain package raises subclasses of :class:`DomainError` with a fixed HTTP status and
a stable machine code (``report.period_closed`` → 409). One handler in the app renders them;
the CLI prints the same two messages.
"""

from __future__ import annotations

from typing import Any, ClassVar

PROBLEM_TYPE_BASE = "https://shuangtan.org/problems/"


class DomainError(Exception):
    """A refusal the caller can understand and act on (业务错误)."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "error"
    title: ClassVar[str] = "Bad request"

    def __init__(self, message_zh: str, message_en: str, **extra: Any) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        self.extra = extra

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        """The RFC 9457 problem document of this error."""
        return problem_document(
            status=self.status,
            code=self.code,
            title=self.title,
            message_zh=self.message_zh,
            message_en=self.message_en,
            instance=instance,
            **self.extra,
        )


def problem_document(
    *,
    status: int,
    code: str,
    title: str,
    message_zh: str,
    message_en: str,
    instance: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Build a problem document: RFC 9457 members plus ``code`` and the two messages."""
    doc: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": f"{message_zh} / {message_en}",
        "code": code,
        "message_zh": message_zh,
        "message_en": message_en,
    }
    if instance is not None:
        doc["instance"] = instance
    doc.update(extra)
    return doc


class InvalidInput(DomainError):
    """Malformed or uncomputable input (输入无效)."""

    status = 422
    code = "input.invalid"
    title = "Invalid input"


class NotAuthenticated(DomainError):
    """No valid credentials (未登录)."""

    status = 401
    code = "auth.not_authenticated"
    title = "Not authenticated"


class PermissionDenied(DomainError):
    """The caller may not do this (无权限)."""

    status = 403
    code = "auth.permission_denied"
    title = "Permission denied"


class NotFound(DomainError):
    """No such thing, or not one the caller may see (不存在)."""

    status = 404
    code = "not_found"
    title = "Not found"


class Conflict(DomainError):
    """The request conflicts with the current state (冲突)."""

    status = 409
    code = "conflict"
    title = "Conflict"


class RateLimited(DomainError):
    """Too many requests from one client (请求过于频繁)."""

    status = 429
    code = "rate_limited"
    title = "Too many requests"
