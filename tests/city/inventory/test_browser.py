"""The inventory page and the entry form in a real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from page_helpers import log_in, screenshot

from .conftest import PASSWORD, LiveServer

pytestmark = pytest.mark.browser


_shot = screenshot


def _login(page: Any, url: str, username: str) -> None:
    log_in(page, url, username, PASSWORD)


class TestInventoryPage:
    def test_the_city_official_sees_totals_keys_claims_sinks_and_chart(
        self, page: Any, live_inventory: LiveServer
    ) -> None:
        _login(page, live_inventory.url, "city")
        page.goto(f"{live_inventory.url}/inventory/2023")
        assert page.locator("[data-testid=basic-total]").inner_text() != "—"
        assert page.locator("[data-testid=key-I\\.7\\.1]").inner_text() == "NO"  # no coal mine
        assert page.locator("[data-testid=key-II\\.3\\.1]").inner_text() == "IE"
        assert page.locator("[data-testid=claim-JX-TPH-2023-0001]").count() == 1
        assert page.locator("[data-testid=sinks] tbody tr").count() == 3
        page.locator("[data-testid=inventory-chart] svg").first.wait_for()
        assert page.locator("[data-testid=county-select] select option").count() == 8
        _shot(page, "inventory-city")

    def test_a_county_official_sees_its_county_without_a_selector(
        self, page: Any, live_inventory: LiveServer
    ) -> None:
        _login(page, live_inventory.url, "jiashan")
        page.goto(f"{live_inventory.url}/inventory/2023")
        assert page.locator("[data-testid=county-select]").count() == 0
        assert page.locator("[data-testid=basic-total]").inner_text() != "—"
        response = page.goto(f"{live_inventory.url}/inventory/2023?county_code=330402")
        assert response is not None and response.status == 403


class TestEntryForm:
    def test_a_refused_entry_shows_the_error_and_writes_nothing(
        self, page: Any, live_inventory: LiveServer
    ) -> None:
        _login(page, live_inventory.url, "jiashan")
        page.goto(f"{live_inventory.url}/inventory/2026/entries?kind=energy")
        form = page.locator("[data-testid=entry-form]")
        form.locator("select[name=sector]").select_option("industry")
        form.locator("select[name=carrier]").select_option("diesel")
        form.locator("input[name=quantity]").fill("-3")
        form.locator("input[name=unit]").fill("t")
        form.locator("input[name=source_note]").fill("测试")
        form.locator("[data-testid=entry-submit]").click()
        page.wait_for_load_state()
        assert "不能为负数" in page.locator("[data-testid=form-error]").inner_text()
        assert page.locator("[data-testid=entered-rows]").count() == 0
        _shot(page, "inventory-entry-refused")

    def test_an_accepted_entry_is_listed_with_its_core_result(
        self, page: Any, live_inventory: LiveServer
    ) -> None:
        _login(page, live_inventory.url, "jiashan")
        page.goto(f"{live_inventory.url}/inventory/2026/entries?kind=energy")
        form = page.locator("[data-testid=entry-form]")
        form.locator("select[name=sector]").select_option("industry")
        form.locator("select[name=carrier]").select_option("diesel")
        form.locator("input[name=quantity]").fill("100")
        form.locator("input[name=unit]").fill("t")
        form.locator("input[name=source_note]").fill("2026年嘉善县能源平衡表")
        form.locator("[data-testid=entry-submit]").click()
        page.wait_for_load_state()
        assert page.locator("[data-testid=saved]").count() == 1
        row = page.locator("[data-testid=entered-rows] tbody tr")
        assert row.count() == 1
        # 100 t diesel × 1.4571 tce/t = 145.71 tce (GB/T 2589-2020 Table A.1)
        assert "145.71" in row.inner_text()
