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

import json
import os
import queue
import re
import shutil
import socket
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.config import Settings
from shuangtan.place.scope import scope_of

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

__all__ = [
    "BINARY",
    "PASSWORD",
    "SECRET_KEY",
    "Databases",
    "World",
    "app",
    "bearer",
    "city",
    "csrf",
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


# -------------------------------------------------------------------------- settings, app


def settings(database_url: str, var_dir: Path, **overrides: Any) -> Settings:
    """The platform's settings for a test: ``database_url``, files under ``var_dir``."""
    values: dict[str, Any] = {"database_url": database_url, "secret_key": SECRET_KEY}
    values.update(overrides)
    return Settings(var_dir=var_dir, **values)


_STATE = frozenset({"settings", "engine", "session_factory", "public_rate_limiter"})
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
    returns on the home page it lands on."""
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{url}/")


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


# ------------------------------------------------------------------------------ databases


Seed = Callable[[Session], Any]


class Databases:
    """Migrated databases made once per run and copied for each test: a file copy on SQLite,
    ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL (a fraction of running the migrations).

    A seed (a module-level function of a session) gets a template of its own, made once and
    copied the same way, with what the seed returned kept beside it: a world whose setup is
    slow (the inventory demo, a graded year) costs a copy per test, not a setup.

    A PostgreSQL copy is dropped by a thread of its own after its test (``DROP DATABASE``
    waits for a checkpoint: a second or more on a busy server), so that no test waits for it,
    several at once; :meth:`close` waits for the last drops.
    """

    def __init__(self, folder: Path, postgres_admin_url: str | None) -> None:
        self._folder = folder
        self._admin_url = postgres_admin_url
        self._templates: dict[tuple[str, str], tuple[str, Any]] = {}
        self._stack = ExitStack()
        self._admin: Any = None
        self._drops: queue.Queue[str | None] = queue.Queue()
        self._dropper: threading.Thread | None = None
        self._drop_errors: list[BaseException] = []

    def template(self, backend: str, seed: Seed | None = None) -> tuple[str, Any]:
        """The template of ``backend`` (a file path or a database name) and the seed's result."""
        key = (backend, "" if seed is None else f"{seed.__module__}.{seed.__qualname__}")
        if key not in self._templates:
            self._templates[key] = self._make(backend, seed)
        return self._templates[key]

    @contextmanager
    def copy(
        self, backend: str, folder: Path, seed: Seed | None = None
    ) -> Iterator[tuple[str, Any]]:
        """A fresh copy of the (seeded) template for the block: its URL and the seed's result."""
        template, result = self.template(backend, seed)
        with self._copy_of(backend, template, folder) as url:
            yield url, result

    def close(self) -> None:
        """Drop every template and copy (waiting for the drops still queued)."""
        try:
            self._stack.close()  # the seeded templates join the queue here
        finally:
            self._templates.clear()
            if self._dropper is not None:
                self._drops.put(None)
                self._dropper.join()
                self._dropper = None
            if self._admin is not None:
                self._admin.dispose()
        if self._drop_errors:
            raise RuntimeError("a test database could not be dropped") from self._drop_errors[0]

    def _make(self, backend: str, seed: Seed | None) -> tuple[str, Any]:
        from shuangtan.db import make_engine, make_session_factory, session_scope

        if seed is None:
            return self._migrated(backend), None
        base, _ = self.template(backend)
        folder = self._folder / f"seed-{len(self._templates)}"
        folder.mkdir()
        url = self._stack.enter_context(self._copy_of(backend, base, folder))
        engine = make_engine(url)
        try:
            with session_scope(make_session_factory(engine)) as session:
                result = seed(session)
        finally:
            engine.dispose()
        return self._freeze(backend, url), result

    def _migrated(self, backend: str) -> str:
        from shuangtan.migrations import upgrade

        if backend == "sqlite":
            path = self._folder / "migrated.db"
            upgrade(f"sqlite:///{path}")
            return self._freeze(backend, f"sqlite:///{path}")
        from shuangtan.scratch import temporary_database

        url = self._stack.enter_context(
            temporary_database(self._postgres(), prefix="shuangtan_template")
        )
        upgrade(url)
        return self._freeze(backend, url)

    def _freeze(self, backend: str, url: str) -> str:
        """Make ``url`` copyable: SQLite out of WAL into one file, PostgreSQL without sessions."""
        name = make_url(url).database
        assert name is not None
        if backend == "sqlite":
            with sqlite3.connect(name) as conn:
                conn.execute("PRAGMA journal_mode=DELETE")
            conn.close()
            return name
        from shuangtan.scratch import disconnect

        disconnect(self._admin_engine(), name)  # CREATE DATABASE ... TEMPLATE needs it idle
        return name

    def _postgres(self) -> str:
        assert self._admin_url, "PostgreSQL is not configured"
        return self._admin_url

    def _admin_engine(self) -> Any:
        from shuangtan.scratch import admin_engine

        if self._admin is None:
            self._admin = admin_engine(self._postgres())
        return self._admin

    @contextmanager
    def _copy_of(self, backend: str, template: str, folder: Path) -> Iterator[str]:
        if backend == "sqlite":
            target = folder / "test.db"
            n = 0
            while target.exists():
                n += 1
                target = folder / f"test-{n}.db"
            shutil.copyfile(template, target)
            yield f"sqlite:///{target}"
            return
        from sqlalchemy import text

        admin = self._admin_engine()
        name = f"shuangtan_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        try:
            yield admin.url.set(database=name).render_as_string(hide_password=False)
        finally:
            self._drop_later(name)

    def _drop_later(self, name: str) -> None:
        if self._dropper is None:
            self._dropper = threading.Thread(target=self._drop_all, name="drop-test-databases")
            self._dropper.start()
        self._drops.put(name)

    def _drop_all(self) -> None:
        """Drop the queued copies, those queued together at once: PostgreSQL lets concurrent
        ``DROP DATABASE`` statements share the checkpoint each of them waits for."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=8, thread_name_prefix="drop") as pool:
            while (name := self._drops.get()) is not None:
                names = [name]
                while not self._drops.empty() and len(names) < 8:
                    if (more := self._drops.get()) is None:
                        self._drops.put(None)  # the end, once these are dropped
                        break
                    names.append(more)
                for error in pool.map(self._drop, names):
                    if error is not None:  # reported by close(), at the end of the run
                        self._drop_errors.append(error)

    def _drop(self, name: str) -> BaseException | None:
        from sqlalchemy import text

        from shuangtan.scratch import disconnect

        admin = self._admin_engine()
        try:
            disconnect(admin, name)
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        except Exception as error:
            return error
        return None


# ---------------------------------------------------------------------- the OpenAPI document

BINARY = {"type": "string", "format": "binary"}
"""The schema of a download's content."""


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """The problem document of ``response``: ``status``, ``code``, a message in both languages."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    assert body["message_zh"] and body["message_en"]
    return body


def openapi_answers(spec: dict[str, Any], *rooms: str) -> dict[str, str]:
    """``"METHOD /path"`` → ``"status answer"`` of every operation under ``/api/v1`` + a room:
    the schema its JSON answer names (``[X]`` for a list of X), or ``binary <media type>`` for
    a file. Every schema named must describe its fields (no field without a type)."""
    prefixes = tuple(f"/api/v1{room}" for room in rooms)
    answers = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items() if path.startswith(prefixes) else ():
            status = next(code for code in operation["responses"] if code.startswith("2"))
            ((media_type, content),) = operation["responses"][status]["content"].items()
            schema = content["schema"]
            if schema.get("format") == "binary":
                answer = f"binary {media_type}"
            else:
                assert media_type == "application/json", (path, media_type)
                listed = schema.get("type") == "array"
                name = (schema["items"] if listed else schema)["$ref"].rsplit("/", 1)[1]
                _assert_described(spec, name)
                answer = f"[{name}]" if listed else name
            answers[f"{method.upper()} {path.removeprefix('/api/v1')}"] = f"{status} {answer}"
    return answers


def _assert_described(spec: dict[str, Any], name: str) -> None:
    component = spec["components"]["schemas"][name]
    if "enum" in component:
        return
    fields = component["properties"]
    assert fields, name
    for key, schema in fields.items():
        assert schema.keys() & {"type", "$ref", "anyOf", "allOf"}, (name, key)
        for ref in re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(schema)):
            _assert_described(spec, ref)


def success_answers(openapi: dict[str, Any], prefix: str) -> dict[str, dict[str, Any]]:
    """``METHOD path status`` → the content of each success answer of the room's operations."""
    return {
        f"{method.upper()} {path} {status}": answer.get("content", {})
        for path, operations in openapi["paths"].items()
        if path.startswith(prefix)
        for method, operation in operations.items()
        for status, answer in operation["responses"].items()
        if status.startswith("2")
    }


def declared(schema: dict[str, Any], components: dict[str, Any]) -> bool:
    """Whether ``schema`` says what the answer holds: a ``…Read`` with fields, a list of them, a
    scalar, or null beside one (never a free-form object)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        shape = name.endswith("Read") or name.startswith("Page_")  # a …Read, or Page[…Read]
        return shape and bool(components[name].get("properties"))
    if "anyOf" in schema:
        shapes = [s for s in schema["anyOf"] if s != {"type": "null"}]
        return bool(shapes) and all(declared(s, components) for s in shapes)
    if schema.get("type") == "array":
        return declared(schema.get("items", {}), components)
    return schema.get("type") in ("integer", "number", "string", "boolean")


def undeclared(openapi: dict[str, Any], prefix: str) -> list[str]:
    """The room's success answers (but 204) without a declared JSON or binary schema."""
    components = openapi["components"]["schemas"]
    return [
        operation
        for operation, content in success_answers(openapi, prefix).items()
        if not operation.endswith(" 204")
        and not (
            content
            and all(
                c.get("schema") == BINARY or declared(c.get("schema", {}), components)
                for c in content.values()
            )
        )
    ]
