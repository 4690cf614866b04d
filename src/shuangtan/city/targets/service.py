"""The rules of plan targets (规划目标服务): entering values, setting the blanks the plan left
to the province, county targets, progress against the path, publication and report text.

Plain functions with keyword-only arguments; they ``flush()``, never ``commit()``; every write
is audited. Who may do what: any official or administrator reads (a county official only its
county's targets); only a city-scope official or an administrator writes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.targets import computed, repository
from shuangtan.city.targets.areas import area_of
from shuangtan.city.targets.attachments import sniff
from shuangtan.city.targets.errors import (
    ComputedIndicator,
    IndicatorNotFound,
    InvalidValue,
    NotPublished,
    PlanTargetFixed,
    TargetsDenied,
    TargetsOutOfScope,
)
from shuangtan.city.targets.models import (
    COUNTY_TARGET_KINDS,
    REPORT_KINDS,
    CountyTarget,
    EvaluationNote,
    IndicatorSetting,
    IndicatorValue,
    TargetAttachment,
    TargetPublication,
)
from shuangtan.city.targets.progress import (
    DEFAULT_RULES,
    Assessment,
    ProgressRules,
    Status,
    assess,
    expected_value,
    target_from_reduction,
)
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository
from shuangtan.place.models import County, Indicator

__all__ = [
    "CountyProgress",
    "IndicatorProgress",
    "YearProgress",
    "attachment",
    "county_progress",
    "enter_value",
    "evaluation_note",
    "progress",
    "public_progress",
    "publish",
    "save_note",
    "set_county_target",
    "set_indicator",
    "store_attachment",
]

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_NOTE = 2000
MAX_TEXT = 8000


# ------------------------------------------------------------------------------ permissions


def _can_read(actor: Principal) -> None:
    if not actor.has_role(Role.official, Role.admin):
        raise TargetsDenied(
            "只有政府工作人员可以查看规划目标。", "Only officials may read targets."
        )


def _can_write(session: Session, actor: Principal | None) -> None:
    if actor is None:  # the system itself (the demo loader, the CLI)
        return
    _can_read(actor)
    if not actor.scope.whole_city:
        raise TargetsOutOfScope(
            "规划目标与年度值由市级部门填报,区县工作人员只能查看。",
            "Plan targets and values are entered by the city; county officials may only read.",
        )


def _uid(actor: Principal | None) -> int | None:
    return None if actor is None else actor.user_id


def _source_note(note: str) -> str:
    text = (note or "").strip()
    if len(text) < 2 or len(text) > MAX_NOTE:
        raise InvalidValue(
            f"请注明数据来源(2–{MAX_NOTE} 个字符),例如统计公报或文件名称。",
            f"Give the value's source (2-{MAX_NOTE} characters), e.g. the bulletin or document.",
        )
    return text


def _decimal(value: Decimal | str | float | int, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidValue(f"{what}不是数字。", f"The {what} is not a number.") from None
    if not number.is_finite() or abs(number) >= Decimal("1e14"):
        raise InvalidValue(f"{what}不是有效数字。", f"The {what} is not a valid number.")
    return number


def _indicator(session: Session, indicator_id: str) -> Indicator:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise IndicatorNotFound(
            f"没有指标 {indicator_id}。", f"No indicator {indicator_id}.", indicator_id=indicator_id
        )
    return indicator


def _check_value(indicator: Indicator, value: Decimal) -> None:
    unit = indicator.unit
    if unit == "%" and not Decimal(-100) <= value <= Decimal(100):
        raise InvalidValue(
            "百分比应在 −100 至 100 之间。", "A percentage lies between -100 and 100."
        )
    if unit == "yes/no" and value not in (Decimal(0), Decimal(1)):
        raise InvalidValue("是否类指标只能填 1(是)或 0(否)。", "A yes/no indicator takes 1 or 0.")
    if unit == "count" and (value < 0 or value != value.to_integral_value()):
        raise InvalidValue("个数应为非负整数。", "A count is a whole number, not negative.")
    if unit not in {"%"} and value < 0:
        raise InvalidValue("该指标的值不能为负。", "This indicator cannot be negative.")


# ----------------------------------------------------------------------------- attachments


def store_attachment(
    *, session: Session, actor: Principal, filename: str, content: bytes
) -> TargetAttachment:
    """Check an upload (kind, size, name) and keep it; the stored attachment."""
    _can_write(session, actor)
    name, media_type, digest = sniff(filename, content)
    row = TargetAttachment(
        filename=name, media_type=media_type, size_bytes=len(content), sha256=digest,
        content=content, uploaded_by=actor.user_id,
    )  # fmt: skip
    session.add(row)
    session.flush()
    after = {"filename": name, "media_type": media_type, "size_bytes": len(content),
             "sha256": digest}  # fmt: skip
    audit.record(
        session=session, actor=actor, action="target_attachment.create",
        entity_type="target_attachment", entity_id=str(row.id), before=None, after=after,
    )  # fmt: skip
    return row


def attachment(*, session: Session, actor: Principal, attachment_id: int) -> TargetAttachment:
    """An attachment, for an official or an administrator."""
    _can_read(actor)
    row = repository.attachment(session, attachment_id)
    if row is None:
        raise IndicatorNotFound("附件不存在。", "No such attachment.")
    return row


# ---------------------------------------------------------------------------------- writes


def _value_view(row: IndicatorValue) -> dict[str, Any]:
    return {
        "indicator_id": row.indicator_id, "year": row.year, "value": row.value,
        "source_note": row.source_note, "attachment_id": row.attachment_id,
    }  # fmt: skip


def enter_value(
    *,
    session: Session,
    actor: Principal | None,
    indicator_id: str,
    year: int,
    value: Decimal | str | float | int,
    source_note: str,
    attachment_id: int | None = None,
) -> IndicatorValue:
    """Enter (or correct) a typed indicator's value for a year, with its source; audited.

    Refuses computed indicators (:class:`ComputedIndicator`), years outside 2000–2100 or before
    the baseline year, values out of the unit's range, and a missing source note.
    """
    _can_write(session, actor)
    indicator = _indicator(session, indicator_id)
    if indicator_id in computed.COMPUTED:
        raise ComputedIndicator(indicator_id)
    check_year(year)
    if indicator.baseline_year is not None and year < indicator.baseline_year:
        raise InvalidValue(
            f"年份 {year} 早于基期 {indicator.baseline_year}。",
            f"Year {year} is before the baseline year {indicator.baseline_year}.",
        )
    number = _decimal(value, "填报值")
    _check_value(indicator, number)
    note = _source_note(source_note)
    if attachment_id is not None and repository.attachment(session, attachment_id) is None:
        raise IndicatorNotFound("附件不存在。", "No such attachment.")
    row = repository.value(session, indicator_id=indicator_id, year=year)
    before = None if row is None else _value_view(row)
    if row is None:
        row = IndicatorValue(indicator_id=indicator_id, year=year, value=number,
                             source_note=note, attachment_id=attachment_id,
                             entered_by=_uid(actor))  # fmt: skip
        session.add(row)
    else:
        row.value, row.source_note, row.entered_by = number, note, _uid(actor)
        if attachment_id is not None:
            row.attachment_id = attachment_id
    session.flush()
    audit.record(
        session=session, actor=actor, action="indicator_value.create" if before is None
        else "indicator_value.update", entity_type="indicator_value",
        entity_id=f"{indicator_id}/{year}", before=before, after=_value_view(row),
    )  # fmt: skip
    return row


def set_indicator(
    *,
    session: Session,
    actor: Principal | None,
    indicator_id: str,
    source_note: str,
    target_value: Decimal | str | None = None,
    reduction_pct: Decimal | str | None = None,
    target_year: int | None = None,
    responsible_department: str | None = None,
) -> IndicatorSetting:
    """Set what the plan left blank: the target (a value, or a % reduction from the baseline of a
    ``down`` indicator) and/or the responsible department (责任部门); with a source. Audited.

    A target the plan itself gives cannot be changed (:class:`PlanTargetFixed`).
    """
    _can_write(session, actor)
    indicator = _indicator(session, indicator_id)
    note = _source_note(source_note)
    wants_target = target_value is not None or reduction_pct is not None
    if wants_target and indicator.target_value is not None:
        raise PlanTargetFixed(
            f"规划已确定指标 {indicator_id} 的目标值,不能另行设定。",
            f"The plan sets the target of {indicator_id}; it cannot be changed here.",
        )
    if target_value is not None and reduction_pct is not None:
        raise InvalidValue(
            "目标值与降低率只填一项。", "Give a target value or a reduction, not both."
        )
    value: Decimal | None = None
    reduction: Decimal | None = None
    if reduction_pct is not None:
        reduction = _decimal(reduction_pct, "降低率")
        if indicator.direction != "down" or indicator.baseline_value is None:
            raise InvalidValue(
                "只有有基期值、越低越好的指标可以按降低率设定目标。",
                "Only a 'down' indicator with a baseline takes a % reduction target.",
            )
        if not Decimal(0) < reduction < Decimal(100):
            raise InvalidValue(
                "降低率应在 0 与 100 之间。", "A reduction lies between 0 and 100 %."
            )
        value = Decimal(
            str(target_from_reduction(float(indicator.baseline_value), float(reduction)))
        ).quantize(Decimal("1e-6"))
    elif target_value is not None:
        value = _decimal(target_value, "目标值")
        _check_value(indicator, value)
    year = target_year if target_year is not None else indicator.target_year
    if wants_target:
        if year is None:
            raise InvalidValue("请给出目标年份。", "Give the target year.")
        check_year(year)
        if indicator.baseline_year is not None and year <= indicator.baseline_year:
            raise InvalidValue(
                "目标年份须晚于基期年份。", "The target year must follow the baseline."
            )
    department = (responsible_department or "").strip() or None
    if department is not None and len(department) > 200:
        raise InvalidValue("责任部门名称过长。", "The department's name is too long.")
    if not wants_target and department is None:
        raise InvalidValue("请填写目标或责任部门。", "Give a target or a responsible department.")
    row = session.get(IndicatorSetting, indicator_id)
    before = None if row is None else {
        "target_year": row.target_year, "target_value": row.target_value,
        "reduction_pct": row.reduction_pct, "responsible_department": row.responsible_department,
        "source_note": row.source_note,
    }  # fmt: skip
    if row is None:
        row = IndicatorSetting(indicator_id=indicator_id, source_note=note)
        session.add(row)
    if wants_target:
        row.target_year, row.target_value, row.reduction_pct = year, value, reduction
    if department is not None:
        row.responsible_department = department
    row.source_note, row.set_by = note, _uid(actor)
    session.flush()
    after = {
        "target_year": row.target_year, "target_value": row.target_value,
        "reduction_pct": row.reduction_pct, "responsible_department": row.responsible_department,
        "source_note": row.source_note,
    }  # fmt: skip
    audit.record(
        session=session, actor=actor, action="indicator_setting.set",
        entity_type="indicator_setting", entity_id=indicator_id, before=before, after=after,
    )  # fmt: skip
    return row


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
    _can_write(session, actor)
    if session.get(County, county_code) is None:
        raise IndicatorNotFound(f"没有区县 {county_code}。", f"No county {county_code}.")
    if kind not in COUNTY_TARGET_KINDS:
        raise InvalidValue(f"目标类型 {kind} 无效。", f"{kind!r} is not a county target kind.")
    check_year(base_year)
    check_year(target_year)
    if base_year >= target_year:
        raise InvalidValue("目标年份须晚于基期年份。", "The target year must follow the base year.")
    value = _decimal(target_value, "目标值")
    if kind.endswith("_reduction") and not Decimal(0) < value < Decimal(100):
        raise InvalidValue("降低率应在 0 与 100 之间。", "A reduction lies between 0 and 100 %.")
    if kind.endswith("_cap") and value <= 0:
        raise InvalidValue("总量上限应为正数。", "A cap is a positive total.")
    note = _source_note(source_note)
    row = repository.county_target(
        session, county_code=county_code, kind=kind, target_year=target_year
    )
    before = None if row is None else {"base_year": row.base_year,
                                       "target_value": row.target_value,
                                       "source_note": row.source_note}  # fmt: skip
    if row is None:
        row = CountyTarget(county_code=county_code, kind=kind, target_year=target_year,
                           base_year=base_year, target_value=value, source_note=note)  # fmt: skip
        session.add(row)
    row.base_year, row.target_value, row.source_note = base_year, value, note
    row.set_by = _uid(actor)
    session.flush()
    audit.record(
        session=session, actor=actor, action="county_target.set", entity_type="county_target",
        entity_id=f"{county_code}/{kind}/{target_year}", before=before,
        after={"base_year": base_year, "target_value": value, "source_note": note},
    )  # fmt: skip
    return row


# -------------------------------------------------------------------------------- progress


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
        if (self.baseline_year is None or self.baseline_value is None
                or self.target_year is None or self.target_value is None
                or self.target_year <= self.baseline_year):  # fmt: skip
            return [None for _ in years]
        return [
            expected_value(baseline_year=self.baseline_year, baseline=self.baseline_value,
                           target_year=self.target_year, target=self.target_value, year=y)
            for y in years
        ]  # fmt: skip


@dataclass(frozen=True)
class YearProgress:
    """年度进展 every indicator's progress in a year, and the counts by status."""

    year: int
    base_year: int
    indicators: list[IndicatorProgress]
    counts: dict[str, int] = field(default_factory=dict)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _plan_base_year(indicators: list[Indicator]) -> int:
    years = [i.baseline_year for i in indicators if i.baseline_year is not None]
    targets = [i.target_year for i in indicators if i.target_year is not None]
    if years:
        return min(years)
    return (max(targets) - 5) if targets else 2020


