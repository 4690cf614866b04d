"""The walk (遍历): every route of the app, as every role, for the own and the other tenant.

:func:`routes` lists what the app serves — the operations of the OpenAPI document and every
other route (the pages of ``site.py``, the API document itself, ``/docs``) — as
``"METHOD /path"`` keys; :class:`Callers` logs each role in once (a bearer token for the API,
a web session for the pages); :func:`call` sends one :class:`~.calls.Call` and :func:`outcome`
names what came back the way the matrix does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi.routing import iter_route_contexts

import testkit

from .calls import Call, Ids
from .world import COUNTY, OTHER_COUNTY, USERS, PermissionsWorld

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from httpx import Response

ROLES = ("anonymous", *USERS)
"""The callers of the matrix, in its order."""

HTML = {"Accept": "text/html,application/xhtml+xml"}
"""What a browser's navigation asks for (an error is then a page, a 401 the login page)."""

TEXT_TYPES = ("json", "html", "text/", "javascript", "csv")
"""Responses searched for markers (binary files are not: their text is compressed)."""


def routes(app: FastAPI) -> tuple[set[str], set[str]]:
    """``(api, other)``: the OpenAPI document's operations and every other route of the app,
    as ``"METHOD /path"`` (the static files' mount aside; ``HEAD`` is ``GET``'s)."""
    document = app.openapi()
    api = {
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
    }
    served = set()
    for route in iter_route_contexts(app.routes):
        methods = getattr(route, "methods", None)
        if not methods:
            continue  # the static files' mount
        served |= {f"{method} {route.path}" for method in methods if method != "HEAD"}
    return api, served - api


def is_api(key: str) -> bool:
    return key.split(" ", 1)[1].startswith("/api/")


@dataclass
class Callers:
    """Each role's way in: a bearer header for the API, a logged-in client for the pages."""

    world: PermissionsWorld
    api_client: TestClient
    headers: dict[str, dict[str, str]]
    pages: dict[str, TestClient]
    tokens: dict[str, str]

    @classmethod
    def log_in(cls, world: PermissionsWorld) -> Callers:
        from fastapi.testclient import TestClient

        api_client = TestClient(world.app, raise_server_exceptions=False)
        headers: dict[str, dict[str, str]] = {"anonymous": {}}
        pages: dict[str, TestClient] = {}
        tokens: dict[str, str] = {}
        for role in ROLES:
            client = TestClient(world.app, raise_server_exceptions=False)
            if role == "anonymous":
                tokens[role] = testkit.csrf(client, "/login")
            else:
                username = USERS[role][0]
                headers[role] = testkit.bearer(api_client, username)
                tokens[role] = testkit.form_login(client, username)
            pages[role] = client
        return cls(world, api_client, headers, pages, tokens)

    def close(self) -> None:
        for client in (self.api_client, *self.pages.values()):
            client.close()


def ids(world: PermissionsWorld) -> dict[str, Ids]:
    """The own and the other tenant's ids (the same for every role: see ``world.py``)."""
    w = world.ids

    def tenant(n: int, county: str) -> Ids:
        return Ids(
            entity=w[f"entity_{n}"],
            report=w[f"report_{n}_2024_1"],
            county=county,
            bank=w[f"bank_{n}"],
            scenario=w[f"scenario_{county}"],
            token=world.token,
            attachment=w["attachment"],
            body=w[f"body_{n}"],
            user=w["user"],
        )

    return {"own": tenant(1, COUNTY), "other": tenant(2, OTHER_COUNTY)}


def call(callers: Callers, key: str, role: str, request: Call) -> Response:
    """Send ``request`` for route ``key`` as ``role`` (no redirect is followed)."""
    method = key.split(" ", 1)[0]
    api = is_api(key)
    client = callers.api_client if api else callers.pages[role]
    headers = dict(callers.headers[role]) if api else dict(HTML)
    if not api and method != "GET":
        headers["X-CSRF-Token"] = callers.tokens[role]
    arguments: dict[str, Any] = {"headers": headers, "params": request.params or None}
    if method != "GET":
        if request.json is not None:
            arguments["json"] = request.json
        if request.data is not None:
            arguments["data"] = request.data
        if request.files is not None:
            arguments["files"] = request.files
    return client.request(method, request.path, follow_redirects=False, **arguments)


def outcome(response: Response) -> str:
    """What the matrix calls the answer: ``ok`` (2xx, or a redirect elsewhere than the login
    page), ``login`` (sent to the login page), else the status code."""
    status = response.status_code
    if 300 <= status < 400:
        return "login" if response.headers.get("location", "").startswith("/login") else "ok"
    return "ok" if 200 <= status < 300 else str(status)


def readable_text(response: Response) -> str | None:
    """The response's text if it is text (JSON, HTML, a script, CSV), else ``None``."""
    kind = response.headers.get("content-type", "")
    return response.text if any(t in kind for t in TEXT_TYPES) else None
