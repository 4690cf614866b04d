"""Issue 9, point 1: a verifier read other verification bodies' reports through the web pages.

The account page and the report page checked only that the verifier may see the entity (a body
sees every entity it was ever assigned) and then showed any year of it, while the API answered
404 for the same report. Body V1 verifies E1's 2024 and verified E2's 2023; E2's 2024 is body
V2's (see ``world.py``).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from testkit import World

from .world import EARLIER, YEAR, report_marker


def _years_offered(page: str) -> list[int]:
    return [int(y) for y in re.findall(r'<option value="(\d{4})"', page)]


def _history_years(page: str) -> list[str]:
    """The years of the account page's history chart: the one chart whose categories are years
    (the month chart's are months, the source chart has none; the series names are translated).
    A part-year's category carries its verified months on a second line (``2024\n1–2月``)."""
    charts: list[dict[str, Any]] = [
        json.loads(html.unescape(found)) for found in re.findall(r"data-chart='([^']*)'", page)
    ]
    history = [
        chart
        for chart in charts
        if (labels := chart.get("xAxis", {}).get("data"))
        and all(re.fullmatch(r"\d{4}(\n.+)?", str(label)) for label in labels)
    ]
    assert len(history) == 1, "the account page has one history chart"
    return [str(label).split("\n")[0] for label in history[0]["xAxis"]["data"]]


class TestAnotherBodysYear:
    def test_the_account_page_refuses_a_year_assigned_to_another_body(self, world: World) -> None:
        world.web_login("p-verifier")
        e2 = world.ids["entity_2"]
        response = world.client.get(f"/accounts/entities/{e2}?year={YEAR}")
        assert response.status_code == 404
        assert report_marker(2, YEAR) not in response.text

    def test_the_report_page_refuses_a_report_of_another_body(self, world: World) -> None:
        world.web_login("p-verifier")
        e2 = world.ids["entity_2"]
        for month in (1, 2):
            response = world.client.get(f"/accounts/entities/{e2}/reports/{YEAR}/{month}")
            assert response.status_code == 404
            assert report_marker(2, YEAR) not in response.text

    def test_the_api_answers_the_same(self, world: World) -> None:
        world.client.cookies.clear()
        headers = world.login("p-verifier")
        report = world.ids[f"report_2_{YEAR}_1"]
        response = world.client.get(f"/api/v1/accounts/reports/{report}", headers=headers)
        assert response.status_code == 404


class TestOwnYears:
    def test_the_account_page_shows_the_assigned_year_and_offers_only_assigned_years(
        self, world: World
    ) -> None:
        world.web_login("p-verifier")
        e1 = world.ids["entity_1"]
        response = world.client.get(f"/accounts/entities/{e1}?year={YEAR}")
        assert response.status_code == 200
        assert report_marker(1, YEAR) in response.text
        assert report_marker(1, EARLIER) not in response.text
        assert _years_offered(response.text) == [YEAR]
        assert _history_years(response.text) == [str(YEAR)]

    def test_without_a_year_the_page_opens_the_bodys_latest_assigned_year(
        self, world: World
    ) -> None:
        world.web_login("p-verifier")
        response = world.client.get(f"/accounts/entities/{world.ids['entity_2']}")
        assert response.status_code == 200
        assert report_marker(2, EARLIER) in response.text
        assert report_marker(2, YEAR) not in response.text
        assert _years_offered(response.text) == [EARLIER]
        assert _history_years(response.text) == [str(EARLIER)]

    def test_an_official_still_sees_every_year(self, world: World) -> None:
        world.web_login("p-county")
        response = world.client.get(f"/accounts/entities/{world.ids['entity_1']}?year={EARLIER}")
        assert response.status_code == 200
        assert report_marker(1, EARLIER) in response.text
        assert _history_years(response.text) == [str(EARLIER), str(YEAR)]

    def test_the_report_page_shows_an_assigned_report(self, world: World) -> None:
        world.web_login("p-verifier")
        e1 = world.ids["entity_1"]
        response = world.client.get(f"/accounts/entities/{e1}/reports/{YEAR}/1")
        assert response.status_code == 200
        assert report_marker(1, YEAR) in response.text

    def test_the_entity_list_shows_only_assigned_years_totals(self, world: World) -> None:
        world.web_login("p-verifier")
        own = world.client.get(f"/accounts/entities?year={YEAR}")
        assert own.status_code == 200
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", own.text, flags=re.S)
        e2_row = next(row for row in rows if "PERMS-E2" in row)
        e1_row = next(row for row in rows if "PERMS-E1" in row)
        assert "49.7" in e1_row  # E1's 2024 is this body's
        assert "49.7" not in e2_row  # E2's 2024 is another body's
