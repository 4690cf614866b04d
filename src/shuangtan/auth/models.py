"""The table of users (用户); the audit log is ``shuangtan.audit``, idempotency keys ``kit``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.auth.roles import Role
from shuangtan.db import Base, utcnow

__all__ = ["User"]

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
