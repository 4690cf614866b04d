"""Fixtures of the auth tests: a session on each backend, the city, an admin, the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from shuangtan.auth import passwords
from shuangtan.auth.principal import Principal
from shuangtan.auth.service import create_user, principal_of
from shuangtan.city.configuration import load_city, sync_city
from shuangtan.config import Settings
from shuangtan.db import make_session_factory, session_scope

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
"""Cheap Argon2 parameters so that the tests run fast (production keeps the defaults)."""


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_HASHER", FAST_HASHER)


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    session = session_factory()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture
def city(session: Session) -> None:
    """The Jiaxing configuration in the database (counties are needed for official scopes)."""
    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()


@pytest.fixture
def admin(session: Session, city: None) -> Principal:
    user = create_user(
        session=session,
        actor=None,
        username="root",
        password="root-password-1",
        role="admin",
        display_name="管理员",
    )
    return principal_of(user)


@pytest.fixture
def client(migrated_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """The real app on each backend, with the demo loaded (logins: see shuangtan.demo)."""
    from shuangtan.app import create_app
    from shuangtan.demo import load_demo

    settings = Settings(
        database_url=migrated_url,
        secret_key="test-secret-with-at-least-32-bytes-of-key",
        var_dir=tmp_path,
    )
    app = create_app(settings)
    with session_scope(app.state.session_factory) as session:
        load_demo(session=session)
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()
