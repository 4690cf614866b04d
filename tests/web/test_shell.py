"""The web shell without a browser: CSRF, error pages, navigation by role, language cookie."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from shuangtan.app import create_app
from shuangtan.config import Settings
from shuangtan.db import make_engine, make_session_factory, session_scope


@pytest.fixture
def client_and_logins(migrated_url: str, tmp_path: Path) -> tuple[TestClient, dict[str, str]]:
    from shuangtan.demo import load_demo

    engine = make_engine(migrated_url)
    with session_scope(make_session_factory(engine)) as session:
        result = load_demo(session=session)
    engine.dispose()
    settings = Settings(database_url=migrated_url, secret_key="shell-test", var_dir=tmp_path)
    logins = {username: password for username, password, _ in result.logins}
    return TestClient(create_app(settings)), logins


def _csrf(client: TestClient, path: str = "/login") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match, "the page carries a CSRF token"
    return match.group(1)


def _log_in(client: TestClient, logins: dict[str, str], username: str) -> None:
    response = client.post(
        "/login",
        data={"username": username, "password": logins[username], "csrf_token": _csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


class TestLogin:
    def test_a_login_form_without_the_csrf_token_is_refused(
        self, client_and_logins: tuple[TestClient, dict[str, str]]
    ) -> None:
        client, logins = client_and_logins
        client.get("/login")
        response = client.post(
            "/login",
            data={"username": "admin", "password": logins["admin"]},
            headers={"accept": "application/json"},
            follow_redirects=False,
        )
        assert response.status_code == 403
        assert response.json()["code"] == "auth.csrf_failed"

    def test_a_login_redirects_only_to_a_path_of_this_site(
        self, client_and_logins: tuple[TestClient, dict[str, str]]
    ) -> None:
        client, logins = client_and_logins
        response = client.post(
            "/login",
            data={
                "username": "admin",
                "password": logins["admin"],
                "next": "https://evil.example/",
                "csrf_token": _csrf(client),
            },
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/"

    def test_a_cookie_authenticated_api_write_needs_the_csrf_header(
        self, client_and_logins: tuple[TestClient, dict[str, str]]
    ) -> None:
        client, logins = client_and_logins
        _log_in(client, logins, "admin")
        body = {
            "username": "new_official",
            "password": "a-long-password-1",
            "role": "official",
            "display_name": "新官员",
            "county_code": "330421",
        }
        refused = client.post("/api/v1/admin/users", json=body)
        assert refused.status_code == 403
        assert refused.json()["code"] == "auth.csrf_failed"
        token = _csrf(client, "/")
        accepted = client.post("/api/v1/admin/users", json=body, headers={"X-CSRF-Token": token})
        assert accepted.status_code == 201, accepted.text


class TestNavigation:
    def test_the_audit_log_is_in_the_admins_navigation_only(
        self, client_and_logins: tuple[TestClient, dict[str, str]]
    ) -> None:
        client, logins = client_and_logins
        assert 'href="/admin/audit"' not in client.get("/").text
        _log_in(client, logins, "admin")
        assert 'href="/admin/audit"' in client.get("/").text

    def test_an_anonymous_visitor_is_sent_to_the_login_page(
        self, client_and_logins: tuple[TestClient, dict[str, str]]
    ) -> None:
        client, _ = client_and_logins
        response = client.get(
            "/admin/audit", headers={"accept": "text/html"}, follow_redirects=False
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/admin/audit"


class TestErrorPages:
    def test_an_unknown_page_is_a_chinese_404_page_for_people(
        self, client_and_logins: tuple[TestClient, dict[str, str]]
    ) -> None:
        client, _ = client_and_logins
        response = client.get("/no-such-page", headers={"accept": "text/html"})
        assert response.status_code == 404
        assert "您访问的页面或资源不存在" in response.text

    def test_an_unknown_api_path_is_a_problem_document(
        self, client_and_logins: tuple[TestClient, dict[str, str]]
    ) -> None:
        client, _ = client_and_logins
        response = client.get("/api/v1/no-such-thing")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["message_en"] == "No such page or resource."

    def test_the_english_choice_is_kept_in_a_cookie(
        self, client_and_logins: tuple[TestClient, dict[str, str]]
    ) -> None:
        client, _ = client_and_logins
        assert "Carbon calculator" in client.get("/?lang=en").text
        assert "<h1>Carbon calculator</h1>" in client.get("/calculator").text
