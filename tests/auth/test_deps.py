"""The dependencies on a minimal app: a bearer token whose login is alive, else the server-side
web session; nothing the client holds alone (a signed cookie, a value in the session) logs in."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import itsdangerous
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

import testkit
from shuangtan.auth import sessions
from shuangtan.auth.deps import AdminOnly, CurrentPrincipal, OptionalPrincipal
from shuangtan.auth.repository import user_by_id
from shuangtan.auth.roles import Role
from shuangtan.auth.service import create_user, deactivate_user, get_principal, principal_of
from shuangtan.auth.tokens import issue_access_token
from shuangtan.db import DbSession, make_session_factory, session_scope, utcnow
from shuangtan.errors import DomainError
from shuangtan.place.configuration import load_city, sync_city
from shuangtan.web import sessions as web_sessions

SECRET = "deps-test-secret-with-at-least-32-bytes"


@pytest.fixture
def app(engine: Engine, migrated_url: str, tmp_path: Path) -> FastAPI:
    settings = testkit.settings(migrated_url, tmp_path, secret_key=SECRET)
    app = FastAPI()
    app.state.settings = settings
    app.state.session_factory = make_session_factory(engine)
    web_sessions.install(app, settings)

    @app.exception_handler(DomainError)
    async def problem(request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(exc.problem(request.url.path), status_code=exc.status)

    @app.post("/session/{user_id}")
    def log_in(user_id: int, session: DbSession) -> JSONResponse:
        key, _ = sessions.start(
            session=session, user_id=user_id, kind="web", now=utcnow(), lifetime=timedelta(hours=1)
        )
        response = JSONResponse(None)
        web_sessions.start(response, settings, key)
        return response

    @app.post("/claim/{user_id}")
    def claim(user_id: int, request: Request) -> None:
        request.session["user_id"] = user_id  # what Starlette's signed session used to trust

    @app.get("/whoami")
    def whoami(principal: OptionalPrincipal) -> str | None:
        return principal.username if principal else None

    @app.get("/private")
    def private(principal: CurrentPrincipal) -> str:
        return principal.username

    @app.get("/admin")
    def admin_only(principal: AdminOnly) -> str:
        return principal.username

    with session_scope(app.state.session_factory) as session:
        sync_city(session=session, config=load_city())
        for name, role in (("root", Role.admin), ("zhang", Role.resident)):
            create_user(
                session=session,
                actor=None,
                username=name,
                password="a-good-password",
                role=role,
                display_name=name,
            )
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def _bearer(app: FastAPI, user_id: int) -> dict[str, str]:
    """A token with its login row, as ``POST /auth/token`` gives one."""
    with session_scope(app.state.session_factory) as session:
        principal = get_principal(session=session, user_id=user_id)
        assert principal is not None
        jti, _ = sessions.start(
            session=session,
            user_id=user_id,
            kind="api",
            now=utcnow(),
            lifetime=timedelta(minutes=5),
        )
    token = issue_access_token(principal, secret=SECRET, minutes=5, jti=jti)
    return {"Authorization": f"Bearer {token}"}


class TestGetOptionalPrincipal:
    def test_anonymous_is_none(self, client: TestClient) -> None:
        assert client.get("/whoami").json() is None

    def test_the_session_cookie_names_the_user(self, client: TestClient) -> None:
        client.post("/session/2")
        assert client.get("/whoami").json() == "zhang"

    def test_the_bearer_token_wins_over_the_cookie(self, app: FastAPI, client: TestClient) -> None:
        client.post("/session/2")
        assert client.get("/whoami", headers=_bearer(app, 1)).json() == "root"

    def test_a_deactivated_users_token_and_cookie_stop_working(
        self, app: FastAPI, client: TestClient
    ) -> None:
        headers = _bearer(app, 2)
        client.post("/session/2")
        with session_scope(app.state.session_factory) as session:
            root = user_by_id(session, 1)
            assert root is not None
            deactivate_user(session=session, actor=principal_of(root), user_id=2)
        assert client.get("/whoami", headers=headers).json()["code"] == "auth.invalid_token"
        assert client.get("/whoami").json() is None

    def test_a_token_whose_login_has_ended_is_refused(
        self, app: FastAPI, client: TestClient
    ) -> None:
        headers = _bearer(app, 1)
        assert client.get("/whoami", headers=headers).json() == "root"
        with session_scope(app.state.session_factory) as session:
            sessions.end_all(session=session, user_id=1)
        response = client.get("/whoami", headers=headers)
        assert (response.status_code, response.json()["code"]) == (401, "auth.invalid_token")

    def test_a_value_written_into_the_session_logs_nobody_in(self, client: TestClient) -> None:
        client.post("/claim/1")
        assert client.get("/whoami").json() is None

    def test_a_signed_cookie_of_the_old_kind_logs_nobody_in(self, client: TestClient) -> None:
        # Starlette's signed {"user_id": 1}, made with the app's own secret: it used to be a
        # login for 12 hours, whatever happened on the server
        payload = base64.b64encode(json.dumps({"user_id": 1}).encode())
        forged = itsdangerous.TimestampSigner(SECRET).sign(payload).decode()
        client.cookies.set(web_sessions.COOKIE, forged)
        assert client.get("/whoami").json() is None
        assert client.get("/private").status_code == 401

    def test_a_made_up_session_id_logs_nobody_in_and_its_cookie_is_cleared(
        self, client: TestClient
    ) -> None:
        client.cookies.set(web_sessions.COOKIE, "x" * 43)
        response = client.get("/whoami")
        assert response.json() is None
        assert f"{web_sessions.COOKIE}=;" in response.headers["set-cookie"]


class TestGetPrincipal:
    def test_anonymous_is_refused(self, client: TestClient) -> None:
        response = client.get("/private")
        assert (response.status_code, response.json()["code"]) == (401, "auth.not_authenticated")


class TestRequireRoles:
    def test_another_role_is_refused(self, app: FastAPI, client: TestClient) -> None:
        response = client.get("/admin", headers=_bearer(app, 2))
        assert (response.status_code, response.json()["code"]) == (403, "auth.permission_denied")

    def test_the_role_named_is_let_through(self, app: FastAPI, client: TestClient) -> None:
        assert client.get("/admin", headers=_bearer(app, 1)).json() == "root"
