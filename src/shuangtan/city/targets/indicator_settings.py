"""Indicator settings (指标设定): what the plan left blank, set by the city.

Some plan indicators have no target (the province assigns it, 省下达) or no responsible
department (责任部门); a city official fills these in with a source. A target the plan itself
gives is fixed. The function ``flush()``-es, never ``commit()``-s, and is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.city.targets import inputs
from shuangtan.city.targets.errors import InvalidValue, PlanTargetFixed
from shuangtan.city.targets.models import IndicatorSetting
from shuangtan.city.targets.permissions import actor_id, can_write
from shuangtan.city.targets.progress import target_from_reduction
from shuangtan.kit.params import check_year
from shuangtan.place.models import Indicator

__all__ = ["set_indicator"]


@dataclass(frozen=True, slots=True)
class _Target:
    """A checked target request: the value (None: no target asked) and its % reduction."""

    value: Decimal | None
    reduction: Decimal | None
    year: int | None


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
    can_write(session, actor)
    indicator = inputs.known_indicator(session, indicator_id)
    note = inputs.source_note(source_note)
    wants_target = target_value is not None or reduction_pct is not None
    target = _checked_target(indicator, target_value, reduction_pct, target_year)
    department = _department(responsible_department)
    if not wants_target and department is None:
        raise InvalidValue("请填写目标或责任部门。", "Give a target or a responsible department.")
    row = session.get(IndicatorSetting, indicator_id)
    before = None if row is None else _setting_view(row)
    if row is None:
        row = IndicatorSetting(indicator_id=indicator_id, source_note=note)
        session.add(row)
    if wants_target:
        row.target_year = target.year
        row.target_value = target.value
        row.reduction_pct = target.reduction
    if department is not None:
        row.responsible_department = department
    row.source_note, row.set_by = note, actor_id(actor)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="indicator_setting.set",
        entity_type="indicator_setting",
        entity_id=indicator_id,
        before=before,
        after=_setting_view(row),
    )
    return row


def _checked_target(
    indicator: Indicator,
    target_value: Decimal | str | None,
    reduction_pct: Decimal | str | None,
    target_year: int | None,
) -> _Target:
    """The requested target, checked against the plan, the unit and the baseline year."""
    wants_target = target_value is not None or reduction_pct is not None
    if wants_target and indicator.target_value is not None:
        raise PlanTargetFixed(
            f"规划已确定指标 {indicator.id} 的目标值,不能另行设定。",
            f"The plan sets the target of {indicator.id}; it cannot be changed here.",
        )
    if target_value is not None and reduction_pct is not None:
        raise InvalidValue(
            "目标值与降低率只填一项。", "Give a target value or a reduction, not both."
        )
    value: Decimal | None = None
    reduction: Decimal | None = None
    if reduction_pct is not None:
        value, reduction = _reduction_target(indicator, reduction_pct)
    elif target_value is not None:
        value = inputs.to_decimal(target_value, "目标值")
        inputs.check_value(indicator, value)
    year = target_year if target_year is not None else indicator.target_year
    if wants_target:
        _check_target_year(indicator, year)
    return _Target(value=value, reduction=reduction, year=year)


def _reduction_target(
    indicator: Indicator, reduction_pct: Decimal | str
) -> tuple[Decimal, Decimal]:
    """The target value (to 6 places) and the reduction of a % reduction target: only for a
    ``down`` indicator with a baseline, the reduction strictly between 0 and 100."""
    reduction = inputs.to_decimal(reduction_pct, "降低率")
    if indicator.direction != "down" or indicator.baseline_value is None:
        raise InvalidValue(
            "只有有基期值、越低越好的指标可以按降低率设定目标。",
            "Only a 'down' indicator with a baseline takes a % reduction target.",
        )
    if not Decimal(0) < reduction < Decimal(100):
        raise InvalidValue("降低率应在 0 与 100 之间。", "A reduction lies between 0 and 100 %.")
    value = target_from_reduction(float(indicator.baseline_value), float(reduction))
    return Decimal(str(value)).quantize(Decimal("1e-6")), reduction


def _check_target_year(indicator: Indicator, year: int | None) -> None:
    if year is None:
        raise InvalidValue("请给出目标年份。", "Give the target year.")
    check_year(year)
    if indicator.baseline_year is not None and year <= indicator.baseline_year:
        raise InvalidValue("目标年份须晚于基期年份。", "The target year must follow the baseline.")


def _department(responsible_department: str | None) -> str | None:
    department = (responsible_department or "").strip() or None
    if department is not None and len(department) > 200:
        raise InvalidValue("责任部门名称过长。", "The department's name is too long.")
    return department


def _setting_view(row: IndicatorSetting) -> dict[str, Any]:
    return {
        "target_year": row.target_year,
        "target_value": row.target_value,
        "reduction_pct": row.reduction_pct,
        "responsible_department": row.responsible_department,
        "source_note": row.source_note,
    }
