"""The web UI in a real headless Chromium: language, login, the calculator, the audit log."""

from __future__ import annotations

from typing import Any

import pytest

from testkit import World, screenshot

pytestmark = pytest.mark.browser

# The contract example, derived by hand (see tests/calculator/test_router.py for the sources):
LINE_A = 120.5 * 389.31 * 0.0153 * 0.99 * 44 / 12  # natural gas, GB/T 32151.22-2024 Table C.1
TOTAL = LINE_A + 8000 * 0.4974 + 3000 * 0.11 + 1000 * 0.440 + 2 * 28


class TestLanguage:
    def test_the_ui_speaks_chinese_by_default_and_english_one_click_away(
        self, page: Any, live_server: World
    ) -> None:
        page.goto(live_server.url + "/")
        assert page.locator("h1").inner_text() == "嘉兴双碳智治平台"
        page.click("[data-testid=lang-en]")
        assert page.locator("h1").inner_text() == "Jiaxing dual carbon platform"
        page.goto(live_server.url + "/calculator")  # the choice is remembered
        assert page.locator("h1").inner_text() == "Carbon calculator"


class TestLogin:
    def test_an_enterprise_user_logs_in_and_sees_its_name(
        self, page: Any, live_server: World
    ) -> None:
        live_server.page_login(page, "enterprise")
        assert "企业" in page.locator("[data-testid=current-user]").inner_text()
        screenshot(page, "home-enterprise")

    def test_a_wrong_password_is_refused_in_chinese(self, page: Any, live_server: World) -> None:
        page.goto(f"{live_server.url}/login")
        page.fill("input[name=username]", "enterprise")
        page.fill("input[name=password]", "not-the-password")
        page.click("form.form button[type=submit]")
        assert "用户名或密码" in page.locator("[data-testid=login-error]").inner_text()


class TestCalculatorPage:
    def test_a_logged_in_user_computes_the_example_with_factors_and_sources_shown(
        self, page: Any, live_server: World
    ) -> None:
        live_server.page_login(page, "enterprise")
        page.goto(live_server.url + "/calculator")
        page.click("[data-testid=calculate]")
        result = page.locator("[data-testid=calc-result]")
        result.wait_for()
        shown = page.locator("[data-testid=total-tco2e]").inner_text()
        assert float(shown.replace(",", "")) == pytest.approx(TOTAL, abs=0.005)
        table = page.locator("[data-testid=result-lines]").inner_text()
        assert "GB/T 32151.22-2024" in table  # the fuel factors' source
        assert "0.4974" in table  # Zhejiang's 2023 grid factor
        page.locator(".chart svg").first.wait_for()  # the chart was drawn
        screenshot(page, "calculator-result")

    def test_a_line_in_the_wrong_unit_is_named_and_nothing_is_computed(
        self, page: Any, live_server: World
    ) -> None:
        page.goto(live_server.url + "/calculator")
        rows = page.locator("#lines tbody tr")
        rows.nth(1).locator("input.quantity").fill("abc")
        page.click("[data-testid=calculate]")
        error = page.locator("[data-testid=calc-error]")
        error.wait_for()
        assert "b" in error.inner_text()
        assert page.locator("[data-testid=calc-result]").count() == 0
        screenshot(page, "calculator-error")


class TestAuditPage:
    def test_the_admin_sees_the_audit_log_and_an_intact_chain(
        self, page: Any, live_server: World
    ) -> None:
        live_server.page_login(page, "admin")
        page.goto(live_server.url + "/admin/audit")
        assert "哈希链完整" in page.locator("[data-testid=chain-status]").inner_text()
        screenshot(page, "audit-log")

    def test_a_resident_is_refused_the_audit_log(self, page: Any, live_server: World) -> None:
        live_server.page_login(page, "resident")
        response = page.goto(live_server.url + "/admin/audit")
        assert response.status == 403
        assert "无权" in page.content() or "管理员" in page.content()
