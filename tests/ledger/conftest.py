"""Fixtures of the ledger tests: an actor, a small book of accounts, a guard switch.

Two connections to each test's database: ``engine`` (and the ``session_factory``/``session``
made from it) is what the application connects as — on PostgreSQL the append-only role of
``shuangtan db grant-app-role`` (``approles``), so every service test also proves the role
enough to post, read and verify; ``owner`` is the tables' owner, who migrated them: the one
whose triggers-off tampering the verification tests need.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from approles import app_engine, app_role_name
from shuangtan import ledger
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import make_engine
from shuangtan.ledger import transfer
from shuangtan.place.scope import Scope

ACTOR = Principal(7, "wang", "王", Role.official, Scope.city("330400"))

GUARDED = ("ledger_accounts", "ledger_transactions", "ledger_postings")

__all__ = ["app_role_name"]  # a fixture of this directory's tests


@pytest.fixture
def owner(migrated_url: str) -> Iterator[Engine]:
    """The test's database as its tables' owner."""
    eng = make_engine(migrated_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def engine(owner: Engine, migrated_url: str, app_role_name: str) -> Iterator[Engine]:
    """The test's database as the application connects to it: on PostgreSQL its append-only
    role (granted as ``shuangtan db grant-app-role`` does), on SQLite the file (no roles)."""
    if owner.dialect.name != "postgresql":
        yield owner
        return
    with app_engine(owner, migrated_url, app_role_name) as eng:
        yield eng


def without_guard(owner: Engine, *statements: str) -> None:
    """Run ``statements`` as the owner (a superuser) would after switching the ledger's
    triggers off.

    PostgreSQL: ``session_replication_role = replica`` skips every trigger (check constraints
    still hold). SQLite: the append-only triggers are dropped.
    """
    with owner.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            for table in GUARDED:
                conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_update"))
                conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_delete"))
            conn.execute(text("DROP TRIGGER IF EXISTS ledger_balances_no_delete"))
        for statement in statements:
            conn.execute(text(statement))


@dataclass(frozen=True)
class Book:
    """A small book: the platform's points and cash accounts, two residents, a merchant."""

    points_issuance: int
    points_retirement: int
    alice: int  # resident user:1, carbon points
    bob: int  # resident user:2, carbon points
    merchant: int  # merchant 3, carbon points
    cash_external: int
    alice_cash: int
    merchant_cash: int


def open_book(session: Session) -> Book:
    """Open the book's accounts (none holds anything yet)."""

    def account(owner_type: str, owner_id: str, kind: str, asset: str) -> int:
        return ledger.open_account(
            session=session, owner_type=owner_type, owner_id=owner_id, kind=kind, asset=asset
        ).id

    return Book(
        points_issuance=account("platform", "", "issuance", "points"),
        points_retirement=account("platform", "", "retirement", "points"),
        alice=account("resident", "user:1", "holding", "points"),
        bob=account("resident", "user:2", "holding", "points"),
        merchant=account("merchant", "3", "holding", "points"),
        cash_external=account("platform", "", "external", "cash"),
        alice_cash=account("resident", "user:1", "holding", "cash"),
        merchant_cash=account("merchant", "3", "holding", "cash"),
    )


def issue_points(session: Session, book: Book, to: int, amount: int, key: str) -> ledger.Posted:
    """Issue ``amount`` carbon points to account ``to`` (a green trip), as the system."""
    return ledger.post(
        session=session,
        key=key,
        kind="points.earn",
        postings=transfer(source=book.points_issuance, destination=to, amount=amount),
        actor=None,
        memo="绿色出行 green trip",
    )


@pytest.fixture
def book(session: Session) -> Book:
    return open_book(session)
