"""One request's reads of the dashboard (驾驶舱读取): protected tables, part-years, trends.

A year's table is the county × group aggregates of the verified accounts with the public
pattern of :mod:`~shuangtan.city.dashboard.suppression` applied for anyone who is not a city
official. **Part-years** (部分年度): a year is complete when each of its months is verified
by at least half of its entities (:func:`shuangtan.accounts.query.year_coverage`); an
incomplete year's table sums only its covered months (e.g. 1–8月), in every view, so that a
part-year is never shown as if it were a year, and its figures are never put beside another
year's full twelve months:

- the trend runs from :data:`TREND_FIRST` to the latest year with data (:func:`trend_years`),
  so that the year in progress is in it as soon as it holds verified months;
- the trend shows an incomplete year apart (部分年度, with its months) and, beside the
  previous year's full figure, the previous year's same months (同期);
- the change on the previous year compares like with like: full year with full year, or a
  part-year's months with the same months of the previous (complete) year; otherwise none.

Publishing both a year's full total and its first months' total publishes their difference
(the rest of the year). The same-period figures are therefore shown to a viewer only when the
rest of the year passes the disclosure rules as a table of its own, for the city and every
county (no margin of that table withheld); else they are withheld like any protected cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.accounts import query as accounts_query
from shuangtan.city.dashboard import repository, sources
from shuangtan.city.dashboard.suppression import TOTAL, Reason, Rules
from shuangtan.city.dashboard.tables import CellView, Table, public_pattern
from shuangtan.place.scope import Scope

__all__ = [
    "ALL_MONTHS",
    "PUBLIC",
    "TREND_FIRST",
    "Reader",
    "TrendPoint",
    "Viewer",
    "change_pct",
    "trend",
    "trend_years",
]

TREND_FIRST = 2020
"""The first year of the trend panels: the base year of the 14th five-year plan, which the
indicators' "vs 2020" compare with."""


def trend_years(session: Session) -> tuple[int, ...]:
    """The years of the trend panels: :data:`TREND_FIRST` to the latest year holding verified
    accounts or inventory data (the year in progress included, shown as a part-year)."""
    data = set(accounts_query.years_with_verified_accounts(session))
    data |= set(sources.inventory_years(session))
    return tuple(range(TREND_FIRST, max(data, default=TREND_FIRST) + 1))


ALL_MONTHS = accounts_query.ALL_MONTHS


@dataclass(frozen=True, slots=True)
class Viewer:
    """查看者 who looks: the public (protected aggregates), or an official whose place scope
    (:class:`~shuangtan.place.scope.Scope`) is shown in full and the rest protected."""

    scope: Scope | None  # None: the public

    @property
    def official(self) -> bool:
        """Whether this is the officials' view."""
        return self.scope is not None

    @property
    def whole_city(self) -> bool:
        """Whether every county is shown in full (city officials, administrators)."""
        return self.scope is not None and self.scope.whole_city

    def sees_detail(self, county_code: str) -> bool:
        """Whether ``county_code`` is shown in full, down to each entity."""
        return self.scope is not None and self.scope.covers(county_code)


PUBLIC = Viewer(None)


def _ten_thousand(value: Decimal | None) -> Decimal | None:
    return None if value is None else value / 10_000


def change_pct(now: CellView | None, before: CellView | None) -> Decimal | None:
    """``now`` on ``before`` in %, when both are shown (not withheld) and ``before`` is not 0."""
    if now is None or before is None or now.tco2e is None or not before.tco2e:
        return None
    return (now.tco2e / before.tco2e - 1) * 100


