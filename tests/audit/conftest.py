"""The forger and the chains of the audit tests: writes on each chain, anchors taken of them,
and the rewrite an owner can make — triggers off, one record edited, every later hash and the
head recomputed with the public hash functions, triggers back on.

Two connections to each test's database: ``engine`` (and the ``session_factory`` made from it)
is what the application connects as — on PostgreSQL the append-only role of ``shuangtan db
grant-app-role`` (``approles``); ``owner`` is the tables' owner, who migrated them: the one
who can switch triggers off and forge.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from approles import app_engine, app_role_name
from shuangtan import audit, ledger
from shuangtan.audit.anchors import anchor_of
from shuangtan.audit.chain import Anchor
from shuangtan.audit.models import AuditChainHead, AuditEntry
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import make_engine, make_session_factory, session_scope
from shuangtan.ledger.hashing import HashedPosting, TransactionFacts, transaction_hash
from shuangtan.ledger.models import Account, LedgerChainHead, Posting, Transaction
from shuangtan.ledger.verification import CHAIN as LEDGER_CHAIN
from shuangtan.place.scope import Scope

ACTOR = Principal(7, "wang", "王", Role.official, Scope.city("330400"))
ANCHOR_TIME = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

__all__ = ["app_role_name"]  # a fixture of this directory's tests


# --- connecting ------------------------------------------------------------------------------


@pytest.fixture
def owner(migrated_url: str) -> Iterator[Engine]:
    """The test's database as its tables' owner."""
    eng = make_engine(migrated_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def owner_factory(owner: Engine) -> sessionmaker[Session]:
    return make_session_factory(owner)


@pytest.fixture
def engine(owner: Engine, migrated_url: str, app_role_name: str) -> Iterator[Engine]:
    """The test's database as the application connects to it: on PostgreSQL its append-only
    role (granted as ``shuangtan db grant-app-role`` does), on SQLite the file (no roles)."""
    if owner.dialect.name != "postgresql":
        yield owner
        return
    with app_engine(owner, migrated_url, app_role_name) as eng:
        yield eng


# --- writing ---------------------------------------------------------------------------------


def write_audit(factory: sessionmaker[Session], first: int, last: int) -> None:
    """Audit entries ``first``…``last``: report ``n`` approved at 100·n tCO2e."""
    with session_scope(factory) as session:
        for n in range(first, last + 1):
            audit.record(
                session=session,
                actor=ACTOR,
                action="report.verify",
                entity_type="report",
                entity_id=str(n),
                before={"status": "under_verification"},
                after={"status": "verified", "tco2e": str(100 * n)},
            )


def _ledger_accounts(session: Session) -> tuple[int, int]:
    def account(owner_type: str, owner_id: str, kind: str) -> int:
        return ledger.open_account(
            session=session, owner_type=owner_type, owner_id=owner_id, kind=kind, asset="ccer"
        ).id

    return account("platform", "", "issuance"), account("platform", "", "retirement")


def write_ledger(factory: sessionmaker[Session], first: int, last: int) -> None:
    """Ledger transactions ``first``…``last``: CCER ``n`` t issued and retired for county
    330402 (Nanhu) — transaction ``n`` claims ``n`` t for that county's inventory."""
    with session_scope(factory) as session:
        issuance, retirement = _ledger_accounts(session)
        for n in range(first, last + 1):
            ledger.post(
                session=session,
                key=f"retire-{n}",
                kind="ccer.retire",
                postings=ledger.transfer(source=issuance, destination=retirement, amount=n),
                actor=ACTOR,
                area_code="330402",
                year=2025,
                reference=f"CCER-{n:04d}",
            )


def take_anchor(factory: sessionmaker[Session], chain: str) -> Anchor:
    """The anchor of ``chain`` (``audit`` or ``ledger``) as it is now (verified first)."""
    with session_scope(factory) as session:
        if chain == audit.CHAIN:
            report = audit.verify_chain(session=session)
        else:
            report = ledger.verify(session=session).chain
    assert report.ok, report.problem_en
    return anchor_of(chain, report, ANCHOR_TIME)


