"""The application's PostgreSQL role in the tests (应用数据库角色): what production runs as.

``shuangtan db grant-app-role ROLE`` lets the application append to the audit log and the
ledger but never rewrite them (``docs/operations.md``). On PostgreSQL the tests of the audit
log and the ledger connect as such a role (``app_engine``), and the tables' owner — the test
world's superuser, who migrated the database — is only used for what an owner does: forging
history, switching triggers off.

Roles belong to the whole server, shared by every test process (several helpers, ``-n 2``
workers): each process names its role after itself, creates it once and idempotently (a
concurrent creator of the same name is not an error), grants it in each test's own database
(a copy from the test world), takes those grants back after the test (``DROP OWNED BY``, so
that the copy can be dropped) and drops the role at the end of the run.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError

__all__ = ["app_engine", "app_role_name", "drop_role", "ensure_role", "role_url"]

POSTGRES_ENV = "SHUANGTAN_TEST_POSTGRES_URL"


def ensure_role(owner: Engine, name: str) -> None:
    """Create login role ``name`` unless it exists (a role of the same name created at the same
    moment by another process counts as existing)."""
    with owner.begin() as conn:
        conn.execute(
            text(
                f'DO $$ BEGIN CREATE ROLE "{name}" LOGIN; '
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            )
        )


def drop_role(owner: Engine, name: str) -> None:
    """Take back what ``name`` was given in ``owner``'s database, then drop the role (if no
    other database still holds grants to it, the role stays: nothing else is disturbed)."""
    with owner.begin() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name}).first():
            conn.execute(text(f'DROP OWNED BY "{name}"'))
    with owner.begin() as conn:
        conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))


def role_url(url: str, role: str) -> str:
    """``url`` (the test's database) connected as ``role`` (trust authentication: no password)."""
    return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app_role_name() -> Iterator[str]:
    """This process's application role: created on first use, dropped at the end of the run."""
    name = f"shuangtan_app_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    yield name
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        return
    from shuangtan.scratch import admin_engine

    admin = admin_engine(admin_url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
    except DBAPIError as error:  # a test stopped before taking its grants back: say so
        warnings.warn(f"role {name} left on the server: {error.orig}", stacklevel=1)
    finally:
        admin.dispose()


@contextmanager
def app_engine(owner: Engine, url: str, role: str) -> Iterator[Engine]:
    """An engine on the database at ``url`` (owned by ``owner``) as ``role``, created if
    missing and granted as ``shuangtan db grant-app-role`` does; its grants taken back after.

    The grant is checked: a role that could rewrite history would make the tests prove nothing.
    """
    from shuangtan.audit.roles import AUDIT_TABLES, grant_app_role
    from shuangtan.db import make_engine
    from shuangtan.ledger.command import LEDGER_TABLES

    ensure_role(owner, role)
    try:
        with owner.begin() as conn:
            findings = grant_app_role(conn, role, (AUDIT_TABLES, LEDGER_TABLES))
        wrong = [f for f in findings if not f.ok]
        assert not wrong, wrong
        engine = make_engine(role_url(url, role))
        try:
            yield engine
        finally:
            engine.dispose()
    finally:
        with owner.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
