"""Which entered rows make an area's figure (清单口径): the area rule and the month rule.

- **Area.** A county takes its own rows. The whole city takes the rows entered for the city
  itself where there are any; otherwise the counties' rows, but only when every county of the
  city has entered (a sum over some counties would be a partial city, so nothing is returned).
- **Months.** Per cell, the annual row (``month`` 0) where there is one, else the monthly rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = ["for_area", "pick_months"]


class _Row(Protocol):
    @property
    def area_code(self) -> str: ...

    @property
    def month(self) -> int: ...


R = TypeVar("R", bound=_Row)


def for_area(
    rows: Sequence[R], *, city_code: str, counties: Sequence[str], county_code: str | None
) -> list[R]:
    """The rows that make the area's figure (see the module's area rule)."""
    if county_code is not None:
        return [r for r in rows if r.area_code == county_code]
    city_rows = [r for r in rows if r.area_code == city_code]
    if city_rows:
        return city_rows
    present = {r.area_code for r in rows}
    if counties and all(code in present for code in counties):
        return [r for r in rows if r.area_code in counties]
    return []


def pick_months(rows: Sequence[R], key: tuple[str, ...]) -> list[R]:
    """Per cell (area + ``key`` attributes): the annual row if there is one, else the months."""
    cells: dict[tuple[object, ...], list[R]] = defaultdict(list)
    for row in rows:
        cells[(row.area_code, *(getattr(row, k) for k in key))].append(row)
    out: list[R] = []
    for members in cells.values():
        annual = [r for r in members if r.month == 0]
        out.extend(annual or members)
    return out
