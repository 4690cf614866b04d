"""Shared fixtures: every database test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``SHUANGTAN_TEST_POSTGRES_URL`` (an URL to a server whose user may
create databases, e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``). Each test
gets a fresh database there; without the variable the PostgreSQL half is skipped with a
visible notice. In CI (``CI=true``) a missing server is an error, not a skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from shuangtan.scratch import admin_engine, disconnect, temporary_database

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
    with temporary_database(_postgres_admin_url()) as url:
        yield url


@pytest.fixture(scope="session")
def _migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Each backend migrated once per run; tests get copies (a file copy, CREATE ... TEMPLATE).

    Running every migration for every test made the PostgreSQL half slow; a template copy is
    the same schema in a fraction of the time.
    """
    from shuangtan.migrations import upgrade

    templates: dict[str, str] = {}
    sqlite_file = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{sqlite_file}")
    templates["sqlite"] = str(sqlite_file)
    if not os.environ.get(POSTGRES_ENV):
        yield templates
        return
    with temporary_database(os.environ[POSTGRES_ENV], prefix="shuangtan_template") as url:
        upgrade(url)
        name = make_url(url).database
        assert name is not None
        admin = admin_engine(os.environ[POSTGRES_ENV])
        disconnect(admin, name)  # CREATE DATABASE ... TEMPLATE needs it idle
        admin.dispose()
        templates["postgresql"] = name
        yield templates


@pytest.fixture(params=BACKENDS)
def migrated_url(
    request: pytest.FixtureRequest, tmp_path: Path, _migrated_templates: dict[str, str]
) -> Iterator[str]:
    """A database URL on each backend with every migration applied (a copy of a template)."""
    if request.param == "sqlite":
        target = tmp_path / "test.db"
        shutil.copyfile(_migrated_templates["sqlite"], target)
        yield f"sqlite:///{target}"
        return
    admin_url = _postgres_admin_url()  # skips, or fails in CI, without a server
    with temporary_database(admin_url, template=_migrated_templates["postgresql"]) as url:
        yield url


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


@pytest.fixture
def app_client(migrated_url: str, tmp_path: Path) -> Any:
    """A TestClient of the whole app on each backend's migrated database."""
    from fastapi.testclient import TestClient

    from shuangtan.app import create_app
    from shuangtan.config import Settings

    settings = Settings(database_url=migrated_url, secret_key="test-secret", var_dir=tmp_path)
    return TestClient(create_app(settings))


@pytest.fixture
def anonymous_client(tmp_path: Path) -> Any:
    """A TestClient for the public tools: they need no data, so an empty SQLite file will do."""
    from fastapi.testclient import TestClient

    from shuangtan.app import create_app
    from shuangtan.config import Settings

    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'x.db'}", secret_key="test", var_dir=tmp_path
    )
    return TestClient(create_app(settings))


@pytest.fixture
def row_counts(engine: Engine) -> Any:
    """A function counting the rows of every table: for "stores nothing" assertions."""
    from sqlalchemy import inspect, text

    def count() -> dict[str, int]:
        with engine.connect() as conn:
            return {
                t: conn.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one()
                for t in inspect(conn).get_table_names()
            }

    return count


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run (Playwright's sync API allows one per process)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) with a desktop viewport, zh-CN."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
