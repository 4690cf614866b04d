"""The dashboard's doors (驾驶舱服务): what each viewer may see of the city's numbers.

Who sees what (decided here, documented in docs/dashboard.md):

- **the public** (anyone, logged in or not, who is not an official or administrator):
  aggregates only; every table built from entities' accounts is protected by
  :mod:`~shuangtan.city.dashboard.suppression` (the threshold, (n, k) dominance and p % rules,
  and complementary cells chosen so that no published figure narrows a withheld one below its
  protection interval); a withheld cell shows neither its value nor its number of entities
  nor why it is withheld; entity names and ids never leave this module;
- **a city official or an administrator**: everything, unsuppressed, down to the entities;
- **a county official**: its own county in full, down to the entities; the other counties
  exactly as the public sees them. The public pattern is computed to be safe also for a reader
  who knows one county's row in full, so a county official cannot recover another county's
  hidden cell by subtracting its own figures from a published total.

Inventory figures (energy, energy CO2, GDP by city and county) are official statistics, not
built from individual entities' accounts; they are shown as stored.

The public's views are computed once per data version and served from memory until data is
written (:mod:`~shuangtan.city.dashboard.cache`); officials' views are computed per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.dashboard import repository, sources
from shuangtan.city.dashboard.cache import cached
from shuangtan.city.dashboard.errors import (
    DashboardDenied,
    DashboardNotFound,
    OutOfScope,
)
from shuangtan.city.dashboard.reader import (
    PUBLIC,
    TREND_FIRST,
    Reader,
    TrendPoint,
    Viewer,
    trend,
    trend_years,
)
from shuangtan.city.dashboard.suppression import DEFAULT_RULES, TOTAL, Rules
from shuangtan.city.dashboard.tables import CellView
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository

__all__ = [
    "TREND_FIRST",
    "CellView",
    "CountyView",
    "IndustryView",
    "Overview",
    "TrendPoint",
    "Viewer",
    "county_view",
    "default_year",
    "industry_view",
    "overview",
    "trend_years",
    "viewer_of",
]

KIND_NAMES: dict[str, tuple[str, str]] = {
    "industrial": ("其他工业企业", "Other industry"),
    "public_building": ("公共机构和公共建筑", "Public institutions and buildings"),
    "transport": ("交通运输企业", "Transport operators"),
    "farm": ("农业经营主体", "Farms"),
}
"""Names of the groups of entities without a GB/T 4754 division (by entity kind)."""


def viewer_of(principal: Principal | None) -> Viewer:
    """The viewer: an official or administrator with its scope, else the public."""
    if principal is None or not principal.has_role(Role.official, Role.admin):
        return PUBLIC
    return Viewer(principal.scope)


def _official_viewer(actor: Principal) -> Viewer:
    scope = viewer_of(actor)
    if not scope.official:
        raise DashboardDenied(
            "驾驶舱的政府视图仅限政府官员和系统管理员;公众请使用公开视图。",
            "The official dashboard is for officials and administrators; "
            "the public view is open to everyone.",
        )
    return scope


def _group_names(session: Session) -> dict[str, tuple[str, str]]:
    names = {
        code: (i.name_zh, i.name_en) for code, i in place_repository.industries(session).items()
    }
    return {**KIND_NAMES, **names}


def _group_name(names: dict[str, tuple[str, str]], key: str) -> tuple[str, str]:
    return names.get(key, (key, key))


@dataclass(frozen=True, slots=True)
class KpiValue:
    """一项关键指标 one KPI of a year, with the previous year's and the base year's value."""

    value: Decimal | None
    previous: Decimal | None
    base_2020: Decimal | None

    @property
    def change_pct(self) -> Decimal | None:
        """Change on the previous year, %."""
        if self.value is None or not self.previous:
            return None
        return (self.value / self.previous - 1) * 100

    @property
    def change_since_2020_pct(self) -> Decimal | None:
        if self.value is None or not self.base_2020:
            return None
        return (self.value / self.base_2020 - 1) * 100


@dataclass(frozen=True, slots=True)
class Kpis:
    """关键指标卡 energy (万tce), energy CO2 (万t), energy intensity (tce/万元) of a year."""

    year: int
    energy_10k_tce: KpiValue
    co2_10k_t: KpiValue
    intensity_tce_per_10k_cny: KpiValue


def _ten_thousand(value: Decimal | None) -> Decimal | None:
    return None if value is None else value / 10_000


def _kpis(inventory: sources.Inventory, year: int, county_code: str | None) -> Kpis | None:
    now = inventory.year(year, county_code)
    if now is None:
        return None
    before = inventory.year(year - 1, county_code)
    base = inventory.year(2020, county_code) if year != 2020 else None

    def kpi(pick: str) -> KpiValue:
        def value(totals: sources.InventoryYear | None) -> Decimal | None:
            if totals is None:
                return None
            if pick == "intensity":
                return totals.energy_intensity
            return _ten_thousand(totals.energy_tce if pick == "energy" else totals.energy_co2_t)

        return KpiValue(value(now), value(before), value(base))

    return Kpis(year, kpi("energy"), kpi("co2"), kpi("intensity"))


@dataclass(frozen=True, slots=True)
class CountyRow:
    """一个区县 one county on the city overview: inventory figures and accounts aggregate."""

    code: str
    name_zh: str
    name_en: str
    energy_10k_tce: Decimal | None
    co2_10k_t: Decimal | None
    accounts: CellView | None
    detail: bool


@dataclass(frozen=True, slots=True)
class Overview:
    """全市驾驶舱 the city overview of one year, as one viewer may see it."""

    year: int
    viewer: Viewer
    kpis: Kpis | None
    counties: list[CountyRow]
    groups: list[CellView]
    total: CellView | None
    trend: list[TrendPoint]
    sectors_energy_tce: dict[str, Decimal]
    sectors_co2_t: dict[str, Decimal]
    pathways: list[sources.PathwaySeries]
    indicators: sources.IndicatorLights
    months: tuple[int, ...]
    """The months of ``year`` the accounts' figures hold (all twelve for a full year)."""


