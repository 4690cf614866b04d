"""Fixtures of the auth tests: a session on each backend, the city, an admin, the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.service import create_user, principal_of
from shuangtan.config import Settings
from shuangtan.db import session_scope
from shuangtan.place.configuration import load_city, sync_city


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