# --- forging ---------------------------------------------------------------------------------

_GUARDED = {
    audit.CHAIN: ("audit_log", "audit_chain_head"),
    LEDGER_CHAIN: ("ledger_transactions", "ledger_postings", "ledger_chain_head"),
}


@contextmanager
def triggers_off(session: Session, chain: str) -> Iterator[None]:
    """What the owner of the tables can do: switch the chain's triggers off for the block, and
    on again after (PostgreSQL: ``ALTER TABLE … DISABLE TRIGGER USER``; SQLite: drop them and
    create them again from their stored SQL)."""
    tables = _GUARDED[chain]
    if session.get_bind().dialect.name == "postgresql":
        for table in tables:
            session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        yield
        for table in tables:
            session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
        return
    listed = ", ".join(f"'{t}'" for t in tables)
    stored = session.execute(
        text(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({listed})"
        )
    ).all()
    for name, _sql in stored:
        session.execute(text(f"DROP TRIGGER {name}"))
    yield
    for _name, sql in stored:
        session.execute(text(sql))


def forge_audit(factory: sessionmaker[Session], seq: int, after: dict[str, Any]) -> None:
    """Rewrite audit entry ``seq``'s ``after`` and rehash it, every later entry and the head."""
    with session_scope(factory) as session, triggers_off(session, audit.CHAIN):
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.seq >= seq).order_by(AuditEntry.seq)
        ).all()
        prev_hash = entries[0].prev_hash
        entries[0].after = after
        for entry in entries:
            entry.prev_hash = prev_hash
            entry.hash = audit.entry_hash(entry)
            prev_hash = entry.hash
        session.flush()
        head = session.get(AuditChainHead, 1)
        assert head is not None
        head.last_hash = prev_hash
        session.flush()


def cut_audit(factory: sessionmaker[Session], keep: int) -> None:
    """Remove the audit entries after ``keep`` and move the head back onto entry ``keep``."""
    with session_scope(factory) as session, triggers_off(session, audit.CHAIN):
        session.execute(text("DELETE FROM audit_log WHERE seq > :k"), {"k": keep})
        last = session.get(AuditEntry, keep)
        head = session.get(AuditChainHead, 1)
        assert last is not None and head is not None
        head.last_seq, head.entry_count, head.last_hash = keep, keep, last.hash
        session.flush()


def _facts(row: Transaction) -> TransactionFacts:
    return TransactionFacts(
        seq=row.seq,
        prev_hash=row.prev_hash,
        key=row.key,
        kind=row.kind,
        memo=row.memo,
        area_code=row.area_code,
        year=row.year,
        reference=row.reference,
        actor_user_id=row.actor_user_id,
        actor_username=row.actor_username,
        actor_role=row.actor_role,
        created_at=row.created_at,
    )


def _postings(session: Session, seq: int) -> list[HashedPosting]:
    rows = session.execute(
        select(Posting, Account)
        .join(Account, Account.id == Posting.account_id)
        .where(Posting.transaction_seq == seq)
    ).all()
    return [
        HashedPosting(p.account_id, p.asset_code, p.amount, a.owner_type, a.owner_id, a.kind)
        for p, a in rows
    ]


def forge_ledger(factory: sessionmaker[Session], seq: int, area_code: str) -> None:
    """Move transaction ``seq``'s retirement claim to county ``area_code`` and rehash it,
    every later transaction and the head."""
    with session_scope(factory) as session, triggers_off(session, LEDGER_CHAIN):
        rows = session.scalars(
            select(Transaction).where(Transaction.seq >= seq).order_by(Transaction.seq)
        ).all()
        prev_hash = rows[0].prev_hash
        rows[0].area_code = area_code
        for row in rows:
            row.prev_hash = prev_hash
            row.hash = transaction_hash(
                replace(_facts(row), prev_hash=prev_hash), _postings(session, row.seq)
            )
            prev_hash = row.hash
        session.flush()
        head = session.get(LedgerChainHead, 1)
        assert head is not None
        head.last_hash = prev_hash
        session.flush()