def _sorted_cells(cells: list[CellView]) -> list[CellView]:
    """Largest emitters first; suppressed cells last (their size must not show)."""
    return sorted(cells, key=lambda c: (c.tco2e is None, -(c.tco2e or 0), c.key))


def overview(
    *, session: Session, actor: Principal | None, year: int, rules: Rules = DEFAULT_RULES
) -> Overview:
    """The city overview of ``year`` for ``actor`` (``None``: the public)."""
    check_year(year)
    scope = viewer_of(actor)
    if not scope.official:
        return _public_overview(session, year, rules)
    return _overview(session, scope, year, actor, rules)


def public_overview(*, session: Session, year: int, rules: Rules = DEFAULT_RULES) -> Overview:
    """The public city overview of ``year`` (aggregates only, protected)."""
    check_year(year)
    return _public_overview(session, year, rules)


def _public_overview(session: Session, year: int, rules: Rules) -> Overview:
    """The public overview, computed once per data version (:mod:`.cache`)."""
    return cached(
        session, ("overview", year, rules), lambda: _overview(session, PUBLIC, year, None, rules)
    )


def official_overview(
    *, session: Session, actor: Principal, year: int, rules: Rules = DEFAULT_RULES
) -> Overview:
    """The officials' city overview of ``year`` (refused to anyone else)."""
    check_year(year)
    return _overview(session, _official_viewer(actor), year, actor, rules)


def _pathways(
    session: Session, scope: Viewer, actor: Principal | None
) -> list[sources.PathwaySeries]:
    """City officials: the city scenarios saved in the peak room; anyone else the shipped
    ones from the same room (so both views start from the same inventory base); without a peak
    room's data, the illustrative scenarios from the plan's 2020 base."""
    official = actor is not None and scope.whole_city
    saved = sources.saved_pathways(session, actor if official else None)
    return saved if saved else sources.pathways()


