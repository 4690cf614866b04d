"""Bounded password hashing (issue 9, point 6): 32 parallel logins cannot take 32 × 64 MiB.

Every Argon2 check a request can cause waits for a slot of the process's gate
(``password_hash_concurrency``, default 2) for at most ``password_hash_wait_seconds``, and is
otherwise refused with 503 ``auth.busy``, before anything is checked or counted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import testkit
from shuangtan.auth import passwords
from shuangtan.auth.errors import PasswordCheckBusy
from shuangtan.auth.passwords import HashGate

from .conftest import people

PARALLEL = 32
"""The attack's parallel logins (issue 9: 32 at 10.5 guesses a second)."""
WAIT = 600
"""Seconds a test waits for the other requests at most (a bound on a stuck test, not a pause:
each wait ends as soon as what it waits for happens)."""


def _post_all(
    url: str, forms: list[dict[str, str]], answered: Callable[[], None] = lambda: None
) -> list[int]:
    """POST each form to ``/api/v1/auth/token`` at once (one thread each), calling
    ``answered`` as each answer comes; the statuses."""
    limits = httpx.Limits(max_connections=len(forms), max_keepalive_connections=len(forms))

    def post(form: dict[str, str]) -> int:
        status = http.post("/api/v1/auth/token", data=form).status_code
        answered()
        return status

    with (
        httpx.Client(base_url=url, timeout=WAIT, limits=limits) as http,
        ThreadPoolExecutor(len(forms)) as pool,
    ):
        return list(pool.map(post, forms))


class TestHashGate:
    def test_a_third_caller_is_refused_while_two_hold_the_slots(self) -> None:
        gate = HashGate(2, wait_seconds=0)
        with gate.slot(), gate.slot(), pytest.raises(PasswordCheckBusy) as refused:
            gate.verify(None, "whatever-password")
        assert (refused.value.status, refused.value.code) == (503, "auth.busy")
        assert refused.value.extra["retry_after"] == 1
        with gate.slot():  # the slots came back
            pass

    def test_a_waiting_caller_gets_the_slot_that_is_freed(self) -> None:
        gate = HashGate(1, wait_seconds=30)
        holding, got = threading.Event(), threading.Event()
        release = threading.Event()

        def hold() -> None:
            with gate.slot():
                holding.set()
                release.wait(WAIT)

        def wait_for_it() -> None:
            with gate.slot():
                got.set()

        with ThreadPoolExecutor(2) as pool:
            pool.submit(hold)
            assert holding.wait(30)
            waiter = pool.submit(wait_for_it)
            assert not got.is_set()
            release.set()
            waiter.result(30)
        assert got.is_set()

    def test_a_gate_needs_a_slot(self) -> None:
        with pytest.raises(ValueError):
            HashGate(0, wait_seconds=1)


class TestParallelLogins:
    def test_every_slot_taken_is_a_503_and_nothing_is_counted(self, world: testkit.World) -> None:
        world.app.state.password_gate = HashGate(2, wait_seconds=0)
        gate: HashGate = world.app.state.password_gate
        client = TestClient(world.app)
        with gate.slot(), gate.slot():
            for _ in range(6):  # more than the 5 failures that would lock the account
                response = client.post(
                    "/api/v1/auth/token", data={"username": "zhang", "password": "wrong-1-x"}
                )
                testkit.problem(response, 503, "auth.busy")
                assert response.headers["retry-after"] == "1"
        assert testkit.bearer(client, "zhang")  # nothing was counted: not locked

    def test_32_parallel_logins_check_at_most_two_passwords_at_once(
        self, worlds: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # the first two logins to get a slot hold it until the 30 others have their answer;
        # with no wait (password_hash_wait_seconds 0) those are refused at once: 30 × 503,
        # then the two finish: 2 × 200 — and never did more than 2 checks run at the same time
        inside, most, answers = [0], [0], [0]
        changed = threading.Condition()
        verify = passwords.verify_password

        def held(password_hash: str, password: str) -> bool:
            with changed:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
                others = changed.wait_for(lambda: answers[0] >= PARALLEL - 2, timeout=WAIT)
            assert others, f"{answers[0]} answers came while two checks were held"
            try:
                return verify(password_hash, password)
            finally:
                with changed:
                    inside[0] -= 1

        def one_more() -> None:
            with changed:
                answers[0] += 1
                changed.notify_all()

        monkeypatch.setattr(passwords, "verify_password", held)
        with worlds(people, live=True, password_hash_wait_seconds=0) as world:
            form = {"username": "zhang", "password": testkit.PASSWORD}
            statuses = sorted(_post_all(world.url, [form] * PARALLEL, one_more))
        assert statuses == [200, 200] + [503] * (PARALLEL - 2)
        assert most[0] <= 2  # (1 when one holder finished before the other got in)

    def test_32_parallel_guesses_at_one_account_check_only_five_passwords(
        self, worlds: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # each attempt is counted before its password is checked, under the row's lock: the
        # first 5 (login_max_failures) are checked, the 6th locks the account, the rest are
        # refused unchecked, however many arrive at once
        checks: list[str] = []
        lock = threading.Lock()
        verify = passwords.verify_password

        def counted(password_hash: str, password: str) -> bool:
            with lock:
                checks.append(password)
            return verify(password_hash, password)

        monkeypatch.setattr(passwords, "verify_password", counted)
        with worlds(people, live=True, password_hash_concurrency=PARALLEL) as world:
            forms = [
                {"username": "zhang", "password": f"guess-number-{n}"} for n in range(PARALLEL)
            ]
            statuses = _post_all(world.url, forms)
            assert len(checks) == 5
            assert set(statuses) == {401, 423}
            with httpx.Client(base_url=world.url) as http:
                right = http.post(
                    "/api/v1/auth/token", data={"username": "zhang", "password": testkit.PASSWORD}
                )
            assert right.status_code == 423
