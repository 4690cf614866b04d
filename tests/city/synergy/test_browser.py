"""The synergy pages in a real headless Chromium, with screenshots (var/screenshots/)."""

from __future__ import annotations

from typing import Any

import pytest

from testkit import World, screenshot

from .conftest import JIASHAN, XIUZHOU, YEAR

pytestmark = pytest.mark.browser


class TestYearPage:
    def test_an_official_sees_the_ranking_and_charts_and_drills_into_a_county(
        self, page: Any, live_world: World
    ) -> None:
        live_world.page_login(page, "city")
        page.goto(f"{live_world.url}/synergy/{YEAR}")
        rows = page.locator("[data-testid=ranking] tbody tr")
        assert rows.count() == 3
        assert "嘉善县" in rows.nth(0).inner_text() and "优质协调" in rows.nth(0).inner_text()
        page.locator("[data-testid=ranking-chart] svg").wait_for()
        page.locator("[data-testid=quadrant-chart] svg").wait_for()
        screenshot(page, "synergy-year")
        page.click(f"[data-testid=county-link-{XIUZHOU}]")
        page.wait_for_load_state()
        assert page.locator("[data-testid=county-index]").inner_text().startswith("50.0")
        assert page.locator("[data-testid=county-band]").inner_text() == "中级协调"
        pm25 = page.locator("[data-testid=row-pm25_concentration]").inner_text()
        assert "25.000" in pm25 and "0.5000" in pm25 and "4.55" in pm25  # 100 × (1/11) × 0.5
        page.locator("[data-testid=radar-chart] svg").wait_for()
        screenshot(page, "synergy-county")


class TestInputsPage:
    def test_a_county_official_enters_a_value_with_its_source(
        self, page: Any, live_world: World
    ) -> None:
        live_world.page_login(page, "jiashan")
        page.goto(f"{live_world.url}/synergy/{YEAR}/inputs")
        page.fill("input[name=v_pm25_concentration]", "22.4")
        page.fill("input[name=s_pm25_concentration]", "嘉善县2024年生态环境状况公报")
        page.click("[data-testid=inputs-form] button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("[data-testid=saved]").count() == 1
        assert page.input_value("input[name=v_pm25_concentration]") == "22.4"
        screenshot(page, "synergy-inputs")
        page.goto(f"{live_world.url}/synergy/{YEAR}/{JIASHAN}")
        screenshot(page, "synergy-county-jiashan")
