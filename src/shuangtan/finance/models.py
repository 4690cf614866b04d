"""Tables of banks, their users, and enterprises' consents (授权) to share their account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.db import Base, utcnow

__all__ = ["ACTIVE_CONSENT_INDEX", "Bank", "BankMember", "Consent"]

ACTIVE_CONSENT_INDEX = "uq_consents_entity_bank_active"
"""The partial unique index that holds one active consent per enterprise and bank."""
_ACTIVE = text("withdrawn_at IS NULL")


class Bank(Base):
    """银行 a bank (green-finance desk) that may read consenting enterprises' accounts."""

    __tablename__ = "banks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True, nullable=True)


class BankMember(Base):
    """银行用户 a bank user's membership of a bank."""

    __tablename__ = "bank_members"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"), index=True)


class Consent(Base):
    """数据授权 an enterprise's consent that a bank may see its account; withdrawable.

    A consent is active while ``withdrawn_at`` is null; granting again after a withdrawal
    makes a new row, so the history stays. The database holds at most one active consent per
    enterprise and bank (a partial unique index, on PostgreSQL and SQLite alike), so two
    grants at once cannot leave a second consent behind a withdrawal.
    """

    __tablename__ = "consents"
    __table_args__ = (
        Index("ix_consents_bank_entity", "bank_id", "entity_id"),
        Index(
            ACTIVE_CONSENT_INDEX,
            "entity_id",
            "bank_id",
            unique=True,
            postgresql_where=_ACTIVE,
            sqlite_where=_ACTIVE,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"))
    granted_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
