"""Phones and small screens, the grouped navigation, static files, error pages (issue 11).

Chromium opens every public page (the GET page routes that need no login, as ``site.py`` lists
them) and the pages of the enterprise, the official, the verifier, the bank and the
administrator (each role's navigation and one step on from its rooms' pages) at 390×844, the
size of a common phone, and none may be wider than the screen
(``document.documentElement.scrollWidth``); the long lists (entities, D-class, queue, consents,
audit log) reflow into labelled cards; the menu button opens the grouped navigation and its
links are visible. At 1440 px the navigation of every role is one row. The
static files go out gzip-compressed and cached; an error page keeps the logged-in user's menu.
The layout is not the database's: one world on SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.routing import iter_route_contexts

import testkit
from testkit import World

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
ROLES = ("anonymous", "admin", "official", "enterprise", "verifier", "bank", "resident")
SKIPPED = ("/static/", "/api/", "/maps/", "/logout", "/docs", "/login")
"""Not the pages of this walk: assets, the API, map scripts, the log-out form's target, the
API docs (Swagger's own layout) and the login form (a page of its own, checked alone)."""

pytestmark = pytest.mark.parametrize("module_backend", ["sqlite"], indirect=True)


@pytest.fixture(scope="module")
def city(module_worlds: Any) -> Iterator[World]:
    """One demo city, served live, for every test of the module (they read, none writes)."""
    with module_worlds(testkit.small_demo, live=True) as made:
        yield made


def public_pages(world: World) -> list[str]:
    """The public pages: every GET page route (no parameter but a year or a county) that a
    visitor is answered a page by, not sent to the login page."""
    world.client.cookies.clear()
    paths = []
    for route in iter_route_contexts(world.app.routes):
        path = route.path or ""
        if "GET" not in (route.methods or ()) or path.startswith(SKIPPED):
            continue
        path = path.replace("{year}", "2024").replace("{county_code}", "330421")
        if "{" in path or path in paths:
            continue
        answer = world.client.get(path, follow_redirects=False)
        if answer.status_code == 200 and answer.headers["content-type"].startswith("text/html"):
            paths.append(path)
    return paths


def phone(browser: Any, world: World, username: str | None, lang: str = "zh-CN") -> Any:
    """A page at 390×844 in ``lang``, logged in as ``username`` (``None``: a visitor)."""
    context = browser.new_context(viewport=PHONE, locale=lang, is_mobile=True, has_touch=True)
    page = context.new_page()
    if username is not None:
        world.page_login(page, username)
    return page


def width(page: Any) -> int:
    """How wide the page is drawn (wider than the screen: it scrolls sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth"))


def overflowing(page: Any) -> list[str]:
    """The elements reaching past the right edge of the screen (for the failure message)."""
    found: list[str] = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
          .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5
                        && !el.closest('.table-wrap, .scroll-x'))
          .slice(0, 8)
          .map(el => el.tagName.toLowerCase() + '.' + el.className + ' ' +
                     Math.round(el.getBoundingClientRect().right))"""
    )
    return found


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


ROLE_PAGES = {
    # role: (the room prefixes whose pages' links are followed, how many pages at most)
    "enterprise": (("/accounts", "/finance"), 25),
    "official": (("/accounts", "/grading", "/inventory", "/targets", "/synergy", "/peak"), 45),
    "verifier": (("/accounts",), 12),
    "bank": (("/finance",), 12),
    "admin": (("/admin",), 12),
}
"""Each role's pages: its navigation (every room it is shown), and one step on from the pages
of the listed rooms (the entity list to an account, the queue to a report under review, the
bank's list to an enterprise), each page shape once."""


def role_pages(page: Any, base: str, role: str) -> list[str]:
    """The pages of ``role`` (logged in on ``page``): its navigation and the pages the pages of
    its rooms link to (each page shape once, at most its limit)."""
    follow, limit = ROLE_PAGES[role]
    page.goto(f"{base}/")
    queue = [
        urljoin(page.url, href)
        for href in page.eval_on_selector_all(
            ".mainnav a[href]", "els => els.map(el => el.getAttribute('href'))"
        )
    ]
    queue.sort(key=lambda url: not urlsplit(url).path.startswith(follow))  # its rooms first
    seen: set[str] = set()
    pages: list[str] = []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if not url.startswith(base) or parts.path.startswith(SKIPPED) or "export" in parts.path:
            continue
        if shape(parts.path) in seen:
            continue
        seen.add(shape(parts.path))
        answer = page.request.get(url)  # /accounts leads on to the enterprise's account
        if answer.status != 200 or not answer.headers.get("content-type", "").startswith(
            "text/html"
        ):
            continue
        url = answer.url
        parts = urlsplit(url)
        if url in pages:
            continue
        seen.add(shape(parts.path))
        pages.append(url)
        if parts.path.startswith(follow):
            page.goto(url)
            queue += [
                urljoin(page.url, href)
                for href in page.eval_on_selector_all(
                    "main a[href]", "els => els.map(el => el.getAttribute('href'))"
                )
            ]
    return pages


