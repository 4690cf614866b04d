"""The inventory pages as HTML: who sees what; forms that refuse bad input write nothing."""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from .conftest import JIASHAN, NANHU, World, inventory_rows
from .test_router import ENERGY, workbook

YEAR = 2022


def _form(**values: Any) -> dict[str, str]:
    data = {k: str(v) for k, v in ENERGY.items() if k != "year"}
    data.update({k: str(v) for k, v in values.items()})
    return data


def _year_links(html: str) -> list[str]:
    """The years of the inventory's year links (the year shown is bold, not a link)."""
    found = re.search(r'<span class="yearlinks">(.*?)</span>', html, re.S)
    assert found is not None
    return re.findall(r">(\d{4})<", found.group(1))


class TestInventoryPage:
    def test_anonymous_is_sent_to_the_login(self, world: World) -> None:
        response = world.client.get(
            f"/inventory/{YEAR}", headers={"Accept": "text/html"}, follow_redirects=False
        )
        assert response.status_code == 303 and response.headers["location"].startswith("/login")

    def test_a_resident_is_refused(self, world: World) -> None:
        world.web_login("resident")
        assert world.client.get(f"/inventory/{YEAR}").status_code == 403

    def test_a_county_official_is_refused_another_county(self, world: World) -> None:
        world.web_login("jiashan")
        assert world.client.get(f"/inventory/{YEAR}?county_code={NANHU}").status_code == 403
        assert (
            world.client.get(f"/inventory/{YEAR}/reconciliation?county_code={NANHU}").status_code
            == 403
        )

    def test_an_empty_year_says_so(self, world: World) -> None:
        world.web_login("city")
        response = world.client.get(f"/inventory/{YEAR}")
        assert response.status_code == 200
        assert 'data-testid="no-data"' in response.text


class TestEntryForm:
    def test_a_valid_entry_is_saved_and_listed(self, world: World, row_counts: Any) -> None:
        csrf = world.web_login("jiashan")
        response = world.client.post(
            f"/inventory/{YEAR}/entries/energy",
            data={**_form(), "csrf_token": csrf},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert row_counts()["inventory_energy_balance"] == 1
        page = world.client.get(f"/inventory/{YEAR}/entries?kind=energy")
        assert "122.90" in page.text  # 1000 MWh × 0.1229 tce/MWh
        # the year links run from 2020 to the latest year with data (2022), and the entry page
        # offers the year after it for the next statistics: 2020, 2021, [2022], 2023
        assert _year_links(page.text) == ["2020", "2021", "2022", "2023"]
        assert _year_links(world.client.get(f"/inventory/{YEAR}").text) == ["2020", "2021", "2022"]

    def test_bad_input_is_shown_and_nothing_is_written(self, world: World, row_counts: Any) -> None:
        csrf = world.web_login("jiashan")
        response = world.client.post(
            f"/inventory/{YEAR}/entries/energy",
            data={**_form(quantity="abc"), "csrf_token": csrf},
        )
        assert response.status_code == 422
        assert "数量须为数字" in response.text
        assert inventory_rows(row_counts) == 0

    def test_another_county_is_refused_and_nothing_is_written(
        self, world: World, row_counts: Any
    ) -> None:
        csrf = world.web_login("jiashan")
        response = world.client.post(
            f"/inventory/{YEAR}/entries/energy",
            data={**_form(area_code=NANHU), "csrf_token": csrf},
        )
        assert response.status_code == 403
        assert inventory_rows(row_counts) == 0

    def test_a_form_without_the_csrf_token_is_refused(self, world: World, row_counts: Any) -> None:
        world.web_login("jiashan")
        response = world.client.post(f"/inventory/{YEAR}/entries/energy", data=_form())
        assert response.status_code == 403
        assert inventory_rows(row_counts) == 0


class TestExcelPages:
    def test_the_template_downloads(self, world: World) -> None:
        world.web_login("jiashan")
        response = world.client.get(f"/inventory/{YEAR}/template.xlsx")
        assert response.status_code == 200
        assert "活动数据 Activity data" in load_workbook(io.BytesIO(response.content)).sheetnames

    def test_a_bad_upload_lists_the_problem_and_writes_nothing(
        self, world: World, row_counts: Any
    ) -> None:
        csrf = world.web_login("jiashan")
        bad = [YEAR, 0, JIASHAN, "industry", "electricity", 10, "t", "能源平衡表"]
        response = world.client.post(
            f"/inventory/{YEAR}/import",
            data={"csrf_token": csrf},
            files={"file": ("inv.xlsx", workbook({"energy": [bad]}))},
        )
        assert response.status_code == 422
        assert 'data-testid="import-error"' in response.text
        assert inventory_rows(row_counts) == 0
