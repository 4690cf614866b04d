"""The counties' dual-control targets (区县双控目标): set by the city, tracked by year.

A county target is a reduction of intensity (% below the base year) or a cap on a total
(10^4 tce, 10^4 t CO2) for a period. Its series is derived from the inventory
(:func:`~shuangtan.city.targets.computed.county_series`) and assessed against the path from the
base year to the target year. Writes ``flush()``, never ``commit()``, and are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.city.targets import computed, inputs, repository
from shuangtan.city.targets.errors import IndicatorNotFound, InvalidValue, TargetsOutOfScope
from shuangtan.city.targets.models import COUNTY_TARGET_KINDS, CountyTarget
from shuangtan.city.targets.permissions import actor_id, can_read, can_write
from shuangtan.city.targets.progress import DEFAULT_RULES, Assessment, ProgressRules, assess
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository
from shuangtan.place.models import County

__all__ = ["CountyProgress", "county_progress", "set_county_target"]


def set_county_target(
    *,
    session: Session,
    actor: Principal | None,
    county_code: str,
    kind: str,
    target_value: Decimal | str,
    source_note: str,
    base_year: int = 2020,
    target_year: int = 2025,
) -> CountyTarget:
    """Set (or correct) a county's target of ``kind`` for a period, with its source. Audited.

    Reductions are % below the base year's intensity (0–100); caps are totals in the kind's
    unit (10^4 tce, 10^4 t CO2), positive.
    """
    can_write(session, actor)
    value = _checked_target(session, county_code, kind, target_value, base_year, target_year)
    note = inputs.source_note(source_note)
    row = repository.county_target(
        session, county_code=county_code, kind=kind, target_year=target_year
    )
    before = None
    if row is None:
        row = CountyTarget(
            county_code=county_code,
            kind=kind,
            target_year=target_year,
            base_year=base_year,
            target_value=value,
            source_note=note,
        )
        session.add(row)
    else:
        before = {
            "base_year": row.base_year,
            "target_value": row.target_value,
            "source_note": row.source_note,
        }
    row.base_year, row.target_value, row.source_note = base_year, value, note
    row.set_by = actor_id(actor)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="county_target.set",
        entity_type="county_target",
        entity_id=f"{county_code}/{kind}/{target_year}",
        before=before,
        after={"base_year": base_year, "target_value": value, "source_note": note},
    )
    return row


def _checked_target(
    session: Session,
    county_code: str,
    kind: str,
    target_value: Decimal | str,
    base_year: int,
    target_year: int,
) -> Decimal:
    """The target's value, once the county, kind, period and value (by kind) pass."""
    if session.get(County, county_code) is None:
        raise IndicatorNotFound(f"没有区县 {county_code}。", f"No county {county_code}.")
    if kind not in COUNTY_TARGET_KINDS:
        raise InvalidValue(f"目标类型 {kind} 无效。", f"{kind!r} is not a county target kind.")
    check_year(base_year)
    check_year(target_year)
    if base_year >= target_year:
        raise InvalidValue("目标年份须晚于基期年份。", "The target year must follow the base year.")
    value = inputs.to_decimal(target_value, "目标值")
    if kind.endswith("_reduction") and not Decimal(0) < value < Decimal(100):
        raise InvalidValue("降低率应在 0 与 100 之间。", "A reduction lies between 0 and 100 %.")
    if kind.endswith("_cap") and value <= 0:
        raise InvalidValue("总量上限应为正数。", "A cap is a positive total.")
    return value


@dataclass(frozen=True)
class CountyProgress:
    """区县目标进展 one county target tracked over the years, with its assessment."""

    county_code: str
    county_zh: str
    kind: str
    unit: str
    base_year: int
    target_year: int
    target_value: float  # as set: a reduction % or a cap
    source_note: str
    series: dict[int, float]  # reductions in %, totals in the unit
    assessment: Assessment
    baseline_total: float | None  # caps: the base year's total (the path's start)


def county_progress(
    *,
    session: Session,
    actor: Principal | None,
    year: int,
    county_code: str | None = None,
    rules: ProgressRules = DEFAULT_RULES,
) -> list[CountyProgress]:
    """The county targets' progress in ``year``; a county official sees only its county.

    Reductions: path from 0 % (base year) to the target %, direction up. Caps: path from the
    base year's total to the cap, direction down (the allowance rule when the cap is above it).
    """
    check_year(year)
    if actor is not None:
        county_code = _readable_county(actor, county_code)
    counties = place_repository.counties(session)
    cache: dict[tuple[str | None, int], computed.Totals] = {}
    result = []
    for target in repository.county_targets(session, county_code=county_code):
        years = list(range(target.base_year, max(year, target.base_year) + 1))
        series = computed.county_series(
            session=session,
            county_code=target.county_code,
            kind=target.kind,
            base_year=target.base_year,
            years=years,
            cache=cache,
        )
        county = counties.get(target.county_code)
        county_zh = county.name_zh if county else ""
        result.append(_county_progress(target, county_zh, series, year=year, rules=rules))
    return result


def _readable_county(actor: Principal, county_code: str | None) -> str | None:
    """The county an actor may read: any (or the one asked) for the city, else its own."""
    can_read(actor)
    if actor.scope.whole_city:
        return county_code
    if county_code is not None and not actor.scope.covers(county_code):
        raise TargetsOutOfScope("只能查看本区县的目标。", "Officials see their own county.")
    return actor.scope.county_code


def _county_progress(
    target: CountyTarget,
    county_zh: str,
    series: dict[int, float],
    *,
    year: int,
    rules: ProgressRules,
) -> CountyProgress:
    """One county target's progress in ``year`` from its series."""
    is_cap = target.kind.endswith("_cap")
    baseline_total = series.get(target.base_year) if is_cap else None
    assessment = assess(
        year=year,
        direction="down" if is_cap else "up",
        baseline_year=target.base_year,
        baseline=baseline_total if is_cap else 0.0,
        target_year=target.target_year,
        target=float(target.target_value),
        observations=sorted(series.items()),
        rules=rules,
    )
    return CountyProgress(
        county_code=target.county_code,
        county_zh=county_zh,
        kind=target.kind,
        unit=computed.COUNTY_KIND_UNITS[target.kind],
        base_year=target.base_year,
        target_year=target.target_year,
        target_value=float(target.target_value),
        source_note=target.source_note,
        series=series,
        assessment=assessment,
        baseline_total=baseline_total,
    )
