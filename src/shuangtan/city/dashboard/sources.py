"""The other rooms the dashboard reads (数据来源): each through its public service, read-only.

- the city inventory (城市清单): ``shuangtan.city.inventory.service.city_totals`` — energy,
  energy CO2, GDP, sector breakdowns of the city and each county by year;
- plan targets (目标进度): ``shuangtan.city.targets.service`` — officials read the live
  progress of each indicator, the public only what officials published (``public_progress``);
- the peak pathway (达峰路径): the city scenarios saved in ``shuangtan.city.peak`` (officials),
  else the illustrative scenarios of ``shuangtan.city.kaya`` from the plan's 2020 base.

Where a room holds nothing for a year, this gives ``None`` and the page says that the panel has
no data yet: the dashboard never invents a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city import kaya
from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.peak import observed as peak_observed
from shuangtan.city.peak import service as peak_service
from shuangtan.city.targets import service as targets_service
from shuangtan.city.targets.errors import NotPublished

__all__ = [
    "IndicatorLight",
    "IndicatorLights",
    "Inventory",
    "InventoryYear",
    "PathwaySeries",
    "indicator_lights",
    "inventory_year",
    "inventory_years",
    "pathways",
    "saved_pathways",
]


@dataclass(frozen=True, slots=True)
class InventoryYear:
    """综合数 the inventory's totals of one year and place, as the dashboard shows them."""

    year: int
    county_code: str | None
    energy_tce: Decimal | None
    energy_co2_t: Decimal | None
    gdp_2015_prices_10k_cny: Decimal | None
    energy_tce_by_sector: dict[str, Decimal]
    energy_co2_t_by_sector: dict[str, Decimal]

    @property
    def has_data(self) -> bool:
        return self.energy_tce is not None or self.energy_co2_t is not None

    @property
    def energy_intensity(self) -> Decimal | None:
        """能耗强度 tce per 10^4 CNY of GDP at 2015 prices (the plan's basis)."""
        if self.energy_tce is None or not self.gdp_2015_prices_10k_cny:
            return None
        return self.energy_tce / self.gdp_2015_prices_10k_cny


@dataclass
class Inventory:
    """清单读取 reads of the inventory for one request, each (year, county) asked once."""

    session: Session
    _seen: dict[tuple[int, str | None], InventoryYear | None] = field(default_factory=dict)

    def year(self, year: int, county_code: str | None) -> InventoryYear | None:
        """The totals of ``year`` (the city, or one county), or ``None`` if nothing entered."""
        key = (year, county_code)
        if key not in self._seen:
            self._seen[key] = inventory_year(self.session, year, county_code)
        return self._seen[key]


def inventory_year(session: Session, year: int, county_code: str | None) -> InventoryYear | None:
    """The inventory's totals of ``year`` (the city, or one county), or ``None`` if none."""
    totals = inventory_service.city_totals(
        session=session, year=year, county_code=county_code, with_inventory=False
    )
    found = InventoryYear(
        year=year,
        county_code=county_code,
        energy_tce=totals.energy_tce,
        energy_co2_t=totals.energy_co2_t,
        gdp_2015_prices_10k_cny=totals.gdp_2015_prices_10k_cny,
        energy_tce_by_sector=dict(totals.energy_tce_by_sector),
        energy_co2_t_by_sector=dict(totals.energy_co2_t_by_sector),
    )
    return found if found.has_data else None


def inventory_years(session: Session, county_code: str | None = None) -> list[int]:
    """The years the inventory holds data for (the city, or one county)."""
    return sorted(inventory_service.years_with_data(session=session, county_code=county_code))


@dataclass(frozen=True, slots=True)
class PathwaySeries:
    """一条达峰路径 one scenario's projected CO2 (10^4 t) by year, with its peak."""

    key: str
    name_zh: str
    years: tuple[int, ...]
    emissions_10k_t: tuple[float, ...]
    peak_year: int | None  # None: still rising at the horizon
    peak_10k_t: float | None
    illustrative: bool
    base_year: int = 2020  # the projection's first year; the years before it are observed


