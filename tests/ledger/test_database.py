"""What the database itself holds, with the service bypassed (raw SQL), on both backends:
raw inserts as the application's role (``engine``), changes as the tables' owner."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from shuangtan import ledger
from shuangtan.db import session_scope
from shuangtan.ledger import transfer

from .conftest import Book, open_book, without_guard


@pytest.fixture
def committed(session_factory: sessionmaker[Session]) -> Book:
    """The book opened and committed, alice holding 50 points (transaction 1)."""
    with session_scope(session_factory) as session:
        book = open_book(session)
        ledger.post(
            session=session,
            key="earn",
            kind="points.earn",
            postings=transfer(source=book.points_issuance, destination=book.alice, amount=50),
            actor=None,
        )
    return book


def _raw_transaction(conn: Connection, seq: int, postings: list[tuple[int, int]]) -> None:
    """Insert a transaction and its points postings behind the service's back."""
    conn.execute(
        text(
            "INSERT INTO ledger_transactions (seq, key, kind, memo, created_at, prev_hash, hash) "
            "VALUES (:seq, :key, 'raw', '', CURRENT_TIMESTAMP, :h, :h2)"
        ),
        {"seq": seq, "key": f"raw-{seq}", "h": "0" * 64, "h2": f"{seq:064d}"},
    )
    for line, (account_id, amount) in enumerate(postings, start=1):
        conn.execute(
            text(
                "INSERT INTO ledger_postings (transaction_seq, line, account_id, asset_code, "
                "amount) VALUES (:seq, :line, :account, 'points', :amount)"
            ),
            {"seq": seq, "line": line, "account": account_id, "amount": amount},
        )


def _balance(engine: Engine, account_id: int) -> Any:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT balance FROM ledger_balances WHERE account_id = :a"), {"a": account_id}
        ).scalar_one()


class TestAppendOnly:
    """The triggers hold against the tables' owner too; the application's role on PostgreSQL
    is refused these earlier, by privileges (``tests/audit/test_roles.py``)."""

    @pytest.mark.parametrize(
        "statement",
        [
            "UPDATE ledger_transactions SET memo = 'x' WHERE seq = 1",
            "DELETE FROM ledger_transactions WHERE seq = 1",
            "UPDATE ledger_postings SET amount = 500 WHERE transaction_seq = 1 AND line = 2",
            "DELETE FROM ledger_postings WHERE transaction_seq = 1",
            "UPDATE ledger_accounts SET owner_id = 'user:666' WHERE owner_id = 'user:1'",
            "DELETE FROM ledger_accounts WHERE owner_id = 'user:2'",
            "UPDATE ledger_assets SET scale = 2 WHERE code = 'cash'",
        ],
    )
    def test_the_database_refuses_to_change_history(
        self, owner: Engine, committed: Book, statement: str
    ) -> None:
        with pytest.raises(DBAPIError, match="append-only"), owner.begin() as conn:
            conn.execute(text(statement))
        assert _balance(owner, committed.alice) == 50

    def test_postgresql_refuses_a_truncate(self, owner: Engine, committed: Book) -> None:
        if owner.dialect.name != "postgresql":
            pytest.skip("SQLite has no TRUNCATE")
        with pytest.raises(DBAPIError, match="append-only"), owner.begin() as conn:
            conn.execute(text("TRUNCATE ledger_postings"))

    def test_a_balance_row_cannot_be_deleted(self, owner: Engine, committed: Book) -> None:
        with pytest.raises(DBAPIError, match="moved by postings only"), owner.begin() as conn:
            conn.execute(
                text("DELETE FROM ledger_balances WHERE account_id = :a"), {"a": committed.alice}
            )

    def test_postgresql_refuses_a_direct_write_to_a_balance(
        self, owner: Engine, committed: Book
    ) -> None:
        if owner.dialect.name != "postgresql":
            pytest.skip("SQLite cannot tell a trigger's write from a direct one")
        with pytest.raises(DBAPIError, match="moved by postings only"), owner.begin() as conn:
            conn.execute(
                text("UPDATE ledger_balances SET balance = 5000 WHERE account_id = :a"),
                {"a": committed.alice},
            )
        assert _balance(owner, committed.alice) == 50


