"""The MRV flow in a real browser: an enterprise reports, a verifier returns, verifies.

Numbers are hand-derived: Zhejiang has no published 2025 grid factor, so 2025 uses the 2023
one, 0.4974 tCO2/MWh (MEE and NBS announcement 2025 No. 47), as the core's fallback rule says.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import testkit
from testkit import World, screenshot

pytestmark = pytest.mark.browser

ZJ_GRID_2023 = 0.4974  # tCO2/MWh
FIRST = 1000 * ZJ_GRID_2023  # 497.4 tCO2 for 1,000 MWh
SECOND = 1100 * ZJ_GRID_2023  # 547.14 tCO2 after the correction


def seed_mrv(session: Session) -> dict[str, Any]:
    """The demo, entity 1 (the demo enterprise's), a verification body with the demo verifier,
    assigned to 2025."""
    from shuangtan.accounts import assignment, service
    from shuangtan.accounts.models import EntityKind, VerifierBody, VerifierMember
    from shuangtan.accounts.schemas import EntityCreate
    from shuangtan.auth.models import User
    from shuangtan.auth.service import principal_of

    fields = testkit.demo(session)

    def user(name: str) -> Any:
        return principal_of(session.scalars(select(User).where(User.username == name)).one())

    entity = service.create_entity(
        session=session,
        actor=user("admin"),
        data=EntityCreate(
            kind=EntityKind.industrial,
            name="嘉兴示范纺织有限公司",
            uscc="91330483MA2JDN6Q2J",
            county_code="330483",
            industry_code="C17",
        ),
    )
    assert entity.id == 1
    body = VerifierBody(name="浙江示范碳核查技术有限公司", is_active=True)
    session.add(body)
    session.flush()
    session.add(VerifierMember(user_id=user("verifier").user_id, verifier_body_id=body.id))
    assignment.assign_verifier(
        session=session,
        actor=user("official"),
        entity_id=1,
        year=2025,
        verifier_body_id=body.id,
    )
    return fields


@pytest.fixture
def mrv_server(worlds: Any) -> Iterator[World]:
    """The demo served live with entity 1 assigned to the demo verifier for 2025."""
    with worlds(seed_mrv, live=True) as world:
        yield world


def _number(page: Any, testid: str) -> float:
    return float(page.locator(f"[data-testid={testid}]").inner_text().replace(",", ""))


class TestReportFlow:
    def test_an_enterprise_reports_a_verifier_returns_it_and_then_verifies_it(
        self, browser: Any, mrv_server: World
    ) -> None:
        server = mrv_server
        month_url = f"{server.url}/accounts/entities/1/reports/2025/3"
        enterprise = browser.new_context(viewport={"width": 1280, "height": 900})
        page = enterprise.new_page()
        server.page_login(page, "enterprise")
        page.goto(f"{server.url}/accounts")
        assert page.locator("[data-testid=entity-name]").inner_text() == "嘉兴示范纺织有限公司"
        # no report yet: the page opens on this year; the verifier is assigned 2025
        page.goto(f"{server.url}/accounts/entities/1?year=2025")
        page.click("[data-testid=month-3]")
        row = page.locator("#lines tbody tr").first
        row.locator("select.activity").select_option("purchased_electricity")
        row.locator("input.quantity").fill("1000")
        row.locator("select.unit").select_option("MWh")
        page.fill("input[name=value_added_10k_cny]", "500")
        page.click("[data-testid=submit-report]")
        assert "已提交" in page.locator("[data-testid=report-status]").inner_text()
        assert _number(page, "reported-tco2e") == pytest.approx(FIRST, abs=0.0005)
        assert "0.4974" in page.locator("[data-testid=report-lines]").inner_text()
        screenshot(page, "report-submitted")

        verifier = browser.new_context(viewport={"width": 1280, "height": 900})
        vpage = verifier.new_page()
        server.page_login(vpage, "verifier")
        vpage.goto(f"{server.url}/accounts/queue")
        assert "嘉兴示范纺织有限公司" in vpage.locator("[data-testid=queue]").inner_text()
        screenshot(vpage, "verifier-queue")
        vpage.goto(month_url)
        vpage.click("[data-testid=action-start_verification]")
        assert "核查中" in vpage.locator("[data-testid=report-status]").inner_text()
        vpage.fill(
            "[data-testid=workflow-actions] form:has([data-testid=action-return_report]) textarea",
            "请补充3月电费发票",
        )
        vpage.click("[data-testid=action-return_report]")
        assert "已退回" in vpage.locator("[data-testid=report-status]").inner_text()

        page.goto(month_url)
        assert "请补充3月电费发票" in page.locator("[data-testid=report-comment]").inner_text()
        page.locator("#lines tbody tr").first.locator("input.quantity").fill("1100")
        page.click("[data-testid=submit-report]")
        assert _number(page, "reported-tco2e") == pytest.approx(SECOND, abs=0.0005)

        vpage.goto(month_url)
        vpage.click("[data-testid=action-start_verification]")
        vpage.click("[data-testid=action-verify]")
        assert "已核查" in vpage.locator("[data-testid=report-status]").inner_text()
        assert _number(vpage, "verified-tco2e") == pytest.approx(SECOND, abs=0.0005)

        page.goto(f"{server.url}/accounts/entities/1?year=2025")
        assert _number(page, "account-total") == pytest.approx(SECOND, abs=0.005)
        page.locator(".chart svg").first.wait_for()
        screenshot(page, "account-page")
        enterprise.close()
        verifier.close()

    def test_a_line_in_the_wrong_unit_is_refused_and_nothing_is_saved(
        self, page: Any, mrv_server: World
    ) -> None:
        server = mrv_server
        server.page_login(page, "enterprise")
        page.goto(f"{server.url}/accounts/entities/1/reports/2025/4")
        row = page.locator("#lines tbody tr").first
        row.locator("select.activity").select_option("purchased_electricity")
        row.locator("input.quantity").fill("-5")
        page.click("[data-testid=submit-report]")
        assert page.locator("[data-testid=report-error]").count() == 1
        page.goto(f"{server.url}/accounts/entities/1/reports/2025/4")
        assert "未填报" in page.locator("[data-testid=report-status]").inner_text()

    def test_another_enterprise_cannot_open_this_account(
        self, page: Any, mrv_server: World
    ) -> None:
        mrv_server.page_login(page, "verifier")  # not assigned to 2024, but assigned to the entity
        response = page.goto(f"{mrv_server.url}/accounts/entities/999")
        assert response.status == 404
