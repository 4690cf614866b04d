"""Logins kept on the server (issue 9, point 5): what ends a web session or an API token.

Each attack of the issue is replayed: a cookie copied before logging out, a token used after
it was revoked, a session left open while its password is changed or its user deactivated,
a session left idle. The defaults (``shuangtan.config``): a web session ends after 30 minutes
unused (``session_idle_minutes``) and 12 hours after login (``session_hours``); a token after
30 minutes (``access_token_minutes``).
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response

import testkit
from shuangtan.web.sessions import COOKIE

from .conftest import Clock

HTML = {"accept": "text/html"}
NEW_PASSWORD = "lake-willow-bridge-42"


def _copy(world: testkit.World) -> TestClient:
    """Another browser holding a copy of the world client's session cookie."""
    value = world.client.cookies.get(COOKIE)
    assert value, "the client has no session cookie"
    thief = TestClient(world.app, follow_redirects=False)
    thief.cookies.set(COOKIE, value)
    return thief


def _token(world: testkit.World, username: str, password: str = testkit.PASSWORD) -> dict[str, str]:
    """A bearer header from ``POST /api/v1/auth/token``, asked by a client without cookies (a
    browser's logged-in cookie would make it a form post needing the CSRF token)."""
    return testkit.bearer(TestClient(world.app), username, password)


def _sent_to_login(response: Response, path: str) -> bool:
    return response.status_code == 303 and response.headers["location"] == f"/login?next={path}"


class TestLogout:
    def test_a_cookie_copied_before_logout_no_longer_opens_the_audit_log(
        self, world: testkit.World
    ) -> None:
        csrf = world.web_login("root")
        thief = _copy(world)
        assert thief.get("/admin/audit", headers=HTML).status_code == 200  # the copy works
        world.client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
        assert _sent_to_login(thief.get("/admin/audit", headers=HTML), "/admin/audit")
        response = thief.get("/api/v1/auth/me")
        testkit.problem(response, 401, "auth.not_authenticated")

    def test_logging_out_clears_the_cookie_and_ends_only_this_session(
        self, world: testkit.World
    ) -> None:
        other = TestClient(world.app, follow_redirects=False)
        testkit.form_login(other, "root")
        csrf = world.web_login("root")
        response = world.client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
        assert f"{COOKIE}=;" in response.headers["set-cookie"]
        assert other.get("/admin/audit", headers=HTML).status_code == 200

    def test_a_revoked_token_is_refused(self, world: testkit.World) -> None:
        headers = _token(world, "zhang")
        assert world.client.get("/api/v1/auth/me", headers=headers).status_code == 200
        answer = world.client.post("/api/v1/auth/logout", headers=headers)
        assert answer.json() == {"ended": 1}
        response = world.client.get("/api/v1/auth/me", headers=headers)
        testkit.problem(response, 401, "auth.invalid_token")
        testkit.problem(
            world.client.post("/api/v1/auth/logout", headers=headers), 401, "auth.invalid_token"
        )

    def test_logging_out_everywhere_ends_every_token_and_session(
        self, world: testkit.World
    ) -> None:
        tokens = [_token(world, "zhang"), _token(world, "zhang")]
        world.web_login("zhang")
        browser = _copy(world)
        kept = _token(world, "wang")
        answer = world.client.post("/api/v1/auth/logout?everywhere=true", headers=tokens[0])
        assert answer.json() == {"ended": 3}  # two tokens and one web session
        for headers in tokens:
            testkit.problem(
                world.client.get("/api/v1/auth/me", headers=headers), 401, "auth.invalid_token"
            )
        assert _sent_to_login(browser.get("/account/password", headers=HTML), "/account/password")
        assert world.client.get("/api/v1/auth/me", headers=kept).status_code == 200


class TestPasswordChange:
    def test_changing_the_password_ends_every_session_and_token(self, world: testkit.World) -> None:
        token = _token(world, "zhang")
        csrf = world.web_login("zhang")
        browser = _copy(world)
        response = world.client.post(
            "/account/password",
            data={
                "csrf_token": csrf,
                "current_password": testkit.PASSWORD,
                "new_password": NEW_PASSWORD,
                "repeat_password": NEW_PASSWORD,
            },
            follow_redirects=False,
        )
        assert (response.status_code, response.headers["location"]) == (303, "/login?changed=1")
        testkit.problem(
            world.client.get("/api/v1/auth/me", headers=token), 401, "auth.invalid_token"
        )
        assert _sent_to_login(browser.get("/account/password", headers=HTML), "/account/password")
        refused = world.client.post(
            "/api/v1/auth/token", data={"username": "zhang", "password": testkit.PASSWORD}
        )
        testkit.problem(refused, 401, "auth.invalid_credentials")
        assert _token(world, "zhang", NEW_PASSWORD)

    def test_the_api_changes_the_password_and_ends_its_own_token(
        self, world: testkit.World
    ) -> None:
        token = _token(world, "wang")
        body = {"current_password": testkit.PASSWORD, "new_password": NEW_PASSWORD}
        answer = world.client.post("/api/v1/auth/password", json=body, headers=token)
        assert answer.json() == {"ended": 1}
        testkit.problem(
            world.client.get("/api/v1/auth/me", headers=token), 401, "auth.invalid_token"
        )

    def test_a_wrong_current_password_changes_nothing(self, world: testkit.World) -> None:
        token = _token(world, "wang")
        body = {"current_password": "not-my-password-9", "new_password": NEW_PASSWORD}
        response = world.client.post("/api/v1/auth/password", json=body, headers=token)
        testkit.problem(response, 422, "auth.wrong_password")
        assert world.client.get("/api/v1/auth/me", headers=token).status_code == 200
        assert _token(world, "wang")

    def test_the_page_refuses_two_new_passwords_that_differ(self, world: testkit.World) -> None:
        csrf = world.web_login("wang")
        response = world.client.post(
            "/account/password",
            data={
                "csrf_token": csrf,
                "current_password": testkit.PASSWORD,
                "new_password": NEW_PASSWORD,
                "repeat_password": NEW_PASSWORD + "x",
            },
            headers=HTML,
        )
        assert response.status_code == 422
        assert "两次输入的新密码不一致" in response.text
        assert world.client.get("/account/password", headers=HTML).status_code == 200


