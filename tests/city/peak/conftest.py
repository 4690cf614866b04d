"""Fixtures of the peak tests: the app over a database with the Jiaxing configuration, officials
of three scopes, an enterprise and an administrator (test data)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from shuangtan.accounts.models import Entity
from shuangtan.config import Settings
from shuangtan.db import session_scope
from shuangtan.place.configuration import load_city, sync_city

CITY = "330400"
NANHU = "330402"
JIASHAN = "330421"
PASSWORD = "test-password-1"


def hand_scenario(**overrides: Any) -> dict[str, Any]:
    """A scenario with round numbers for hand computation (test data).

    Base 2020: P 60 ×10^4, G/P 10 ×10^4 CNY, E/G 0.5 tce/10^4 CNY, C/E 2 tCO2/tce, so
    C2020 = 60 × 10 × 0.5 × 2 = 600 ×10^4 tCO2. Rates: 2021–25 (+1 %, +5 %, −4 %, −2 %),
    2026–30 (0, +6 %, −2 %, −1 %), 2031–60 (0, +1 %, −3 %, −3 %). No Monte Carlo spread.
    """
    body: dict[str, Any] = {
        "name": "手算情景 hand",
        "scope_kind": "county",
        "scope_code": JIASHAN,
        "base_year": 2020,
        "base": {
            "population": "60",
            "gdp_per_capita": "10",
            "energy_intensity": "0.5",
            "carbon_intensity": "2",
        },
        "base_source": "test data",
        "rates": [
            {"first_year": 2021, "last_year": 2025, "population": 0.01,
             "gdp_per_capita": 0.05, "energy_intensity": -0.04, "carbon_intensity": -0.02},
            {"first_year": 2026, "last_year": 2030, "population": 0.0,
             "gdp_per_capita": 0.06, "energy_intensity": -0.02, "carbon_intensity": -0.01},
            {"first_year": 2031, "last_year": 2060, "population": 0.0,
             "gdp_per_capita": 0.01, "energy_intensity": -0.03, "carbon_intensity": -0.03},
        ],
        "spread": {},
        "mc_seed": 1,
        "note": "",
    }  # fmt: skip
    body.update(overrides)
    return body


def seed_people(session: Session) -> dict[str, int]:
    """The city configuration and one user per kind of caller (test data)."""
    from shuangtan.auth.service import create_user

    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()
    firm = Entity(kind="industrial", name="测试纺织", uscc="TESTPEAK0000000001",
                  county_code=NANHU, industry_code="C17")  # fmt: skip
    session.add(firm)
    session.flush()
    users = [
        ("city", "official", CITY, None),
        ("jiashan", "official", JIASHAN, None),
        ("nanhu", "official", NANHU, None),
        ("firm", "enterprise", None, firm.id),
        ("admin", "admin", None, None),
    ]
    ids = {}
    for username, role, county, entity_id in users:
        user = create_user(
            session=session, actor=None, username=username, password=PASSWORD, role=role,
            display_name=username, county_code=county, entity_id=entity_id,
        )  # fmt: skip
        ids[username] = user.id
    return ids


@dataclass(frozen=True)
class PeakWorld:
    client: TestClient
    app: Any

    def login(self, username: str) -> dict[str, str]:
        response = self.client.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def session(self) -> Any:
        return session_scope(self.app.state.session_factory)


def _app(url: str, folder: Path) -> Any:
    from shuangtan.app import create_app

    settings = Settings(
        database_url=url, secret_key="test-secret-with-at-least-32-bytes-of-key", var_dir=folder
    )
    return create_app(settings)


@pytest.fixture
def world(migrated_url: str, tmp_path: Path) -> Iterator[PeakWorld]:
    """The app with people and no scenarios."""
    app = _app(migrated_url, tmp_path)
    with session_scope(app.state.session_factory) as session:
        seed_people(session)
    with TestClient(app) as client:
        yield PeakWorld(client=client, app=app)
    app.state.engine.dispose()


@dataclass(frozen=True)
class LiveWorld:
    url: str
    app: Any


@pytest.fixture
def live_world(migrated_url: str, tmp_path: Path) -> Iterator[LiveWorld]:
    """A live server with people and the shipped city scenarios (no inventory data)."""
    import uvicorn

    from shuangtan.city.peak.demo import load_demo_peak

    app = _app(migrated_url, tmp_path)
    with session_scope(app.state.session_factory) as session:
        seed_people(session)
        load_demo_peak(session=session)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield LiveWorld(url=f"http://127.0.0.1:{port}", app=app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.engine.dispose()
