"""Fixtures of the inventory tests: the Jiaxing configuration and a few principals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

import testkit
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.place.configuration import load_city, sync_city

CITY = "330400"
JIASHAN = "330421"
NANHU = "330402"
COUNTIES = ("330402", "330411", "330421", "330424", "330481", "330482", "330483")


@dataclass(frozen=True)
class People:
    city_official: Principal
    jiashan_official: Principal
    admin: Principal
    enterprise: Principal


def principal(role: Role, county_code: str | None = None, user_id: int = 1) -> Principal:
    """A principal that exists only in the service call (writes name it in the audit)."""
    return testkit.principal(
        role, county_code, user_id=user_id, username=f"{role.value}-{county_code or 'x'}"
    )


@pytest.fixture
def city(session: Session) -> Session:
    """The session with the Jiaxing configuration (city and its seven counties) synced."""
    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()
    return session


@pytest.fixture
def people() -> People:
    return People(
        city_official=principal(Role.official, CITY, 11),
        jiashan_official=principal(Role.official, JIASHAN, 12),
        admin=principal(Role.admin, None, 13),
        enterprise=principal(Role.enterprise, None, 14),
    )


PASSWORD = "a-long-test-password-123"


@dataclass(frozen=True)
class LiveServer:
    url: str


@pytest.fixture
def live_inventory(migrated_url: str, tmp_path: Any) -> Any:
    """A live server over the demo inventory; users city / jiashan (officials)."""
    import socket
    import threading
    import time

    import uvicorn

    from shuangtan.app import create_app
    from shuangtan.auth.service import create_user
    from shuangtan.city.inventory.demo import load_demo_inventory
    from shuangtan.config import Settings
    from shuangtan.db import session_scope

    settings = Settings(
        database_url=migrated_url,
        secret_key="browser-test-secret-with-32-bytes-of-key",
        var_dir=tmp_path,
    )
    app = create_app(settings)
    with session_scope(app.state.session_factory) as session:
        sync_city(session=session, config=load_city("jiaxing"))
        session.flush()
        for username, county in (("city", CITY), ("jiashan", JIASHAN)):
            create_user(
                session=session, actor=None, username=username, password=PASSWORD,
                role="official", display_name=username, county_code=county, entity_id=None,
            )  # fmt: skip
        load_demo_inventory(session=session)
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
        yield LiveServer(f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass(frozen=True)
class World:
    client: TestClient

    def login(self, username: str) -> dict[str, str]:
        response = self.client.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def world(migrated_url: str, tmp_path: Path) -> Iterator[World]:
    """The app with users city / jiashan (officials), resident; the Jiaxing configuration."""
    from shuangtan.app import create_app
    from shuangtan.auth.service import create_user
    from shuangtan.config import Settings
    from shuangtan.db import session_scope

    settings = Settings(
        database_url=migrated_url,
        secret_key="test-secret-with-at-least-32-bytes-of-key",
        var_dir=tmp_path,
    )
    app = create_app(settings)
    with session_scope(app.state.session_factory) as session:
        sync_city(session=session, config=load_city("jiaxing"))
        session.flush()
        for username, role, county in (
            ("city", "official", CITY),
            ("jiashan", "official", JIASHAN),
            ("resident", "resident", None),
        ):
            create_user(
                session=session, actor=None, username=username, password=PASSWORD, role=role,
                display_name=username, county_code=county, entity_id=None,
            )  # fmt: skip
    yield World(TestClient(app))


def inventory_rows(row_counts: Any) -> int:
    counts = row_counts()
    return sum(n for table, n in counts.items() if table.startswith("inventory_"))
