"""Login throttling and lockout (issue 9, point 6), through the API and the login page.

The defaults (``shuangtan.config``): an account is locked after 5 failed logins
(``login_max_failures``) within 15 minutes (``login_failure_window_minutes``), for 15 minutes
(``login_lockout_minutes``); an address is refused after 30 failed logins in the window
(``login_max_client_failures``), whichever accounts it tried.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

import testkit
from shuangtan.auth import passwords

from .conftest import Clock

WRONG = "not-the-password-7"
HTML = {"accept": "text/html"}


def _client(world: testkit.World, address: str = "198.51.100.1") -> TestClient:
    """A browser or API client at ``address`` (documentation range, RFC 5737), no cookies."""
    return TestClient(world.app, client=(address, 50000), follow_redirects=False)


def _token(client: TestClient, username: str, password: str) -> Response:
    return client.post("/api/v1/auth/token", data={"username": username, "password": password})


class TestAccountLockout:
    def test_200_wrong_passwords_then_the_right_one_is_refused(
        self, world: testkit.World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        checks: list[str] = []
        verify = passwords.verify_password

        def counted(password_hash: str, password: str) -> bool:
            checks.append(password)
            return verify(password_hash, password)

        monkeypatch.setattr(passwords, "verify_password", counted)
        attacker = _client(world)
        statuses = [_token(attacker, "zhang", WRONG).status_code for _ in range(200)]
        # failures 1-4 are 401; the 5th locks the account (423); 6-200 are refused unchecked
        assert statuses == [401] * 4 + [423] * 196
        assert len(checks) == 5
        right = _token(attacker, "zhang", testkit.PASSWORD)
        testkit.problem(right, 423, "auth.account_locked")
        assert right.headers["retry-after"] == "900"  # 15 min, the clock has not moved
        owner = _token(_client(world, "192.0.2.8"), "zhang", testkit.PASSWORD)
        testkit.problem(owner, 423, "auth.account_locked")  # the lock is the account's
        assert len(checks) == 5
        assert _token(attacker, "wang", testkit.PASSWORD).status_code == 200

    def test_the_lock_says_so_in_chinese_and_english(self, world: testkit.World) -> None:
        attacker = _client(world)
        for _ in range(5):
            _token(attacker, "zhang", WRONG)
        body = _token(attacker, "zhang", testkit.PASSWORD).json()
        assert body["message_zh"] == (
            "登录失败次数过多,账号已被锁定。请 15 分钟后再试,或联系系统管理员解锁。"
        )
        assert body["message_en"] == (
            "Too many failed logins: the account is locked. Try again in 15 min "
            "or ask an administrator to unlock it."
        )
        for lang, text in (("zh-CN", "账号已被锁定"), ("en", "the account is locked")):
            attacker.cookies.set("lang", lang)
            page = attacker.post(
                "/login",
                data={
                    "username": "zhang",
                    "password": testkit.PASSWORD,
                    "csrf_token": testkit.csrf(attacker, "/login"),
                },
                headers=HTML,
            )
            assert page.status_code == 423
            assert text in page.text

    def test_the_lock_ends_after_the_lockout_time(self, world: testkit.World, clock: Clock) -> None:
        attacker = _client(world)
        for _ in range(5):
            _token(attacker, "zhang", WRONG)
        clock.advance(minutes=14, seconds=59)
        testkit.problem(_token(attacker, "zhang", testkit.PASSWORD), 423, "auth.account_locked")
        clock.advance(seconds=1)
        assert _token(attacker, "zhang", testkit.PASSWORD).status_code == 200

    def test_failures_spread_beyond_the_window_do_not_lock(
        self, world: testkit.World, clock: Clock
    ) -> None:
        # 4 failures, 15 min later the window restarts: 4 more leave it unlocked (4 < 5)
        attacker = _client(world)
        for _ in range(4):
            testkit.problem(_token(attacker, "zhang", WRONG), 401, "auth.invalid_credentials")
        clock.advance(minutes=15)
        for _ in range(4):
            testkit.problem(_token(attacker, "zhang", WRONG), 401, "auth.invalid_credentials")
        assert _token(attacker, "zhang", testkit.PASSWORD).status_code == 200

    def test_a_success_clears_the_count(self, world: testkit.World) -> None:
        # 4 failures, a success, 4 failures: never 5 in a row, never locked
        attacker = _client(world)
        for _ in range(4):
            _token(attacker, "zhang", WRONG)
        assert _token(attacker, "zhang", testkit.PASSWORD).status_code == 200
        for _ in range(4):
            testkit.problem(_token(attacker, "zhang", WRONG), 401, "auth.invalid_credentials")
        assert _token(attacker, "zhang", testkit.PASSWORD).status_code == 200

    def test_an_unknown_username_locks_like_a_real_one(self, world: testkit.World) -> None:
        # so that a lock does not tell which usernames exist
        attacker = _client(world)
        statuses = [_token(attacker, "ghost", WRONG).status_code for _ in range(6)]
        assert statuses == [401] * 4 + [423] * 2


class TestAdminUnlock:
    def _lock(self, world: testkit.World, username: str) -> None:
        attacker = _client(world, "203.0.113.66")
        for _ in range(5):
            _token(attacker, username, WRONG)
        testkit.problem(_token(attacker, username, testkit.PASSWORD), 423, "auth.account_locked")

    def test_the_users_page_shows_the_lock_and_unlocks(self, world: testkit.World) -> None:
        self._lock(world, "zhang")
        csrf = world.web_login("root")
        page = world.client.get("/admin/users", headers=HTML)
        assert 'data-testid="unlock-zhang"' in page.text
        assert "锁定至 2026-03-02 09:15(UTC)" in page.text  # the clock's 09:00 + 15 min
        zhang = world.ids["zhang"]
        response = world.client.post(
            f"/admin/users/{zhang}/unlock",
            data={"csrf_token": csrf, "page": "1"},
            follow_redirects=False,
        )
        assert response.headers["location"] == f"/admin/users?page=1&done=unlocked&user={zhang}"
        assert 'data-testid="unlock-zhang"' not in world.client.get("/admin/users").text
        assert _token(_client(world), "zhang", testkit.PASSWORD).status_code == 200

    def test_the_api_lists_the_lock_and_unlocks(self, world: testkit.World) -> None:
        admin = testkit.bearer(_client(world, "192.0.2.1"), "root")
        self._lock(world, "wang")
        users = world.client.get("/api/v1/admin/users", headers=admin).json()["items"]
        locks = {u["username"]: u["locked_until"] for u in users}
        # locked at 09:00 on the test clock for 15 minutes; times answer in the API's one
        # form, UtcTime (YYYY-MM-DDTHH:MM:SS.ffffffZ)
        assert locks == {"root": None, "zhang": None, "wang": "2026-03-02T09:15:00.000000Z"}
        response = world.client.post(
            f"/api/v1/admin/users/{world.ids['wang']}/unlock", headers=admin
        )
        assert response.status_code == 200
        assert _token(_client(world), "wang", testkit.PASSWORD).status_code == 200

    def test_only_an_administrator_unlocks(self, world: testkit.World) -> None:
        self._lock(world, "wang")
        zhang = testkit.bearer(_client(world, "192.0.2.2"), "zhang")
        response = world.client.post(
            f"/api/v1/admin/users/{world.ids['wang']}/unlock", headers=zhang
        )
        testkit.problem(response, 403, "auth.permission_denied")
        testkit.problem(
            _token(_client(world), "wang", testkit.PASSWORD), 423, "auth.account_locked"
        )


class TestClientThrottle:
    def test_an_address_guessing_across_accounts_is_refused(
        self, world: testkit.World, clock: Clock
    ) -> None:
        # 30 failures on 30 usernames (one each: no account reaches 5), then the address is
        # refused for the rest of its 15-minute window, the right password too
        attacker = _client(world)
        statuses = {_token(attacker, f"guess{n}", WRONG).status_code for n in range(30)}
        assert statuses == {401}
        refused = _token(attacker, "zhang", testkit.PASSWORD)
        testkit.problem(refused, 429, "auth.too_many_attempts")
        assert refused.headers["retry-after"] == "900"
        assert _token(_client(world, "192.0.2.9"), "zhang", testkit.PASSWORD).status_code == 200
        clock.advance(minutes=15)
        assert _token(attacker, "zhang", testkit.PASSWORD).status_code == 200

    def test_the_login_page_answers_429_in_chinese(self, world: testkit.World) -> None:
        attacker = _client(world)
        for n in range(30):
            _token(attacker, f"guess{n}", WRONG)
        page = attacker.post(
            "/login",
            data={
                "username": "zhang",
                "password": testkit.PASSWORD,
                "csrf_token": testkit.csrf(attacker, "/login"),
            },
            headers=HTML,
        )
        assert page.status_code == 429
        assert "来自此网络地址的登录失败次数过多,请 15 分钟后再试。" in page.text


def _actions(world: testkit.World, admin: dict[str, str]) -> list[tuple[Any, ...]]:
    body = world.client.get("/api/v1/audit?page_size=100&entity_type=login", headers=admin).json()
    return [(e["action"], e["entity_id"]) for e in reversed(body["items"])]
