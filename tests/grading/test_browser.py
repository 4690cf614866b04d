"""The public grade page and the disclosure page in a real headless Chromium, with screenshots."""

from __future__ import annotations

from typing import Any

import pytest

from testkit import screenshot

from .conftest import GradingWorld

pytestmark = pytest.mark.browser


class TestPublicGradePage:
    def test_a_visitor_sees_the_coloured_grade_and_no_emissions(
        self, page: Any, live_world: GradingWorld
    ) -> None:
        page.goto(f"{live_world.url}/grades/{live_world.tokens['nanhu_c']}")
        badge = page.locator("[data-testid=grade-badge]")
        assert badge.get_attribute("data-grade") == "4"
        assert "4 级" in badge.inner_text() and "碳效率较低" in badge.inner_text()
        colour = badge.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour == "rgb(224, 123, 0)"  # grade 4: orange (#e07b00)
        text = page.locator("main").inner_text()
        assert "nanhu纺织c" in text and "纺织业" in text and "2024" in text
        assert "tCO2" not in text and "140" not in text
        screenshot(page, "grade-public")


class TestDisclosurePage:
    def test_a_visitor_sees_key_enterprises_and_the_bar_chart(
        self, page: Any, live_world: GradingWorld
    ) -> None:
        page.goto(f"{live_world.url}/disclosure/2024")
        assert page.locator("h1").inner_text().startswith("重点企业碳排放信息公示")
        assert page.locator("[data-testid=disclosure-table] tbody tr").count() == 6
        page.locator(".chart svg").first.wait_for()  # the chart was drawn
        screenshot(page, "disclosure")


class TestEntityGradeView:
    def test_the_enterprise_sees_its_badge_and_a_qr_code_to_the_public_page(
        self, page: Any, live_world: GradingWorld
    ) -> None:
        live_world.page_login(page, "firm-b")
        page.goto(f"{live_world.url}/grading/entities/{live_world.ids['nanhu_b']}")
        assert page.locator("[data-testid=grade-qr] svg").count() == 1
        link = page.locator("[data-testid=public-link]").get_attribute("href")
        assert link.endswith(f"/grades/{live_world.tokens['nanhu_b']}")
        screenshot(page, "grade-entity")
