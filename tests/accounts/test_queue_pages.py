"""The verifier's queue over HTTP: the API's page and totals, the page's banner, flagged rows,
paging links and filters, and in Chromium at 1440 and 390 px (the flagged row on the first
screen, nothing wider than a phone). The world is ``queue_world``'s (SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from testkit import World

from .queue_world import REASON_EN, REASON_ZH, build

SHOTS = Path("/tmp/iq")


def _small(session: Session) -> dict[str, Any]:
    """Six months a report: 30 in body 1's queue (see queue_world)."""
    world = build(session, months=6, users=True)
    return {"ids": {"flagged": world.flagged.id, "hidden": world.hidden[3].id}}


def _served(session: Session) -> dict[str, Any]:
    """Twelve months a report: 60 in body 1's queue, more than a default page of 50; the one
    flagged report (E6's December) is the last submitted."""
    world = build(session, months=12, users=True)
    return {"ids": {"flagged": world.flagged.id}}


@pytest.fixture
def small(worlds: Any) -> Iterator[World]:
    with worlds(_small) as world:
        yield world


class TestApi:
    def test_a_page_with_its_total_and_the_flagged_report_first(self, small: World) -> None:
        headers = small.login("verifier1")
        url = "/api/v1/accounts/verifier/queue"
        body = small.client.get(url, params={"page_size": 10}, headers=headers).json()
        assert (body["total"], body["page"], body["page_size"], body["flagged_total"]) == (
            30,  # 5 entities × 6 months
            1,
            10,
            1,
        )
        first = body["items"][0]
        assert first["id"] == small.ids["flagged"]
        assert [flag["reason_zh"] for flag in first["flags"]] == [REASON_ZH]
        assert (first["entity_name"], first["county_name_zh"], first["due_date"]) == (
            "桐乡戊新材料有限公司",
            "桐乡市",
            "2025-06-30",
        )
        last = small.client.get(url, params={"page": 3, "page_size": 10}, headers=headers).json()
        assert (len(last["items"]), last["page"], last["total"]) == (10, 3, 30)
        beyond = small.client.get(url, params={"page": 4, "page_size": 10}, headers=headers)
        assert (beyond.json()["items"], beyond.json()["total"]) == ([], 30)

    def test_the_same_sorts_and_filters_as_the_page(self, small: World) -> None:
        headers = small.login("verifier1")
        url = "/api/v1/accounts/verifier/queue"

        def get(**params: Any) -> dict[str, Any]:
            answer = small.client.get(url, params=params, headers=headers)
            assert answer.status_code == 200, answer.text
            body: dict[str, Any] = answer.json()
            return body

        assert get(state="under_verification")["total"] == 10  # 5 × January, February
        assert [r["id"] for r in get(flagged="true")["items"]] == [small.ids["flagged"]]
        assert get(q="海宁")["total"] == 6
        assert get(county="330483", state="submitted")["total"] == 4  # E6, March–June
        due = get(sort="due", page_size=6)["items"]
        assert {r["entity_name"] for r in due} == {"海宁丙化纤有限公司"}  # due 2025-03-31
        named = get(sort="entity", page_size=1)["items"]
        assert named[0]["entity_name"] == "南湖乙造纸有限公司"  # 南 U+5357 first
        assert small.ids["hidden"] not in {r["id"] for r in get(page_size=200)["items"]}

    def test_a_bad_parameter_is_refused_at_the_door(self, small: World) -> None:
        headers = small.login("verifier1")
        url = "/api/v1/accounts/verifier/queue"
        for params in ({"sort": "size"}, {"state": "draft"}, {"page": 0}, {"page_size": 201}):
            answer = small.client.get(url, params=params, headers=headers)
            assert answer.status_code == 422, params

    def test_another_body_sees_only_its_own(self, small: World) -> None:
        body = small.client.get(
            "/api/v1/accounts/verifier/queue", headers=small.login("verifier2")
        ).json()
        assert (body["total"], body["flagged_total"]) == (2, 2)


class TestPage:
    def test_the_banner_counts_and_links_the_flagged_and_the_row_shows_its_reason(
        self, small: World
    ) -> None:
        small.web_login("verifier1")
        html = small.client.get("/accounts/queue", params={"page_size": 25}).text
        assert "1 份报告有异常标记" in html
        assert 'href="/accounts/queue?flagged=1&amp;page_size=25"' in html
        assert f"⚑ {REASON_ZH}" in html
        assert "共 30 份待核查报告,当前显示第 1–25 份" in html
        assert "第 1 / 2 页" in html
        assert 'href="/accounts/queue?page_size=25&amp;page=2"' in html
        assert "桐乡市" in html and "核查中" in html and "已提交" in html

    def test_english(self, small: World) -> None:
        small.web_login("verifier1")
        html = small.client.get("/accounts/queue", params={"lang": "en", "flagged": "1"}).text
        assert "Reports with anomaly flags: 1" in html
        assert f"⚑ {REASON_EN}" in html
        assert "Show the whole queue" in html
        assert "Tongxiang" in html

    def test_filters_keep_each_other_in_the_paging_links(self, small: World) -> None:
        small.web_login("verifier1")
        html = small.client.get(
            "/accounts/queue",
            params={"sort": "due", "state": "submitted", "page_size": 10, "q": "有限"},
        ).text
        assert "共 20 份待核查报告" in html  # 5 entities × March–June
        assert 'href="/accounts/queue?sort=due&amp;state=submitted&amp;q=%E6%9C%89%E9%99%90' in html

    def test_the_forms_empty_choices_mean_the_whole_queue(self, small: World) -> None:
        small.web_login("verifier1")
        answer = small.client.get(
            "/accounts/queue", params={"sort": "flags", "state": "", "county": "", "q": ""}
        )
        assert answer.status_code == 200
        assert "共 30 份待核查报告,当前显示第 1–30 份" in answer.text  # 5 × 6, one page of 50

    def test_an_unknown_state_is_refused_in_both_languages(self, small: World) -> None:
        small.web_login("verifier1")
        answer = small.client.get("/accounts/queue", params={"state": "draft"})
        assert answer.status_code == 422
        assert "未知的报告状态“draft”" in answer.text


def _overflow(page: Any) -> int:
    width: int = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return width


@pytest.mark.browser
class TestInChromium:
    @pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
    def test_the_flagged_row_is_on_the_first_screen(
        self, browser: Any, worlds: Any, backend: str, width: int, height: int
    ) -> None:
        with worlds(_served, live=True) as world:
            for lang in ("zh", "en"):
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                world.page_login(page, "verifier1")
                page.goto(f"{world.url}/accounts/queue?lang={lang}")
                row = page.locator(f"[data-testid=queue-row-{world.ids['flagged']}]")
                flag = row.locator("[data-testid=queue-flag]")
                assert flag.inner_text() == f"⚑ {REASON_ZH if lang == 'zh' else REASON_EN}"
                box = flag.bounding_box()
                assert box is not None and box["y"] + box["height"] <= height, box
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
                banner = page.locator("[data-testid=queue-flag-banner]")
                assert banner.bounding_box()["y"] < box["y"]  # type: ignore[index]
                count = page.locator("[data-testid=queue-count]").inner_text()
                assert ("60" in count) and ("1–50" in count)  # 5 × 12 reports, a page of 50
                assert _overflow(page) == 0
                if backend == "sqlite":
                    SHOTS.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(SHOTS / f"queue-{width}-{lang}.png"))
                    page.screenshot(
                        path=str(SHOTS / f"queue-{width}-{lang}-full.png"), full_page=True
                    )
                context.close()
