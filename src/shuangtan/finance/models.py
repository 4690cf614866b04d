"""Tables of banks, their users, and enterprises' consents (授权) to share their account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.db import Base, utcnow

__all__ = ["Bank", "BankMember", "Consent"]


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
    makes a new row, so the history stays.
    """

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_bank_entity", "bank_id", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"))
    granted_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
