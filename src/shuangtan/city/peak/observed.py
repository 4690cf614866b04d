"""Observed emissions of a scope (观测排放): the history a scenario starts from.

* City and county (城市、县区): the inventory's energy CO2 of every year it holds (annual
  statistics: each year is a whole year).
* Industry (行业): the verified emissions of the industry's annual accounts. A year whose
  monthly reports are still being verified is a **part-year** (部分年度, e.g. 1–8月): its sum
  holds only those months, so it is left out of the observed path (and so of every trend, base
  and peak) and kept apart with its months, to be shown as a note. Which months a year holds
  is :func:`shuangtan.accounts.query.year_coverage` (the same rule as the dashboard's).

Values in 10^4 tCO2.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from shuangtan.accounts import query as accounts_query
from shuangtan.city.inventory import service as inventory_service

__all__ = ["Observed", "PartYear", "history_before", "observed", "part_year_of"]

TEN_THOUSAND = 10_000.0


@dataclass(frozen=True, slots=True)
class PartYear:
    """部分年度 a year of verified accounts still in progress: which months it holds."""

    year: int
    months: tuple[int, ...]

    def months_text(self, *, zh: bool) -> str:
        """``1–8月`` (zh) or ``Jan–Aug`` (en)."""
        return accounts_query.months_text(self.months, zh=zh)


@dataclass(frozen=True, slots=True)
class Observed:
    """观测路径 complete years (year, 10^4 tCO2), ascending, and the part-years left out."""

    path: tuple[tuple[int, float], ...]
    part_years: tuple[PartYear, ...] = ()

    @property
    def last_year(self) -> int | None:
        """The last complete observed year (最近观测年), ``None`` without data."""
        return self.path[-1][0] if self.path else None


def history_before(
    path: tuple[tuple[int, float], ...], base_year: int
) -> tuple[tuple[int, float], ...]:
    """The observed years just before ``base_year`` without a gap (the engine's history)."""
    values = dict(path)
    run: list[tuple[int, float]] = []
    year = base_year - 1
    while year in values:
        run.append((year, values[year]))
        year -= 1
    return tuple(reversed(run))


def part_year_of(session: Session, year: int) -> PartYear | None:
    """The months ``year`` holds when its verified accounts are incomplete, else ``None``."""
    coverage = accounts_query.year_coverage(session, year)
    return None if coverage.complete else PartYear(year=year, months=coverage.months)


def observed(session: Session, scope_kind: str, scope_code: str) -> Observed:
    """The observed path of a scope (no access check: the service checks)."""
    if scope_kind == "industry":
        path: list[tuple[int, float]] = []
        parts: list[PartYear] = []
        for row in accounts_query.verified_totals(
            session, by=("year",), industry_code=scope_code, with_value_added=True
        ):
            year = int(row.year or 0)
            part = part_year_of(session, year)
            if part is None:
                path.append((year, float(row.tco2e) / TEN_THOUSAND))
            else:
                parts.append(part)
        return Observed(path=tuple(path), part_years=tuple(parts))
    county = None if scope_kind == "city" else scope_code
    path = []
    for year in inventory_service.years_with_data(session=session, county_code=county):
        totals = inventory_service.city_totals(
            session=session, year=year, county_code=county, with_inventory=False
        )
        if totals.energy_co2_t is not None and totals.energy_co2_t > 0:
            path.append((year, float(totals.energy_co2_t) / TEN_THOUSAND))
    return Observed(path=tuple(sorted(path)))
