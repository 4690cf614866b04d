"""Anomaly rules (异常识别): reasons for a verifier to look harder at a monthly report.

Computed when a report is submitted (and re-runnable for a year). Each flag keeps its rule,
a score and a reason in Chinese and English; the verifier's queue lists them. Rules:

- ``mom_jump`` 环比突变: this month's tCO2e over the previous month's is above ``jump_high``
  (default 2) or below ``jump_low`` (0.5). Score: the ratio.
- ``peer_intensity`` 强度偏离同行: carbon intensity (tCO2e per 10^4 CNY of value added) against
  the same industry's reports of the same month, by the robust z-score of Iglewicz and Hoaglin
  (1993): ``z = (x − median) / (1.4826 · MAD)``, MAD the median absolute deviation; flagged when
  ``|z| > 3.5`` and at least ``min_peers`` (5) reports, this one included, have an intensity.
  Score: z.
- ``missing`` 缺报月份: earlier months of the same year with no submitted report. Score: their
  number.
- ``mismatch`` 能耗与产量背离: energy (tce) and output move in opposite directions against the
  previous month, each by more than ``mismatch_threshold`` (default 20 %) — energy up while
  production falls, or down while it rises. Score: energy change minus output change.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.accounts import repository
from shuangtan.accounts.models import ActivityReport, AnomalyFlag, Entity, ReportStatus
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.errors import PermissionDenied

__all__ = [
    "DEFAULT_RULES",
    "MAD_SCALE",
    "AnomalyRules",
    "detect",
    "rerun_year",
    "robust_z",
]

MAD_SCALE = 1.4826
"""1 / Φ⁻¹(3/4): makes the MAD a consistent estimator of σ for normal data."""


@dataclass(frozen=True, slots=True)
class AnomalyRules:
    """异常规则参数 thresholds of the anomaly rules (configurable)."""

    jump_high: float = 2.0
    jump_low: float = 0.5
    z_threshold: float = 3.5
    min_peers: int = 5
    mismatch_threshold: float = 0.2


DEFAULT_RULES = AnomalyRules()


@dataclass(frozen=True, slots=True)
class _Flag:
    rule: str
    score: float
    reason_zh: str
    reason_en: str


def robust_z(value: float, values: Sequence[float]) -> float | None:
    """``(value − median) / (1.4826 · MAD)`` over ``values``; ``None`` when the MAD is 0."""
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    if mad == 0:
        return None
    return (value - median) / (MAD_SCALE * mad)


def _previous(session: Session, report: ActivityReport) -> ActivityReport | None:
    year, month = (report.year, report.month - 1) if report.month > 1 else (report.year - 1, 12)
    previous = repository.report_by_period(session, report.entity_id, year, month)
    if previous is None or previous.status == ReportStatus.draft.value:
        return None
    return previous


def _mom_jump(
    report: ActivityReport, previous: ActivityReport | None, rules: AnomalyRules
) -> _Flag | None:
    if previous is None or not previous.reported_tco2e or report.reported_tco2e is None:
        return None
    ratio = float(report.reported_tco2e) / float(previous.reported_tco2e)
    if rules.jump_low <= ratio <= rules.jump_high:
        return None
    return _Flag(
        "mom_jump",
        ratio,
        f"本月排放为上月的{ratio:.2f}倍（正常范围{rules.jump_low}–{rules.jump_high}倍）。",
        f"Emissions are {ratio:.2f}× last month's (expected {rules.jump_low}–{rules.jump_high}×).",
    )


def _intensity(tco2e: Decimal | None, value_added: Decimal | None) -> float | None:
    if tco2e is None or not value_added:
        return None
    return float(tco2e) / float(value_added)


def _peer_intensity(session: Session, report: ActivityReport, rules: AnomalyRules) -> _Flag | None:
    own = _intensity(report.reported_tco2e, report.value_added_10k_cny)
    entity = session.get(Entity, report.entity_id)
    if own is None or entity is None or entity.industry_code is None:
        return None
    rows = session.execute(
        select(ActivityReport.reported_tco2e, ActivityReport.value_added_10k_cny)
        .join(Entity, Entity.id == ActivityReport.entity_id)
        .where(
            Entity.industry_code == entity.industry_code,
            ActivityReport.year == report.year,
            ActivityReport.month == report.month,
            # this report is being submitted: it counts among its peers
            or_(ActivityReport.status != ReportStatus.draft.value, ActivityReport.id == report.id),
            ActivityReport.reported_tco2e.is_not(None),
            ActivityReport.value_added_10k_cny > 0,
        )
    ).all()
    values = [v for v in (_intensity(t, va) for t, va in rows) if v is not None]
    if len(values) < rules.min_peers:
        return None
    z = robust_z(own, values)
    if z is None or abs(z) <= rules.z_threshold:
        return None
    return _Flag(
        "peer_intensity",
        z,
        f"碳强度{own:.4f} tCO2e/万元，偏离同行业同月中位数"
        f"（稳健z值{z:.2f}，阈值±{rules.z_threshold}）。",
        f"Carbon intensity {own:.4f} tCO2e per 10^4 CNY is far from the industry's median this "
        f"month (robust z {z:.2f}, threshold ±{rules.z_threshold}).",
    )


def _missing(session: Session, report: ActivityReport) -> _Flag | None:
    if report.month == 1:
        return None
    present = set(
        session.execute(
            select(ActivityReport.month).where(
                ActivityReport.entity_id == report.entity_id,
                ActivityReport.year == report.year,
                ActivityReport.month < report.month,
                ActivityReport.status != ReportStatus.draft.value,
            )
        ).scalars()
    )
    gaps = [m for m in range(1, report.month) if m not in present]
    if not gaps:
        return None
    months = "、".join(f"{m}月" for m in gaps)
    return _Flag(
        "missing",
        float(len(gaps)),
        f"本年度此前缺报{len(gaps)}个月：{months}。",
        f"{len(gaps)} earlier month(s) of the year not reported: {', '.join(map(str, gaps))}.",
    )


def _change(now: Decimal | None, before: Decimal | None) -> float | None:
    if now is None or not before:
        return None
    return float(now) / float(before) - 1


def _mismatch(
    report: ActivityReport, previous: ActivityReport | None, rules: AnomalyRules
) -> _Flag | None:
    if previous is None:
        return None
    energy = _change(report.reported_tce, previous.reported_tce)
    output = _change(report.output_quantity, previous.output_quantity)
    if energy is None or output is None:
        return None
    t = rules.mismatch_threshold
    if not ((energy > t and output < -t) or (energy < -t and output > t)):
        return None
    return _Flag(
        "mismatch",
        energy - output,
        f"能耗较上月变化{energy:+.1%}，产量变化{output:+.1%}，方向相反（阈值±{t:.0%}）。",
        f"Energy changed {energy:+.1%} and output {output:+.1%} against last month, in opposite "
        f"directions (threshold ±{t:.0%}).",
    )


def _score(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.000001"))


def detect(
    *, session: Session, report: ActivityReport, rules: AnomalyRules = DEFAULT_RULES
) -> list[AnomalyFlag]:
    """Run every rule on ``report`` and replace its flags; the new flags.

    Called by the workflow on submission (whose audit entry records the flags).
    """
    previous = _previous(session, report)
    found = [
        flag
        for flag in (
            _mom_jump(report, previous, rules),
            _peer_intensity(session, report, rules),
            _missing(session, report),
            _mismatch(report, previous, rules),
        )
        if flag is not None
    ]
    session.execute(delete(AnomalyFlag).where(AnomalyFlag.report_id == report.id))
    flags = [
        AnomalyFlag(
            report_id=report.id,
            rule=f.rule,
            score=_score(f.score),
            reason_zh=f.reason_zh,
            reason_en=f.reason_en,
        )
        for f in found
    ]
    session.add_all(flags)
    session.flush()
    return flags


def rerun_year(
    *, session: Session, actor: Principal, year: int, rules: AnomalyRules = DEFAULT_RULES
) -> int:
    """Re-run the rules on every submitted report of ``year`` in the official's scope; the
    number of flags now standing. Officials and administrators only; audited."""
    if not actor.has_role(Role.official, Role.admin):
        raise PermissionDenied(
            "只有政府官员可以重新运行异常识别。", "Only an official may re-run the anomaly rules."
        )
    reports = session.execute(
        repository.readable_reports(actor)
        .where(
            ActivityReport.year == year,
            ActivityReport.status != ReportStatus.draft.value,
            ActivityReport.reported_tco2e.is_not(None),
        )
        .order_by(ActivityReport.entity_id, ActivityReport.month)
    ).scalars()
    count = sum(len(detect(session=session, report=r, rules=rules)) for r in reports.all())
    audit.record(
        session=session,
        actor=actor,
        action="anomaly.rerun",
        entity_type="anomaly_year",
        entity_id=str(year),
        before=None,
        after={"year": year, "flags": count},
    )
    return count
