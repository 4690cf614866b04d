"""Tables of the ledger (账本): assets, accounts, transactions, postings, balances, chain head.

What the tables hold by themselves (constraints here; triggers in migration ``0010_ledger``):

- a posting's asset is its account's asset (composite foreign key ``(account_id, asset_code)``);
- a posting is never zero; an account's balance is never below zero unless the account may go
  negative (``CHECK (balance >= 0 OR may_go_negative)``), and only issuance and external
  accounts may (``CHECK``); the balance row's ``may_go_negative`` is its account's (composite
  foreign key);
- one transaction per idempotency key (unique), one account per owner, kind and asset (unique).

Amounts are whole numbers of the asset's quantum (see :mod:`shuangtan.ledger.assets`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.db import Base, utcnow
from shuangtan.ledger.assets import AssetFamily

__all__ = [
    "NEGATIVE_KINDS",
    "OWNED_KINDS",
    "Account",
    "AccountKind",
    "Asset",
    "Balance",
    "LedgerChainHead",
    "OwnerType",
    "Posting",
    "Transaction",
]


class OwnerType(StrEnum):
    """账户所有者类型 who may own a ledger account."""

    platform = "platform"  # 平台（主管部门）: issuance, retirement, clearing, fees
    resident = "resident"  # 居民 (碳普惠)
    merchant = "merchant"  # 商户 (积分兑换)
    entity = "entity"  # 排放主体 / 控排企业
    county = "county"  # 区县 (e.g. a county's energy-use-right budget)


class AccountKind(StrEnum):
    """账户类型 what an account is for."""

    holding = "holding"  # 持有: what an owner holds; never negative
    escrow = "escrow"  # 冻结: held for an open order or a pending settlement
    issuance = "issuance"  # 发行: where units come from; its balance is minus the units issued
    retirement = "retirement"  # 注销: where units end (surrender, cancellation, redemption)
    clearing = "clearing"  # 清算: the settlement's pass-through
    fee = "fee"  # 手续费: fees collected
    external = "external"  # 外部: cash entering or leaving the ledger through a bank


NEGATIVE_KINDS = (AccountKind.issuance, AccountKind.external)
"""The kinds whose balance may go below zero: sources of units, never an owner's holding."""
OWNED_KINDS = (AccountKind.holding, AccountKind.escrow)
"""The kinds any owner may have; the others belong to the platform."""


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class Asset(Base):
    """资产 asset: a code, names, a unit and the number of decimals of its quantum.

    Never changed once written (triggers): a new scale would change every stored amount.
    """

    __tablename__ = "ledger_assets"
    __table_args__ = (
        CheckConstraint(_in("family", tuple(AssetFamily)), name="family"),
        CheckConstraint(
            "(family = 'allowance' AND vintage IS NOT NULL) "
            "OR (family <> 'allowance' AND vintage IS NULL)",
            name="vintage",
        ),
        CheckConstraint("scale BETWEEN 0 AND 6", name="scale"),
    )

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    family: Mapped[str] = mapped_column(String(24))
    vintage: Mapped[int | None] = mapped_column(Integer, nullable=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(128))
    unit: Mapped[str] = mapped_column(String(16))
    scale: Mapped[int] = mapped_column(SmallInteger)


class Account(Base):
    """账户 ledger account: an owner's (or the platform's) holding of one asset, of one kind.

    ``owner_id`` is the owner's id in its room (``user:17``, ``42``); the platform's accounts
    have ``""``. Never changed or removed once opened (triggers).
    """

    __tablename__ = "ledger_accounts"
    __table_args__ = (
        UniqueConstraint("owner_type", "owner_id", "kind", "asset_code"),
        UniqueConstraint("id", "asset_code"),
        UniqueConstraint("id", "may_go_negative"),
        CheckConstraint(_in("owner_type", tuple(OwnerType)), name="owner_type"),
        CheckConstraint(_in("kind", tuple(AccountKind)), name="kind"),
        CheckConstraint(
            "(owner_type = 'platform' AND owner_id = '') "
            "OR (owner_type <> 'platform' AND owner_id <> '')",
            name="owner_id",
        ),
        CheckConstraint(
            f"{_in('kind', OWNED_KINDS)} OR owner_type = 'platform'", name="platform_kinds"
        ),
        CheckConstraint(f"may_go_negative = ({_in('kind', NEGATIVE_KINDS)})", name="negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner_type: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    asset_code: Mapped[str] = mapped_column(String(32), ForeignKey("ledger_assets.code"))
    may_go_negative: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Transaction(Base):
    """交易 ledger transaction: balanced postings under one idempotency key, chained by hash.

    ``hash`` is the SHA-256 of the canonical JSON of its fields, ``prev_hash`` and its postings
    (:mod:`shuangtan.ledger.hashing`). ``area_code`` and ``year`` say on whose behalf and for
    which year it counts (a retirement claimed by a county's inventory); ``reference`` names the
    outside record it settles (a CCER serial, an order, a behaviour event). Never changed or
    removed (triggers).
    """

    __tablename__ = "ledger_transactions"
    __table_args__ = (
        Index("ix_ledger_transactions_year_area", "year", "area_code"),
        Index("ix_ledger_transactions_reference", "reference"),
        CheckConstraint("year BETWEEN 1990 AND 2100", name="year"),
        CheckConstraint("kind <> ''", name="kind"),
        CheckConstraint("key <> ''", name="key"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(48))
    memo: Mapped[str] = mapped_column(Text)
    area_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reference: Mapped[str | None] = mapped_column(String(128), nullable=True)
    actor_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_username: Mapped[str | None] = mapped_column(String(64), nullable=True)
    actor_role: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class Posting(Base):
    """分录 posting: one signed amount on one account (positive adds to its balance).

    The postings of a transaction sum to zero per asset (the service checks; on PostgreSQL a
    deferred constraint trigger refuses the commit otherwise). Never changed or removed.
    """

    __tablename__ = "ledger_postings"
    __table_args__ = (
        ForeignKeyConstraint(
            ["account_id", "asset_code"], ["ledger_accounts.id", "ledger_accounts.asset_code"]
        ),
        Index("ix_ledger_postings_account", "account_id", "transaction_seq"),
        CheckConstraint("amount <> 0", name="amount"),
        CheckConstraint("line >= 1", name="line"),
    )

    transaction_seq: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ledger_transactions.seq"), primary_key=True
    )
    line: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    account_id: Mapped[int] = mapped_column(Integer)
    asset_code: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(BigInteger)


class Balance(Base):
    """余额 balance: the ledger's own projection of an account's postings (their sum).

    Opened at zero with its account and moved by each posting, both by database triggers in the
    same transaction; the service reads it locked (``FOR UPDATE``) to refuse an overdraft, and
    the check constraint refuses one that slipped past. ``verify`` compares it with the sum.
    """

    __tablename__ = "ledger_balances"
    __table_args__ = (
        ForeignKeyConstraint(
            ["account_id", "may_go_negative"],
            ["ledger_accounts.id", "ledger_accounts.may_go_negative"],
        ),
        CheckConstraint("balance >= 0 OR may_go_negative", name="not_overdrawn"),
    )

    account_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    may_go_negative: Mapped[bool] = mapped_column(Boolean)
    balance: Mapped[int] = mapped_column(BigInteger)


class LedgerChainHead(Base):
    """账本链头 chain head: the last transaction's ``seq``, its hash and the transaction count.

    One row (``id = 1``), updated in the same transaction as every posting; :func:`post` locks
    it, so concurrent writers queue instead of forking the chain.
    """

    __tablename__ = "ledger_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
    entry_count: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
