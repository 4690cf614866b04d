"""Fixtures of the grading tests: the city configuration and principals of each kind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.config import Settings
from shuangtan.db import session_scope
from shuangtan.place.configuration import load_city, sync_city
from shuangtan.scratch import temporary_database

from .factories import make_account, make_entity, principal

CITY = "330400"
NANHU = "330402"
JIASHAN = "330421"


@pytest.fixture
def city(session: Session) -> None:
    """The Jiaxing configuration (counties and industries are foreign keys of entities)."""
    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()


@pytest.fixture
def city_official() -> Principal:
    return principal(Role.official, county=CITY)


@pytest.fixture
def jiashan_official() -> Principal:
    return principal(Role.official, county=JIASHAN)


@dataclass(frozen=True)
class ApiWorld:
    """The real app over a database holding two counties' graded enterprises (test data)."""

    client: TestClient
    ids: dict[str, int]  # entity ids: nanhu_a, nanhu_b, nanhu_c, jiashan_a, ...
    bank_ids: dict[str, int]

    def login(self, username: str) -> dict[str, str]:
        response = self.client.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


PASSWORD = "test-password-1"


def seed_world(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    """Test data setup: three textile firms per county, users, two banks; 2024 computed.

    Industry L = (60 + 100 + 140) × 2 / 600 = 1.0, so grades are a: K 0.6 → 1, b: 1.0 → 3,
    c: 1.4 → 4. Per mu (county medians 1, 0.1, 0.5, 1.0): c has tax/mu 0.01 (ratio 0.1) and
    carbon 1.4 (ratio 1/1.4): score 100 × (0.35 + 0.035 + 0.15 + 0.15/1.4) / 2 = 32.1071 → D.
    """
    from shuangtan.auth.service import create_user
    from shuangtan.finance import service as finance_service
    from shuangtan.grading.service import compute_year

    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()
    ids: dict[str, int] = {}
    for county, prefix in ((NANHU, "nanhu"), (JIASHAN, "jiashan")):
        for suffix, co2, tax in (("a", "60", "10"), ("b", "100", "10"), ("c", "140", "1")):
            entity = make_entity(
                session, name=f"{prefix}纺织{suffix}", county_code=county, land_area_mu="100"
            )
            make_account(
                session, entity=entity, year=2024, tco2e=co2, value_added="100",
                energy_tce="50", tax=tax, mandatory=True,
            )  # fmt: skip
            ids[f"{prefix}_{suffix}"] = entity.id
    users = [
        ("city", "official", CITY, None),
        ("jiashan", "official", JIASHAN, None),
        ("firm-a", "enterprise", None, ids["nanhu_a"]),
        ("firm-b", "enterprise", None, ids["nanhu_b"]),
        ("bank-a", "bank", None, None),
        ("bank-b", "bank", None, None),
        ("resident", "resident", None, None),
    ]
    user_ids = {}
    for username, role, county, entity_id in users:
        user = create_user(
            session=session, actor=None, username=username, password=PASSWORD, role=role,
            display_name=username, county_code=county, entity_id=entity_id,
        )  # fmt: skip
        user_ids[username] = user.id
    banks = {}
    for key, name in (("a", "测试银行甲"), ("b", "测试银行乙")):
        bank = finance_service.create_bank(session=session, actor=None, name=name)
        finance_service.add_bank_member(
            session=session, actor=None, bank_id=bank.id, user_id=user_ids[f"bank-{key}"]
        )
        banks[key] = bank.id
    compute_year(session=session, actor=None, year=2024)
    return ids, banks


@pytest.fixture
def api_world(migrated_url: str, tmp_path: Path) -> Iterator[ApiWorld]:
    from shuangtan.app import create_app

    settings = Settings(
        database_url=migrated_url,
        secret_key="test-secret-with-at-least-32-bytes-of-key",
        var_dir=tmp_path,
    )
    app = create_app(settings)
    with session_scope(app.state.session_factory) as session:
        ids, banks = seed_world(session)
    with TestClient(app) as client:
        yield ApiWorld(client=client, ids=ids, bank_ids=banks)
    app.state.engine.dispose()


@dataclass(frozen=True)
class LiveWorld:
    url: str
    ids: dict[str, int]
    tokens: dict[str, str]  # entity key -> public token of its 2024 grade


@pytest.fixture
def live_world(migrated_url: str, tmp_path: Path) -> Iterator[LiveWorld]:
    """A live server over the seeded world (one per backend), as tests/web/conftest.py does."""
    import socket
    import threading
    import time

    import uvicorn
    from sqlalchemy import select

    from shuangtan.app import create_app
    from shuangtan.db import make_engine, make_session_factory
    from shuangtan.grading.models import CarbonGrade

    engine = make_engine(migrated_url)
    with session_scope(make_session_factory(engine)) as session:
        ids, _banks = seed_world(session)
        by_entity = {g.entity_id: g.public_token for g in session.scalars(select(CarbonGrade))}
    engine.dispose()
    tokens = {key: by_entity[entity_id] for key, entity_id in ids.items()}
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    settings = Settings(database_url=migrated_url, secret_key="browser-test", var_dir=tmp_path)
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield LiveWorld(url=f"http://127.0.0.1:{port}", ids=ids, tokens=tokens)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def _fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """An empty database on ``backend`` for a module (the same rules as tests/conftest.py)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'test.db'}"
        return
    admin_url = os.environ.get("SHUANGTAN_TEST_POSTGRES_URL", "")
    if not admin_url:
        if os.environ.get("CI") == "true":
            pytest.fail("SHUANGTAN_TEST_POSTGRES_URL is not set: PostgreSQL is mandatory in CI")
        pytest.skip("PostgreSQL not configured: set SHUANGTAN_TEST_POSTGRES_URL")
    with temporary_database(admin_url) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiWorld]:
    """One seeded app per backend for a module of read-mostly API tests (setup is the slow
    part on PostgreSQL); tests that change state use the per-test ``api_world``."""
    from argon2 import PasswordHasher

    from shuangtan.app import create_app
    from shuangtan.auth import passwords
    from shuangtan.migrations import upgrade

    folder = tmp_path_factory.mktemp("shared")
    with pytest.MonkeyPatch.context() as patch, _fresh_database(request.param, folder) as url:
        patch.setattr(
            passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )
        upgrade(url)
        settings = Settings(
            database_url=url, secret_key="test-secret-with-at-least-32-bytes-of-key", var_dir=folder
        )
        app = create_app(settings)
        with session_scope(app.state.session_factory) as session:
            ids, banks = seed_world(session)
        with TestClient(app) as client:
            yield ApiWorld(client=client, ids=ids, bank_ids=banks)
        app.state.engine.dispose()
