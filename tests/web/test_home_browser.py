"""The home pages in Chromium at 1440 and 390 px, in Chinese and English: the to-do cards are
on screen, the scope is named, and at 390 px the home content does not overflow sideways
(screenshots to look at: ``var/screenshots/home-<user>-<width>-<lang>.png``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_home import NOON, seed_home

from testkit import World, screenshot

pytestmark = pytest.mark.browser

WIDTHS = {1440: 900, 390: 844}
OVERFLOW = "el => el.scrollWidth - el.clientWidth"


@pytest.fixture
def served(worlds: Any) -> Iterator[World]:
    with worlds(seed_home, live=True) as world:
        world.app.state.clock = lambda: NOON
        yield world


@pytest.mark.parametrize(
    ("username", "heading"),
    [("city", "嘉兴市"), ("jiashan", "嘉善县"), ("firm", "嘉善甲纺织"), ("admin", "系统管理")],
)
def test_each_home_fits_a_desktop_and_a_phone(
    browser: Any, served: World, username: str, heading: str
) -> None:
    for width, height in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        try:
            page = context.new_page()
            served.page_login(page, username)
            assert heading in page.locator("main h1").inner_text()
            page.locator("[data-testid=todo] a").first.wait_for()
            for lang in ("zh-CN", "en"):
                page.goto(f"{served.url}/?lang={lang}")
                main = page.locator("main")
                assert main.evaluate(OVERFLOW) <= 0, (username, width, lang)
                right = page.evaluate(
                    "Math.max(...[...document.querySelectorAll('main *')]"
                    ".map(e => e.getBoundingClientRect().right))"
                )
                assert right <= width, (username, width, lang, right)
                screenshot(page, f"home-{username}-{width}-{lang}")
        finally:
            context.close()


def test_the_compare_form_says_what_is_missing_on_a_phone(browser: Any, served: World) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        page = context.new_page()
        served.page_login(page, "city")
        for lang, message in (("zh-CN", "请选择 1–8 个情景"), ("en", "Choose 1-8 scenarios")):
            response = page.goto(f"{served.url}/peak/compare?lang={lang}")
            assert response.status == 422
            assert message in page.locator("[data-testid=compare-error]").inner_text()
            assert page.locator("main").evaluate(OVERFLOW) <= 0
            screenshot(page, f"peak-compare-empty-390-{lang}")
    finally:
        context.close()
