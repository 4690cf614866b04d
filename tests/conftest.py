"""Shared fixtures: every database test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``SHUANGTAN_TEST_POSTGRES_URL`` (an URL to a server whose user may
create databases, e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``). Each test
gets a fresh database there; without the variable the PostgreSQL half is skipped with a
visible notice. In CI (``CI=true``) a missing server is an error, not a skip.

Databases are copies of templates migrated once per run (``databases``); a room's world is
``with worlds(seed) as world`` (a copy of the seed's template, the app, a client; see
``testkit``), or ``module_worlds`` for a world that a module's tests share.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

import testkit
from shuangtan.scratch import temporary_database

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


FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
"""Cheap Argon2 parameters so that the tests run fast (production keeps the defaults)."""


@pytest.fixture(scope="session", autouse=True)
def fast_hashing() -> Iterator[None]:
    """The cheap parameters for the whole run, module-scoped worlds included."""
    from shuangtan.auth import passwords

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER", FAST_HASHER)
        yield


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[testkit.Databases]:
    """Each backend migrated once per run (and each seed run once); tests get copies.

    Running every migration for every test made the PostgreSQL half slow; a template copy is
    the same schema in a fraction of the time. The pooled apps' live servers stop here too.
    """
    made = testkit.Databases(tmp_path_factory.mktemp("databases"), os.environ.get(POSTGRES_ENV))
    try:
        yield made
    finally:
        try:
            testkit.close()
        finally:
            made.close()


def _backend(name: str) -> str:
    if name == "postgresql":
        _postgres_admin_url()  # skips, or fails in CI, without a server
    return name


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of the test: ``sqlite``, then ``postgresql``."""
    return _backend(request.param)


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(request: pytest.FixtureRequest) -> str:
    """The backend of a world that a module's tests share."""
    return _backend(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with temporary_database(os.environ[POSTGRES_ENV]) as url:
        yield url


@pytest.fixture
def migrated_url(backend: str, tmp_path: Path, databases: testkit.Databases) -> Iterator[str]:
    """A database URL on each backend with every migration applied (a copy of a template)."""
    with databases.copy(backend, tmp_path) as (url, _):
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


@pytest.fixture
def worlds(backend: str, databases: testkit.Databases, tmp_path: Path) -> Any:
    """Worlds on the test's backend: ``with worlds(seed, live=True) as world`` (a fresh copy of
    the seed's database; see ``testkit.seeded_world``)."""
    return functools.partial(testkit.seeded_world, databases, backend, tmp_path)


@pytest.fixture(scope="module")
def module_worlds(
    module_backend: str, databases: testkit.Databases, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    """Worlds that a module's tests share, on each backend in turn."""
    folder = tmp_path_factory.mktemp("module")
    return functools.partial(testkit.seeded_world, databases, module_backend, folder)


@pytest.fixture
def app_client(migrated_url: str, tmp_path: Path) -> Iterator[Any]:
    """A TestClient of the whole app on each backend's migrated database."""
    from fastapi.testclient import TestClient

    with testkit.app(testkit.settings(migrated_url, tmp_path)) as app:
        yield TestClient(app)


@pytest.fixture
def anonymous_client(tmp_path: Path) -> Iterator[Any]:
    """A TestClient for the public tools: they need no data, so an empty SQLite file will do."""
    from fastapi.testclient import TestClient

    with testkit.app(testkit.settings(f"sqlite:///{tmp_path / 'x.db'}", tmp_path)) as app:
        yield TestClient(app)


@pytest.fixture(scope="session")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The app's OpenAPI document (``GET /api/v1/openapi.json``), built once per process."""
    folder = tmp_path_factory.mktemp("openapi")
    with testkit.app(testkit.settings(f"sqlite:///{folder / 'api.db'}", folder)) as app:
        document: dict[str, Any] = app.openapi()
        return document


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
