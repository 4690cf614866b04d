"""Part-years in Chromium: the dashboard and the account page at 1440 and 390 px, zh and en.

Screenshots go to ``/tmp/iv/`` to be looked at. Numbers: ``part_year_world.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from testkit import World

from .part_year_world import NANHU, seed_part_year

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/iv")
WIDTHS = (1440, 390)
LOCALES = ("zh-CN", "en")

TREND_AXIS = """() => {
  const el = document.querySelector('[data-testid=trend-chart]');
  const chart = echarts.getInstanceByDom(el);
  return chart ? chart.getOption().xAxis[0].data : null;
}"""


@pytest.fixture
def live(worlds: Any) -> Iterator[World]:
    with worlds(seed_part_year, live=True) as made:
        yield made


def _page(browser: Any, width: int, locale: str) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
    return context.new_page()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_the_dashboard_shows_2025_as_a_part_year(
    browser: Any, live: World, width: int, locale: str
) -> None:
    page = _page(browser, width, locale)
    lang = "en" if locale == "en" else "zh-CN"
    page.goto(f"{live.url}/dashboard?year=2025&lang={lang}")
    page.wait_for_function(
        "() => { const el = document.querySelector('[data-testid=trend-chart]');"
        " return el && window.echarts && echarts.getInstanceByDom(el); }"
    )
    zh = locale == "zh-CN"
    alert = page.locator("[data-testid=part-year-alert]")
    assert alert.is_visible()
    assert ("1–8月" if zh else "Jan–Aug") in alert.inner_text()
    note = page.locator("[data-testid=part-year-note]")
    assert note.is_visible()
    # 1590 / 1760 − 1 = −9.659 %: ▼ 9.7 % on the same period
    assert "9.7%" in page.locator("[data-testid=same-period-change]").inner_text()
    axis = page.evaluate(TREND_AXIS)
    assert axis[-1] == ("2025\n1–8月" if zh else "2025\nJan–Aug")
    _shot(page, f"dashboard-{width}-{lang}")
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_the_account_page_says_its_months(
    browser: Any, live: World, width: int, locale: str
) -> None:
    page = _page(browser, width, locale)
    live.page_login(page, "firm")
    lang = "en" if locale == "en" else "zh-CN"
    entity = live.ids[f"{NANHU}-2"]
    page.goto(f"{live.url}/accounts/entities/{entity}?year=2025&lang={lang}")
    label = page.locator("[data-testid=account-period]")
    assert label.is_visible()
    assert label.inner_text() == ("2025年1–8月" if locale == "zh-CN" else "2025 Jan–Aug")
    assert page.locator("[data-testid=part-year-note]").is_visible()
    _shot(page, f"account-{width}-{lang}")
    page.context.close()
