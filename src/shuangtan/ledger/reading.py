"""Reading the ledger (账本查询): balances, an account's statement, retirements.

Balances are the projection the database keeps in step with the postings; a statement's
running balance is summed from the postings themselves.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from shuangtan.ledger import repository
from shuangtan.ledger.assets import AssetSpec, asset_spec
from shuangtan.ledger.errors import AccountNotFound
from shuangtan.ledger.models import Account, AccountKind, Transaction
from shuangtan.ledger.service import parse_kind, parse_owner
from shuangtan.ledger.values import AccountBalance, HistoryEntry

__all__ = ["balance", "balance_of", "history", "holdings", "retirements"]


def _balance(account: Account, units: int) -> AccountBalance:
    spec = asset_spec(account.asset_code)
    return AccountBalance(
        account.id,
        account.owner_type,
        account.owner_id,
        account.kind,
        account.asset_code,
        spec.unit,
        units,
        spec.from_units(units),
    )


def _account(session: Session, account_id: int) -> Account:
    found = repository.account(session, account_id)
    if found is None:
        raise AccountNotFound(
            f"账户 {account_id} 不存在。",
            f"Ledger account {account_id} does not exist.",
            account_id=account_id,
        )
    return found


def balance(*, session: Session, account_id: int) -> AccountBalance:
    """The balance of one account (404 ``ledger.account_not_found`` if there is none)."""
    found = _account(session, account_id)
    return _balance(found, repository.balances(session, [account_id]).get(account_id, 0))


def balance_of(
    *,
    session: Session,
    owner_type: str,
    owner_id: str | int = "",
    asset: str,
    kind: str = AccountKind.holding.value,
) -> AccountBalance:
    """The balance of an owner's account of this asset and kind; zero if never opened."""
    owner, owner_key = parse_owner(owner_type, owner_id)
    account_kind = parse_kind(kind, owner)
    spec: AssetSpec = asset_spec(asset)
    found = repository.account_by_owner(
        session, owner_type=owner, owner_id=owner_key, kind=account_kind, asset_code=spec.code
    )
    if found is None:
        return AccountBalance(
            None,
            owner.value,
            owner_key,
            account_kind.value,
            spec.code,
            spec.unit,
            0,
            spec.from_units(0),
        )
    return _balance(found, repository.balances(session, [found.id]).get(found.id, 0))


def holdings(
    *, session: Session, owner_type: str, owner_id: str | int = ""
) -> list[AccountBalance]:
    """Every account of one owner with its balance, by asset and kind."""
    owner, owner_key = parse_owner(owner_type, owner_id)
    found = repository.owner_accounts(session, owner_type=owner.value, owner_id=owner_key)
    held = repository.balances(session, (a.id for a in found))
    return [_balance(a, held.get(a.id, 0)) for a in found]


def _entries(rows: Iterable[Row[Any]]) -> list[HistoryEntry]:
    entries = []
    for row in rows:
        spec = asset_spec(row.asset_code)
        transaction: Transaction = row.Transaction
        after = int(row.balance_after)
        entries.append(
            HistoryEntry(
                seq=transaction.seq,
                line=row.line,
                created_at=transaction.created_at,
                kind=transaction.kind,
                key=transaction.key,
                memo=transaction.memo,
                area_code=transaction.area_code,
                year=transaction.year,
                reference=transaction.reference,
                account_id=row.account_id,
                asset_code=row.asset_code,
                units=int(row.amount),
                amount=spec.from_units(int(row.amount)),
                balance_after_units=after,
                balance_after=spec.from_units(after),
            )
        )
    return entries


def history(
    *,
    session: Session,
    account_id: int,
    kinds: Collection[str] | None = None,
    area_codes: Collection[str] | None = None,
    year: int | None = None,
    after_seq: int | None = None,
    limit: int | None = 100,
) -> list[HistoryEntry]:
    """The postings on one account (账户流水), oldest first, with the balance after each.

    Filters: transaction ``kinds``, attribution ``area_codes`` and ``year``; pages by
    ``after_seq`` (the last ``seq`` of the previous page) and ``limit`` (``None``: all).
    """
    _account(session, account_id)
    rows = repository.history_rows(
        session,
        account_ids=[account_id],
        kinds=kinds,
        area_codes=area_codes,
        year=year,
        after_seq=after_seq,
        limit=limit,
    )
    return _entries(rows)


def retirements(
    *,
    session: Session,
    assets: Collection[str],
    area_codes: Collection[str] | None = None,
    year: int | None = None,
) -> list[HistoryEntry]:
    """The units retired (注销) of these assets, attributed to these areas and this year.

    "Credits retired for area X in year Y" is ``retirements(assets=["ccer"],
    area_codes=[X, *X's counties], year=Y)``: the postings on the platform's retirement
    accounts whose transaction carries that ``area_code`` and ``year``; ``reference`` on each
    names the retired credit (a CCER serial, a points batch).
    """
    codes = [asset_spec(code).code for code in assets]
    ids = repository.retirement_accounts(session, codes)
    if not ids:
        return []
    rows = repository.history_rows(
        session, account_ids=ids, area_codes=area_codes, year=year, limit=None
    )
    return _entries(rows)
