"""Errors of the kit (工具错误): idempotent writes."""

from __future__ import annotations

from shuangtan.errors import Conflict

__all__ = ["IdempotencyInProgress", "IdempotencyKeyReused"]


class IdempotencyKeyReused(Conflict):
    """幂等键重复使用: the same Idempotency-Key came with a different request."""

    code = "idempotency.key_reused"
    title = "Idempotency key reused"

    def __init__(self) -> None:
        super().__init__(
            "该幂等键已用于另一个不同的请求。",
            "This Idempotency-Key was already used for a different request.",
        )


class IdempotencyInProgress(Conflict):
    """幂等键请求处理中: a request with this key is still being written; retry shortly."""

    code = "idempotency.in_progress"
    title = "Idempotent request in progress"

    def __init__(self) -> None:
        super().__init__(
            "使用该幂等键的请求仍在处理中,请稍后重试。",
            "A request with this Idempotency-Key is still being processed; retry shortly.",
        )