def too_wide(page: Any, urls: list[str]) -> dict[str, Any]:
    """The pages of ``urls`` wider than the phone's screen, with what reaches past its edge."""
    wide = {}
    for url in urls:
        page.goto(url, wait_until="load")
        if width(page) > PHONE["width"]:
            wide[url] = (width(page), overflowing(page))
    return wide


class TestPhone:
    def test_every_public_page_fits_a_390_px_screen(self, city: World, browser: Any) -> None:
        pages = public_pages(city)
        assert {"/", "/calculator", "/dashboard", "/disclosure/2024", "/progress/2024"} <= set(
            pages
        )
        page = phone(browser, city, None)
        wide = {}
        for path in [*pages, "/login"]:
            page.goto(f"{city.url}{path}", wait_until="load")
            if width(page) > PHONE["width"]:
                wide[path] = (width(page), overflowing(page))
        assert wide == {}

    def test_every_enterprise_page_fits_a_390_px_screen(self, city: World, browser: Any) -> None:
        page = phone(browser, city, "enterprise")
        pages = role_pages(page, city.url, "enterprise")
        assert any(urlsplit(url).path.startswith("/accounts/entities/") for url in pages), pages
        assert too_wide(page, pages) == {}

    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            (
                "official",
                {
                    "/",
                    "/dashboard",
                    "/accounts/entities",
                    "/accounts/entities/N",
                    "/grading/N",
                    "/targets/N",
                    "/inventory/N",
                    "/inventory/N/reconciliation",
                    "/synergy/N",
                    "/peak",
                },
            ),
            ("verifier", {"/accounts/queue", "/accounts/entities/N/reports/N/N"}),
            ("bank", {"/finance", "/finance/enterprises/N"}),
            ("admin", {"/admin/users", "/admin/audit"}),
        ],
    )
    def test_every_page_of_the_working_roles_fits_a_390_px_screen(
        self, city: World, browser: Any, role: str, expected: set[str]
    ) -> None:
        page = phone(browser, city, role)
        pages = role_pages(page, city.url, role)
        shapes = {shape(urlsplit(url).path) for url in pages}
        assert expected <= shapes, " ".join(sorted(shapes))
        assert too_wide(page, pages) == {}

    @pytest.mark.parametrize("role", ROLES)
    def test_the_menu_button_opens_the_navigation(
        self, city: World, browser: Any, role: str
    ) -> None:
        page = phone(browser, city, None if role == "anonymous" else role)
        page.goto(f"{city.url}/calculator")
        links = page.locator(".mainnav a")
        assert links.count() >= 4
        assert not links.first.is_visible()  # folded away until asked for
        page.click("[data-testid=menu-toggle]")
        assert page.get_attribute("[data-testid=menu-toggle]", "aria-expanded") == "true"
        for index in range(links.count()):
            link = links.nth(index)
            assert link.is_visible(), link.get_attribute("href")
            box = link.bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        assert width(page) <= PHONE["width"]
        testkit.screenshot(page, f"phone-menu-{role}")
        page.click("[data-testid=menu-toggle]")
        assert not links.first.is_visible()

    def test_a_menu_link_leads_to_its_page(self, city: World, browser: Any) -> None:
        page = phone(browser, city, "enterprise")
        page.click("[data-testid=menu-toggle]")
        page.click(".mainnav a[href='/finance']")
        page.wait_for_url(f"{city.url}/finance")

    def test_the_user_menu_fits_beside_a_long_name(self, city: World, browser: Any) -> None:
        page = phone(browser, city, "enterprise")
        name = page.locator("[data-testid=current-user]")
        assert name.is_visible()
        assert "嘉兴示范纺织有限公司" in name.inner_text()
        box = page.locator(".usernav").bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        assert width(page) <= PHONE["width"]


