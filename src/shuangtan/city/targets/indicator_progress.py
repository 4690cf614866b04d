"""The plan indicators' progress in a year (规划指标年度进展): each indicator's series, target
and assessment against the path from its baseline to its target.

Typed indicators read the values officials entered; computed ones are derived from the
inventory (:mod:`~shuangtan.city.targets.computed`). Only observations up to the year count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.targets import computed, repository
from shuangtan.city.targets.areas import area_of
from shuangtan.city.targets.models import IndicatorSetting, IndicatorValue
from shuangtan.city.targets.permissions import can_read
from shuangtan.city.targets.progress import (
    DEFAULT_RULES,
    Assessment,
    ProgressRules,
    Status,
    assess,
    expected_value,
)
from shuangtan.kit.params import check_year
from shuangtan.place.models import Indicator

__all__ = ["IndicatorProgress", "YearProgress", "latest_year", "offered_years", "progress"]


@dataclass(frozen=True)
class IndicatorProgress:
    """一个指标的年度进展 an indicator's progress in a year, with what it rests on."""

    id: str
    section: str
    area_key: str
    area_zh: str
    name_zh: str
    name_en: str
    unit: str
    direction: str
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    target_origin: str  # plan 规划 / set 设定 (省下达) / none 未定
    target_note: str
    reduction_pct: float | None
    department: str  # blank: the plan names none and no official set one
    computed: bool
    series: dict[int, float]
    source_note: str | None
    attachment_id: int | None
    assessment: Assessment

    @property
    def status(self) -> Status:
        return self.assessment.status

    def path(self, years: list[int]) -> list[float | None]:
        """The path's expected value for each of ``years`` (None without baseline/target)."""
        baseline_year, baseline = self.baseline_year, self.baseline_value
        target_year, target = self.target_year, self.target_value
        if baseline_year is None or baseline is None or target_year is None or target is None:
            return [None for _ in years]
        if target_year <= baseline_year:
            return [None for _ in years]
        return [
            expected_value(
                baseline_year=baseline_year,
                baseline=baseline,
                target_year=target_year,
                target=target,
                year=y,
            )
            for y in years
        ]


@dataclass(frozen=True)
class YearProgress:
    """年度进展 every indicator's progress in a year, and the counts by status."""

    year: int
    base_year: int
    indicators: list[IndicatorProgress]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Target:
    """An indicator's target as it stands: from the plan, set by the city, or none yet."""

    value: float | None
    year: int | None
    origin: str
    note: str


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _plan_base_year(indicators: list[Indicator]) -> int:
    years = [i.baseline_year for i in indicators if i.baseline_year is not None]
    targets = [i.target_year for i in indicators if i.target_year is not None]
    if years:
        return min(years)
    return (max(targets) - 5) if targets else 2020


def _plan_period(indicators: list[Indicator]) -> tuple[int, int]:
    """The plan's base year and final target year (a five-year plan without target years)."""
    base = _plan_base_year(indicators)
    return base, max((i.target_year for i in indicators if i.target_year), default=base + 5)


def _data_years(session: Session, after: int) -> list[int]:
    """The years after ``after`` holding an entered value or inventory data (the computed
    indicators' source), ascending."""
    years = set(repository.value_years(session))
    years |= set(inventory_service.years_with_data(session=session))
    return sorted(y for y in years if y > after)


def offered_years(*, session: Session) -> list[int]:
    """The years the target pages offer, ascending: the plan's years after its base year
    (2021–2025 for the 14th plan) and every later year with data."""
    base, final = _plan_period(repository.indicators(session))
    return sorted({*range(base + 1, final + 1), *_data_years(session, base)})


def latest_year(*, session: Session) -> int:
    """The year a progress page or report opens on: the latest year after the plan's base year
    with an entered value or inventory data (the plan's first year without any)."""
    base, _ = _plan_period(repository.indicators(session))
    data = _data_years(session, base)
    return data[-1] if data else base + 1


