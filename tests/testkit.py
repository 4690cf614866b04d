"""The one test world (测试世界): settings, the app, the live server, logging in, principals.

Every room's tests build their worlds from these (importable as ``testkit``: pytest puts
tests/ on the path), so that settings are made one way, the live server is started one way
and a user logs in one way:

- :func:`settings` the platform's settings over a test database; :func:`app` the app for
  them (lent from a pool, see below); :func:`live_server` any ASGI app served by uvicorn;
- :class:`World` a room's world: the app, a TestClient, the live URL, the logins, with
  ``login`` (a bearer header), ``web_login`` (the login form through the TestClient) and
  ``page_login`` (the login form in Chromium); :func:`world` builds one;
- :func:`bearer`, :func:`form_login`, :func:`csrf`, :func:`log_in`, :func:`screenshot` the
  same steps for a bare client or page;
- :class:`Databases` migrated (and seeded) databases made once per run and copied per test,
  :func:`seeded_world` a world over such a copy (a seed returns the world's fields);
- :func:`city`, :func:`make_users`, :func:`demo`, :func:`principal` the seeds rooms share.

Building the app is the slow part of a world (FastAPI analyses every route: about a second),
so apps are pooled: one per process and per set of the settings the app is built from (the
signing key, cookie rules), lent to one world at a time and re-pointed at that world's
database, settings and a fresh rate limiter. Each lent app keeps one live server for the run,
so a browser test starts no server of its own. A test that needs an app built for itself
calls ``shuangtan.app.create_app`` directly.
"""

from __future__ import annotations

import os
import re
import socket
import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.orm import Session

from apichecks import BINARY, declared, openapi_answers, problem, success_answers, undeclared
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.config import Settings
from shuangtan.place.scope import scope_of
from testdatabases import Databases, Seed

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

__all__ = [
    "BINARY",
    "PASSWORD",
    "SECRET_KEY",
    "Databases",
    "Seed",
    "World",
    "app",
    "bearer",
    "city",
    "csrf",
    "declared",
    "demo",
    "form_login",
    "live_server",
    "log_in",
    "make_users",
    "openapi_answers",
    "principal",
    "problem",
    "screenshot",
    "seeded_world",
    "settings",
    "success_answers",
    "undeclared",
    "world",
]

PASSWORD = "test-password-1"
"""The password of every user a test makes (the demo's users have their own)."""

SECRET_KEY = "test-secret-with-at-least-32-bytes-of-key"
SCREENSHOTS = Path(os.environ.get("SHUANGTAN_SCREENSHOTS", "var/screenshots"))
_CSRF = re.compile(r'name="csrf[-_]token" (?:value|content)="([^"]+)"')

W = TypeVar("W", bound="World")
T = TypeVar("T")


# ------------------------------------------------------------------------------ principals


def principal(
    role: Role,
    code: str | None = None,
    *,
    entity_id: int | None = None,
    user_id: int = 900,
    username: str | None = None,
    display_name: str = "测试",
) -> Principal:
    """A principal for service calls, scoped as a user row with these columns would be.

    ``code`` is an official's scope: a city code (``330400``, ending in 00) or a county's.
    """
    city = code if code is not None and code.endswith("00") else None
    county = code if code is not None and not code.endswith("00") else None
    return Principal(
        user_id=user_id,
        username=username or f"t-{role.value}-{code or 'x'}",
        display_name=display_name,
        role=role,
        scope=scope_of(role=role.value, city_code=city, county_code=county, entity_id=entity_id),
    )


# ----------------------------------------------------------------------------------- seeds


def city(session: Session) -> None:
    """The Jiaxing configuration: the city, its seven counties, industries and indicators."""
    from shuangtan.place.configuration import load_city, sync_city

    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()


def make_users(
    session: Session,
    users: Iterable[tuple[str, Role | str, str | None, int | None]],
    *,
    password: str = PASSWORD,
) -> dict[str, Any]:
    """Users made by the auth service, each ``(username, role, scope code, entity id)``; the
    scope code is an official's city or county. Every one has ``password``; username → user."""
    from shuangtan.auth.service import create_user

    return {
        username: create_user(
            session=session,
            actor=None,
            username=username,
            password=password,
            role=role,
            display_name=username,
            county_code=code,
            entity_id=entity_id,
        )
        for username, role, code, entity_id in users
    }