class TestDeactivation:
    def test_deactivating_a_user_ends_their_sessions_and_tokens_at_once(
        self, world: testkit.World
    ) -> None:
        token = _token(world, "zhang")
        world.web_login("zhang")
        browser = _copy(world)
        admin = _token(world, "root")
        zhang = world.ids["zhang"]
        answer = world.client.post(f"/api/v1/admin/users/{zhang}/deactivate", headers=admin)
        assert answer.json()["is_active"] is False
        testkit.problem(
            world.client.get("/api/v1/auth/me", headers=token), 401, "auth.invalid_token"
        )
        assert _sent_to_login(browser.get("/account/password", headers=HTML), "/account/password")
        refused = world.client.post(
            "/api/v1/auth/token", data={"username": "zhang", "password": testkit.PASSWORD}
        )
        testkit.problem(refused, 401, "auth.invalid_credentials")
        world.client.post(f"/api/v1/admin/users/{zhang}/reactivate", headers=admin)
        assert _token(world, "zhang")

    def test_the_users_page_deactivates_and_reactivates(self, world: testkit.World) -> None:
        token = _token(world, "wang")
        csrf = world.web_login("root")
        wang = world.ids["wang"]
        page = world.client.get("/admin/users", headers=HTML)
        assert 'data-testid="deactivate-wang"' in page.text
        response = world.client.post(
            f"/admin/users/{wang}/deactivate",
            data={"csrf_token": csrf, "page": "1"},
            follow_redirects=False,
        )
        assert response.headers["location"] == f"/admin/users?page=1&done=deactivated&user={wang}"
        testkit.problem(
            world.client.get("/api/v1/auth/me", headers=token), 401, "auth.invalid_token"
        )
        page = world.client.get(response.headers["location"], headers=HTML)
        assert 'data-testid="reactivate-wang"' in page.text
        world.client.post(f"/admin/users/{wang}/reactivate", data={"csrf_token": csrf})
        assert _token(world, "wang")

    def test_an_administrator_cannot_deactivate_themself(self, world: testkit.World) -> None:
        admin = _token(world, "root")
        response = world.client.post(
            f"/api/v1/admin/users/{world.ids['root']}/deactivate", headers=admin
        )
        testkit.problem(response, 422, "input.invalid")

    def test_another_role_cannot_deactivate(self, world: testkit.World) -> None:
        csrf = world.web_login("zhang")
        response = world.client.post(
            f"/admin/users/{world.ids['wang']}/deactivate",
            data={"csrf_token": csrf},
            headers={"accept": "application/json"},
        )
        testkit.problem(response, 403, "auth.permission_denied")
        assert _token(world, "wang")


class TestIdleAndLifetime:
    def test_a_session_left_unused_for_the_idle_time_ends(
        self, world: testkit.World, clock: Clock
    ) -> None:
        # idle 30 min: used at +29 min (idle clock restarts), at +58 min (29 since) it lives;
        # at +88 min (30 since the last use) it has ended
        world.web_login("zhang")
        for minutes, alive in ((29, True), (29, True), (30, False)):
            clock.advance(minutes=minutes)
            response = world.client.get("/account/password", headers=HTML, follow_redirects=False)
            assert (response.status_code == 200) is alive, minutes
        assert f"{COOKIE}=;" in response.headers["set-cookie"]

    def test_a_session_in_use_ends_at_its_lifetime(
        self, world: testkit.World, clock: Clock
    ) -> None:
        # 12 h = 36 steps of 20 min: alive after 35 steps (11 h 40 min), gone at the 36th
        world.web_login("zhang")
        for _ in range(35):
            clock.advance(minutes=20)
            assert world.client.get("/account/password", headers=HTML).status_code == 200
        clock.advance(minutes=20)
        response = world.client.get("/account/password", headers=HTML, follow_redirects=False)
        assert _sent_to_login(response, "/account/password")

    def test_a_token_ends_at_its_lifetime_on_the_server(
        self, world: testkit.World, clock: Clock
    ) -> None:
        headers = _token(world, "zhang")
        clock.advance(minutes=29, seconds=59)
        assert world.client.get("/api/v1/auth/me", headers=headers).status_code == 200
        clock.advance(seconds=1)  # 30 min
        testkit.problem(
            world.client.get("/api/v1/auth/me", headers=headers), 401, "auth.invalid_token"
        )

    def test_a_new_login_gets_a_new_session_id(self, world: testkit.World) -> None:
        world.web_login("zhang")
        first = world.client.cookies.get(COOKIE)
        csrf = world.csrf("/login")
        world.client.post(
            "/login",
            data={"username": "wang", "password": testkit.PASSWORD, "csrf_token": csrf},
            follow_redirects=False,
        )
        assert world.client.cookies.get(COOKIE) not in (None, first)
        thief = TestClient(world.app, follow_redirects=False)
        thief.cookies.set(COOKIE, first or "")
        assert _sent_to_login(thief.get("/account/password", headers=HTML), "/account/password")
