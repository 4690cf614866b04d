"""The officials' targets page and the public progress page in a real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from testkit import World, screenshot

pytestmark = pytest.mark.browser


class TestOfficialsPage:
    def test_entering_values_turns_the_status_from_not_assessed_to_at_risk(
        self, page: Any, live_world: World
    ) -> None:
        live_world.page_login(page, "city")
        page.goto(f"{live_world.url}/targets/2023")
        status = page.locator("[data-testid=status-green_factories] [data-status]")
        assert status.get_attribute("data-status") == "not_assessed"
        for year, value in ((2022, "120"), (2023, "170")):
            page.goto(f"{live_world.url}/targets/{year}")
            row = page.locator("#ind-green_factories")
            row.locator("summary").click()
            form = row.locator("[data-testid=value-form-green_factories]")
            form.locator("input[name=value]").fill(value)
            form.locator("input[name=source_note]").fill(f"{year}年绿色工厂名单")
            form.locator("button[type=submit]").click()
            page.wait_for_load_state()
        # 170 / 300 = 56.7 %; trend +50/yr → 2025: 270 = 90 % of 300 → at risk (amber)
        status = page.locator("[data-testid=status-green_factories] [data-status]")
        assert status.get_attribute("data-status") == "at_risk"
        colour = status.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour == "rgb(212, 154, 6)"  # #d49a06
        page.locator("[data-testid=chart-green_factories] svg").first.wait_for()
        page.locator("[data-testid=chart-energy_intensity] svg").first.wait_for()
        screenshot(page, "targets-official")


class TestPublicPage:
    def test_a_visitor_sees_the_published_lights(self, page: Any, live_world: World) -> None:
        live_world.page_login(page, "city")
        page.goto(f"{live_world.url}/targets/2022")
        page.locator("[data-testid=publish-form] button[value='1']").click()
        page.wait_for_load_state()
        page.context.clear_cookies()
        page.goto(f"{live_world.url}/progress/2022")
        assert page.locator("h1").inner_text().startswith(("规划进展", "Plan progress"))
        cell = page.locator("[data-testid=value-energy_consumption_total]")
        assert cell.inner_text() == "2,358.00"  # demo 2022: 23,580,000 tce = 2,358 ×10^4 tce
        screenshot(page, "targets-public")

    def test_the_county_page_shows_both_dual_controls(self, page: Any, live_world: World) -> None:
        live_world.page_login(page, "city")
        page.goto(f"{live_world.url}/targets/2023/counties")
        form = page.locator("[data-testid=county-form]")
        form.locator("select[name=county_code]").select_option("330421")
        form.locator("select[name=kind]").select_option("energy_intensity_reduction")
        form.locator("input[name=target_value]").fill("14")
        form.locator("input[name=source_note]").fill("示例分解")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        row = page.locator("tr[data-county='330421']")
        assert row.locator("[data-status]").count() == 1
        page.locator("[data-testid=county-chart] svg").first.wait_for()
        screenshot(page, "targets-counties")