@dataclass
class Reader:
    """One request's reads: the viewer's scope, protected tables and inventory, each once."""

    session: Session
    scope: Viewer
    rules: Rules
    inventory: sources.Inventory
    tables: dict[tuple[int, tuple[int, ...]], Table] = field(default_factory=dict)
    coverage: dict[int, tuple[int, ...]] = field(default_factory=dict)
    rest_safe: dict[tuple[int, tuple[int, ...]], bool] = field(default_factory=dict)
    years: tuple[int, ...] = ()  # the trend's (:func:`trend_years`)

    @classmethod
    def of(cls, session: Session, scope: Viewer, rules: Rules) -> Reader:
        inventory = sources.Inventory(session)
        return cls(session, scope, rules, inventory, years=trend_years(session))

    def months(self, year: int) -> tuple[int, ...]:
        """The covered months of ``year`` in the city (the same for every view)."""
        if year not in self.coverage:
            self.coverage[year] = accounts_query.year_coverage(self.session, year).months
        return self.coverage[year]

    def complete(self, year: int) -> bool:
        """Whether ``year`` is a full year of verified accounts."""
        return self.months(year) == ALL_MONTHS

    def _protected(self, cells: repository.Cells) -> Table:
        suppressed: Mapping[tuple[object, object], Reason] = {}
        if not self.scope.whole_city:
            # one public pattern, safe against any county official knowing its own row;
            # a county official sees it with its own row shown
            public = public_pattern(cells, self.rules)
            suppressed = {k: r for k, r in public.items() if not self.scope.sees_detail(str(k[0]))}
        return Table(cells, suppressed)

    def table(self, year: int) -> Table:
        """The table of ``year``: its annual accounts, or only its covered months if partial."""
        months = self.months(year)
        return self.period_table(year, months)

    def period_table(self, year: int, months: tuple[int, ...]) -> Table:
        """The table of the verified months ``months`` of ``year``."""
        key = (year, months)
        if key not in self.tables:
            if months == ALL_MONTHS:
                cells = repository.cells_of_year(self.session, year)
            else:
                cells = repository.cells_of_period(self.session, year, months)
            self.tables[key] = self._protected(cells)
        return self.tables[key]

    def _rest_is_safe(self, year: int, months: tuple[int, ...]) -> bool:
        """Whether the rest of ``year`` (its covered months outside ``months``), as a table of
        its own, has every margin (city and county totals) publishable."""
        key = (year, months)
        if key not in self.rest_safe:
            rest = tuple(m for m in self.months(year) if m not in months)
            cells = repository.cells_of_period(self.session, year, rest)
            withheld = public_pattern(cells, self.rules) if cells else {}
            self.rest_safe[key] = not any(column == TOTAL for _, column in withheld)
        return self.rest_safe[key]

    def same_period(
        self, year: int, months: tuple[int, ...], row: str, names: tuple[str, str]
    ) -> CellView | None:
        """Row ``row`` (a county, or :data:`TOTAL`) of the months ``months`` of ``year``;
        ``None`` unless ``year`` is complete (then its same months compare like with like)."""
        if not months or not self.complete(year):
            return None
        view = self.period_table(year, months).view(row, TOTAL, str(year), names)
        if view is None or view.suppressed is not None:
            return view
        full = self.scope.whole_city or (row != TOTAL and self.scope.sees_detail(row))
        if not full and not self._rest_is_safe(year, months):
            return CellView(
                view.key, view.name_zh, view.name_en, None, None, None, Reason.confidential
            )
        return view


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """一年 one year of a trend: inventory energy and CO2, verified accounts' total.

    ``months`` are the year's covered months (all twelve for a full year); for a part-year
    ``same_period_previous`` is the previous year's same months, and ``change_pct`` the
    accounts' change on the previous year, like with like (``None`` when not comparable)."""

    year: int
    energy_10k_tce: Decimal | None
    co2_10k_t: Decimal | None
    accounts: CellView | None
    months: tuple[int, ...] = ALL_MONTHS
    same_period_previous: CellView | None = None
    change_pct: Decimal | None = None

    @property
    def complete(self) -> bool:
        """Whether the year is a full year of verified accounts."""
        return self.months == ALL_MONTHS


def trend(reader: Reader, county_code: str | None, names: tuple[str, str]) -> list[TrendPoint]:
    """The trend of the city (``None``) or a county over the reader's years."""
    row = TOTAL if county_code is None else county_code
    points: list[TrendPoint] = []
    for year in reader.years:
        totals = reader.inventory.year(year, county_code)
        months = reader.months(year)
        accounts = reader.table(year).view(row, TOTAL, str(year), names)
        same: CellView | None = None
        change: Decimal | None = None
        if months == ALL_MONTHS:
            if reader.complete(year - 1):
                before = reader.table(year - 1).view(row, TOTAL, str(year - 1), names)
                change = change_pct(accounts, before)
        else:
            same = reader.same_period(year - 1, months, row, names)
            change = change_pct(accounts, same)
        points.append(
            TrendPoint(
                year=year,
                energy_10k_tce=_ten_thousand(totals.energy_tce) if totals else None,
                co2_10k_t=_ten_thousand(totals.energy_co2_t) if totals else None,
                accounts=accounts,
                months=months,
                same_period_previous=same,
                change_pct=change,
            )
        )
    return points
