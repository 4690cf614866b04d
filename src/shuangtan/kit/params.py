"""Common parameters (通用参数): the year with one rule, and pages of long lists.

Every room takes a year through :data:`Year` (path) or :data:`YearQuery` (query), which
publish the range in the OpenAPI document and refuse anything outside it (422), and checks a
year it is given some other way (a page's form, the CLI, another room) with
:func:`check_year`: one rule, one range, one message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query

from shuangtan.errors import InvalidInput

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "InvalidYear",
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

_YEAR_HELP = f"年份 year ({MIN_YEAR}–{MAX_YEAR})"

Year = Annotated[int, Path(ge=MIN_YEAR, le=MAX_YEAR, description=_YEAR_HELP)]
"""A year in the path (``/targets/{year}``)."""
YearQuery = Annotated[int, Query(ge=MIN_YEAR, le=MAX_YEAR, description=_YEAR_HELP)]
"""A year in the query (``?year=2024``)."""


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


PageNumber = Annotated[int, Query(ge=1, description="页码 page number, from 1")]
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


def _paging(page: PageNumber = 1, page_size: PageSize = 50) -> Paging:
    return Paging(page, page_size)


Pages = Annotated[Paging, Depends(_paging)]
"""A list route's ``?page=&page_size=`` as one :class:`Paging`."""