def demo(session: Session) -> dict[str, Any]:
    """The demo's city and users (``shuangtan.demo.load_demo``); a seed of worlds, whose
    ``logins`` are the demo's passwords."""
    from shuangtan.demo import load_demo

    result = load_demo(session=session)
    return {"logins": {username: password for username, password, _ in result.logins}}


def small_demo(session: Session) -> dict[str, Any]:
    """The demo's users over a small synthetic city (60 enterprises, the data centre) as on the
    demo's reference day: a seed of worlds for tests that walk the pages (one template per
    process, shared by every module that seeds with it); ``logins`` are the demo's passwords."""
    from shuangtan.demodata.clock import REFERENCE_TODAY

    return small_demo_on(session, REFERENCE_TODAY)


def small_demo_on(session: Session, today: date) -> dict[str, Any]:
    """:func:`small_demo` loaded as on ``today`` (a module's own seed calls it with its day)."""
    from functools import partial

    from shuangtan import demo
    from shuangtan.demodata.load import load_synthetic_city

    full = demo.load_synthetic_city
    demo.load_synthetic_city = partial(load_synthetic_city, entities=60)  # type: ignore[assignment]
    try:
        result = demo.load_demo(session=session, synthetic=True, today=today)
    finally:
        demo.load_synthetic_city = full  # type: ignore[assignment]
    return {"logins": {username: password for username, password, _ in result.logins}}


# -------------------------------------------------------------------------- settings, app


def settings(database_url: str, var_dir: Path, **overrides: Any) -> Settings:
    """The platform's settings for a test: ``database_url``, files under ``var_dir``."""
    values: dict[str, Any] = {"database_url": database_url, "secret_key": SECRET_KEY}
    values.update(overrides)
    return Settings(var_dir=var_dir, **values)


_STATE = frozenset(
    {"settings", "engine", "session_factory", "public_rate_limiter", "clock", "password_gate"}
)
"""What ``create_app`` keeps on ``app.state`` from the settings: what a lent app renews."""

_REPOINTED = frozenset({"database_url", "var_dir", "public_rate_limit_per_minute"})
"""Settings read per request (through ``app.state``); the others are built into the app."""


class _Apps:
    """The apps of this process: one per set of built-in settings, each lent to one world at a
    time, with its live server (started on first use, stopped at the end of the run)."""

    def __init__(self) -> None:
        self._idle: dict[str, list[FastAPI]] = {}
        self._urls: dict[int, str] = {}
        self._servers = ExitStack()

    @staticmethod
    def _key(settings: Settings) -> str:
        return settings.model_dump_json(exclude=set(_REPOINTED))

    def lend(self, settings: Settings) -> FastAPI:
        from shuangtan.app import create_app
        from shuangtan.db import make_engine, make_session_factory
        from shuangtan.ratelimit import WindowCounter
        from shuangtan.web import sessions

        idle = self._idle.setdefault(self._key(settings), [])
        if not idle:
            app = create_app(settings)
            kept = set(vars(app.state)["_state"])
            if kept != _STATE:
                raise RuntimeError(
                    f"create_app keeps {sorted(kept)} on app.state, testkit renews "
                    f"{sorted(_STATE)}: teach testkit._Apps.lend the difference"
                )
            return app
        app = idle.pop()
        engine = make_engine(settings.resolved_database_url())
        app.state.settings = settings
        app.state.engine = engine
        app.state.session_factory = make_session_factory(engine)
        app.state.public_rate_limiter = WindowCounter(settings.public_rate_limit_per_minute)
        for name, value in sessions.state(settings).items():  # the clock, the hashing gate
            setattr(app.state, name, value)
        return app

    def give_back(self, app: FastAPI) -> None:
        app.state.engine.dispose()
        app.dependency_overrides.clear()
        self._idle[self._key(app.state.settings)].append(app)

    def url(self, app: FastAPI) -> str:
        if id(app) not in self._urls:
            self._urls[id(app)] = self._servers.enter_context(live_server(app))
        return self._urls[id(app)]

    def close(self) -> None:
        self._servers.close()
        self._urls.clear()
        self._idle.clear()


_APPS = _Apps()


@contextmanager
def app(settings: Settings) -> Iterator[FastAPI]:
    """The platform's app for ``settings`` for the block (lent from the process's pool)."""
    lent = _APPS.lend(settings)
    try:
        yield lent
    finally:
        _APPS.give_back(lent)


def close() -> None:
    """Stop the pooled apps' live servers (the end of the run)."""
    _APPS.close()


