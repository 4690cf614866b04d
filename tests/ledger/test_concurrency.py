"""Concurrent writers, each in its own session and thread, started together (no sleeps).

On PostgreSQL the writers really overlap: they queue on the chain head and the balance rows
(``SELECT … FOR UPDATE``). SQLite has one writer at a time; the same test holds there too.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from concurrency import run_together
from shuangtan import ledger
from shuangtan.db import session_scope
from shuangtan.ledger import transfer

from .conftest import Book, open_book

WRITERS = 8
PRICE = 10
FUNDED = 50  # covers 50 / 10 = 5 of the 8 spends


def _funded_book(session_factory: sessionmaker[Session]) -> Book:
    with session_scope(session_factory) as session:
        book = open_book(session)
        ledger.post(
            session=session,
            key="fund",
            kind="points.earn",
            postings=transfer(source=book.points_issuance, destination=book.alice, amount=FUNDED),
            actor=None,
        )
    return book


class TestConcurrentSpending:
    def test_only_the_covered_spends_succeed_and_the_balance_never_goes_negative(
        self, session_factory: sessionmaker[Session]
    ) -> None:
        book = _funded_book(session_factory)

        def spend(i: int) -> None:
            with session_scope(session_factory) as session:
                ledger.post(
                    session=session,
                    key=f"spend-{i}",
                    kind="points.redeem",
                    postings=transfer(source=book.alice, destination=book.merchant, amount=PRICE),
                    actor=None,
                )

        outcomes = run_together(success="posted", work=[partial(spend, i) for i in range(WRITERS)])

        # 50 points cover five spends of 10; the other three find 0 left.
        assert Counter(outcomes) == {"posted": 5, "ledger.insufficient_balance": 3}
        with session_scope(session_factory) as session:
            alice = ledger.balance(session=session, account_id=book.alice).units
            merchant = ledger.balance(session=session, account_id=book.merchant).units
            report = ledger.verify(session=session)
        assert (alice, merchant) == (0, 50)
        assert (report.ok, report.transactions) == (True, 6)  # the funding and five spends

    def test_retries_of_one_key_at_once_post_it_once(
        self, session_factory: sessionmaker[Session]
    ) -> None:
        book = _funded_book(session_factory)
        seqs: list[int] = []

        def retry() -> None:
            with session_scope(session_factory) as session:
                posted = ledger.post(
                    session=session,
                    key="one-coffee",
                    kind="points.redeem",
                    postings=transfer(source=book.alice, destination=book.merchant, amount=PRICE),
                    actor=None,
                )
            seqs.append(posted.seq)

        outcomes = run_together(success="posted", work=[retry for _ in range(WRITERS)])

        assert outcomes == ["posted"] * WRITERS
        assert set(seqs) == {2}  # one transaction after the funding, returned to every retry
        with session_scope(session_factory) as session:
            alice = ledger.balance(session=session, account_id=book.alice).units
        assert alice == FUNDED - PRICE
