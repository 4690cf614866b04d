"""Queries of the ledger (账本查询): every read and write of its tables.

The service decides; these functions only ask the database. Balances are read as plain
column values (never as ORM objects), because the database triggers move them under the
session's feet: an object in the identity map would be stale after the next posting.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Row, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shuangtan.db import utcnow
from shuangtan.ledger.assets import AssetSpec
from shuangtan.ledger.models import (
    Account,
    AccountKind,
    Asset,
    Balance,
    Posting,
    Transaction,
)

__all__ = [
    "account",
    "account_by_owner",
    "accounts",
    "balances",
    "chain_rows",
    "count_accounts",
    "count_transactions",
    "ensure_asset",
    "history_rows",
    "insert_account",
    "insert_postings",
    "lock_balances",
    "mismatched_accounts",
    "overdrawn_accounts",
    "owner_accounts",
    "postings_of",
    "retirement_accounts",
    "transaction_by_key",
    "unbalanced_transactions",
]


def _insert_ignoring_duplicates(
    session: Session, model: type[Any], values: Mapping[str, Any]
) -> None:
    """``INSERT … ON CONFLICT DO NOTHING``: two writers adding the same row both succeed."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    session.execute(module.insert(model).values(**values).on_conflict_do_nothing())


def ensure_asset(session: Session, spec: AssetSpec) -> None:
    """Add the asset's row unless it is there (an allowance vintage's first account)."""
    if session.get(Asset, spec.code) is not None:
        return
    _insert_ignoring_duplicates(
        session,
        Asset,
        {
            "code": spec.code,
            "family": spec.family.value,
            "vintage": spec.vintage,
            "name_zh": spec.name_zh,
            "name_en": spec.name_en,
            "unit": spec.unit,
            "scale": spec.scale,
        },
    )


def account(session: Session, account_id: int) -> Account | None:
    """The account with ``account_id``, or ``None``."""
    return session.get(Account, account_id)


def accounts(session: Session, account_ids: Iterable[int]) -> dict[int, Account]:
    """The accounts with these ids, by id (missing ids are absent)."""
    ids = sorted(set(account_ids))
    if not ids:
        return {}
    return {a.id: a for a in session.scalars(select(Account).where(Account.id.in_(ids)))}


def account_by_owner(
    session: Session, *, owner_type: str, owner_id: str, kind: str, asset_code: str
) -> Account | None:
    """The account of this owner, kind and asset, or ``None``."""
    statement = select(Account).where(
        Account.owner_type == owner_type,
        Account.owner_id == owner_id,
        Account.kind == kind,
        Account.asset_code == asset_code,
    )
    return session.scalars(statement).one_or_none()


def insert_account(
    session: Session,
    *,
    owner_type: str,
    owner_id: str,
    kind: str,
    asset_code: str,
    may_go_negative: bool,
) -> None:
    """Open the account unless it exists (its zero balance row comes with it, by trigger)."""
    _insert_ignoring_duplicates(
        session,
        Account,
        {
            "owner_type": owner_type,
            "owner_id": owner_id,
            "kind": kind,
            "asset_code": asset_code,
            "may_go_negative": may_go_negative,
            "created_at": utcnow(),
        },
    )


def owner_accounts(session: Session, *, owner_type: str, owner_id: str) -> list[Account]:
    """Every account of one owner, by asset and kind."""
    statement = (
        select(Account)
        .where(Account.owner_type == owner_type, Account.owner_id == owner_id)
        .order_by(Account.asset_code, Account.kind)
    )
    return list(session.scalars(statement))


def transaction_by_key(session: Session, key: str) -> Transaction | None:
    """The transaction posted under ``key``, or ``None`` (read fresh, not from the session)."""
    statement = select(Transaction).where(Transaction.key == key)
    return session.scalars(statement.execution_options(populate_existing=True)).one_or_none()


def postings_of(session: Session, seq: int) -> list[Posting]:
    """The postings of transaction ``seq``, by line."""
    statement = select(Posting).where(Posting.transaction_seq == seq).order_by(Posting.line)
    return list(session.scalars(statement))


def lock_balances(session: Session, account_ids: Iterable[int]) -> dict[int, int]:
    """The balances of these accounts, their rows locked (``FOR UPDATE``) in account-id order.

    Locking in one fixed order means two writers touching the same accounts queue instead of
    deadlocking. SQLite ignores ``FOR UPDATE``; there the caller already holds the database's
    write lock (taken with the chain head).
    """
    statement = (
        select(Balance.account_id, Balance.balance)
        .where(Balance.account_id.in_(sorted(set(account_ids))))
        .order_by(Balance.account_id)
        .with_for_update()
    )
    return {row.account_id: int(row.balance) for row in session.execute(statement)}


def balances(session: Session, account_ids: Iterable[int]) -> dict[int, int]:
    """The balances of these accounts (unlocked), by account id."""
    ids = sorted(set(account_ids))
    if not ids:
        return {}
    statement = select(Balance.account_id, Balance.balance).where(Balance.account_id.in_(ids))
    return {row.account_id: int(row.balance) for row in session.execute(statement)}


