"""The hash of a ledger transaction (交易哈希), on the audit log's chain code (``audit/chain.py``).

Transaction ``n`` stores ``prev_hash`` (the hash of transaction ``n - 1``, or 64 zeros) and

    hash_n = SHA-256( canonical JSON of {seq, prev_hash, key, kind, memo, actor, area_code,
                                         year, reference, created_at, postings} )

where ``postings`` is the list of ``{account_id, owner_type, owner_id, account_kind, asset,
amount}`` sorted by account, asset and amount (``amount`` in whole quanta). Covering the
account's owner and kind means that re-pointing an account at another owner behind the
guard triggers breaks the chain as surely as editing an amount.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shuangtan.audit import chain

__all__ = ["HashedPosting", "TransactionFacts", "transaction_hash"]


@dataclass(frozen=True, slots=True, order=True)
class HashedPosting:
    """What the chain records of one posting: the account (and whose it is) and the amount."""

    account_id: int
    asset_code: str
    amount: int
    owner_type: str
    owner_id: str
    account_kind: str

    def content(self) -> dict[str, Any]:
        """The posting as chained JSON content."""
        return {
            "account_id": self.account_id,
            "owner_type": self.owner_type,
            "owner_id": self.owner_id,
            "account_kind": self.account_kind,
            "asset": self.asset_code,
            "amount": self.amount,
        }


@dataclass(frozen=True, slots=True)
class TransactionFacts:
    """What the chain records of one transaction, besides its postings."""

    seq: int
    prev_hash: str
    key: str
    kind: str
    memo: str
    area_code: str | None
    year: int | None
    reference: str | None
    actor_user_id: int | None
    actor_username: str | None
    actor_role: str | None
    created_at: datetime


def transaction_hash(facts: TransactionFacts, postings: Iterable[HashedPosting]) -> str:
    """SHA-256 (hex) of the canonical JSON of the transaction, its ``prev_hash`` and postings."""
    actor = chain.actor_content(facts.actor_user_id, facts.actor_username, facts.actor_role)
    return chain.digest(
        {
            "seq": facts.seq,
            "prev_hash": facts.prev_hash,
            "key": facts.key,
            "kind": facts.kind,
            "memo": facts.memo,
            "actor": actor,
            "area_code": facts.area_code,
            "year": facts.year,
            "reference": facts.reference,
            "created_at": chain.timestamp(facts.created_at),
            "postings": [p.content() for p in sorted(postings)],
        }
    )
