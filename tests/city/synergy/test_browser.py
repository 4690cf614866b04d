"""The synergy pages in a real headless Chromium, with screenshots (var/screenshots/)."""

from __future__ import annotations

from typing import Any

import pytest

from testkit import World, screenshot

from .conftest import JIASHAN, XIUZHOU, YEAR

pytestmark = pytest.mark.browser

WIDEST = """() => {
  const wide = [...document.querySelectorAll('main *')].filter(
    e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll-x'));
  return wide.length ? wide.slice(0, 3).map(e => e.tagName + '.' + e.className) : null;
}"""
"""Null when nothing of the page's own content (``main``; the header is base.html's) sticks out
of the window outside a panel that scrolls, else the first elements that do."""


class TestYearPage:
    def test_an_official_sees_the_ranking_and_charts_and_drills_into_a_county(
        self, page: Any, live_world: World
    ) -> None:
        live_world.page_login(page, "city")
        page.goto(f"{live_world.url}/synergy/{YEAR}")
        rows = page.locator("[data-testid=ranking] tbody tr")
        assert rows.count() == 3
        # 2026.1: Jiashan 72.7, D = 0.789 → 中级协调 (test_service.TestComputeAnchored)
        assert "嘉善县" in rows.nth(0).inner_text() and "中级协调" in rows.nth(0).inner_text()
        assert page.locator("[data-testid=method-note]").get_attribute("data-anchored") == "1"
        page.locator("[data-testid=ranking-chart] svg").wait_for()
        page.locator("[data-testid=quadrant-chart] svg").wait_for()
        screenshot(page, "synergy-year")
        page.click(f"[data-testid=county-link-{XIUZHOU}]")
        page.wait_for_load_state()
        assert page.locator("[data-testid=county-index]").inner_text().startswith("50.0")
        assert page.locator("[data-testid=county-band]").inner_text() == "中级协调"
        pm25 = page.locator("[data-testid=row-pm25_concentration]").inner_text()
        assert "25.00" in pm25 and "0.5000" in pm25 and "4.55" in pm25  # 100 × (1/11) × 0.5
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


class TestWidths:
    def test_the_pages_name_the_version_at_desktop_and_phone_width_in_both_languages(
        self, page: Any, live_world: World
    ) -> None:
        live_world.page_login(page, "city")
        for width, height in ((1440, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            for lang in ("zh-CN", "en"):
                for name, path in (
                    ("year", f"/synergy/{YEAR}"),
                    ("county", f"/synergy/{YEAR}/{XIUZHOU}"),
                    ("definition", "/synergy/definitions/latest"),
                ):
                    page.goto(f"{live_world.url}{path}?lang={lang}")
                    note = page.locator("[data-testid=method-note]")
                    assert note.get_attribute("data-anchored") == "1"
                    assert "2026.1" in note.inner_text()
                    # nothing of the synergy content wider than the screen, but in scrolling panels
                    overflow = page.evaluate(WIDEST)
                    assert overflow is None, (name, width, lang, overflow)
                    screenshot(page, f"synergy-{name}-{width}-{lang}")