def progress(
    *, session: Session, actor: Principal | None, year: int, rules: ProgressRules = DEFAULT_RULES
) -> YearProgress:
    """Every plan indicator's progress in ``year`` (observations up to ``year`` only).

    ``actor`` ``None`` is the system (publication, reports built for an official).
    """
    if actor is not None:
        _can_read(actor)
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
    years = list(range(min(base_year, year), year + 1))
    calc = computed.computed_series(
        session=session,
        indicator_ids=[i.id for i in indicators],
        years=years,
        base_years={i.id: i.baseline_year for i in indicators},
    )
    rows = []
    for indicator in indicators:
        setting = settings.get(indicator.id)
        target, target_year, origin, target_note = _target(indicator, setting)
        series = calc[indicator.id] if indicator.id in calc else dict(typed[indicator.id])
        assessment = assess(
            year=year, direction=indicator.direction, baseline_year=indicator.baseline_year,
            baseline=_float(indicator.baseline_value), target_year=target_year, target=target,
            observations=sorted(series.items()), rules=rules,
        )  # fmt: skip
        if (
            indicator.unit == "yes/no"
            and target_year is not None
            and year < target_year
            and assessment.status in (Status.at_risk, Status.off_track)
        ):  # a milestone (达峰, yes/no) is judged in its year, not by a trend of zeros
            assessment = replace(assessment, status=Status.not_assessed, reason="milestone_pending")
        entry = entries.get(indicator.id)
        department = indicator.responsible_department or (
            setting.responsible_department if setting and setting.responsible_department else ""
        )
        area = area_of(indicator.section, indicator.id)
        rows.append(
            IndicatorProgress(
                id=indicator.id, section=indicator.section, area_key=area.key,
                area_zh=area.name_zh, name_zh=indicator.name_zh, name_en=indicator.name_en,
                unit=indicator.unit, direction=indicator.direction,
                baseline_year=indicator.baseline_year,
                baseline_value=_float(indicator.baseline_value), target_year=target_year,
                target_value=target, target_origin=origin, target_note=target_note,
                reduction_pct=_float(setting.reduction_pct) if setting else None,
                department=department, computed=indicator.id in computed.COMPUTED,
                series=dict(sorted(series.items())),
                source_note=entry.source_note if entry else None,
                attachment_id=entry.attachment_id if entry else None, assessment=assessment,
            )
        )  # fmt: skip
    counts = {s.value: sum(1 for r in rows if r.status is s) for s in Status}
    return YearProgress(year=year, base_year=base_year, indicators=rows, counts=counts)


