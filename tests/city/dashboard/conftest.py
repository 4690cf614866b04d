"""Fixtures of the dashboard tests: a small hand-built city of two counties (test data).

Verified annual accounts of 2024, tCO2e (energy in tce is a quarter of each):

    南湖区 330402  C17 纺织业      100, 100, 100          → 300 (3 entities)
                  C26 化学原料     500                    → 500 (1 entity: threshold)
                  C28 化学纤维      40, 40, 40            → 120 (3)
    嘉善县 330421  C17 纺织业       10, 20, 30            →  60 (3)
                  C26 化学原料     900, 50, 50            → 1000 (3; 900/1000 = 90 %: dominance)

County totals: 南湖 920 (7 entities, largest 500 = 54 %), 嘉善 1060 (6, largest 900/1060 =
84.9 %: not dominant); city 1980 (13).
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

import testkit
from shuangtan.accounts.models import AnnualAccount, Entity
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.config import Settings
from shuangtan.db import make_engine, make_session_factory, session_scope
from shuangtan.place.configuration import load_city, sync_city

CITY = "330400"
NANHU = "330402"
JIASHAN = "330421"
YEAR = 2024
PASSWORD = "test-password-1"

WORLD: dict[tuple[str, str], tuple[str, ...]] = {
    (NANHU, "C17"): ("100", "100", "100"),
    (NANHU, "C26"): ("500",),
    (NANHU, "C28"): ("40", "40", "40"),
    (JIASHAN, "C17"): ("10", "20", "30"),
    (JIASHAN, "C26"): ("900", "50", "50"),
}

_numbers = itertools.count(1)


@dataclass(frozen=True)
class World:
    ids: dict[str, int]  # entity name -> id
    names: tuple[str, ...]


def make_entity(session: Session, *, name: str, county_code: str, industry_code: str) -> Entity:
    """An industrial enterprise (test data; the credit code is a placeholder of right length)."""
    n = next(_numbers)
    entity = Entity(
        kind="industrial", name=name, uscc=f"DASH{n:014d}", county_code=county_code,
        industry_code=industry_code,
    )  # fmt: skip
    session.add(entity)
    session.flush()
    return entity


def make_account(session: Session, *, entity: Entity, year: int, tco2e: str) -> None:
    """A verified year of ``entity``: energy (tce) is a quarter of the tCO2e (test data)."""
    value = Decimal(tco2e)
    session.add(
        AnnualAccount(
            entity_id=entity.id, year=year, months_verified=12, tco2e=value,
            scope1_tco2e=value, scope2_tco2e=Decimal(0), energy_tce=value / 4,
            reported_tco2e=value,
        )
    )  # fmt: skip
    session.flush()


def seed_world(session: Session, *, users: bool = False) -> World:
    """The city configuration, the entities and accounts of the table above (2023 and 2024:
    2023 has the same entities at the same values), and optionally one login per role."""
    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()
    ids: dict[str, int] = {}
    for (county, industry), values in WORLD.items():
        for i, value in enumerate(values, start=1):
            name = f"测试{county[-2:]}{industry}企业{i}号"
            entity = make_entity(session, name=name, county_code=county, industry_code=industry)
            make_account(session, entity=entity, year=YEAR, tco2e=value)
            make_account(session, entity=entity, year=YEAR - 1, tco2e=value)
            ids[name] = entity.id
    if users:
        from shuangtan.auth.service import create_user

        first = min(ids.values())
        for username, role, county, entity_id in (
            ("city", "official", CITY, None),
            ("jiashan", "official", JIASHAN, None),
            ("firm", "enterprise", None, first),
            ("admin", "admin", None, None),
        ):
            create_user(
                session=session, actor=None, username=username, password=PASSWORD, role=role,
                display_name=username, county_code=county, entity_id=entity_id,
            )  # fmt: skip
    return World(ids=ids, names=tuple(ids))


def principal(role: Role, *, county: str | None = None) -> Principal:
    """A principal for service calls (these services do not look users up)."""
    return testkit.principal(role, county, username=f"t-{role.value}")


@pytest.fixture
def world(session: Session) -> World:
    return seed_world(session)


@dataclass(frozen=True)
class ApiWorld:
    client: TestClient
    world: World

    def login(self, username: str) -> dict[str, str]:
        response = self.client.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _settings(url: str, folder: Path, **extra: object) -> Settings:
    return Settings(
        database_url=url, secret_key="test-secret-with-at-least-32-bytes-of-key",
        var_dir=folder, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture
def api_world(migrated_url: str, tmp_path: Path) -> Iterator[ApiWorld]:
    from shuangtan.app import create_app

    app = create_app(_settings(migrated_url, tmp_path, public_rate_limit_per_minute=30))
    with session_scope(app.state.session_factory) as session:
        world = seed_world(session, users=True)
    with TestClient(app) as client:
        yield ApiWorld(client=client, world=world)
    app.state.engine.dispose()


@dataclass(frozen=True)
class LiveWorld:
    url: str
    world: World


@pytest.fixture
def live_world(migrated_url: str, tmp_path: Path) -> Iterator[LiveWorld]:
    """A live server over the seeded world (one per backend), as tests/web/conftest.py does."""
    from shuangtan.app import create_app

    engine = make_engine(migrated_url)
    with session_scope(make_session_factory(engine)) as session:
        world = seed_world(session, users=True)
    engine.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(_settings(migrated_url, tmp_path)),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield LiveWorld(url=f"http://127.0.0.1:{port}", world=world)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