CARD_LISTS = [
    # role, page, the list's data-testid, a column heading (zh) that labels a card's field
    ("official", "/accounts/entities", "entities", "区县"),
    ("official", "/grading/2024", "d-class-list", "行业"),
    ("verifier", "/accounts/queue", "queue", "区县"),
    ("bank", "/finance", "consenting", "行业"),
    ("enterprise", "/finance", "consents", "授权时间"),
    ("admin", "/admin/audit", "audit", "操作"),
]


class TestCards:
    """The long lists reflow into one labelled card per row on a phone, rather than only
    scrolling sideways: the headings row is hidden, each row is a block as wide as the list,
    and a field carries its column's heading (``data-label``, drawn before the value)."""

    @pytest.mark.parametrize(("role", "path", "testid", "heading"), CARD_LISTS)
    def test_a_long_list_is_cards_on_a_phone(
        self, city: World, browser: Any, role: str, path: str, testid: str, heading: str
    ) -> None:
        page = phone(browser, city, role)
        page.goto(f"{city.url}{path}", wait_until="load")
        table = f"[data-testid={testid}]"
        cards = page.evaluate(
            """(selector) => {
              const table = document.querySelector(selector);
              const rows = Array.from(table.querySelectorAll('tbody tr'));
              const labels = Array.from(table.querySelectorAll('tbody tr:first-child td'))
                .map(td => getComputedStyle(td, '::before').content);
              return {
                head: getComputedStyle(table.querySelector('thead')).display,
                rows: rows.map(r => [getComputedStyle(r).display,
                                     Math.round(r.getBoundingClientRect().right)]),
                labels: labels,
                headings: Array.from(table.querySelectorAll('thead th'))
                  .map(th => th.textContent.trim()),
              };
            }""",
            table,
        )
        assert heading in cards["headings"]  # the heading the card's label repeats
        assert cards["head"] == "none"
        assert cards["rows"], f"{path} lists nothing to look at"
        assert {display for display, _ in cards["rows"]} == {"block"}
        assert max(right for _, right in cards["rows"]) <= PHONE["width"]
        assert any(heading in label for label in cards["labels"]), cards["labels"]
        assert width(page) <= PHONE["width"]

    @pytest.mark.parametrize(("role", "path", "testid", "heading"), CARD_LISTS)
    def test_the_same_list_is_a_table_at_1440_px(
        self, city: World, browser: Any, role: str, path: str, testid: str, heading: str
    ) -> None:
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        page = context.new_page()
        city.page_login(page, role)
        page.goto(f"{city.url}{path}", wait_until="load")
        got = page.evaluate(
            """(selector) => {
              const table = document.querySelector(selector);
              const head = table.querySelector('thead tr').getBoundingClientRect();
              const row = table.querySelector('tbody tr').getBoundingClientRect();
              return [getComputedStyle(table).display,
                      getComputedStyle(table.querySelector('tbody tr')).display,
                      Math.round(head.left), Math.round(row.left),
                      Math.round(head.width), Math.round(row.width)];
            }""",
            f"[data-testid={testid}]",
        )
        display, row_display, head_left, row_left, head_width, row_width = got
        assert (display, row_display) == ("table", "table-row")
        assert (head_left, head_width) == (row_left, row_width)  # headings over their columns


class TestDesktop:
    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize("lang", ["zh-CN", "en"])
    def test_the_navigation_is_one_row_at_1440_px(
        self, city: World, browser: Any, role: str, lang: str
    ) -> None:
        context = browser.new_context(viewport=DESKTOP, locale=lang)
        page = context.new_page()
        if role != "anonymous":
            city.page_login(page, role)
        page.goto(f"{city.url}/?lang={lang}")
        tops = page.eval_on_selector_all(
            ".mainnav > *", "els => els.map(el => Math.round(el.getBoundingClientRect().top))"
        )
        assert len(tops) >= 3
        assert len(set(tops)) == 1, tops
        topbar = page.locator(".topbar").bounding_box()
        assert topbar is not None and topbar["height"] <= 64  # one row: 56 px and its margin
        assert width(page) <= DESKTOP["width"]

    def test_a_room_menu_opens_on_a_click_and_closes_on_escape(
        self, city: World, browser: Any
    ) -> None:
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        page = context.new_page()
        city.page_login(page, "official")
        page.goto(f"{city.url}/")
        toggle = page.locator(".navgroup-toggle", has_text="企业碳账户")
        overdue = page.locator(".mainnav a[href='/accounts/overdue']")
        page.mouse.move(1400, 800)
        assert not overdue.is_visible()
        toggle.click()
        assert overdue.is_visible()
        assert toggle.get_attribute("aria-expanded") == "true"
        page.mouse.move(1400, 800)
        page.keyboard.press("Escape")
        assert not overdue.is_visible()


