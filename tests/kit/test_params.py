"""Common parameters (kit.params): ids fit an INTEGER column, years keep their own code, months
are 1–12 — each refused by the type, wherever it is used (path, query or body)."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from shuangtan.kit.params import MAX_ID, Id, Month, Paging, Year, check_year

IDS = TypeAdapter(Id)
MONTHS = TypeAdapter(Month)
YEARS = TypeAdapter(Year)


class TestIds:
    def test_the_largest_int4_is_the_largest_id(self) -> None:
        # PostgreSQL's INTEGER is 4 bytes: −2^31 … 2^31 − 1
        assert MAX_ID == 2_147_483_647
        assert IDS.validate_python(1) == 1 and IDS.validate_python(MAX_ID) == MAX_ID

    @pytest.mark.parametrize("value", [0, -1, MAX_ID + 1, 2**63, 2**64])
    def test_anything_else_is_refused(self, value: int) -> None:
        with pytest.raises(ValidationError):
            IDS.validate_python(value)


class TestMonths:
    @pytest.mark.parametrize(("value", "taken"), [(0, False), (1, True), (12, True), (13, False)])
    def test_one_to_twelve(self, value: int, taken: bool) -> None:
        if taken:
            assert MONTHS.validate_python(value) == value
        else:
            with pytest.raises(ValidationError):
                MONTHS.validate_python(value)


class TestYears:
    def test_the_range_is_the_one_check_year_keeps(self) -> None:
        assert YEARS.validate_python(1990) == check_year(1990) == 1990
        assert YEARS.validate_python(2100) == check_year(2100) == 2100

    @pytest.mark.parametrize("year", [1989, 2101, 2**64])
    def test_a_year_outside_carries_its_code_and_both_messages(self, year: int) -> None:
        with pytest.raises(ValidationError) as caught:
            YEARS.validate_python(year)
        (error,) = caught.value.errors()
        assert error["type"] == "input.invalid_year"
        assert error["msg"] == f"Year {year} is not valid (1990-2100)."
        assert error["ctx"]["message_zh"] == f"年份 {year} 无效(应在 1990–2100 之间)。"


class TestPagingWindow:
    @pytest.mark.parametrize(
        ("page", "total", "expected"),
        [
            # 50 a page: 1,000 rows fill 20 pages; page 10 links 1 … 8–12 … 20
            (10, 1000, [1, None, 8, 9, 10, 11, 12, None, 20]),
            # near the start the run joins the first page, no gap: 1–5 … 20
            (3, 1000, [1, 2, 3, 4, 5, None, 20]),
            # 120 rows: 3 pages, all shown
            (2, 120, [1, 2, 3]),
            # nothing listed is still one page
            (1, 0, [1]),
        ],
    )
    def test_the_first_the_last_and_two_either_side(
        self, page: int, total: int, expected: list[int | None]
    ) -> None:
        assert Paging(page, 50).window(total) == expected
