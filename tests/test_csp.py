"""Every page under the Content-Security-Policy (issue 9, point 9), in Chromium.

The policy (web/protection.py) lets a page load only the platform's own scripts, styles, images
and fonts, and no inline script or style. A template that still wrote ``style="…"``,
``<style>``, ``<script>…</script>`` or ``onchange="…"`` would be blocked by the browser, which
logs each violation to the console. Chromium walks the demo city (a small synthetic city of 60
enterprises and the data centre's demo) as the public and as each role, following every link
of each page to the pages behind it (each page shape once per role: ``/accounts/entities/7`` and
``/accounts/entities/8`` are one shape), draws the charts and hovers their tooltips, and no
violation may be logged. The API docs, whose one inline script is allowed by its hash, too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.routing import iter_route_contexts

import testkit
from testkit import World

ROLES = (
    "anonymous",
    "admin",
    "official",
    "official_jiashan",
    "enterprise",
    "verifier",
    "bank",
    "resident",
)
PAGES_PER_ROLE = 60
"""A bound on the walk of one role (the shapes of the platform's pages are about 50)."""
SKIPPED = ("/static/", "/api/", "/maps/", "/logout", "/docs")
"""Not pages: assets, the API, the map scripts, the log-out form's target (the API docs are
visited once, on their own)."""
VIOLATION = re.compile(r"Content Security Policy|Refused to (apply|execute|load)", re.I)


pytestmark = pytest.mark.parametrize("module_backend", ["sqlite"], indirect=True)
"""The policy is the pages', not the database's: one walk on SQLite (the pages' queries run on
both databases in the rooms' own tests)."""


@pytest.fixture(scope="module")
def city(module_worlds: Any) -> Iterator[World]:
    """One demo city for every role's walk (each walk reads, none writes)."""
    with module_worlds(testkit.small_demo, live=True) as made:
        yield made


def shape(path: str) -> str:
    """A page's shape: its path with every number made ``N``."""
    return re.sub(r"\d+", "N", path)


def starts(app: Any) -> list[str]:
    """Where a walk starts: the home page, then every page route of the app whose only
    parameters are a year or a county (2024, 嘉善县); the others are reached by links."""
    paths = ["/"]
    for route in iter_route_contexts(app.routes):
        path = getattr(route, "path", "")
        if "GET" not in (getattr(route, "methods", None) or ()) or path.startswith(SKIPPED):
            continue
        path = path.replace("{year}", "2024").replace("{county_code}", "330421")
        if "{" not in path and path not in paths:
            paths.append(path)
    return paths


class Walk:
    """One role's walk: the pages seen, and every violation logged on them."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.shapes: set[str] = set()
        self.visited: list[str] = []
        self.violations: list[str] = []
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if VIOLATION.search(message.text):
            self.violations.append(f"{self.page.url}: {message.text}")

    def _is_page(self, url: str) -> bool:
        answer = self.page.request.get(url, max_redirects=0)
        kind = answer.headers.get("content-type", "")
        return answer.status == 200 and kind.startswith("text/html")

    def _links(self) -> list[str]:
        hrefs: list[str] = self.page.eval_on_selector_all(
            "a[href]", "els => els.map(el => el.getAttribute('href'))"
        )
        found = []
        for href in hrefs:
            url = urljoin(self.page.url, href)
            parts = urlsplit(url)
            if url.startswith(self.base) and not parts.path.startswith(SKIPPED):
                found.append(
                    f"{self.base}{parts.path}" + (f"?{parts.query}" if parts.query else "")
                )
        return found

    def _exercise(self) -> None:
        """Draw what the page draws: hover the first chart, so that its tooltip is shown."""
        chart = self.page.query_selector("[data-chart], #county-map")
        if chart is not None and chart.is_visible():
            chart.hover()
            self.page.mouse.move(10, 10)

    def run(self, starts: list[str]) -> None:
        queue = [f"{self.base}{start}" for start in starts]
        while queue and len(self.visited) < PAGES_PER_ROLE:
            url = queue.pop(0)
            key = shape(urlsplit(url).path)
            if key in self.shapes:
                continue
            self.shapes.add(key)
            if not self._is_page(url):
                continue
            self.page.goto(url, wait_until="load")
            self.visited.append(url)
            self._exercise()
            queue.extend(self._links())


class TestEveryPage:
    @pytest.mark.parametrize("role", ROLES)
    def test_no_page_logs_a_policy_violation(self, city: World, browser: Any, role: str) -> None:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        try:
            page = context.new_page()
            if role != "anonymous":
                city.page_login(page, role)
            walk = Walk(page, city.url)
            walk.run(starts(city.app))
        finally:
            context.close()
        assert len(walk.visited) >= 5, walk.visited
        assert not walk.violations, "\n".join(walk.violations)

    def test_the_calculators_answer_and_the_api_docs_log_none(
        self, city: World, browser: Any
    ) -> None:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        try:
            page = context.new_page()
            walk = Walk(page, city.url)
            page.goto(f"{city.url}/calculator", wait_until="load")
            page.click("[data-testid=calculate]")
            page.wait_for_selector("[data-testid=calc-result] [data-chart][data-drawn]")
            page.hover("[data-testid=calc-result] [data-chart]")
            page.goto(f"{city.url}/docs", wait_until="networkidle")
            page.wait_for_selector(".swagger-ui .opblock")
        finally:
            context.close()
        assert not walk.violations, "\n".join(walk.violations)
