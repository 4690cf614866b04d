"""Shared fixtures: every database test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``SHUANGTAN_TEST_POSTGRES_URL`` (an URL to a server whose user may
create databases, e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``). Each test
gets a fresh database there; without the variable the PostgreSQL half is skipped with a
visible notice. In CI (``CI=true``) a missing server is an error, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

POSTGRES_ENV = "SHUANGTAN_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return f"PostgreSQL tests: ON ({make_url(url).render_as_string(hide_password=True)})"
    return (
        f"PostgreSQL tests: SKIPPED — set {POSTGRES_ENV} "
        "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres) to run them"
    )


def _postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_ENV} is not set: PostgreSQL tests are mandatory in CI")
        pytest.skip(f"PostgreSQL not configured: set {POSTGRES_ENV} to run this test on PostgreSQL")
    return url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    admin_url = make_url(_postgres_admin_url())
    if admin_url.drivername == "postgresql":
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    name = f"shuangtan_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def migrated_url(database_url: str) -> str:
    """A database URL on each backend with every migration applied."""
    from shuangtan.migrations import upgrade

    upgrade(database_url)
    return database_url


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    from shuangtan.db import make_engine

    eng = make_engine(migrated_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    from shuangtan.db import make_session_factory

    return make_session_factory(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session on each backend, rolled back at the end of the test."""
    session = session_factory()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
"""Cheap Argon2 parameters so that the tests run fast (production keeps the defaults)."""


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from shuangtan.auth import passwords

    monkeypatch.setattr(passwords, "_HASHER", FAST_HASHER)
