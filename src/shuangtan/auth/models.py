"""Tables of users, the audit log and idempotency keys (用户、审计日志、幂等键)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.auth.roles import Role
from shuangtan.db import Base, utcnow

__all__ = ["GENESIS_HASH", "AuditChainHead", "AuditEntry", "IdempotencyKey", "User"]

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first audit entry."""

_ROLE_VALUES = ", ".join(f"'{role.value}'" for role in Role)


class User(Base):
    """用户 user: a person who logs in, with one role and, for some roles, a scope.

    An official's scope is the whole city (``city_code``) or one county-level division
    (``county_code``), never both; an enterprise user belongs to one emitting entity
    (``entity_id``). The database holds these rules as check constraints.
    """

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({_ROLE_VALUES})", name="role"),
        CheckConstraint("city_code IS NULL OR county_code IS NULL", name="single_scope"),
        CheckConstraint(
            "role <> 'official' OR city_code IS NOT NULL OR county_code IS NOT NULL",
            name="official_has_scope",
        ),
        CheckConstraint("role <> 'enterprise' OR entity_id IS NOT NULL", name="enterprise_entity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    city_code: Mapped[str | None] = mapped_column(
        String(12), ForeignKey("cities.code"), nullable=True
    )
    county_code: Mapped[str | None] = mapped_column(
        String(12), ForeignKey("counties.code"), nullable=True
    )
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    @property
    def scope_code(self) -> str | None:
        """The official's scope: the county code, else the city code."""
        return self.county_code or self.city_code


class AuditEntry(Base):
    """审计日志 audit entry: one write, who did it, when, and the state before and after.

    Append-only and chained: ``hash`` is the SHA-256 of the canonical JSON of this entry's
    fields and ``prev_hash`` (see :mod:`shuangtan.auth.audit`), so an edited or removed row
    breaks the chain. Triggers refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
        Index("ix_audit_log_actor_user_id", "actor_user_id"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_username: Mapped[str | None] = mapped_column(String(64), nullable=True)
    actor_role: Mapped[str | None] = mapped_column(String(16), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(128))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditChainHead(Base):
    """审计链头 chain head: the last sequence number, its hash and the entry count.

    One row (``id = 1``), updated in the same transaction as every append; appends lock it,
    so concurrent writers cannot fork the chain, and a truncated tail no longer matches it.
    """

    __tablename__ = "audit_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
    entry_count: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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