def progress(
    *, session: Session, actor: Principal | None, year: int, rules: ProgressRules = DEFAULT_RULES
) -> YearProgress:
    """Every plan indicator's progress in ``year`` (observations up to ``year`` only).

    ``actor`` ``None`` is the system (publication, reports built for an official).
    """
    if actor is not None:
        can_read(actor)
    check_year(year)
    indicators = repository.indicators(session)
    settings = repository.settings(session)
    base_year = _plan_base_year(indicators)
    typed: dict[str, dict[int, float]] = defaultdict(dict)
    entries: dict[str, IndicatorValue] = {}
    for row in repository.values(session, up_to_year=year):
        typed[row.indicator_id][row.year] = float(row.value)
        if row.year == year:
            entries[row.indicator_id] = row
    calc = computed.computed_series(
        session=session,
        indicator_ids=[i.id for i in indicators],
        years=list(range(min(base_year, year), year + 1)),
        base_years={i.id: i.baseline_year for i in indicators},
    )
    rows: list[IndicatorProgress] = []
    for indicator in indicators:
        series = calc[indicator.id] if indicator.id in calc else dict(typed[indicator.id])
        setting, entry = settings.get(indicator.id), entries.get(indicator.id)
        rows.append(_indicator_progress(indicator, setting, series, entry, year=year, rules=rules))
    counts = {s.value: sum(1 for r in rows if r.status is s) for s in Status}
    return YearProgress(year=year, base_year=base_year, indicators=rows, counts=counts)


def _indicator_progress(
    indicator: Indicator,
    setting: IndicatorSetting | None,
    series: dict[int, float],
    entry: IndicatorValue | None,
    *,
    year: int,
    rules: ProgressRules,
) -> IndicatorProgress:
    """One indicator's progress in ``year`` from its series, setting and this year's entry."""
    target = _target(indicator, setting)
    assessment = _assessment(indicator, target, series, year=year, rules=rules)
    department = indicator.responsible_department or (
        setting.responsible_department if setting and setting.responsible_department else ""
    )
    area = area_of(indicator.section, indicator.id)
    return IndicatorProgress(
        id=indicator.id,
        section=indicator.section,
        area_key=area.key,
        area_zh=area.name_zh,
        name_zh=indicator.name_zh,
        name_en=indicator.name_en,
        unit=indicator.unit,
        direction=indicator.direction,
        baseline_year=indicator.baseline_year,
        baseline_value=_float(indicator.baseline_value),
        target_year=target.year,
        target_value=target.value,
        target_origin=target.origin,
        target_note=target.note,
        reduction_pct=_float(setting.reduction_pct) if setting else None,
        department=department,
        computed=indicator.id in computed.COMPUTED,
        series=dict(sorted(series.items())),
        source_note=entry.source_note if entry else None,
        attachment_id=entry.attachment_id if entry else None,
        assessment=assessment,
    )


def _assessment(
    indicator: Indicator,
    target: _Target,
    series: dict[int, float],
    *,
    year: int,
    rules: ProgressRules,
) -> Assessment:
    """The indicator's assessment in ``year``; a yes/no milestone waits for its year."""
    assessment = assess(
        year=year,
        direction=indicator.direction,
        baseline_year=indicator.baseline_year,
        baseline=_float(indicator.baseline_value),
        target_year=target.year,
        target=target.value,
        observations=sorted(series.items()),
        rules=rules,
    )
    if (
        indicator.unit == "yes/no"
        and target.year is not None
        and year < target.year
        and assessment.status in (Status.at_risk, Status.off_track)
    ):  # a milestone (达峰, yes/no) is judged in its year, not by a trend of zeros
        assessment = replace(assessment, status=Status.not_assessed, reason="milestone_pending")
    return assessment


def _target(indicator: Indicator, setting: IndicatorSetting | None) -> _Target:
    if indicator.target_value is not None:
        return _Target(
            float(indicator.target_value), indicator.target_year, "plan", indicator.source
        )
    if setting is not None and setting.target_value is not None:
        return _Target(float(setting.target_value), setting.target_year, "set", setting.source_note)
    return _Target(None, indicator.target_year, "none", "")
