from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from shuangtan.audit import count_entries, entry_hash, record, verify_chain
from shuangtan.audit.chain import GENESIS_HASH
from shuangtan.audit.models import AuditChainHead, AuditEntry
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import session_scope
from shuangtan.place.scope import Scope

ACTOR = Principal(7, "wang", "王", Role.official, Scope.city("330400"))


def _record(
    session: Session,
    action: str,
    after: dict[str, Any] | None,
    *,
    before: dict[str, Any] | None = None,
    actor: Principal | None = ACTOR,
    entity_type: str = "t",
    entity_id: str = "1",
) -> AuditEntry:
    """One audit entry of ``action`` on ``entity_type`` ``entity_id``."""
    return record(
        session=session,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
    )


def _write(factory: sessionmaker[Session], n: int) -> None:
    with session_scope(factory) as session:
        for i in range(1, n + 1):
            _record(
                session,
                "report.submit",
                {"status": "submitted", "n": i},
                before={"status": "draft"},
                entity_type="report",
                entity_id=str(i),
            )


def _verify(factory: sessionmaker[Session]) -> tuple[bool, int, int | None]:
    with session_scope(factory) as session:
        report = verify_chain(session=session)
    return report.ok, report.checked, report.first_bad_seq


def _without_guard(engine: Engine, sql: str) -> None:
    """Run ``sql`` as a superuser would after switching the append-only guard off."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text(sql))


def _json(conn: Connection, value: str) -> str:
    return f"'{value}'::json" if conn.dialect.name == "postgresql" else f"'{value}'"


class TestRecord:
    def test_the_first_entry_links_to_the_genesis_hash(self, session: Session) -> None:
        entry = _record(
            session,
            "city.sync",
            {"code": "330400"},
            actor=None,
            entity_type="city",
            entity_id="330400",
        )
        assert (entry.seq, entry.prev_hash, entry.actor_username) == (1, GENESIS_HASH, None)
        assert entry.hash == entry_hash(entry)

    def test_each_entry_links_to_the_one_before(self, session: Session) -> None:
        first = _record(session, "a", {"x": 1})
        second = _record(session, "b", {"x": 2}, before={"x": 1})
        assert (second.seq, second.prev_hash) == (2, first.hash)
        head = session.get(AuditChainHead, 1)
        assert head is not None
        assert (head.last_seq, head.last_hash, head.entry_count) == (2, second.hash, 2)

    def test_secrets_never_reach_the_log(self, session: Session) -> None:
        entry = _record(
            session,
            "user.create",
            {"username": "a", "password_hash": "$argon2id$...", "password": "p"},
            entity_type="user",
        )
        assert entry.after == {"username": "a"}

    def test_decimals_and_times_are_stored_as_text(self, session: Session) -> None:
        from datetime import UTC, datetime
        from decimal import Decimal

        entry = _record(
            session,
            "a",
            {"tco2e": Decimal("12.345"), "at": datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)},
        )
        assert entry.after == {"tco2e": "12.345", "at": "2025-01-02T03:04:05.000000Z"}

    def test_concurrent_writers_do_not_fork_the_chain(
        self, session_factory: sessionmaker[Session]
    ) -> None:
        errors: list[BaseException] = []

        def writer() -> None:
            try:
                for _ in range(5):
                    _write(session_factory, 1)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=writer) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert _verify(session_factory) == (True, 20, None)


class TestVerifyChain:
    def test_an_empty_log_is_intact(self, session_factory: sessionmaker[Session]) -> None:
        assert _verify(session_factory) == (True, 0, None)

    def test_n_writes_verify(self, session_factory: sessionmaker[Session]) -> None:
        _write(session_factory, 12)
        assert _verify(session_factory) == (True, 12, None)
        with session_scope(session_factory) as session:
            assert count_entries(session=session) == 12

    def test_an_edited_after_fails_at_that_seq(
        self, engine: Engine, session_factory: sessionmaker[Session]
    ) -> None:
        _write(session_factory, 5)
        with engine.connect() as conn:
            forged = _json(conn, '{"status": "approved", "n": 3}')
        _without_guard(engine, f"UPDATE audit_log SET after = {forged} WHERE seq = 3")
        ok, _checked, bad = _verify(session_factory)
        assert (ok, bad) == (False, 3)
        with session_scope(session_factory) as session:
            report = verify_chain(session=session)
        assert "3" in report.problem_en and "3" in report.problem_zh

    def test_a_deleted_middle_row_fails_at_its_seq(
        self, engine: Engine, session_factory: sessionmaker[Session]
    ) -> None:
        _write(session_factory, 5)
        _without_guard(engine, "DELETE FROM audit_log WHERE seq = 3")
        assert _verify(session_factory) == (False, 2, 3)

    def test_a_cut_tail_disagrees_with_the_head(
        self, engine: Engine, session_factory: sessionmaker[Session]
    ) -> None:
        _write(session_factory, 5)
        _without_guard(engine, "DELETE FROM audit_log WHERE seq >= 4")
        assert _verify(session_factory) == (False, 3, 4)

    def test_a_rehashed_row_still_breaks_the_next_link(
        self, engine: Engine, session_factory: sessionmaker[Session]
    ) -> None:
        _write(session_factory, 5)
        with session_scope(session_factory) as session:
            entry = session.execute(select(AuditEntry).where(AuditEntry.seq == 2)).scalar_one()
            entry.after = {"status": "approved"}
            new_hash = entry_hash(entry)
            session.expunge(entry)
        with engine.connect() as conn:
            forged = _json(conn, '{"status": "approved"}')
        _without_guard(
            engine, f"UPDATE audit_log SET after = {forged}, hash = '{new_hash}' WHERE seq = 2"
        )
        assert _verify(session_factory) == (False, 2, 3)


class TestAppendOnlyGuard:
    def test_the_database_refuses_an_update(
        self, engine: Engine, session_factory: sessionmaker[Session]
    ) -> None:
        _write(session_factory, 2)
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET action = 'x' WHERE seq = 1"))
        assert _verify(session_factory) == (True, 2, None)

    def test_the_database_refuses_a_delete(
        self, engine: Engine, session_factory: sessionmaker[Session]
    ) -> None:
        _write(session_factory, 2)
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
        assert _verify(session_factory) == (True, 2, None)

    def test_postgresql_refuses_a_truncate(
        self, engine: Engine, session_factory: sessionmaker[Session]
    ) -> None:
        if engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no TRUNCATE")
        _write(session_factory, 2)
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_log"))
        assert _verify(session_factory) == (True, 2, None)
