"""The lists officials and administrators work from, in Chromium at 1440 and 390 px: the D-class
list, the entity list, the audit log and the users page. At 390 px none is wider than the
screen (``document.documentElement.scrollWidth``: a wide table scrolls inside its
``.scroll-x`` container instead); each shows its total and export link. Screenshots go to
``var/screenshots/lists-*.png``. The layout is not the database's: one world each, on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import testkit
from accounts.test_entity_list import seed as entity_seed
from grading.conftest import GradingWorld
from grading.conftest import seed_world as grading_seed
from testkit import World
from users.test_admin_lists import seed as admin_seed

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("backend", ["sqlite"], indirect=True)]

WIDTHS = (1440, 390)


def _page(browser: Any, world: World, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.add_cookies([{"name": "lang", "value": "zh-CN", "url": world.url}])
    return context.new_page()


def _look(browser: Any, world: World, user: str, path: str, name: str) -> list[str]:
    """Open ``path`` as ``user`` at each width; what a page shows wrong."""
    wrong = []
    for width in WIDTHS:
        page = _page(browser, world, width)
        world.page_login(page, user)
        page.goto(f"{world.url}{path}")
        drawn = int(page.evaluate("document.documentElement.scrollWidth"))
        if drawn > width:
            wrong.append(f"{path} at {width}px is {drawn}px wide")
        testkit.screenshot(page, f"lists-{name}-{width}")
        page.context.close()
    return wrong


@pytest.fixture
def grading_world(worlds: Any) -> Iterator[World]:
    with worlds(grading_seed, live=True, kind=GradingWorld) as world:
        yield world


@pytest.fixture
def entity_world(worlds: Any) -> Iterator[World]:
    with worlds(entity_seed, live=True) as world:
        yield world


@pytest.fixture
def admin_world(worlds: Any) -> Iterator[World]:
    with worlds(admin_seed, live=True) as world:
        yield world


def test_the_d_class_list_fits_and_exports(browser: Any, grading_world: World) -> None:
    assert _look(browser, grading_world, "city", "/grading/2024", "d-class") == []
    page = _page(browser, grading_world, 390)
    grading_world.page_login(page, "city")
    page.goto(f"{grading_world.url}/grading/2024?county_code=330421")
    assert page.locator("[data-testid=d-class-total]").inner_text() == "1 家D类企业"
    link = page.locator("[data-testid=d-class-export]").get_attribute("href")
    assert link.startswith("/grading/2024/d-class.xlsx?") and "county_code=330421" in link
    with page.expect_download() as download:
        page.click("[data-testid=d-class-export]")
    assert download.value.suggested_filename == "D类企业名单-2024.xlsx"
    page.context.close()


def test_the_entity_list_fits(browser: Any, entity_world: World) -> None:
    path = "/accounts/entities?year=2024"
    assert _look(browser, entity_world, "city", path, "entities") == []
    page = _page(browser, entity_world, 390)
    entity_world.page_login(page, "city")
    page.goto(f"{entity_world.url}{path}&page_size=2")
    assert page.locator("[data-testid=entities-total]").inner_text() == "共 4 家排放主体"
    page.click("[data-testid=entities-pager] >> text=2")
    assert page.locator("[data-testid=entities] tbody tr").count() == 2
    page.context.close()


def test_the_audit_log_and_users_fit(browser: Any, admin_world: World) -> None:
    wrong = _look(browser, admin_world, "root", "/admin/audit?until=2026-03-03", "audit")
    wrong += _look(browser, admin_world, "root", "/admin/users?role=official", "users")
    assert wrong == []
    page = _page(browser, admin_world, 390)
    admin_world.page_login(page, "root")
    page.goto(f"{admin_world.url}/admin/audit?action=report.&until=2026-03-03")
    assert page.locator("[data-testid=audit-row]").count() == 1
    page.click("[data-testid=audit-row] summary")
    assert '"submitted"' in page.locator("[data-testid=audit-row] pre").last.inner_text()
    page.context.close()
