"""The inventory page and the entry form in a real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from testkit import World, screenshot

pytestmark = pytest.mark.browser


class TestInventoryPage:
    def test_the_city_official_sees_totals_keys_claims_sinks_and_chart(
        self, page: Any, live_inventory: World
    ) -> None:
        live_inventory.page_login(page, "city")
        page.goto(f"{live_inventory.url}/inventory/2023")
        assert page.locator("[data-testid=basic-total]").inner_text() != "—"
        assert page.locator("[data-testid=key-I\\.7\\.1]").inner_text() == "NO"  # no coal mine
        assert page.locator("[data-testid=key-II\\.3\\.1]").inner_text() == "IE"
        assert page.locator("[data-testid=claim-JX-TPH-2023-0001]").count() == 1
        assert page.locator("[data-testid=sinks] tbody tr").count() == 3
        page.locator("[data-testid=inventory-chart] svg").first.wait_for()
        assert page.locator("[data-testid=county-select] select option").count() == 8
        screenshot(page, "inventory-city")

    def test_a_county_official_sees_its_county_without_a_selector(
        self, page: Any, live_inventory: World
    ) -> None:
        live_inventory.page_login(page, "jiashan")
        page.goto(f"{live_inventory.url}/inventory/2023")
        assert page.locator("[data-testid=county-select]").count() == 0
        assert page.locator("[data-testid=basic-total]").inner_text() != "—"
        response = page.goto(f"{live_inventory.url}/inventory/2023?county_code=330402")
        assert response is not None and response.status == 403


def _enter_diesel(page: Any, world: World, tonnes: str, source_note: str) -> None:
    """Jiashan's official enters industry's diesel of 2026 through the entry form."""
    world.page_login(page, "jiashan")
    page.goto(f"{world.url}/inventory/2026/entries?kind=energy")
    form = page.locator("[data-testid=entry-form]")
    form.locator("select[name=sector]").select_option("industry")
    form.locator("select[name=carrier]").select_option("diesel")
    form.locator("input[name=quantity]").fill(tonnes)
    form.locator("input[name=unit]").fill("t")
    form.locator("input[name=source_note]").fill(source_note)
    form.locator("[data-testid=entry-submit]").click()
    page.wait_for_load_state()


class TestEntryForm:
    def test_a_refused_entry_shows_the_error_and_writes_nothing(
        self, page: Any, live_inventory: World
    ) -> None:
        _enter_diesel(page, live_inventory, "-3", "测试")
        assert "不能为负数" in page.locator("[data-testid=form-error]").inner_text()
        assert page.locator("[data-testid=entered-rows]").count() == 0
        screenshot(page, "inventory-entry-refused")

    def test_an_accepted_entry_is_listed_with_its_core_result(
        self, page: Any, live_inventory: World
    ) -> None:
        _enter_diesel(page, live_inventory, "100", "2026年嘉善县能源平衡表")
        assert page.locator("[data-testid=saved]").count() == 1
        row = page.locator("[data-testid=entered-rows] tbody tr")
        assert row.count() == 1
        # 100 t diesel × 1.4571 tce/t = 145.71 tce (GB/T 2589-2020 Table A.1)
        assert "145.71" in row.inner_text()
