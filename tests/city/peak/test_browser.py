"""The peak pages in a real headless Chromium: save a scenario and compare it; a refused form
writes nothing; screenshots of each view."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from shuangtan.city.peak.models import PeakScenario
from testkit import World, screenshot

pytestmark = pytest.mark.browser


def _scenarios(live: World) -> int:
    with live.session() as session:
        return int(session.scalar(select(func.count()).select_from(PeakScenario)) or 0)


class TestOverviewPage:
    def test_an_official_sees_the_shipped_scenarios_and_the_charts(
        self, page: Any, live_world: World
    ) -> None:
        live_world.page_login(page, "city")
        page.goto(f"{live_world.url}/peak")
        rows = page.locator("[data-testid=scenario-table] tbody tr")
        assert rows.count() == 3
        # Published 2020 base (C/E assumed 2.1): shipped rates peak in 2035 / 2030 / 2025.
        years = page.locator("[data-testid=peak-year]").all_inner_texts()
        assert years == ["2035", "2030", "2025"]
        page.locator("[data-testid=projection-chart] svg").first.wait_for()
        page.locator("[data-testid=probability-chart] svg").first.wait_for()
        assert page.locator("[data-testid=jiashan-panel]").count() == 1
        screenshot(page, "peak-overview")


class TestSaveAndCompare:
    def test_a_saved_scenario_appears_in_the_comparison(self, page: Any, live_world: World) -> None:
        live_world.page_login(page, "city")
        page.goto(f"{live_world.url}/peak/scenarios/new?scope_kind=city")
        page.fill("input[name=name]", "测试情景 browser")
        page.fill("[data-testid=rate-0-energy_intensity]", "-4")
        screenshot(page, "peak-editor-new")
        page.click("[data-testid=save-scenario]")
        page.wait_for_load_state()
        assert "/peak/scenarios/" in page.url
        page.locator("[data-testid=projection-chart] svg").first.wait_for()
        screenshot(page, "peak-editor-saved")
        assert _scenarios(live_world) == 4
        page.goto(f"{live_world.url}/peak")
        page.click("[data-testid=compare-button]")
        page.wait_for_load_state()
        table = page.locator("[data-testid=compare-table]").inner_text()
        assert "测试情景 browser" in table and "强化情景 Enhanced" in table
        assert page.locator("[data-testid=compare-table] tbody tr").count() == 4
        page.locator("[data-testid=projection-chart] svg").first.wait_for()
        assert (
            page.locator("[data-testid=export-xlsx]").get_attribute("href").endswith("format=xlsx")
        )
        screenshot(page, "peak-compare")


class TestRefusedForm:
    def test_a_period_gap_is_refused_with_a_chinese_message_and_nothing_is_written(
        self, page: Any, live_world: World
    ) -> None:
        live_world.page_login(page, "city")
        page.goto(f"{live_world.url}/peak/scenarios/new?scope_kind=city")
        page.fill("input[name=name]", "不完整")
        page.locator("input[name=first_year]").nth(1).fill("2027")  # 2026 is now uncovered
        page.click("[data-testid=save-scenario]")
        page.wait_for_load_state()
        error = page.locator("[data-testid=scenario-error]").inner_text()
        assert "2026" in error and "没有覆盖" in error
        assert page.locator("input[name=name]").input_value() == "不完整"  # the entry is kept
        assert _scenarios(live_world) == 3
        screenshot(page, "peak-editor-refused")
