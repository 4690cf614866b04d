"""The forgery of issue 9, point 8: the owner switches the triggers off, edits a record and
recomputes every later hash and the head with the public hash functions. Plain ``verify`` is
fooled; ``verify`` with the anchors taken before the forgery is not, and names the first
anchored record that disagrees. For the audit log and the ledger, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from shuangtan import audit, ledger
from shuangtan.audit.chain import Anchor, ChainReport
from shuangtan.audit.models import AuditEntry
from shuangtan.db import session_scope
from shuangtan.ledger.models import Transaction

from .conftest import (
    cut_audit,
    forge_audit,
    forge_ledger,
    take_anchor,
    write_audit,
    write_ledger,
)

FORGED = {"status": "verified", "tco2e": "1"}


def _audit(factory: sessionmaker[Session], anchors: list[Anchor] | None = None) -> ChainReport:
    with session_scope(factory) as session:
        return audit.verify_chain(session=session, anchors=anchors or ())


def _ledger(factory: sessionmaker[Session], anchors: list[Anchor] | None = None) -> ChainReport:
    with session_scope(factory) as session:
        return ledger.verify(session=session, anchors=anchors or ()).chain


def _anchored_audit(factory: sessionmaker[Session]) -> list[Anchor]:
    """Entries 1-3, an anchor; 4-6, an anchor; 7-8 not anchored yet."""
    write_audit(factory, 1, 3)
    first = take_anchor(factory, audit.CHAIN)
    write_audit(factory, 4, 6)
    second = take_anchor(factory, audit.CHAIN)
    write_audit(factory, 7, 8)
    return [first, second]


class TestAuditForgery:
    def test_the_forgery_fools_plain_verify(
        self,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
    ) -> None:
        _anchored_audit(session_factory)
        forge_audit(owner_factory, 5, FORGED)
        with session_scope(session_factory) as session:
            stored = session.scalars(select(AuditEntry).where(AuditEntry.seq == 5)).one()
            assert stored.after == FORGED  # the history now says report 5 emitted 1 t
        report = _audit(session_factory)
        assert (report.ok, report.checked) == (True, 8)

    def test_the_anchors_find_it_at_the_first_anchored_entry_after_it(
        self,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
    ) -> None:
        anchors = _anchored_audit(session_factory)
        forge_audit(owner_factory, 5, FORGED)
        report = _audit(session_factory, anchors)
        assert (report.ok, report.first_bad_seq) == (False, 6)
        assert "Audit entry 6 disagrees with the anchor of 2026-12-01T09:00:00" in report.problem_en
        assert "entries 4-6" in report.problem_en and "entry 3 still matches" in report.problem_en
        assert "审计记录 6 与" in report.problem_zh and "第 4–6 条" in report.problem_zh

    def test_a_rewrite_before_the_first_anchor_is_found_too(
        self,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
    ) -> None:
        anchors = _anchored_audit(session_factory)
        forge_audit(owner_factory, 1, FORGED)
        report = _audit(session_factory, anchors)
        assert (report.ok, report.first_bad_seq) == (False, 3)
        assert "entries 1-3" in report.problem_en

    def test_an_anchor_on_every_entry_names_the_rewritten_one(
        self,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
    ) -> None:
        anchors = []
        for n in range(1, 5):
            write_audit(session_factory, n, n)
            anchors.append(take_anchor(session_factory, audit.CHAIN))
        forge_audit(owner_factory, 2, FORGED)
        report = _audit(session_factory, anchors)
        assert report.first_bad_seq == 2
        assert "entry 2 was rewritten" in report.problem_en

    def test_a_cut_tail_with_its_head_moved_back_is_found_by_the_anchors(
        self,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
    ) -> None:
        anchors = _anchored_audit(session_factory)
        cut_audit(owner_factory, 4)
        assert _audit(session_factory).ok  # the head agrees with the shortened log
        report = _audit(session_factory, anchors)
        assert (report.ok, report.first_bad_seq) == (False, 5)
        assert "recorded 6 entries" in report.problem_en and "from 5 on" in report.problem_en

    def test_an_untouched_chain_agrees_with_every_anchor(
        self, session_factory: sessionmaker[Session]
    ) -> None:
        anchors = _anchored_audit(session_factory)
        report = _audit(session_factory, anchors)
        assert (report.ok, report.checked, report.anchors_checked) == (True, 8, 2)
        assert "matching 2 anchors" in report.problem_en

    def test_a_rewrite_after_the_last_anchor_is_not_found_by_it(
        self,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
    ) -> None:
        """The limit anchors have: what was written since the last one is protected by the
        role alone (on PostgreSQL) — so anchor often (docs/operations.md)."""
        anchors = _anchored_audit(session_factory)
        forge_audit(owner_factory, 7, FORGED)
        assert _audit(session_factory, anchors).ok


def _anchored_ledger(factory: sessionmaker[Session]) -> list[Anchor]:
    """Transactions 1-2, an anchor; 3-4, an anchor; 5 not anchored yet."""
    write_ledger(factory, 1, 2)
    first = take_anchor(factory, "ledger")
    write_ledger(factory, 3, 4)
    second = take_anchor(factory, "ledger")
    write_ledger(factory, 5, 5)
    return [first, second]


class TestLedgerForgery:
    def test_the_forgery_fools_plain_verify(
        self,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
    ) -> None:
        _anchored_ledger(session_factory)
        forge_ledger(owner_factory, 3, "330411")
        with session_scope(session_factory) as session:
            moved = session.get(Transaction, 3)
            assert moved is not None and moved.area_code == "330411"  # claimed by Xiuzhou now
            report = ledger.verify(session=session)
        assert (report.ok, report.transactions) == (True, 5)

    def test_the_anchors_find_it(
        self,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
    ) -> None:
        anchors = _anchored_ledger(session_factory)
        forge_ledger(owner_factory, 3, "330411")
        report = _ledger(session_factory, anchors)
        assert (report.ok, report.first_bad_seq) == (False, 4)
        assert "Ledger transaction 4 disagrees with the anchor" in report.problem_en
        assert "entries 3-4" in report.problem_en and "entry 2 still matches" in report.problem_en
        assert "账本交易 4 与" in report.problem_zh

    def test_an_untouched_ledger_agrees_with_its_anchors(
        self, session_factory: sessionmaker[Session]
    ) -> None:
        anchors = _anchored_ledger(session_factory)
        report = _ledger(session_factory, anchors)
        assert (report.ok, report.anchors_checked) == (True, 2)

    def test_a_rewrite_after_the_last_anchor_is_not_found_by_it(
        self,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
    ) -> None:
        anchors = _anchored_ledger(session_factory)
        forge_ledger(owner_factory, 5, "330411")
        assert _ledger(session_factory, anchors).ok