def pathways(*, until: int = 2040) -> list[PathwaySeries]:
    """The peak pathways: the Kaya projection of each scenario from the 2020 base."""
    base = kaya.jiaxing_base_2020()
    result = []
    for scenario in kaya.SCENARIOS.values():
        projection = kaya.project(base, scenario, until=until)
        result.append(
            PathwaySeries(
                key=scenario.name,
                name_zh=scenario.name_zh,
                years=projection.years,
                emissions_10k_t=projection.emissions,
                peak_year=projection.peak_year,
                peak_10k_t=projection.peak_value,
                illustrative=True,
            )
        )
    return result


def saved_pathways(
    session: Session, actor: Principal | None, *, until: int = 2040
) -> list[PathwaySeries]:
    """The city-scope scenarios of the peak room, projected (no Monte Carlo): every one an
    official may see, or for anyone else only the shipped ones (published assumptions). Each
    path starts with its scope's observed years before the base year (as the peak room draws
    it), and its peak is sought over those and the projection together."""
    result = []
    rows = (
        peak_service.list_scenarios(session=session, actor=actor, scope_kind="city")
        if actor is not None
        else peak_service.shipped_city_scenarios(session=session)
    )
    paths: dict[tuple[str, str], tuple[tuple[int, float], ...]] = {}
    for row in rows:
        base, scenario = peak_service.kaya_inputs(row)
        if until <= base.year:
            continue
        scope = (row.scope_kind, row.scope_code)
        if scope not in paths:
            paths[scope] = peak_observed.observed(session, *scope).path
        history = peak_observed.history_before(paths[scope], base.year)
        projection = kaya.project(base, scenario, until=until, history=history)
        result.append(
            PathwaySeries(
                key=row.key or f"scenario-{row.id}",
                name_zh=row.name,
                years=tuple(y for y, _ in projection.history) + projection.years,
                emissions_10k_t=tuple(v for _, v in projection.history) + projection.emissions,
                peak_year=projection.peak_year,
                peak_10k_t=projection.peak_value,
                illustrative=row.key is not None,  # the shipped scenarios are illustrative
                base_year=base.year,
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class IndicatorLight:
    """指标信号灯 one plan indicator's status in a year (on_track / at_risk / off_track / …)."""

    id: str
    name_zh: str
    name_en: str
    unit: str
    value: float | None
    target_value: float | None
    target_year: int | None
    status: str


@dataclass(frozen=True, slots=True)
class IndicatorLights:
    """The indicator panel: ``state`` live (officials), published (public) or unpublished."""

    state: str
    lights: list[IndicatorLight]
    counts: dict[str, int]


STATUS_ORDER = ("off_track", "at_risk", "on_track", "not_assessed")
"""Lights are listed red first, then amber, green, and the not assessed last."""


def _by_status(lights: list[IndicatorLight]) -> list[IndicatorLight]:
    rank = {status: index for index, status in enumerate(STATUS_ORDER)}
    return sorted(lights, key=lambda light: rank.get(light.status, len(rank)))


def indicator_lights(session: Session, year: int, actor: Principal | None) -> IndicatorLights:
    """Officials: the live progress of ``year``; everyone else: what was published, if any."""
    if actor is not None and actor.has_role(Role.official, Role.admin):
        live = targets_service.progress(session=session, actor=actor, year=year)
        lights = [
            IndicatorLight(
                id=r.id,
                name_zh=r.name_zh,
                name_en=r.name_en,
                unit=r.unit,
                value=r.assessment.actual,
                target_value=r.target_value,
                target_year=r.target_year,
                status=r.status.value,
            )
            for r in live.indicators
        ]
        return IndicatorLights("live", _by_status(lights), dict(live.counts))
    try:
        published = targets_service.public_progress(session=session, year=year)
    except NotPublished:
        return IndicatorLights("unpublished", [], {})
    snapshot: dict[str, Any] = published.snapshot
    lights = [
        IndicatorLight(
            id=str(i["id"]),
            name_zh=str(i["name_zh"]),
            name_en=str(i["name_en"]),
            unit=str(i["unit"]),
            value=i.get("value"),
            target_value=i.get("target_value"),
            target_year=i.get("target_year"),
            status=str(i["status"]),
        )
        for i in snapshot.get("indicators", [])
    ]
    return IndicatorLights("published", _by_status(lights), dict(snapshot.get("counts", {})))