class TestScreens:
    """The pages of the issue at both sizes and in both languages, saved to look at
    (``var/screenshots/phone-*.png``); none wider than its screen."""

    PAGES = ("/", "/dashboard", "/calculator", "/disclosure/2024", "/progress/2024")

    @pytest.mark.parametrize("lang", ["zh-CN", "en"])
    @pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1440"])
    def test_the_pages_fit_in_both_languages(
        self, city: World, browser: Any, lang: str, size: dict[str, int]
    ) -> None:
        context = browser.new_context(viewport=size, locale=lang)
        page = context.new_page()
        city.page_login(page, "enterprise")
        page.goto(f"{city.url}/?lang={lang}")
        account = page.locator(".mainnav a[href='/accounts']").get_attribute("href")
        page.goto(f"{city.url}{account}")
        paths = [*self.PAGES, urlsplit(page.url).path]
        wide = {}
        for path in paths:
            page.goto(f"{city.url}{path}", wait_until="load")
            name = shape(path).strip("/").replace("/", "-") or "home"
            testkit.screenshot(page, f"phone-{name}-{size['width']}-{lang}")
            if width(page) > size["width"]:
                wide[path] = (width(page), overflowing(page))
        assert wide == {}


class TestStaticFiles:
    def test_echarts_goes_out_compressed_and_cached(self, city: World) -> None:
        import shuangtan.web

        path = Path(shuangtan.web.__file__).parent / "static/vendor/echarts.min.js"
        size = path.stat().st_size
        client = city.client
        with client.stream(
            "GET", "/static/vendor/echarts.min.js", headers={"accept-encoding": "gzip"}
        ) as answer:
            body = answer.read()  # decoded
            sent = answer.num_bytes_downloaded  # as it came over the wire
        assert answer.status_code == 200
        assert answer.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in answer.headers["vary"].lower()
        assert len(body) == size
        # minified JavaScript compresses to about a third: well under half
        assert sent < size / 2
        cache = answer.headers["cache-control"]
        assert "max-age=86400" in cache and "no-store" not in cache
        again = client.get(
            "/static/vendor/echarts.min.js",
            headers={"accept-encoding": "gzip", "if-none-match": answer.headers["etag"]},
        )
        assert again.status_code == 304

    def test_a_client_that_takes_no_gzip_gets_the_file_as_it_is(self, city: World) -> None:
        answer = city.client.get("/static/css/app.css", headers={"accept-encoding": "identity"})
        assert answer.status_code == 200
        assert "content-encoding" not in answer.headers

    def test_pages_are_not_compressed_and_not_cached(self, city: World) -> None:
        answer = city.client.get("/", headers={"accept-encoding": "gzip"})
        assert "content-encoding" not in answer.headers
        assert answer.headers["cache-control"] == "no-store"


def usernav(html: str) -> str:
    found = re.search(r'<div class="usernav">(.*?)</div>', html, re.S)
    assert found is not None
    return found[1]


class TestErrorPages:
    @pytest.mark.parametrize(
        ("path", "status"),
        [("/admin/audit", 403), ("/no-such-page", 404), ("/grading/notayear", 422)],
    )
    def test_an_error_page_keeps_the_logged_in_menu(
        self, city: World, path: str, status: int
    ) -> None:
        client = city.client
        city.web_login("enterprise")
        try:
            answer = client.get(path, headers={"accept": "text/html"})
            assert answer.status_code == status
            menu = usernav(answer.text)
            assert "嘉兴示范纺织有限公司 能源管理员" in menu
            assert ">登录<" not in menu and 'href="/login' not in menu
            assert 'href="/accounts"' in answer.text  # the enterprise's navigation
        finally:
            client.cookies.clear()

    def test_a_visitor_still_sees_the_login_button(self, city: World) -> None:
        city.client.cookies.clear()
        answer = city.client.get("/no-such-page", headers={"accept": "text/html"})
        assert answer.status_code == 404
        assert ">登录<" in usernav(answer.text)
