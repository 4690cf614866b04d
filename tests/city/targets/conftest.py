"""Fixtures of the targets tests: the Jiaxing configuration, real users of each kind, and the
inventory's demo data (2020–2025) for the computed indicators."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.service import create_user, principal_of
from shuangtan.place.configuration import load_city, sync_city

CITY = "330400"
JIASHAN = "330421"
PASSWORD = "test-password-1"


@dataclass(frozen=True)
class People:
    city: Principal
    jiashan: Principal
    admin: Principal
    enterprise: Principal


def seed_people(session: Session) -> People:
    """The city configuration and one user per role that matters here (test data)."""
    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()

    def user(name: str, role: str, county: str | None = None) -> Principal:
        row = create_user(
            session=session, actor=None, username=name, password=PASSWORD, role=role,
            display_name=name, county_code=county, entity_id=None,
        )  # fmt: skip
        return principal_of(row)

    return People(
        city=user("city", "official", CITY),
        jiashan=user("jiashan", "official", JIASHAN),
        admin=user("admin", "admin"),
        enterprise=user("resident", "resident"),
    )


@pytest.fixture
def people(session: Session) -> People:
    return seed_people(session)


@pytest.fixture
def inventory(session: Session, people: People) -> None:
    """The inventory's demo years 2020–2025 (documented in docs/inventory.md)."""
    from shuangtan.city.inventory.demo import load_demo_inventory

    load_demo_inventory(session=session)
    session.flush()


@dataclass(frozen=True)
class ApiWorld:
    """The real app over a database with the city, users and the inventory demo."""

    client: object

    def login(self, username: str) -> dict[str, str]:
        client = self.client
        response = client.post(  # type: ignore[attr-defined]
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def web_login(self, username: str) -> None:
        import re

        client = self.client
        client.cookies.clear()  # type: ignore[attr-defined]
        form = client.get("/login").text  # type: ignore[attr-defined]
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token is not None
        response = client.post(  # type: ignore[attr-defined]
            "/login",
            data={"username": username, "password": PASSWORD, "csrf_token": token[1]},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text

    def csrf(self, path: str) -> str:
        import re

        html = self.client.get(path).text  # type: ignore[attr-defined]
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token is not None
        return token[1]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api_world(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    _migrated_templates: dict[str, str],
) -> Iterator[ApiWorld]:
    """One app per backend and test module, over the city, users and the inventory demo
    (loading the demo is the slow part); tests change distinct indicators and years."""
    import os
    import shutil

    from argon2 import PasswordHasher
    from fastapi.testclient import TestClient

    from shuangtan.app import create_app
    from shuangtan.auth import passwords
    from shuangtan.city.inventory.demo import load_demo_inventory
    from shuangtan.config import Settings
    from shuangtan.db import session_scope
    from shuangtan.scratch import temporary_database

    folder = tmp_path_factory.mktemp("targets")
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            shutil.copyfile(_migrated_templates["sqlite"], folder / "test.db")
            url = f"sqlite:///{folder / 'test.db'}"
        else:
            admin_url = os.environ.get("SHUANGTAN_TEST_POSTGRES_URL", "")
            if not admin_url:
                if os.environ.get("CI") == "true":
                    pytest.fail("SHUANGTAN_TEST_POSTGRES_URL is not set (mandatory in CI)")
                pytest.skip("PostgreSQL not configured: set SHUANGTAN_TEST_POSTGRES_URL")
            url = stack.enter_context(
                temporary_database(admin_url, template=_migrated_templates["postgresql"])
            )
        patch = stack.enter_context(pytest.MonkeyPatch.context())
        patch.setattr(
            passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )
        settings = Settings(
            database_url=url, secret_key="test-secret-with-at-least-32-bytes-of-key",
            var_dir=folder,
        )  # fmt: skip
        app = create_app(settings)
        with session_scope(app.state.session_factory) as session:
            seed_people(session)
            load_demo_inventory(session=session)
        with TestClient(app) as client:
            yield ApiWorld(client=client)
        app.state.engine.dispose()


@dataclass(frozen=True)
class LiveWorld:
    url: str


@pytest.fixture
def live_world(migrated_url: str, tmp_path: object) -> Iterator[LiveWorld]:
    """A live server over the city, users and the inventory demo (one per backend)."""
    import socket
    import threading
    import time

    import uvicorn

    from shuangtan.app import create_app
    from shuangtan.city.inventory.demo import load_demo_inventory
    from shuangtan.config import Settings
    from shuangtan.db import make_engine, make_session_factory, session_scope

    engine = make_engine(migrated_url)
    with session_scope(make_session_factory(engine)) as session:
        seed_people(session)
        load_demo_inventory(session=session)
    engine.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    settings = Settings(database_url=migrated_url, secret_key="browser-test", var_dir=tmp_path)  # type: ignore[arg-type]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield LiveWorld(url=f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