def insert_postings(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert the postings of one transaction (the triggers move the balances)."""
    session.execute(insert(Posting), [dict(r) for r in rows])


def history_rows(
    session: Session,
    *,
    account_ids: Collection[int],
    kinds: Collection[str] | None = None,
    area_codes: Collection[str] | None = None,
    year: int | None = None,
    after_seq: int | None = None,
    limit: int | None = None,
) -> list[Row[Any]]:
    """The postings on these accounts, oldest first, each with its transaction and the
    account's running balance.

    The running balance is a window over all of each account's postings, taken before the
    filters, so a filtered page still shows the true balance after each line.
    """
    running = (
        select(
            Posting.transaction_seq,
            Posting.line,
            Posting.account_id,
            Posting.asset_code,
            Posting.amount,
            func.sum(Posting.amount)
            .over(
                partition_by=Posting.account_id,
                order_by=(Posting.transaction_seq, Posting.line),
            )
            .label("balance_after"),
        )
        .where(Posting.account_id.in_(sorted(set(account_ids))))
        .subquery()
    )
    statement = (
        select(running, Transaction)
        .join(Transaction, Transaction.seq == running.c.transaction_seq)
        .order_by(running.c.transaction_seq, running.c.line)
    )
    if kinds is not None:
        statement = statement.where(Transaction.kind.in_(sorted(kinds)))
    if area_codes is not None:
        statement = statement.where(Transaction.area_code.in_(sorted(area_codes)))
    if year is not None:
        statement = statement.where(Transaction.year == year)
    if after_seq is not None:
        statement = statement.where(running.c.transaction_seq > after_seq)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.execute(statement))


def retirement_accounts(session: Session, asset_codes: Collection[str]) -> list[int]:
    """The ids of the retirement accounts of these assets."""
    statement = (
        select(Account.id)
        .where(
            Account.kind == AccountKind.retirement.value,
            Account.asset_code.in_(sorted(asset_codes)),
        )
        .order_by(Account.id)
    )
    return [int(i) for i in session.scalars(statement)]


def chain_rows(session: Session) -> Iterator[Any]:
    """Every transaction with its postings and their accounts, by ``seq`` and line (streamed).

    A transaction without postings still comes once (outer join), its posting columns empty.
    """
    statement = (
        select(
            Transaction.seq,
            Transaction.prev_hash,
            Transaction.hash,
            Transaction.key,
            Transaction.kind,
            Transaction.memo,
            Transaction.area_code,
            Transaction.year,
            Transaction.reference,
            Transaction.actor_user_id,
            Transaction.actor_username,
            Transaction.actor_role,
            Transaction.created_at,
            Posting.account_id,
            Posting.asset_code,
            Posting.amount,
            Account.owner_type,
            Account.owner_id,
            Account.kind.label("account_kind"),
        )
        .select_from(Transaction)
        .outerjoin(Posting, Posting.transaction_seq == Transaction.seq)
        .outerjoin(Account, Account.id == Posting.account_id)
        .order_by(Transaction.seq, Posting.line)
    )
    yield from session.execute(statement.execution_options(yield_per=2000))


def unbalanced_transactions(session: Session) -> list[int]:
    """The transactions whose postings of some asset do not sum to zero, or that have fewer
    than two postings."""
    by_asset = (
        select(Posting.transaction_seq)
        .group_by(Posting.transaction_seq, Posting.asset_code)
        .having(func.sum(Posting.amount) != 0)
    )
    thin = (
        select(Transaction.seq)
        .outerjoin(Posting, Posting.transaction_seq == Transaction.seq)
        .group_by(Transaction.seq)
        .having(func.count(Posting.line) < 2)
    )
    seqs = {int(s) for s in session.scalars(by_asset)} | {int(s) for s in session.scalars(thin)}
    return sorted(seqs)


def _sums() -> Any:
    return (
        select(Posting.account_id, func.sum(Posting.amount).label("total"))
        .group_by(Posting.account_id)
        .subquery()
    )


def mismatched_accounts(session: Session) -> list[int]:
    """Accounts whose balance row differs from the sum of their postings, or is missing."""
    sums = _sums()
    statement = (
        select(Account.id)
        .outerjoin(Balance, Balance.account_id == Account.id)
        .outerjoin(sums, sums.c.account_id == Account.id)
        .where(
            or_(
                Balance.account_id.is_(None),
                Balance.balance != func.coalesce(sums.c.total, 0),
            )
        )
        .order_by(Account.id)
    )
    return [int(i) for i in session.scalars(statement)]


def overdrawn_accounts(session: Session) -> list[int]:
    """Accounts that may not go negative whose postings sum below zero."""
    sums = _sums()
    statement = (
        select(Account.id)
        .join(sums, sums.c.account_id == Account.id)
        .where(Account.may_go_negative.is_(False), sums.c.total < 0)
        .order_by(Account.id)
    )
    return [int(i) for i in session.scalars(statement)]


def count_transactions(session: Session) -> int:
    """How many transactions the ledger holds."""
    return int(session.execute(select(func.count()).select_from(Transaction)).scalar_one())


def count_accounts(session: Session) -> int:
    """How many accounts the ledger holds."""
    return int(session.execute(select(func.count()).select_from(Account)).scalar_one())
