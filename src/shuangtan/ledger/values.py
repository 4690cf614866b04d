"""The values the ledger's service takes and gives (账本的输入与结果): frozen, no database.

Amounts are in the asset's unit (:class:`~decimal.Decimal`; ``units`` beside them is the same
amount in whole quanta, as stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from shuangtan.audit.chain import ChainReport

__all__ = [
    "AccountBalance",
    "HistoryEntry",
    "LedgerReport",
    "Leg",
    "Posted",
    "PostedLine",
    "transfer",
]


@dataclass(frozen=True, slots=True)
class Leg:
    """分录 one line of a transaction to post: ``amount`` (in the asset's unit) on an account.

    Positive adds to the account's balance, negative takes from it; ``int`` or ``Decimal``,
    never ``float``.
    """

    account_id: int
    amount: int | Decimal


def transfer(*, source: int, destination: int, amount: int | Decimal) -> list[Leg]:
    """The two legs moving ``amount`` (positive) from account ``source`` to ``destination``."""
    return [Leg(source, -amount), Leg(destination, amount)]


@dataclass(frozen=True, slots=True)
class PostedLine:
    """已记分录 a posting as the ledger holds it."""

    line: int
    account_id: int
    asset_code: str
    units: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Posted:
    """已记交易 a transaction as the ledger holds it.

    ``replayed`` is true when the key had been posted before and this is that first
    transaction, returned again (nothing new was written).
    """

    seq: int
    key: str
    kind: str
    memo: str
    area_code: str | None
    year: int | None
    reference: str | None
    created_at: datetime
    hash: str
    lines: tuple[PostedLine, ...]
    replayed: bool


@dataclass(frozen=True, slots=True)
class AccountBalance:
    """余额 an account's balance (the sum of its postings).

    ``account_id`` is ``None`` for an account not opened yet (its balance is zero).
    """

    account_id: int | None
    owner_type: str
    owner_id: str
    kind: str
    asset_code: str
    unit: str
    units: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """账户流水 one posting on an account, with its transaction and the balance after it."""

    seq: int
    line: int
    created_at: datetime
    kind: str
    key: str
    memo: str
    area_code: str | None
    year: int | None
    reference: str | None
    account_id: int
    asset_code: str
    units: int
    amount: Decimal
    balance_after_units: int
    balance_after: Decimal


@dataclass(frozen=True, slots=True)
class LedgerReport:
    """账本校验结果 what ``verify`` found.

    ``chain`` is the hash chain's report; ``unbalanced`` the transactions whose postings do not
    sum to zero per asset (or that have fewer than two); ``mismatched`` the accounts whose
    projected balance differs from the sum of their postings (or that have no balance row);
    ``overdrawn`` the accounts below zero that may not be.
    """

    chain: ChainReport
    unbalanced: tuple[int, ...]
    mismatched: tuple[int, ...]
    overdrawn: tuple[int, ...]
    transactions: int
    accounts: int

    @property
    def ok(self) -> bool:
        """Whether the ledger is intact."""
        return self.chain.ok and not (self.unbalanced or self.mismatched or self.overdrawn)

    def problems(self) -> list[tuple[str, str]]:
        """Each problem found, in Chinese and English (empty when intact)."""
        found: list[tuple[str, str]] = []
        if not self.chain.ok:
            found.append((self.chain.problem_zh, self.chain.problem_en))
        if self.unbalanced:
            seqs = _listed(self.unbalanced)
            found.append((f"借贷不平衡的交易：{seqs}。", f"Unbalanced transactions: {seqs}."))
        if self.mismatched:
            ids = _listed(self.mismatched)
            found.append(
                (
                    f"余额与分录合计不符的账户：{ids}。",
                    f"Accounts whose balance differs from the sum of their postings: {ids}.",
                )
            )
        if self.overdrawn:
            ids = _listed(self.overdrawn)
            found.append((f"透支的账户：{ids}。", f"Overdrawn accounts: {ids}."))
        return found


def _listed(values: tuple[int, ...], limit: int = 20) -> str:
    shown = ", ".join(str(v) for v in values[:limit])
    return shown if len(values) <= limit else f"{shown}, … (+{len(values) - limit})"
