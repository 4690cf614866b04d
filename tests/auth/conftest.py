"""Fixtures of the auth tests: a session on each backend, the city, an admin, the app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

import testkit
from shuangtan.auth.principal import Principal
from shuangtan.auth.service import create_user, principal_of


@pytest.fixture
def city(session: Session) -> None:
    """The Jiaxing configuration in the database (counties are needed for official scopes)."""
    testkit.city(session)


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
def client(worlds: Any) -> Iterator[TestClient]:
    """The real app on each backend, with the demo loaded (logins: see shuangtan.demo)."""
    with worlds(testkit.demo) as world:
        yield world.client