def _target(
    indicator: Indicator, setting: IndicatorSetting | None
) -> tuple[float | None, int | None, str, str]:
    if indicator.target_value is not None:
        return float(indicator.target_value), indicator.target_year, "plan", indicator.source
    if setting is not None and setting.target_value is not None:
        return float(setting.target_value), setting.target_year, "set", setting.source_note
    return None, indicator.target_year, "none", ""


# -------------------------------------------------------------------------- county targets


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
        _can_read(actor)
        if not actor.scope.whole_city:
            if county_code is not None and not actor.scope.covers(county_code):
                raise TargetsOutOfScope("只能查看本区县的目标。", "Officials see their own county.")
            county_code = actor.scope.county_code
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
        is_cap = target.kind.endswith("_cap")
        baseline_total = series.get(target.base_year) if is_cap else None
        baseline = baseline_total if is_cap else 0.0
        assessment = assess(
            year=year, direction="down" if is_cap else "up", baseline_year=target.base_year,
            baseline=baseline, target_year=target.target_year,
            target=float(target.target_value), observations=sorted(series.items()), rules=rules,
        )  # fmt: skip
        county = counties.get(target.county_code)
        result.append(
            CountyProgress(
                county_code=target.county_code, county_zh=county.name_zh if county else "",
                kind=target.kind, unit=computed.COUNTY_KIND_UNITS[target.kind],
                base_year=target.base_year, target_year=target.target_year,
                target_value=float(target.target_value), source_note=target.source_note,
                series=series, assessment=assessment, baseline_total=baseline_total,
            )
        )  # fmt: skip
    return result


