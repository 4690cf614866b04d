"""The targets' demo data (规划目标演示数据): synthetic yearly values, illustrative quotas and
county targets, published for 2021–2024. **Nothing here is a published figure**; every row's
source note says so, and docs/targets.md lists the assumptions.

- **Typed values 2021–2025** of every indicator the platform does not compute: a deterministic
  path from a start (the plan's 2020 baseline, or a share of the target) towards the target,
  with a per-indicator pace (:data:`PACES`) so that the demo shows every status. Counts are
  whole numbers, shares stay within 0–100 %.
- **Provincial quotas** (省下达, blank in the plan): stand-ins equal to the *national* 14th
  Five-Year Plan targets (纲要: energy intensity −13.5 %, CO2 intensity −18 %), and an
  illustrative energy cap of 2,600 ×10^4 tce. They are not Zhejiang's quotas for Jiaxing.
- **County targets** (illustrative, each county its own from its 2020 inventory figures): the
  intensity reductions scale the national rates by the square root of the county's 2020
  intensity over the city's (a heavier county cuts more: 13.5 % × √(I_county / I_city), CO2 the
  same from 18 %), rounded to 0.1 point; the caps grow the county's 2020 energy (CO2) at its
  expected GDP growth for five years and take off its intensity cut:
  cap = base × (1 + g)^5 × (1 − cut), with g the county's published 2021 growth less 3 points of
  post-2020 rebound (``inventory.demo_counties.GDP_GROWTH_2021``).
- Years 2021–2025 by default (``years``); every year but the last published (the last left
  for the officials to publish).

Idempotent: a cell already holding the value is left alone; the second run returns 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.city.inventory import demo_counties
from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.targets import computed, repository, service
from shuangtan.city.targets.models import CountyTarget, IndicatorSetting, TargetPublication
from shuangtan.kit.progress import Progress
from shuangtan.place.models import County, Indicator

__all__ = ["DEMO_YEARS", "PACES", "county_wanted", "load_demo_targets"]

DEMO_YEARS = (2021, 2022, 2023, 2024, 2025)
NOTE = "演示数据(合成,非统计数据) synthetic demo value"
QUOTA_NOTE = "演示假设:取国家“十四五”规划纲要目标作示意,非省下达正式指标 (illustrative)"
CAP_NOTE = "演示假设:示意总量上限,非正式分解指标 (illustrative cap)"
COUNTY_NOTE = "演示假设:示意分解,非正式下达的县(市、区)目标 (illustrative)"
QUOTAS = {
    "energy_intensity": {"reduction_pct": Decimal("13.5")},  # 纲要: 单位GDP能耗降低13.5%
    "carbon_intensity_reduction": {"target_value": Decimal(18)},  # 纲要: CO2强度降低18%
    "energy_consumption_total": {"target_value": Decimal(2600)},  # illustrative cap
}
PACES: dict[str, float] = {
    # share of the straight way to the target reached each year (1.0 = on the path);
    # below 0.9 lags, above 1 runs ahead — chosen to show every status in the demo
    "green_factories": 1.10,
    "green_low_carbon_parks": 1.2,
    "public_chargers": 0.85,
    "prefab_building_share": 0.95,
    "forest_coverage": 1.0,
    "pesticide_intensity": 0.8,
    "low_zero_carbon_villages": 1.05,
    "energy_saving_industry_output": 0.9,
}
START_SHARE = 0.6
"""Without a baseline, the 2020 start of the synthetic path is 60 % of the target (a 'down'
indicator starts at 1/0.6 of it)."""


def _value(indicator: Indicator, year: int) -> Decimal | None:
    pace = PACES.get(indicator.id, 1.0)
    target = float(indicator.target_value) if indicator.target_value is not None else None
    base = float(indicator.baseline_value) if indicator.baseline_value is not None else None
    if indicator.direction == "none":
        return indicator.baseline_value
    if indicator.unit == "yes/no":
        return Decimal(1) if year >= 2025 else Decimal(0)
    if base is None and target is None:
        return None
    if base is None:
        assert target is not None
        base = target * START_SHARE if indicator.direction == "up" else target / START_SHARE
    if target is None:  # baseline only: a steady 3 % a year the good way
        step = 0.03 if indicator.direction == "up" else -0.03
        target = base * (1 + step * 5)
    share = min(pace * (year - 2020) / 5, 1.15)
    value = base + (target - base) * share
    if indicator.unit == "%":
        value = max(0.0, min(value, 100.0))
    if indicator.unit == "count":
        return Decimal(round(value))
    return Decimal(f"{value:.3f}")


def _values(session: Session, years: Sequence[int]) -> int:
    changes = 0
    for indicator in repository.indicators(session):
        if indicator.id in computed.COMPUTED:
            continue
        for year in years:
            value = _value(indicator, year)
            if value is None:
                continue
            row = repository.value(session, indicator_id=indicator.id, year=year)
            if row is not None and row.value == value and row.source_note == NOTE:
                continue
            service.enter_value(
                session=session,
                actor=None,
                indicator_id=indicator.id,
                year=year,
                value=value,
                source_note=NOTE,
            )
            changes += 1
    return changes


def _quotas(session: Session, years: Sequence[int]) -> int:
    changes = 0
    for indicator_id, quota in QUOTAS.items():
        indicator = session.get(Indicator, indicator_id)
        if indicator is None or indicator.target_value is not None:
            continue
        note = CAP_NOTE if indicator_id == "energy_consumption_total" else QUOTA_NOTE
        row = session.get(IndicatorSetting, indicator_id)
        if (
            row is not None
            and row.source_note == note
            and (
                row.reduction_pct == quota.get("reduction_pct")
                or row.target_value == quota.get("target_value")
            )
        ):
            continue
        service.set_indicator(
            session=session,
            actor=None,
            indicator_id=indicator_id,
            source_note=note,
            target_year=2025,
            target_value=quota.get("target_value"),
            reduction_pct=quota.get("reduction_pct"),
        )
        changes += 1
    return changes


_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")


def _scaled_rate(national: Decimal, county: Decimal | None, city: Decimal | None) -> Decimal:
    """The national rate × √(county intensity / city intensity), to 0.1 point."""
    if county is None or city is None or not city:
        return national
    return (national * (county / city).sqrt()).quantize(_TENTH)


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    return numerator / denominator if numerator is not None and denominator else None


def county_wanted(
    county_code: str,
    base: inventory_service.CityTotals,
    city: inventory_service.CityTotals,
) -> dict[str, Decimal]:
    """The county's illustrative 2025 targets from its own and the city's 2020 figures."""
    energy_rate = _scaled_rate(
        Decimal("13.5"),
        _ratio(base.energy_tce, base.gdp_current_10k_cny),
        _ratio(city.energy_tce, city.gdp_current_10k_cny),
    )
    carbon_rate = _scaled_rate(
        Decimal(18),
        _ratio(base.energy_co2_t, base.gdp_current_10k_cny),
        _ratio(city.energy_co2_t, city.gdp_current_10k_cny),
    )
    wanted = {
        "energy_intensity_reduction": energy_rate,
        "carbon_intensity_reduction": carbon_rate,
    }
    growth = 1 + (demo_counties.GDP_GROWTH_2021.get(county_code, Decimal(8)) - 3) / 100
    if base.energy_tce is not None:
        cap = base.energy_tce * growth**5 * (1 - energy_rate / 100) / 10_000
        wanted["energy_total_cap"] = cap.quantize(_CENT)
    if base.energy_co2_t is not None:
        cap = base.energy_co2_t * growth**5 * (1 - carbon_rate / 100) / 10_000
        wanted["carbon_total_cap"] = cap.quantize(_CENT)
    return wanted


def _county_targets(session: Session, years: Sequence[int]) -> int:
    changes = 0
    counties = session.query(County).order_by(County.code).all()
    city = inventory_service.city_totals(session=session, year=2020, with_inventory=False)
    for county in counties:
        base = inventory_service.city_totals(
            session=session, year=2020, county_code=county.code, with_inventory=False
        )
        wanted = county_wanted(county.code, base, city)
        for kind, value in wanted.items():
            row = repository.county_target(
                session, county_code=county.code, kind=kind, target_year=2025
            )
            if isinstance(row, CountyTarget) and row.target_value == value:
                continue
            service.set_county_target(
                session=session,
                actor=None,
                county_code=county.code,
                kind=kind,
                target_value=value,
                source_note=COUNTY_NOTE,
            )
            changes += 1
    return changes


def _publish(session: Session, years: Sequence[int]) -> int:
    changes = 0
    for year in years[:-1]:  # the last year left for the officials to publish
        row = session.get(TargetPublication, year)
        if row is not None and row.published:
            continue
        service.publish(session=session, actor=None, year=year)
        changes += 1
    return changes


def load_demo_targets(
    *, session: Session, progress: Progress | None = None, years: Sequence[int] = DEMO_YEARS
) -> int:
    """Load the targets' demo (needs the city configuration; the inventory demo for the
    computed indicators and the county caps) for ``years`` (2020, the plan's baseline year, is
    skipped); every year but the last is published. Returns the number of changes (0 the second
    time)."""
    typed = sorted(y for y in set(years) if y > 2020)
    steps: list[tuple[str, Callable[[Session, Sequence[int]], int]]] = [
        ("targets: values", _values),
        ("targets: quotas", _quotas),
        ("targets: county targets", _county_targets),
        ("targets: publication", _publish),
    ]
    changes = 0
    for index, (label, step) in enumerate(steps, start=1):
        changes += step(session, typed)
        if progress is not None:
            progress(label, index, len(steps))
    return changes