def _overview(
    session: Session, scope: Viewer, year: int, actor: Principal | None, rules: Rules
) -> Overview:
    reader = Reader.of(session, scope, rules)
    table = reader.table(year)
    names = _group_names(session)
    counties = []
    for code, county in place_repository.counties(session).items():
        totals = reader.inventory.year(year, code)
        counties.append(
            CountyRow(
                code=code,
                name_zh=county.name_zh,
                name_en=county.name_en,
                energy_10k_tce=_ten_thousand(totals.energy_tce) if totals else None,
                co2_10k_t=_ten_thousand(totals.energy_co2_t) if totals else None,
                accounts=table.view(code, TOTAL, code, (county.name_zh, county.name_en)),
                detail=scope.sees_detail(code),
            )
        )
    keys = sorted({key for row in table.cells.values() for key in row})
    groups = [table.view(TOTAL, key, key, _group_name(names, key)) for key in keys]
    city = reader.inventory.year(year, None)
    return Overview(
        year=year,
        viewer=scope,
        kpis=_kpis(reader.inventory, year, None),
        counties=counties,
        groups=_sorted_cells([g for g in groups if g is not None]),
        total=table.view(TOTAL, TOTAL, "total", ("全市", "City")),
        trend=trend(reader, None, ("全市", "City")),
        sectors_energy_tce=city.energy_tce_by_sector if city else {},
        sectors_co2_t=city.energy_co2_t_by_sector if city else {},
        pathways=_pathways(session, scope, actor),
        indicators=sources.indicator_lights(session, year, actor),
        months=reader.months(year),
    )


@dataclass(frozen=True, slots=True)
class CountyView:
    """区县驾驶舱 one county of one year: its groups (industries), totals and trend."""

    year: int
    code: str
    name_zh: str
    name_en: str
    detail: bool
    kpis: Kpis | None
    groups: list[CellView]
    total: CellView | None
    trend: list[TrendPoint]
    sectors_energy_tce: dict[str, Decimal]
    months: tuple[int, ...]
    """The months of ``year`` the accounts' figures hold (all twelve for a full year)."""


def _county(session: Session, code: str) -> tuple[str, str]:
    county = place_repository.counties(session).get(code)
    if county is None:
        raise DashboardNotFound(
            f"没有区县代码为 {code} 的区县。", f"No county with the code {code}.", county_code=code
        )
    return county.name_zh, county.name_en


def county_view(
    *,
    session: Session,
    actor: Principal | None,
    year: int,
    county_code: str,
    rules: Rules = DEFAULT_RULES,
) -> CountyView:
    """One county of ``year`` for ``actor``: full in scope, protected aggregates otherwise."""
    check_year(year)
    scope = viewer_of(actor)
    if not scope.official:
        return _public_county_view(session, year, county_code, rules)
    return _county_view(session, scope, year, county_code, rules)


def public_county_view(
    *, session: Session, year: int, county_code: str, rules: Rules = DEFAULT_RULES
) -> CountyView:
    """One county of ``year`` as the public sees it."""
    check_year(year)
    return _public_county_view(session, year, county_code, rules)


def _public_county_view(session: Session, year: int, code: str, rules: Rules) -> CountyView:
    """The public view of a county (an unknown county is refused, never cached)."""
    return cached(
        session,
        ("county", year, code, rules),
        lambda: _county_view(session, PUBLIC, year, code, rules),
    )


def official_county_view(
    *,
    session: Session,
    actor: Principal,
    year: int,
    county_code: str,
    rules: Rules = DEFAULT_RULES,
) -> CountyView:
    """One county of ``year`` for an official (refused to anyone else)."""
    check_year(year)
    return _county_view(session, _official_viewer(actor), year, county_code, rules)


def _county_view(session: Session, scope: Viewer, year: int, code: str, rules: Rules) -> CountyView:
    name_zh, name_en = _county(session, code)
    reader = Reader.of(session, scope, rules)
    table = reader.table(year)
    names = _group_names(session)
    groups = [
        table.view(code, key, key, _group_name(names, key)) for key in table.cells.get(code, {})
    ]
    totals = reader.inventory.year(year, code)
    return CountyView(
        year=year,
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        detail=scope.sees_detail(code),
        kpis=_kpis(reader.inventory, year, code),
        groups=_sorted_cells([g for g in groups if g is not None]),
        total=table.view(code, TOTAL, code, (name_zh, name_en)),
        trend=trend(reader, code, (name_zh, name_en)),
        sectors_energy_tce=totals.energy_tce_by_sector if totals else {},
        months=reader.months(year),
    )


