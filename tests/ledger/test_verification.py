"""``verify`` finds tampering done behind the triggers, and ``shuangtan ledger verify`` says so."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from shuangtan import ledger
from shuangtan.db import session_scope
from shuangtan.ledger import LedgerReport, transfer

from .conftest import ACTOR, Book, open_book, without_guard


@pytest.fixture
def three(session_factory: sessionmaker[Session]) -> Book:
    """Committed: alice earns 100 (seq 1), pays the merchant 30 (seq 2) and 20 (seq 3)."""
    with session_scope(session_factory) as session:
        book = open_book(session)
        ledger.post(
            session=session,
            key="earn",
            kind="points.earn",
            postings=transfer(source=book.points_issuance, destination=book.alice, amount=100),
            actor=None,
        )
        for key, amount in (("pay-1", 30), ("pay-2", 20)):
            ledger.post(
                session=session,
                key=key,
                kind="points.redeem",
                postings=transfer(source=book.alice, destination=book.merchant, amount=amount),
                actor=ACTOR,
            )
    return book


def _verify(session_factory: sessionmaker[Session]) -> LedgerReport:
    with session_scope(session_factory) as session:
        return ledger.verify(session=session)


class TestVerify:
    def test_an_empty_ledger_is_intact(self, session_factory: sessionmaker[Session]) -> None:
        report = _verify(session_factory)
        assert (report.ok, report.transactions, report.accounts) == (True, 0, 0)

    def test_an_untouched_ledger_is_intact(
        self, session_factory: sessionmaker[Session], three: Book
    ) -> None:
        report = _verify(session_factory)
        # three transactions; the book opens eight accounts.
        assert (report.ok, report.chain.checked, report.transactions, report.accounts) == (
            True,
            3,
            3,
            8,
        )
        assert report.problems() == []

    def test_an_edited_memo_breaks_the_chain_at_its_transaction(
        self, owner: Engine, session_factory: sessionmaker[Session], three: Book
    ) -> None:
        without_guard(owner, "UPDATE ledger_transactions SET memo = 'refund' WHERE seq = 2")
        report = _verify(session_factory)
        assert (report.ok, report.chain.first_bad_seq) == (False, 2)
        assert report.mismatched == ()
        assert "2" in report.problems()[0][1]

    def test_an_edited_amount_breaks_the_chain_and_the_balances(
        self, owner: Engine, session_factory: sessionmaker[Session], three: Book
    ) -> None:
        # Both legs of seq 2 changed from 30 to 3: still balanced, but neither hash nor
        # projection agrees any more (alice's balance row still says 50, the postings 77).
        without_guard(
            owner,
            "UPDATE ledger_postings SET amount = amount / 10 WHERE transaction_seq = 2",
        )
        report = _verify(session_factory)
        assert (report.chain.first_bad_seq, report.unbalanced) == (2, ())
        assert report.mismatched == tuple(sorted((three.alice, three.merchant)))

    def test_an_account_given_to_another_owner_breaks_the_chain(
        self, owner: Engine, session_factory: sessionmaker[Session], three: Book
    ) -> None:
        without_guard(
            owner,
            f"UPDATE ledger_accounts SET owner_id = '66' WHERE id = {three.merchant}",
        )
        assert _verify(session_factory).chain.first_bad_seq == 2  # the merchant's first posting

    def test_a_deleted_last_transaction_disagrees_with_the_head(
        self, owner: Engine, session_factory: sessionmaker[Session], three: Book
    ) -> None:
        without_guard(
            owner,
            "DELETE FROM ledger_postings WHERE transaction_seq = 3",
            "DELETE FROM ledger_transactions WHERE seq = 3",
        )
        report = _verify(session_factory)
        assert (report.ok, report.chain.checked, report.chain.first_bad_seq) == (False, 2, 3)

    def test_a_deleted_middle_transaction_leaves_a_gap(
        self, owner: Engine, session_factory: sessionmaker[Session], three: Book
    ) -> None:
        without_guard(
            owner,
            "DELETE FROM ledger_postings WHERE transaction_seq = 2",
            "DELETE FROM ledger_transactions WHERE seq = 2",
        )
        assert _verify(session_factory).chain.first_bad_seq == 2

    def test_an_edited_balance_is_found(
        self, owner: Engine, session_factory: sessionmaker[Session], three: Book
    ) -> None:
        without_guard(
            owner, f"UPDATE ledger_balances SET balance = 49 WHERE account_id = {three.alice}"
        )
        report = _verify(session_factory)
        assert (report.chain.ok, report.mismatched) == (True, (three.alice,))
        assert "余额" in report.problems()[0][0]

    def test_an_unbalanced_posting_slipped_in_is_found(
        self, owner: Engine, session_factory: sessionmaker[Session], three: Book
    ) -> None:
        without_guard(
            owner,
            "INSERT INTO ledger_postings (transaction_seq, line, account_id, asset_code, amount) "
            f"VALUES (2, 3, {three.bob}, 'points', 7)",
        )
        report = _verify(session_factory)
        assert (report.unbalanced, report.chain.first_bad_seq) == ((2,), 2)


class TestCommand:
    def test_an_intact_ledger_passes_and_a_tampered_one_exits_1(
        self,
        owner: Engine,
        migrated_url: str,
        three: Book,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        from shuangtan.cli import app
        from shuangtan.config import get_settings

        runner = CliRunner()
        monkeypatch.setenv("SHUANGTAN_DATABASE_URL", migrated_url)
        get_settings.cache_clear()
        try:
            intact = runner.invoke(app, ["ledger", "verify"])
            assert intact.exit_code == 0, intact.output
            assert "3 笔交易 transactions" in intact.stdout
            without_guard(owner, "UPDATE ledger_transactions SET kind = 'x' WHERE seq = 3")
            broken = runner.invoke(app, ["ledger", "verify"])
        finally:
            get_settings.cache_clear()
        assert broken.exit_code == 1
        assert "Ledger transaction 3 was altered" in broken.stderr
