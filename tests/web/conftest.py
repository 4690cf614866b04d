"""A live server on each database backend and one headless Chromium for the page tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from shuangtan.app import create_app
from shuangtan.config import Settings
from shuangtan.db import make_engine, make_session_factory, session_scope


@dataclass(frozen=True)
class LiveServer:
    url: str
    logins: dict[str, str]  # username -> password of the demo users


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(migrated_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    from shuangtan.demo import load_demo

    engine = make_engine(migrated_url)
    with session_scope(make_session_factory(engine)) as session:
        result = load_demo(session=session)
    engine.dispose()
    settings = Settings(database_url=migrated_url, secret_key="browser-test", var_dir=tmp_path)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(
            url=f"http://127.0.0.1:{port}",
            logins={username: password for username, password, _ in result.logins},
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def log_in(page: Any, server: LiveServer, username: str) -> None:
    """Log ``username`` in through the login form; lands on the home page."""
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server.logins[username])
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{server.url}/")
