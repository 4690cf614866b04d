"""Reading the ledger on SQLite and PostgreSQL: balances, statements, retirements."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from shuangtan import ledger
from shuangtan.ledger import transfer
from shuangtan.ledger.errors import AccountNotFound

from .conftest import Book, issue_points


class TestBalance:
    def test_an_unknown_account_is_not_found(self, session: Session) -> None:
        with pytest.raises(AccountNotFound):
            ledger.balance(session=session, account_id=12_345)

    def test_by_owner_and_asset(self, session: Session, book: Book) -> None:
        issue_points(session, book, book.bob, 8, "earn")
        held = ledger.balance_of(
            session=session, owner_type="resident", owner_id="user:2", asset="points"
        )
        assert (held.account_id, held.units, held.unit) == (book.bob, 8, "point")

    def test_an_account_never_opened_holds_zero(self, session: Session) -> None:
        held = ledger.balance_of(
            session=session, owner_type="resident", owner_id="user:99", asset="points"
        )
        assert (held.account_id, held.amount) == (None, Decimal(0))

    def test_holdings_list_every_asset_of_an_owner(self, session: Session, book: Book) -> None:
        issue_points(session, book, book.alice, 3, "earn")
        ledger.post(
            session=session,
            key="cash",
            kind="cash.deposit",
            actor=None,
            postings=transfer(source=book.cash_external, destination=book.alice_cash, amount=250),
        )
        held = ledger.holdings(session=session, owner_type="resident", owner_id="user:1")
        assert [(h.asset_code, h.kind, h.amount) for h in held] == [
            ("cash", "holding", Decimal(250)),
            ("points", "holding", Decimal(3)),
        ]


class TestHistory:
    def _three(self, session: Session, book: Book) -> None:
        issue_points(session, book, book.alice, 100, "h1")
        for key, amount in (("h2", 30), ("h3", 20)):
            ledger.post(
                session=session,
                key=key,
                kind="points.redeem",
                actor=None,
                postings=transfer(source=book.alice, destination=book.merchant, amount=amount),
            )

    def test_each_line_shows_the_balance_after_it(self, session: Session, book: Book) -> None:
        self._three(session, book)
        entries = ledger.history(session=session, account_id=book.alice)
        # +100 → 100; -30 → 70; -20 → 50.
        assert [(e.seq, e.units, e.balance_after_units) for e in entries] == [
            (1, 100, 100),
            (2, -30, 70),
            (3, -20, 50),
        ]
        assert entries[0].memo == "绿色出行 green trip"

    def test_pages_follow_the_last_seq(self, session: Session, book: Book) -> None:
        self._three(session, book)
        page = ledger.history(session=session, account_id=book.alice, after_seq=1, limit=1)
        assert [(e.seq, e.balance_after_units) for e in page] == [(2, 70)]

    def test_a_kind_filter_keeps_the_true_running_balance(
        self, session: Session, book: Book
    ) -> None:
        self._three(session, book)
        redeemed = ledger.history(session=session, account_id=book.alice, kinds=["points.redeem"])
        assert [(e.units, e.balance_after_units) for e in redeemed] == [(-30, 70), (-20, 50)]

    def test_an_unknown_account_is_not_found(self, session: Session) -> None:
        with pytest.raises(AccountNotFound):
            ledger.history(session=session, account_id=4_242)


class TestRetirements:
    def test_credits_retired_for_an_area_and_a_year(self, session: Session) -> None:
        issuance = ledger.open_account(
            session=session, owner_type="platform", kind="issuance", asset="ccer"
        ).id
        retired = ledger.open_account(
            session=session, owner_type="platform", kind="retirement", asset="ccer"
        ).id
        holder = ledger.open_account(
            session=session, owner_type="entity", owner_id="42", kind="holding", asset="ccer"
        ).id
        ledger.post(
            session=session,
            key="issue",
            kind="ccer.issue",
            actor=None,
            postings=transfer(source=issuance, destination=holder, amount=100),
        )
        for key, amount, area, year in [
            ("r1", 5, "330421", 2023),
            ("r2", 7, "330402", 2023),
            ("r3", 11, "330421", 2024),
        ]:
            ledger.post(
                session=session,
                key=key,
                kind="ccer.retire",
                actor=None,
                postings=transfer(source=holder, destination=retired, amount=amount),
                area_code=area,
                year=year,
                reference=f"CCER-{key}",
            )
        jiashan_2023 = ledger.retirements(
            session=session, assets=["ccer"], area_codes=["330421"], year=2023
        )
        assert [(e.units, e.reference) for e in jiashan_2023] == [(5, "CCER-r1")]
        two_counties = ledger.retirements(
            session=session, assets=["ccer"], area_codes=["330421", "330402"], year=2023
        )
        assert sum(e.amount for e in two_counties) == Decimal(12)  # 5 + 7
        assert ledger.retirements(session=session, assets=["points"]) == []