# ------------------------------------------------------------------------------ publication


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(value, 6)


def snapshot(year_progress: YearProgress, counties: list[CountyProgress]) -> dict[str, Any]:
    """The published form of a year's progress: plain JSON, numbers rounded to 6 places."""
    return {
        "year": year_progress.year,
        "indicators": [
            {
                "id": r.id, "area_key": r.area_key, "area_zh": r.area_zh,
                "name_zh": r.name_zh, "name_en": r.name_en, "unit": r.unit,
                "baseline_year": r.baseline_year, "baseline_value": _finite(r.baseline_value),
                "target_year": r.target_year, "target_value": _finite(r.target_value),
                "value": _finite(r.assessment.actual),
                "expected": _finite(r.assessment.expected),
                "share_pct": _finite(r.assessment.share_pct),
                "forecast": _finite(r.assessment.forecast),
                "status": r.status.value,
                "series": {str(y): _finite(v) for y, v in r.series.items()},
            }
            for r in year_progress.indicators
        ],
        "counties": [
            {
                "county_code": c.county_code, "county_zh": c.county_zh, "kind": c.kind,
                "unit": c.unit, "target_year": c.target_year,
                "target_value": _finite(c.target_value), "value": _finite(c.assessment.actual),
                "expected": _finite(c.assessment.expected), "status": c.assessment.status.value,
            }
            for c in counties
        ],
        "counts": year_progress.counts,
    }  # fmt: skip


