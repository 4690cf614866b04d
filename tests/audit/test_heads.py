"""The chain heads move only onto the record just appended (migration 0013), on SQLite and
PostgreSQL, whoever writes: the head cannot be moved back over a cut tail, pointed at another
hash, moved onto a record that does not link to it, or removed. The refusals below are the
triggers', met even by the tables' owner (``owner``); the application's role on PostgreSQL is
refused most of them earlier, by privileges (``test_roles.py``)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from shuangtan import audit, ledger
from shuangtan.db import session_scope

from .conftest import write_audit, write_ledger

CHAINS = {
    "audit": ("audit_log", "audit_chain_head"),
    "ledger": ("ledger_transactions", "ledger_chain_head"),
}


@pytest.fixture(params=sorted(CHAINS))
def chain(request: pytest.FixtureRequest, session_factory: sessionmaker[Session]) -> str:
    """Each chain with three records."""
    name: str = request.param
    (write_audit if name == "audit" else write_ledger)(session_factory, 1, 3)
    return name


def _head(engine: Engine, chain: str) -> tuple[int, str, int]:
    with engine.connect() as conn:
        row = conn.execute(
            text(f"SELECT last_seq, last_hash, entry_count FROM {CHAINS[chain][1]}")
        ).one()
    return int(row[0]), str(row[1]), int(row[2])


def _hash_of(engine: Engine, chain: str, seq: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                text(f"SELECT hash FROM {CHAINS[chain][0]} WHERE seq = :s"), {"s": seq}
            ).scalar_one()
        )


def _refused(engine: Engine, statement: str, match: str) -> None:
    with pytest.raises(DBAPIError, match=match), engine.begin() as conn:
        conn.execute(text(statement))


def _intact(session_factory: sessionmaker[Session], chain: str) -> bool:
    with session_scope(session_factory) as session:
        if chain == "audit":
            return audit.verify_chain(session=session).ok
        return ledger.verify(session=session).ok


class TestHeadGuard:
    def test_the_head_cannot_move_back_over_a_cut_tail(self, owner: Engine, chain: str) -> None:
        head = CHAINS[chain][1]
        second = _hash_of(owner, chain, 2)
        _refused(
            owner,
            f"UPDATE {head} SET last_seq = 2, entry_count = 2, last_hash = '{second}'",
            "moves only onto the entry just appended",
        )
        assert _head(owner, chain) == (3, _hash_of(owner, chain, 3), 3)

    def test_the_head_cannot_take_another_hash(self, owner: Engine, chain: str) -> None:
        _refused(
            owner,
            f"UPDATE {CHAINS[chain][1]} SET last_hash = '{'f' * 64}'",
            "moves only onto the entry just appended",
        )

    def test_the_head_cannot_jump_or_miscount(self, owner: Engine, chain: str) -> None:
        head = CHAINS[chain][1]
        for change in ("last_seq = last_seq + 2", "entry_count = entry_count + 1"):
            _refused(owner, f"UPDATE {head} SET {change}", "moves only onto")

    def test_the_head_cannot_move_onto_a_record_that_does_not_link_to_it(
        self, owner: Engine, session_factory: sessionmaker[Session], chain: str
    ) -> None:
        records, head = CHAINS[chain]
        stray = "e" * 64
        columns = (
            "seq, created_at, action, entity_type, entity_id, prev_hash, hash"
            if chain == "audit"
            else "seq, key, kind, memo, created_at, prev_hash, hash"
        )
        values = (
            f"4, CURRENT_TIMESTAMP, 'x', 'x', 'x', '{'0' * 64}', '{stray}'"
            if chain == "audit"
            else f"4, 'stray', 'x', '', CURRENT_TIMESTAMP, '{'0' * 64}', '{stray}'"
        )
        with owner.begin() as conn:  # the owner inserts a record that does not link to 3
            if chain == "ledger" and conn.dialect.name == "postgresql":
                # past the deferred check that a transaction has balanced postings
                conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text(f"INSERT INTO {records} ({columns}) VALUES ({values})"))
        _refused(
            owner,
            f"UPDATE {head} SET last_seq = 4, entry_count = 4, last_hash = '{stray}'",
            "moves only onto",
        )
        assert not _intact(session_factory, chain)  # and verify names the stray record

    def test_the_head_row_cannot_be_deleted(self, owner: Engine, chain: str) -> None:
        _refused(owner, f"DELETE FROM {CHAINS[chain][1]}", "keeps its one row")

    def test_postgresql_refuses_to_truncate_the_head(self, owner: Engine, chain: str) -> None:
        if owner.dialect.name != "postgresql":
            pytest.skip("SQLite has no TRUNCATE")
        _refused(owner, f"TRUNCATE {CHAINS[chain][1]}", "keeps its one row")

    def test_a_touch_that_moves_nothing_passes(self, owner: Engine, chain: str) -> None:
        # The lock appends take on SQLite is such an update (UPDATE … SET id = id).
        with owner.begin() as conn:
            conn.execute(text(f"UPDATE {CHAINS[chain][1]} SET id = id WHERE id = 1"))
        assert _head(owner, chain)[0] == 3

    def test_appends_still_move_the_head(
        self, owner: Engine, session_factory: sessionmaker[Session], chain: str
    ) -> None:
        (write_audit if chain == "audit" else write_ledger)(session_factory, 4, 5)
        assert _head(owner, chain) == (5, _hash_of(owner, chain, 5), 5)
        assert _intact(session_factory, chain)