@contextmanager
def live_server(asgi_app: Any) -> Iterator[str]:
    """Serve ``asgi_app`` with uvicorn on a free local port in a thread; the base URL.

    The socket is bound here (no race for the port) and the server is waited for on an event
    set when it has started or has given up, never by polling.
    """
    import uvicorn

    ready = threading.Event()

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            try:
                await super().startup(sockets=sockets)
            finally:
                ready.set()

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    server = Server(uvicorn.Config(asgi_app, log_level="warning"))

    def run() -> None:
        try:
            server.run(sockets=[sock])
        finally:
            ready.set()  # it has given up before starting

    thread = threading.Thread(target=run, name=f"live-server-{port}", daemon=True)
    thread.start()
    try:
        ready.wait(timeout=60)
        if not server.started:
            raise RuntimeError("the live server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


# ---------------------------------------------------------------------------- logging in


def bearer(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """The header of a bearer token for ``username`` from ``POST /api/v1/auth/token``."""
    response = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def csrf(client: TestClient, path: str = "/") -> str:
    """The session's CSRF token as the page at ``path`` carries it."""
    found = _CSRF.search(client.get(path).text)
    assert found is not None, f"{path} carries no CSRF token"
    return found[1]


def form_login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log ``username`` in through the login form in a new session; the session's CSRF token."""
    client.cookies.clear()
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf(client, "/login")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf(client, "/")


def log_in(page: Any, url: str, username: str, password: str = PASSWORD) -> None:
    """Log ``username`` in through the login form of the server at ``url`` (in Chromium);
    returns on the page the role lands on (``/``, a verifier's queue, a bank's list)."""
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_url(lambda now: now.startswith(f"{url}/") and "/login" not in now)


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot to look at (``var/screenshots/<name>.png``)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# ----------------------------------------------------------------------------- the world


@dataclass(frozen=True, kw_only=True)
class World:
    """A room's test world (测试世界): the app over the world's database, a TestClient of it,
    the live server's URL (``""`` unless served), and its users' logins.

    ``logins`` holds the passwords that are not :data:`PASSWORD` (the demo's users); ``ids``
    the ids a seed handed back. Rooms subclass it for what else their seed returns.
    """

    app: FastAPI
    client: TestClient
    url: str = ""
    logins: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def password(self, username: str) -> str:
        return self.logins.get(username, PASSWORD)

    def login(self, username: str) -> dict[str, str]:
        """The bearer header of ``username`` (the API's login)."""
        return bearer(self.client, username, self.password(username))

    def web_login(self, username: str) -> str:
        """Log the client in as ``username`` through the form; the session's CSRF token."""
        return form_login(self.client, username, self.password(username))

    def csrf(self, path: str = "/") -> str:
        """The client's session's CSRF token as the page at ``path`` carries it."""
        return csrf(self.client, path)

    def page_login(self, page: Any, username: str) -> None:
        """Log ``username`` in on the live server in Chromium's ``page``."""
        log_in(page, self.url, username, self.password(username))

    def session(self) -> AbstractContextManager[Session]:
        """One unit of work on the world's database (committed at the end of the block)."""
        from shuangtan.db import session_scope

        return session_scope(self.app.state.session_factory)


@contextmanager
def world(
    settings: Settings, *, live: bool = False, kind: type[W] = World, **fields: Any
) -> Iterator[W]:
    """A world of ``kind`` over the database of ``settings``: the app, a TestClient, and with
    ``live`` the live server; ``fields`` are the world's other attributes."""
    from fastapi.testclient import TestClient

    with app(settings) as lent, TestClient(lent) as client:
        yield kind(app=lent, client=client, url=_APPS.url(lent) if live else "", **fields)


@contextmanager
def seeded_world(
    databases: Databases,
    backend: str,
    folder: Path,
    seed: Seed | None = None,
    *,
    live: bool = False,
    kind: type[W] = World,
    **overrides: Any,
) -> Iterator[W]:
    """A world of ``kind`` over a fresh copy of ``seed``'s database on ``backend`` (files under
    ``folder``); the seed returns the world's other fields (or ``None``), ``overrides`` are
    settings. With ``live`` it is served for Chromium."""
    with (
        databases.copy(backend, folder, seed) as (url, fields),
        world(settings(url, folder, **overrides), live=live, kind=kind, **(fields or {})) as made,
    ):
        yield made