def publish(
    *, session: Session, actor: Principal | None, year: int, published: bool = True
) -> TargetPublication:
    """Publish (or withdraw) a year's progress: the public page shows the frozen snapshot."""
    _can_write(session, actor)
    check_year(year)
    row = session.get(TargetPublication, year)
    before = None if row is None else {"published": row.published}
    data = snapshot(
        progress(session=session, actor=None, year=year),
        county_progress(session=session, actor=None, year=year),
    )
    if row is None:
        row = TargetPublication(year=year, published=published, snapshot=data)
        session.add(row)
    elif published:
        row.snapshot = data
    row.published, row.published_by = published, _uid(actor)
    session.flush()
    audit.record(
        session=session, actor=actor, action="target_publication.publish" if published
        else "target_publication.withdraw", entity_type="target_publication",
        entity_id=str(year), before=before,
        after={"published": published, "indicators": len(data["indicators"])},
    )  # fmt: skip
    return row


def public_progress(*, session: Session, year: int) -> TargetPublication:
    """The published progress of ``year`` (anyone); :class:`NotPublished` otherwise."""
    check_year(year)
    row = session.get(TargetPublication, year)
    if row is None or not row.published:
        raise NotPublished(
            f"{year} 年的规划进展尚未公开。", f"Progress of {year} is not published."
        )
    return row


def published_years(*, session: Session) -> list[int]:
    """The years whose progress is published."""
    from sqlalchemy import select

    statement = select(TargetPublication.year).where(TargetPublication.published.is_(True))
    return sorted(session.execute(statement).scalars())


# ----------------------------------------------------------------------------- report text


def evaluation_note(*, session: Session, year: int, kind: str) -> EvaluationNote | None:
    """The officials' own text of a report, if any."""
    return session.get(EvaluationNote, (year, kind))


def save_note(
    *, session: Session, actor: Principal, year: int, kind: str, problems: str, next_steps: str
) -> EvaluationNote:
    """Save the officials' text added to a report's problems and next steps. Audited."""
    _can_write(session, actor)
    check_year(year)
    if kind not in REPORT_KINDS:
        raise InvalidValue(f"报告类型 {kind} 无效。", f"{kind!r} is not a report kind.")
    if len(problems) > MAX_TEXT or len(next_steps) > MAX_TEXT:
        raise InvalidValue(f"文字不超过 {MAX_TEXT} 字。", f"At most {MAX_TEXT} characters.")
    row = session.get(EvaluationNote, (year, kind))
    before = None if row is None else {"problems": row.problems, "next_steps": row.next_steps}
    if row is None:
        row = EvaluationNote(year=year, kind=kind)
        session.add(row)
    row.problems, row.next_steps = problems.strip(), next_steps.strip()
    row.updated_by = actor.user_id
    session.flush()
    audit.record(
        session=session, actor=actor, action="evaluation_note.save", entity_type="evaluation_note",
        entity_id=f"{year}/{kind}", before=before,
        after={"problems": row.problems, "next_steps": row.next_steps},
    )  # fmt: skip
    return row
