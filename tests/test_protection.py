"""Protection at the door (web/protection.py, ratelimit.py): issue 9, points 7 and 9.

The attacks reproduced: a 300 MB upload read into memory before it was refused; a public tool
fed 110,000 lines; a rate limit that behind a reverse proxy gave everyone one budget; pages
without security headers. Each now fails: the body is refused by its declared length or after
at most the route's cap, the client is the proxy's forwarded address only for a configured
proxy, and every response carries the headers.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import select
import socket
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI, params
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

import testkit
from shuangtan.calculator.schemas import EXAMPLE_DOCUMENT
from shuangtan.ratelimit import WindowCounter, forwarded_client, trusted_networks
from shuangtan.web.protection import MIB, MULTIPART_SLACK, UPLOADS, body_cap

CALCULATE = "/api/v1/accounting/calculate"
LMDI = "/api/v1/analysis/lmdi"
INVENTORY_IMPORT = "/api/v1/inventory/import"
DEFAULT_CAP = 1024 * 1024  # SHUANGTAN_MAX_BODY_BYTES' default, 1 MiB
WORKBOOK_CAP = 5 * MIB + MULTIPART_SLACK  # a 5 MB workbook and its multipart envelope


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run ``coroutine`` to its end on a loop of its own, in a thread of its own: a browser test
    that ran before in this worker may have left an event loop running in this thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def _settings(tmp_path: Path, **overrides: Any) -> Any:
    return testkit.settings(f"sqlite:///{tmp_path / 'door.db'}", tmp_path, **overrides)


@pytest.fixture
def door(tmp_path: Path) -> Iterator[TestClient]:
    """The app over an empty SQLite file (nothing here reads data), as a TestClient."""
    with testkit.world(_settings(tmp_path)) as made:
        yield made.client


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["message_zh"] and body["message_en"]
    return body


# ------------------------------------------------------------------------------ body caps


class TestCaps:
    def test_a_route_without_upload_takes_one_mebibyte_an_upload_route_its_file_and_slack(
        self,
    ) -> None:
        assert body_cap("POST", CALCULATE, DEFAULT_CAP) == (DEFAULT_CAP, None)
        cap, upload = body_cap("POST", INVENTORY_IMPORT, DEFAULT_CAP)
        assert upload is not None and cap == 5 * 1024 * 1024 + 64 * 1024
        cap, upload = body_cap("POST", "/targets/2025/indicators/7/value", DEFAULT_CAP)
        assert upload is not None and cap == 10 * 1024 * 1024 + 64 * 1024
        # the same path with another method, or a path that only begins like one, is no upload
        assert body_cap("PUT", INVENTORY_IMPORT, DEFAULT_CAP) == (DEFAULT_CAP, None)
        assert body_cap("POST", INVENTORY_IMPORT + "/x", DEFAULT_CAP) == (DEFAULT_CAP, None)

    def test_every_route_that_takes_a_file_has_an_upload_cap(self, door: TestClient) -> None:
        app: FastAPI = door.app  # type: ignore[assignment]
        takes_a_file = [
            route.path
            for route in iter_route_contexts(app.routes)
            if isinstance(getattr(route, "dependant", None), Dependant)
            and any(isinstance(p.field_info, params.File) for p in route.dependant.body_params)
        ]
        assert len(takes_a_file) >= 5, takes_a_file
        for path in takes_a_file:
            concrete = re.sub(r"\{[^}]+\}", "1", path)
            assert body_cap("POST", concrete, DEFAULT_CAP)[1] is not None, path
        assert {u.name_en for u in UPLOADS} == {"Excel workbook", "attachment"}


class TestBodyTooLarge:
    def test_a_declared_length_over_the_cap_is_refused_before_anything_is_read(
        self, door: TestClient
    ) -> None:
        body = (json.dumps(EXAMPLE_DOCUMENT) + " " * DEFAULT_CAP).encode()
        response = door.post(CALCULATE, content=body, headers={"content-type": "application/json"})
        problem = assert_problem(response, 413, "request.too_large")
        assert problem["limit_bytes"] == DEFAULT_CAP
        assert "1 MB" in problem["message_zh"] and "1 MB" in problem["message_en"]

    def test_an_upload_over_five_megabytes_names_the_workbook_limit(self, door: TestClient) -> None:
        files = {"file": ("big.xlsx", b"\0" * (5 * MIB + MULTIPART_SLACK), "application/zip")}
        response = door.post(INVENTORY_IMPORT, files=files)  # anonymous: refused at the door
        problem = assert_problem(response, 413, "request.too_large")
        assert "5 MB" in problem["message_zh"] and "Excel" in problem["message_en"]

    def test_a_body_just_under_the_cap_reaches_the_handler(self, door: TestClient) -> None:
        body = (json.dumps(EXAMPLE_DOCUMENT) + " " * (DEFAULT_CAP - 4096)).encode()
        assert len(body) < DEFAULT_CAP
        response = door.post(CALCULATE, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 200, response.text

    def test_a_streamed_body_is_cut_off_at_the_cap_and_the_rest_never_read(
        self, door: TestClient
    ) -> None:
        """No Content-Length: the door counts the chunks as the handler asks for them."""
        app = door.app
        chunk = b"x" * (64 * 1024)
        total = 300 * MIB // len(chunk)  # 300 MB, if anyone read it all
        asked = 0
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            nonlocal asked
            asked += 1
            return {"type": "http.request", "body": chunk, "more_body": asked < total}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": CALCULATE,
            "raw_path": CALCULATE.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": [(b"content-type", b"application/json"), (b"host", b"testserver")],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
            "state": {},
        }
        _run(app(scope, receive, send))  # type: ignore[arg-type]
        # 1 MiB is 16 chunks of 64 KiB: the 17th passes the cap and nothing after it is asked
        assert asked == DEFAULT_CAP // len(chunk) + 1
        start = next(m for m in sent if m["type"] == "http.response.start")
        assert start["status"] == 413
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        assert json.loads(body)["code"] == "request.too_large"

    def test_a_browser_gets_an_error_page_in_its_language(self, door: TestClient) -> None:
        response = door.post(
            "/calculator",
            content=b"x" * (DEFAULT_CAP + 1),
            headers={
                "content-type": "application/x-www-form-urlencoded",
                "accept": "text/html",
            },
        )
        assert response.status_code == 413
        assert response.headers["content-type"].startswith("text/html")
        assert "1 MB" in response.text


class TestThreeHundredMegabytes:
    """Over a real socket: the refusal arrives while the client is still sending."""

    @staticmethod
    def _head(path: str, length: str) -> bytes:
        return (
            f"POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            f"{length}\r\n\r\n"
        ).encode()

    @staticmethod
    def _status(sock: socket.socket) -> int:
        answer = b""
        while b"\r\n" not in answer:
            got = sock.recv(4096)
            if not got:
                break
            answer += got
        return int(answer.split(b" ", 2)[1])

    def test_a_declared_300_megabytes_is_answered_before_a_byte_of_body(
        self, tmp_path: Path
    ) -> None:
        with testkit.world(_settings(tmp_path), live=True) as made:
            host, port = urlsplit(made.url).hostname, urlsplit(made.url).port
            with socket.create_connection((host, port), timeout=30) as sock:
                began = time.perf_counter()
                sock.sendall(self._head(INVENTORY_IMPORT, f"Content-Length: {300 * MIB}"))
                assert self._status(sock) == 413
                assert time.perf_counter() - began < 5

    def test_a_chunked_300_megabytes_is_refused_after_about_the_cap(self, tmp_path: Path) -> None:
        chunk = b"x" * MIB
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        with testkit.world(_settings(tmp_path), live=True) as made:
            host, port = urlsplit(made.url).hostname, urlsplit(made.url).port
            with socket.create_connection((host, port), timeout=30) as sock:
                sock.sendall(self._head(INVENTORY_IMPORT, "Transfer-Encoding: chunked"))
                part = (
                    b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n'
                    b"Content-Type: application/octet-stream\r\n\r\n"
                )
                sock.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                sent = 0
                began = time.perf_counter()
                while sent < 300 * MIB:
                    readable, writable, _ = select.select([sock], [sock], [], 30)
                    if readable:
                        break
                    if writable:
                        try:
                            sent += sock.send(frame)
                        except OSError:  # the server closed its side
                            break
                status = self._status(sock)
                seconds = time.perf_counter() - began
        assert status == 413
        # the cap (5 MiB + 64 KiB) plus what the kernel's buffers held: far from 300 MB
        assert sent < 64 * MIB, sent
        assert seconds < 10


# ----------------------------------------------------------------------------- line limits


class TestPublicTools:
    def test_110000_calculator_lines_are_refused_at_the_door(self, door: TestClient) -> None:
        line = {"id": "a", "activity": "purchased_electricity", "quantity": 1, "unit": "MWh"}
        document = {**EXAMPLE_DOCUMENT, "lines": [line] * 110_000}
        response = door.post(CALCULATE, json=document)
        assert_problem(response, 413, "request.too_large")

    def test_lmdi_with_more_values_than_the_limit_is_refused_zh_en(self, door: TestClient) -> None:
        # 3 factors × 400 sub-categories × 84 years = 100,800 numbers > 100,000, in 0.9 MB
        factors = ["a", "b", "c"]
        data = {str(2000 + y): {f"s{i}": [1, 1, 1] for i in range(400)} for y in range(84)}
        body = json.dumps({"factors": factors, "data": data})
        assert len(body) < DEFAULT_CAP
        response = door.post(LMDI, content=body, headers={"content-type": "application/json"})
        problem = assert_problem(response, 422, "analysis.invalid_input")
        assert "100000" in problem["message_zh"] and "100800" in problem["message_en"]


# ------------------------------------------------------------------------------ the client


NETS = trusted_networks("10.0.0.5, 172.16.0.0/12")


class TestForwardedClient:
    def test_without_trusted_proxies_the_socket_peer_counts_and_the_header_is_ignored(
        self,
    ) -> None:
        assert forwarded_client("203.0.113.9", ["198.51.100.1"], ()) == "203.0.113.9"

    def test_a_header_from_an_untrusted_peer_is_ignored(self) -> None:
        assert forwarded_client("203.0.113.9", ["198.51.100.1"], NETS) == "203.0.113.9"

    def test_behind_a_trusted_proxy_the_forwarded_address_counts(self) -> None:
        assert forwarded_client("10.0.0.5", ["198.51.100.1"], NETS) == "198.51.100.1"

    def test_what_the_client_wrote_left_of_the_proxy_is_ignored(self) -> None:
        # the client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the real address
        assert forwarded_client("10.0.0.5", ["1.1.1.1, 198.51.100.1"], NETS) == "198.51.100.1"

    def test_a_chain_of_trusted_proxies_is_walked_from_the_right(self) -> None:
        hops = ["198.51.100.1, 172.16.3.4", "172.20.0.1"]  # two header lines, two proxies
        assert forwarded_client("10.0.0.5", hops, NETS) == "198.51.100.1"

    def test_an_ipv6_client_counts_by_its_64_network(self) -> None:
        first = forwarded_client("10.0.0.5", ["2001:db8:1:2::1"], NETS)
        second = forwarded_client("10.0.0.5", ["[2001:db8:1:2:ffff::9]:443"], NETS)
        assert first == second == "2001:db8:1:2::/64"

    def test_a_bad_setting_is_named(self) -> None:
        with pytest.raises(ValueError, match="not-an-address"):
            trusted_networks("10.0.0.1,not-an-address")

    def test_two_clients_behind_one_proxy_have_their_own_budgets(self, tmp_path: Path) -> None:
        settings = _settings(tmp_path, trusted_proxies="10.0.0.5")
        with (
            testkit.app(settings) as app,
            TestClient(app, client=("10.0.0.5", 40000)) as client,
        ):
            app.state.public_rate_limiter = WindowCounter(2, clock=lambda: 600.0)

            def status(forwarded: str) -> int:
                headers = {"x-forwarded-for": forwarded}
                return client.post(CALCULATE, json=EXAMPLE_DOCUMENT, headers=headers).status_code

            alice = [status("198.51.100.1") for _ in range(3)]
            bob = [status("198.51.100.2") for _ in range(2)]
            # Alice cannot escape by writing her own header: the proxy's right-most entry counts
            forged = status("198.51.100.7, 198.51.100.1")
        assert alice == [200, 200, 429] and bob == [200, 200] and forged == 429

    def test_an_untrusted_peer_cannot_spend_anyone_elses_budget(self, tmp_path: Path) -> None:
        with testkit.app(_settings(tmp_path)) as app, TestClient(app) as client:
            app.state.public_rate_limiter = WindowCounter(2, clock=lambda: 600.0)
            statuses = [
                client.post(
                    CALCULATE, json=EXAMPLE_DOCUMENT, headers={"x-forwarded-for": f"192.0.2.{i}"}
                ).status_code
                for i in range(3)
            ]
        assert statuses == [200, 200, 429]


# -------------------------------------------------------------------------------- headers


PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class TestHeaders:
    def test_a_page_loads_only_its_own_assets_and_is_not_framed_or_kept(
        self, door: TestClient
    ) -> None:
        response = door.get("/calculator")
        assert response.status_code == 200
        headers = response.headers
        assert headers["content-security-policy"] == PAGE_POLICY
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["cache-control"] == "no-store"
        assert "strict-transport-security" not in headers  # plain HTTP: no HSTS

    def test_an_api_answer_and_a_problem_load_nothing_and_are_not_kept(
        self, door: TestClient
    ) -> None:
        for response in (door.get("/api/v1/accounting/fuels"), door.get("/api/v1/auth/me")):
            assert response.headers["content-security-policy"] == (
                "default-src 'none'; frame-ancestors 'none'"
            )
            assert response.headers["cache-control"] == "no-store"
            assert response.headers["x-content-type-options"] == "nosniff"

    def test_static_assets_may_be_cached(self, door: TestClient) -> None:
        response = door.get("/static/css/app.css")
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("cache-control", "")
        assert response.headers["x-content-type-options"] == "nosniff"

    def test_the_api_docs_allow_their_one_inline_script_by_its_hash(self, door: TestClient) -> None:
        response = door.get("/docs")
        (script,) = re.findall(r"<script>(.*?)</script>", response.text, flags=re.DOTALL)
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert (
            f"script-src 'self' 'sha256-{digest}';" in response.headers["content-security-policy"]
        )

    def test_over_https_hsts_is_sent_and_every_cookie_is_secure(self, tmp_path: Path) -> None:
        with testkit.world(_settings(tmp_path, secure_cookies=True)) as made:
            response = made.client.get("/login")
            assert response.headers["strict-transport-security"] == "max-age=31536000"
            assert "upgrade-insecure-requests" in response.headers["content-security-policy"]
            cookies = response.headers.get_list("set-cookie")
            assert cookies, "the login page sets the session cookie"
            for cookie in cookies:
                assert "secure" in [part.strip().lower() for part in cookie.split(";")]


class TestUnexpectedError:
    def test_a_500_is_the_applications_problem_with_the_headers(self, tmp_path: Path) -> None:
        """A handler that fails: the door answers through the app's own 500 handler, so the
        answer carries the headers too, and raises on for the server to log."""
        from fastapi.responses import JSONResponse

        from shuangtan.web.protection import Door, Headers

        async def failing(scope: Any, receive: Any, send: Any) -> None:
            raise RuntimeError("boom")

        def handler(request: Any, exc: Exception) -> JSONResponse:
            return JSONResponse({"code": "internal_error"}, status_code=500)

        door = Door(
            failing,
            headers=Headers.of(_settings(tmp_path), None),
            default_cap=DEFAULT_CAP,
            handler=lambda: handler,
        )
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": "/x", "headers": [], "query_string": b""}
        with pytest.raises(RuntimeError, match="boom"):
            _run(door(scope, receive, send))
        start = sent[0]
        headers = dict(start["headers"])
        assert start["status"] == 500
        assert headers[b"cache-control"] == b"no-store"
        assert headers[b"x-frame-options"] == b"DENY"
        assert headers[b"content-security-policy"] == b"default-src 'none'; frame-ancestors 'none'"