class TestProjection:
    def test_an_account_opens_with_a_zero_balance_row(self, session: Session) -> None:
        account = ledger.open_account(
            session=session, owner_type="merchant", owner_id="9", kind="holding", asset="cash"
        )
        row = session.execute(
            text("SELECT balance FROM ledger_balances WHERE account_id = :a"), {"a": account.id}
        ).scalar_one()
        assert row == 0

    def test_a_raw_posting_moves_the_balance_too(self, engine: Engine, committed: Book) -> None:
        with engine.begin() as conn:
            _raw_transaction(conn, 2, [(committed.alice, -20), (committed.bob, 20)])
        # 50 - 20 = 30 for alice, 20 for bob: the triggers kept the projection in step.
        assert (_balance(engine, committed.alice), _balance(engine, committed.bob)) == (30, 20)

    def test_a_raw_overdraft_is_refused_by_the_check_constraint(
        self, engine: Engine, committed: Book
    ) -> None:
        with pytest.raises(IntegrityError, match="not_overdrawn"), engine.begin() as conn:
            _raw_transaction(conn, 2, [(committed.alice, -51), (committed.bob, 51)])
        assert _balance(engine, committed.alice) == 50

    def test_the_check_holds_with_every_trigger_off(self, owner: Engine, committed: Book) -> None:
        with pytest.raises(IntegrityError, match="not_overdrawn"):
            without_guard(
                owner,
                f"UPDATE ledger_balances SET balance = -1 WHERE account_id = {committed.bob}",
            )

    def test_an_issuance_account_may_go_negative(self, engine: Engine, committed: Book) -> None:
        assert _balance(engine, committed.points_issuance) == -50

    def test_a_posting_in_another_asset_than_its_account_is_refused(
        self, engine: Engine, committed: Book
    ) -> None:
        with pytest.raises(IntegrityError), engine.begin() as conn:
            _raw_transaction(conn, 2, [(committed.alice, -5), (committed.bob, 5)])
            conn.execute(
                text(
                    "INSERT INTO ledger_postings (transaction_seq, line, account_id, asset_code, "
                    "amount) VALUES (2, 3, :a, 'cash', 5)"
                ),
                {"a": committed.alice},
            )

    def test_a_holding_account_that_may_go_negative_is_refused(self, engine: Engine) -> None:
        with pytest.raises(IntegrityError, match="negative"), engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO ledger_accounts (owner_type, owner_id, kind, asset_code, "
                    "may_go_negative, created_at) "
                    "VALUES ('resident', 'user:5', 'holding', 'points', TRUE, CURRENT_TIMESTAMP)"
                )
            )


class TestBalancedAtCommit:
    def test_postgresql_refuses_an_unbalanced_raw_transaction_at_commit(
        self, engine: Engine, committed: Book
    ) -> None:
        if engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no deferred triggers: the service's check is the guard")
        conn = engine.connect()
        try:
            transaction = conn.begin()
            # Each statement passes (alice keeps 50 - 10 = 40); the sum, +5 - 10 = -5, does not.
            _raw_transaction(conn, 2, [(committed.alice, -10), (committed.bob, 5)])
            with pytest.raises(IntegrityError, match="does not balance: points sums to -5"):
                transaction.commit()
        finally:
            conn.close()
        assert _balance(engine, committed.alice) == 50

    def test_postgresql_refuses_a_transaction_without_postings_at_commit(
        self, engine: Engine, committed: Book
    ) -> None:
        if engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no deferred triggers: the service's check is the guard")
        with pytest.raises(IntegrityError, match="needs at least two"), engine.begin() as conn:
            _raw_transaction(conn, 2, [])

    def test_postgresql_accepts_a_balanced_raw_transaction(
        self, engine: Engine, committed: Book
    ) -> None:
        if engine.dialect.name != "postgresql":
            pytest.skip("the counterpart of the refusal above")
        with engine.begin() as conn:
            _raw_transaction(conn, 2, [(committed.alice, -10), (committed.bob, 10)])
        assert _balance(engine, committed.bob) == 10
