"""Verifying the ledger (账本校验): the hash chain, balanced transactions, balances.

``shuangtan ledger verify`` runs :func:`verify`; see ``docs/ledger.md`` for what each check
finds. Given anchors (heads copied outside the database by ``shuangtan ledger anchor``), the
chain must also agree with each: a rewritten and rehashed history is found there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import groupby

from sqlalchemy.orm import Session

from shuangtan.audit import chain
from shuangtan.ledger import repository
from shuangtan.ledger.hashing import HashedPosting, TransactionFacts, transaction_hash
from shuangtan.ledger.models import LedgerChainHead
from shuangtan.ledger.values import LedgerReport

__all__ = ["CHAIN", "NAMES", "verify"]

NAMES = chain.ChainNames("账本交易", "Ledger transaction", "账本链", "ledger chain")
CHAIN = "ledger"
"""The ledger's name in an anchor file."""


def _links(session: Session) -> Iterator[chain.Link]:
    for seq, group in groupby(repository.chain_rows(session), key=lambda row: row.seq):
        rows = list(group)
        first = rows[0]
        facts = TransactionFacts(
            seq=first.seq,
            prev_hash=first.prev_hash,
            key=first.key,
            kind=first.kind,
            memo=first.memo,
            area_code=first.area_code,
            year=first.year,
            reference=first.reference,
            actor_user_id=first.actor_user_id,
            actor_username=first.actor_username,
            actor_role=first.actor_role,
            created_at=first.created_at,
        )
        postings = [
            HashedPosting(
                r.account_id, r.asset_code, int(r.amount), r.owner_type, r.owner_id, r.account_kind
            )
            for r in rows
            if r.account_id is not None
        ]
        yield chain.Link(seq, first.prev_hash, first.hash, transaction_hash(facts, postings))


def verify(
    *,
    session: Session,
    anchors: Iterable[chain.Anchor] = (),
    progress: Callable[[int], None] | None = None,
) -> LedgerReport:
    """Check the whole ledger: the hash chain from the first transaction to the head (and to
    every anchor given), every transaction balanced per asset, every projected balance equal
    to the sum of its postings, no account below zero that may not be. ``progress`` is told
    how many transactions of the chain were checked."""
    report = chain.verify(
        _links(session),
        lambda: session.get(LedgerChainHead, 1, populate_existing=True),
        NAMES,
        anchors,
        progress,
    )
    return LedgerReport(
        chain=report,
        unbalanced=tuple(repository.unbalanced_transactions(session)),
        mismatched=tuple(repository.mismatched_accounts(session)),
        overdrawn=tuple(repository.overdrawn_accounts(session)),
        transactions=repository.count_transactions(session),
        accounts=repository.count_accounts(session),
    )
