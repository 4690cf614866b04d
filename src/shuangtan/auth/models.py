"""The tables of users (用户), their logins (登录会话) and failed logins (登录限制).

The audit log is ``shuangtan.audit``, idempotency keys ``kit``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.auth.roles import Role
from shuangtan.db import Base, utcnow

__all__ = ["LoginSession", "LoginThrottle", "User"]

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


class LoginSession(Base):
    """登录会话 login session: one browser's session or one API access token.

    The cookie carries a random id (``kind`` ``web``) and a token its ``jti`` (``api``); only
    their SHA-256 is stored (``key_hash``), so the table does not hold live credentials. A row
    is the login: deleting it is logging out, and a request whose row is gone is anonymous.
    ``expires_at`` is the absolute end; a web session also ends after being idle (unused since
    ``last_seen_at``) for ``session_idle_minutes``.
    """

    __tablename__ = "login_sessions"
    __table_args__ = (CheckConstraint("kind IN ('web', 'api')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LoginThrottle(Base):
    """登录限制 failed logins counted per account (``account``: the username tried, known or
    not) and per client address (``client``), in the database so that every worker sees them.

    ``failures`` counts the attempts since ``window_started_at`` that did not succeed (an
    account's attempt is counted when it starts, so parallel guesses cannot outrun the count);
    ``locked_until`` is set when an account reaches the limit.
    """

    __tablename__ = "login_throttles"
    __table_args__ = (
        PrimaryKeyConstraint("kind", "key"),
        CheckConstraint("kind IN ('account', 'client')", name="kind"),
        Index("ix_login_throttles_window_started_at", "window_started_at"),
    )

    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(128))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