@dataclass(frozen=True, slots=True)
class IndustryView:
    """区县×行业 one group of one county: its aggregate and, for officials in scope, entities."""

    year: int
    county_code: str
    county_name_zh: str
    county_name_en: str
    cell: CellView | None
    entities: list[repository.EntityYear] | None  # None: not visible to this viewer
    trend: list[CellView | None]
    months: tuple[int, ...]
    """The months of ``year`` the aggregates hold (the entities list shows each one's own)."""
    trend_years: list[int]
    """The years of ``trend``."""
    trend_months: list[tuple[int, ...]]
    """The months each year of ``trend`` holds."""


def _industry_view(
    session: Session,
    scope: Viewer,
    year: int,
    code: str,
    key: str,
    rules: Rules,
    *,
    entities: bool,
) -> IndustryView:
    county_zh, county_en = _county(session, code)
    names = _group_names(session)
    if key not in names:
        raise DashboardNotFound(
            f"没有代码为 {key} 的行业。", f"No industry with the code {key}.", industry=key
        )
    name = _group_name(names, key)
    reader = Reader.of(session, scope, rules)
    table = reader.table(year)
    detail = scope.sees_detail(code)
    if entities and not detail:
        raise OutOfScope(
            "该区县不在您的管辖范围内,只能查看汇总数据。",
            "This county is outside your jurisdiction: only aggregates are shown.",
            county_code=code,
        )
    trend = [reader.table(y).view(code, key, str(y), name) for y in reader.years]
    return IndustryView(
        year=year,
        county_code=code,
        county_name_zh=county_zh,
        county_name_en=county_en,
        cell=table.view(code, key, key, name),
        entities=list(repository.entities_of_cell(session, year, code, key)) if detail else None,
        trend=trend,
        months=reader.months(year),
        trend_years=list(reader.years),
        trend_months=[reader.months(y) for y in reader.years],
    )


def industry_view(
    *,
    session: Session,
    actor: Principal | None,
    year: int,
    county_code: str,
    key: str,
    rules: Rules = DEFAULT_RULES,
) -> IndustryView:
    """One county × group of ``year``; its entities only for a viewer who sees the county."""
    check_year(year)
    scope = viewer_of(actor)
    if not scope.official:
        return _public_industry_view(session, year, county_code, key, rules)
    return _industry_view(session, scope, year, county_code, key, rules, entities=False)


def public_industry_view(
    *, session: Session, year: int, county_code: str, key: str, rules: Rules = DEFAULT_RULES
) -> IndustryView:
    """One county × group of ``year`` as the public sees it (never any entity)."""
    check_year(year)
    return _public_industry_view(session, year, county_code, key, rules)


def _public_industry_view(
    session: Session, year: int, code: str, key: str, rules: Rules
) -> IndustryView:
    return cached(
        session,
        ("industry", year, code, key, rules),
        lambda: _industry_view(session, PUBLIC, year, code, key, rules, entities=False),
    )


def official_industry_view(
    *,
    session: Session,
    actor: Principal,
    year: int,
    county_code: str,
    key: str,
    rules: Rules = DEFAULT_RULES,
) -> IndustryView:
    """One county × group with its entities, for an official of that county (or the city)."""
    check_year(year)
    scope = _official_viewer(actor)
    return _industry_view(session, scope, year, county_code, key, rules, entities=True)


def default_year(session: Session) -> int:
    """The year the dashboard opens on: the latest year the city inventory holds (energy, CO2,
    indicators and sectors all have data), else the latest with verified accounts; a later year
    in progress is in the trend as a part-year. :data:`TREND_FIRST` on an empty database."""
    inventory = sources.inventory_years(session)
    return inventory[-1] if inventory else trend_years(session)[-1]
