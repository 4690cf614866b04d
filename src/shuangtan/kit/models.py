"""Tables of the kit (工具表): idempotency keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.db import Base, utcnow

__all__ = ["IdempotencyKey"]


class IdempotencyKey(Base):
    """幂等键 idempotency key: the first response to a write, replayed when a client retries.

    Keyed by the actor and the client's ``Idempotency-Key``; ``request_hash`` covers the
    endpoint and body, so reusing a key for a different request is refused.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("actor_user_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(128))
    actor_user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    scope: Mapped[str] = mapped_column(String(128))
    request_hash: Mapped[str] = mapped_column(String(64))
    response_status: Mapped[int] = mapped_column(Integer)
    response_json: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
