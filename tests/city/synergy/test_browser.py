"""The synergy pages in a real headless Chromium, with screenshots (var/screenshots/)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from page_helpers import log_in, screenshot
from shuangtan.city.synergy import service
from shuangtan.config import Settings
from shuangtan.db import make_engine, make_session_factory, session_scope
from shuangtan.place.configuration import load_city, sync_city

from .conftest import JIASHAN, PASSWORD, XIUZHOU, YEAR, seed_inputs, seed_users

pytestmark = pytest.mark.browser


@pytest.fixture
def live_url(migrated_url: str, tmp_path: Path) -> Iterator[str]:
    """A live server over the seeded inputs, with 2024 computed (entropy)."""
    from shuangtan.app import create_app

    engine = make_engine(migrated_url)
    with session_scope(make_session_factory(engine)) as session:
        sync_city(session=session, config=load_city("jiaxing"))
        session.flush()
        seed_inputs(session)
        seed_users(session)
        service.compute_year(session=session, actor=None, year=YEAR)
    engine.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    settings = Settings(database_url=migrated_url, secret_key="browser-test", var_dir=tmp_path)
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
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _login(page: Any, url: str, username: str) -> None:
    log_in(page, url, username, PASSWORD)


_shot = screenshot


class TestYearPage:
    def test_an_official_sees_the_ranking_and_charts_and_drills_into_a_county(
        self, page: Any, live_url: str
    ) -> None:
        _login(page, live_url, "city")
        page.goto(f"{live_url}/synergy/{YEAR}")
        rows = page.locator("[data-testid=ranking] tbody tr")
        assert rows.count() == 3
        assert "嘉善县" in rows.nth(0).inner_text() and "优质协调" in rows.nth(0).inner_text()
        page.locator("[data-testid=ranking-chart] svg").wait_for()
        page.locator("[data-testid=quadrant-chart] svg").wait_for()
        _shot(page, "synergy-year")
        page.click(f"[data-testid=county-link-{XIUZHOU}]")
        page.wait_for_load_state()
        assert page.locator("[data-testid=county-index]").inner_text().startswith("50.0")
        assert page.locator("[data-testid=county-band]").inner_text() == "中级协调"
        pm25 = page.locator("[data-testid=row-pm25_concentration]").inner_text()
        assert "25.000" in pm25 and "0.5000" in pm25 and "4.55" in pm25  # 100 × (1/11) × 0.5
        page.locator("[data-testid=radar-chart] svg").wait_for()
        _shot(page, "synergy-county")


class TestInputsPage:
    def test_a_county_official_enters_a_value_with_its_source(
        self, page: Any, live_url: str
    ) -> None:
        _login(page, live_url, "jiashan")
        page.goto(f"{live_url}/synergy/{YEAR}/inputs")
        page.fill("input[name=v_pm25_concentration]", "22.4")
        page.fill("input[name=s_pm25_concentration]", "嘉善县2024年生态环境状况公报")
        page.click("[data-testid=inputs-form] button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("[data-testid=saved]").count() == 1
        assert page.input_value("input[name=v_pm25_concentration]") == "22.4"
        _shot(page, "synergy-inputs")
        page.goto(f"{live_url}/synergy/{YEAR}/{JIASHAN}")
        _shot(page, "synergy-county-jiashan")
