"""Fixtures of the synergy tests: the city, principals, and three counties' inputs.

Seeded inputs (``seed_inputs``): for Nanhu, Xiuzhou and Jiashan every indicator normalises to
x' = 0, 0.5 and 1 (positive min-max indicators 1, 2, 3; negative 3, 2, 1; PM2.5 against its
bounds 15-35: 35, 25, 15; surface water against 0-100: 0, 50, 100). The other four counties
have no input.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

import testkit
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.synergy import service
from shuangtan.config import Settings
from shuangtan.db import session_scope
from shuangtan.place.configuration import load_city, sync_city

CITY = "330400"
NANHU = "330402"
XIUZHOU = "330411"
JIASHAN = "330421"
YEAR = 2024
PASSWORD = "test-password-1"
SEEDED = (NANHU, XIUZHOU, JIASHAN)


def principal(role: Role, county: str | None = None, user_id: int = 900) -> Principal:
    return testkit.principal(role, county, user_id=user_id)


def seed_values(position: int) -> dict[str, tuple[str, str]]:
    """The raw values of the county at ``position`` 0, 1, 2 (x' = 0, 0.5, 1)."""
    spec = service.definition("2025.1")
    values = {}
    for indicator in spec.indicators:
        if indicator.id == "pm25_concentration":
            raw = ("35", "25", "15")[position]
        elif indicator.id == "surface_water_class_iii_share":
            raw = ("0", "50", "100")[position]
        elif indicator.positive:
            raw = ("1", "2", "3")[position]
        else:
            raw = ("3", "2", "1")[position]
        values[indicator.id] = (raw, "test data")
    return values


def seed_inputs(session: Session) -> None:
    for position, county in enumerate(SEEDED):
        service.enter_inputs(
            session=session, actor=None, year=YEAR, county_code=county, values=seed_values(position)
        )


@pytest.fixture
def city(session: Session) -> Session:
    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()
    return session


@pytest.fixture
def seeded(city: Session) -> Session:
    seed_inputs(city)
    city.flush()
    return city


@pytest.fixture
def city_official() -> Principal:
    return principal(Role.official, CITY)


@pytest.fixture
def jiashan_official() -> Principal:
    return principal(Role.official, JIASHAN)


@dataclass(frozen=True)
class World:
    client: TestClient

    def login(self, username: str) -> dict[str, str]:
        response = self.client.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def seed_users(session: Session) -> None:
    from shuangtan.auth.service import create_user

    for username, role, county in (
        ("city", "official", CITY),
        ("jiashan", "official", JIASHAN),
        ("resident", "resident", None),
    ):
        create_user(
            session=session,
            actor=None,
            username=username,
            password=PASSWORD,
            role=role,
            display_name=username,
            county_code=county,
            entity_id=None,
        )


@pytest.fixture
def world(migrated_url: str, tmp_path: Path) -> Iterator[World]:
    """The real app over the seeded inputs, users city / jiashan (officials) and resident."""
    from shuangtan.app import create_app

    settings = Settings(
        database_url=migrated_url,
        secret_key="test-secret-with-at-least-32-bytes-of-key",
        var_dir=tmp_path,
    )
    app = create_app(settings)
    with session_scope(app.state.session_factory) as session:
        sync_city(session=session, config=load_city("jiaxing"))
        session.flush()
        seed_inputs(session)
        seed_users(session)
    with TestClient(app) as client:
        yield World(client=client)
    app.state.engine.dispose()
