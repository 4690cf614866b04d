"""Common parameters (通用参数): ids, the year with one rule, months, and pages of long lists.

Every room takes a row's id through :data:`Id` (path, query or a body's field alike): a
positive integer that fits the database's ``INTEGER`` columns (1 ≤ id ≤ 2^31 − 1, what
PostgreSQL's ``int4`` holds), so that an id no row can have is refused at the door (422) on
SQLite and PostgreSQL alike instead of reaching the database.

Every room takes a year through :data:`Year` (path) or :data:`YearQuery` (query), which
publish the range in the OpenAPI document and refuse anything outside it (422), and checks a
year it is given some other way (a page's form, the CLI, another room) with
:func:`check_year`: one rule, one range, one message. A month is :data:`Month` (1–12).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from shuangtan.errors import InvalidInput

__all__ = [
    "MAX_ID",
    "MAX_PAGE",
    "MAX_YEAR",
    "MIN_YEAR",
    "Id",
    "InvalidYear",
    "Month",
    "PageNumber",
    "PageSize",
    "Pages",
    "Paging",
    "Year",
    "YearQuery",
    "check_year",
]

MIN_YEAR = 1990
"""The first year the platform takes: the UNFCCC base year, the oldest an inventory needs."""
MAX_YEAR = 2100
"""The last year the platform takes: the end of the longest published pathways."""

MAX_ID = 2**31 - 1
"""The largest id a row can have: the largest value of a 32-bit ``INTEGER`` column."""

Id = Annotated[int, Field(ge=1, le=MAX_ID, description=f"编号 id (1–{MAX_ID})")]
"""A row's id in the path, the query or a body (``/entities/{entity_id}``, ``bank_id``)."""

_YEAR_HELP = f"年份 year ({MIN_YEAR}–{MAX_YEAR})"
_YEAR_RANGE = {"minimum": MIN_YEAR, "maximum": MAX_YEAR}


def _in_range(year: int) -> int:
    """``year``, or a validation error that the problem handler renders as
    ``input.invalid_year`` with the messages of :class:`InvalidYear` (its ``ctx``)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        refusal = InvalidYear(year)
        raise PydanticCustomError(
            refusal.code,
            refusal.message_en,
            {"title": refusal.title, "message_zh": refusal.message_zh, "year": year},
        )
    return year


# The range is published as minimum/maximum and checked by one validator (not ge/le), so that
# a year out of range is refused with the year's own code and message wherever it is given.
Year = Annotated[
    int,
    Path(description=_YEAR_HELP, json_schema_extra=_YEAR_RANGE),
    AfterValidator(_in_range),
]
"""A year in the path (``/targets/{year}``)."""
YearQuery = Annotated[
    int,
    Query(description=_YEAR_HELP, json_schema_extra=_YEAR_RANGE),
    AfterValidator(_in_range),
]
"""A year in the query (``?year=2024``)."""

Month = Annotated[int, Field(ge=1, le=12, description="月份 month (1–12)")]
"""A month of a year, in the path or a body."""


class InvalidYear(InvalidInput):
    """年份无效 a year outside the platform's range."""

    code = "input.invalid_year"
    title = "Invalid year"

    def __init__(self, year: int) -> None:
        super().__init__(
            f"年份 {year} 无效(应在 {MIN_YEAR}–{MAX_YEAR} 之间)。",
            f"Year {year} is not valid ({MIN_YEAR}-{MAX_YEAR}).",
            year=year,
        )


def check_year(year: int) -> int:
    """``year`` if it is within the platform's range, else :class:`InvalidYear` (422)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidYear(year)
    return year


MAX_PAGE = 1_000_000
"""The last page number a list takes: far beyond any list, and its offset fits any database."""

PageNumber = Annotated[
    int, Query(ge=1, le=MAX_PAGE, description=f"页码 page number, from 1 (≤ {MAX_PAGE})")
]
PageSize = Annotated[int, Query(ge=1, le=200, description="每页条数 items per page (≤ 200)")]


@dataclass(frozen=True, slots=True)
class Paging:
    """一页 which page of a list: ``page`` from 1, ``page_size`` items."""

    page: int = 1
    page_size: int = 50

    @property
    def offset(self) -> int:
        """Rows before this page."""
        return (self.page - 1) * self.page_size

    @property
    def limit(self) -> int:
        """Rows on this page."""
        return self.page_size

    def pages(self, total: int) -> int:
        """How many pages ``total`` rows fill (at least one)."""
        return max(1, -(-total // self.page_size))

    def window(self, total: int) -> list[int | None]:
        """The page numbers a pager links for ``total`` rows: the first, the last and two either
        side of this page, ``None`` where numbers are left out (shown as …)."""
        pages, page = self.pages(total), self.page
        shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
        out: list[int | None] = []
        for previous, number in zip([0, *shown], shown, strict=False):
            if previous and number - previous > 1:
                out.append(None)
            out.append(number)
        return out


def _paging(page: PageNumber = 1, page_size: PageSize = 50) -> Paging:
    return Paging(page, page_size)


Pages = Annotated[Paging, Depends(_paging)]
"""A list route's ``?page=&page_size=`` as one :class:`Paging`."""
