"""Carbon-efficiency grade (碳效码): an enterprise's L against its industry's, graded 1–5.

Method: 规上工业企业碳效等级评价方法 (Zhejiang; 工业碳效码), in shared/reference/methods.md:

    L = energy-related CO2 of the year (t) ÷ value added of the year (10^4 CNY, income method)
    level (碳效水平): L ≤ 0.6 low-carbon; 0.6 < L ≤ 2.0 medium; L > 2.0 high
    K = L ÷ L of the enterprise's industry in the same year (碳效值)
    grade (碳效等级): 1 if K ≤ 0.6; 2 if K ≤ 0.8; 3 if K ≤ 1.2; 4 if K ≤ 2.0; else 5

The thresholds are read from ``data/grading/carbon-efficiency.yaml``. Energy-related CO2 is the
verified annual total less the process and non-CO2 lines of the verified months (see
``docs/grading.md`` for what is and is not excluded). L and K are kept to 6 decimals and the
thresholds are compared with those stored values, so a grade always agrees with its numbers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import utcnow
from shuangtan.grading import repository
from shuangtan.grading.benchmarks import SIX, compute_benchmarks, gradable, intensity
from shuangtan.grading.errors import GradingDenied
from shuangtan.grading.models import CarbonGrade, IndustryBenchmark
from shuangtan.grading.rules import CarbonEfficiencyRules, carbon_efficiency_rules
from shuangtan.kit.params import check_year

__all__ = [
    "GradeRun",
    "Ungraded",
    "carbon_level",
    "grade_of",
    "grade_year",
    "next_grade_target",
    "require_grader",
]

GRADE_MEANINGS: dict[int, tuple[str, str]] = {
    1: ("碳效率高", "high carbon efficiency"),
    2: ("碳效率较高", "fairly high carbon efficiency"),
    3: ("碳效率接近行业平均水平", "close to the industry average"),
    4: ("碳效率较低", "fairly low carbon efficiency"),
    5: ("碳效率低", "low carbon efficiency"),
}
"""What each grade means, in the method's words."""


@dataclass(frozen=True, slots=True)
class Ungraded:
    """未评价 an enterprise-year that got no grade, and why (stable code + two messages)."""

    entity_id: int
    code: str
    message_zh: str
    message_en: str


@dataclass(frozen=True, slots=True)
class GradeRun:
    """一次评价 what a grade run stored and what it could not grade."""

    year: int
    grades: list[CarbonGrade]
    benchmarks: list[IndustryBenchmark]
    ungraded: list[Ungraded]


def carbon_level(value: Decimal, rules: CarbonEfficiencyRules) -> str:
    """碳效水平 level of L: ``low`` (≤ 0.6), ``medium`` (≤ 2.0) or ``high``."""
    if value <= rules.low_max:
        return "low"
    if value <= rules.medium_max:
        return "medium"
    return "high"


def grade_of(ratio: Decimal, rules: CarbonEfficiencyRules) -> int:
    """碳效等级 grade of K: 1 (K ≤ 0.6) … 5 (K > 2.0)."""
    for index, upper in enumerate(rules.grade_max):
        if ratio <= upper:
            return index + 1
    return len(rules.grade_max) + 1


def next_grade_target(
    *,
    grade: int,
    energy_co2: Decimal,
    value_added: Decimal,
    benchmark: Decimal,
    rules: CarbonEfficiencyRules,
) -> dict[str, Any] | None:
    """What would move the enterprise up one grade (``None`` for grade 1).

    The better grade ``g − 1`` needs K ≤ its upper bound k*, i.e. L ≤ L* = k* × benchmark:
    at the same value added that is a reduction of energy CO2 − L* × value added (t); at the
    same emissions, a value added of energy CO2 ÷ L* (10^4 CNY).
    """
    if grade <= 1:
        return None
    k_target = rules.grade_max[grade - 2]
    l_target = (k_target * benchmark).quantize(SIX)
    reduction = max(energy_co2 - l_target * value_added, Decimal(0)).quantize(SIX)
    needed_va = (energy_co2 / l_target).quantize(SIX) if l_target > 0 else None
    return {
        "grade": grade - 1,
        "k_max": str(k_target),
        "intensity_max": str(l_target),
        "reduction_tco2": str(reduction),
        "value_added_needed_10k_cny": None if needed_va is None else str(needed_va),
    }


def require_grader(actor: Principal | None, session: Session) -> None:
    """Computing grades is for city-scope officials and administrators (``None``: the system).

    Benchmarks are city-wide, so a county official may read its county's results but not
    recompute the city's.
    """
    if actor is None or actor.is_admin:
        return
    if actor.role is Role.official and actor.scope.whole_city:
        return
    raise GradingDenied(
        "只有市级政府官员或系统管理员可以计算评价结果。",
        "Only a city-level official or an administrator may compute grades.",
    )


def _explanation(
    row: repository.EnterpriseYear,
    *,
    value: Decimal,
    ratio: Decimal,
    grade: int,
    level: str,
    benchmark: IndustryBenchmark,
    rules: CarbonEfficiencyRules,
) -> dict[str, Any]:
    va = row.value_added_10k_cny or Decimal(0)
    meaning = GRADE_MEANINGS[grade]
    return {
        "inputs": {
            "tco2e_total": str(row.tco2e),
            "tco2_non_energy_excluded": str(row.non_energy_tco2e),
            "tco2_energy": str(row.energy_co2),
            "value_added_10k_cny": str(va),
            "intensity": str(value),
        },
        "benchmark": {
            "industry_code": benchmark.industry_code,
            "value": str(benchmark.intensity_t_per_10k_cny),
            "method": benchmark.method,
            "source": benchmark.source,
            "enterprises": benchmark.enterprises,
            "date": benchmark.computed_at.date().isoformat(),
        },
        "ratio": str(ratio),
        "level": level,
        "grade": grade,
        "meaning_zh": meaning[0],
        "meaning_en": meaning[1],
        "thresholds": rules.as_json(),
        "next_grade": next_grade_target(
            grade=grade,
            energy_co2=row.energy_co2,
            value_added=va,
            benchmark=benchmark.intensity_t_per_10k_cny,
            rules=rules,
        ),
    }


def _ungraded_without_benchmark(row: repository.EnterpriseYear, minimum: int) -> Ungraded:
    return Ungraded(
        row.entity_id,
        "grading.no_benchmark",
        f"行业 {row.industry_code} 本年度经核查企业少于 {minimum} 家且无已发布基准,无法评价。",
        f"Industry {row.industry_code} has fewer than {minimum} verified enterprises this year "
        "and no published benchmark: no grade.",
    )


def _ungraded_inputs(row: repository.EnterpriseYear) -> Ungraded:
    if not row.industry_code:
        return Ungraded(
            row.entity_id,
            "grading.no_industry",
            "未登记行业代码,无法评价。",
            "No industry code registered: no grade.",
        )
    return Ungraded(
        row.entity_id,
        "grading.no_value_added",
        "年度增加值缺失或为零,无法计算碳效。",
        "The year's value added is missing or zero: L cannot be computed.",
    )


def grade_year(
    *,
    session: Session,
    actor: Principal | None,
    year: int,
    rules: CarbonEfficiencyRules | None = None,
) -> GradeRun:
    """Compute the benchmarks and every industrial enterprise's grade of ``year``, and store them.

    A re-run replaces the numbers of a grade but keeps its ``public_token``, so printed QR codes
    stay valid. One audit entry records every grade before and after.
    """
    require_grader(actor, session)
    check_year(year)
    rules = rules or carbon_efficiency_rules()
    benchmarks, _gaps = compute_benchmarks(session=session, year=year, actor=actor, rules=rules)
    by_industry = {b.industry_code: b for b in benchmarks}
    existing = repository.grades_of_year(session, year)
    before = {str(eid): g.grade for eid, g in existing.items()}
    rows = repository.enterprise_years(session, year)
    ok = {r.entity_id for r in gradable(rows)}
    grades: list[CarbonGrade] = []
    ungraded: list[Ungraded] = []
    for row in rows:
        benchmark = by_industry.get(str(row.industry_code))
        if row.entity_id not in ok or benchmark is None:
            ungraded.append(
                _ungraded_inputs(row)
                if row.entity_id not in ok
                else _ungraded_without_benchmark(row, rules.min_enterprises)
            )
            if row.entity_id in existing:
                session.delete(existing[row.entity_id])
            continue
        value = intensity(row.energy_co2, row.value_added_10k_cny or Decimal(1))
        ratio = (value / benchmark.intensity_t_per_10k_cny).quantize(SIX)
        grade, level = grade_of(ratio, rules), carbon_level(value, rules)
        stored = existing.get(row.entity_id)
        if stored is None:
            stored = CarbonGrade(
                entity_id=row.entity_id, year=year, public_token=secrets.token_urlsafe(18)
            )
            session.add(stored)
        stored.intensity_t_per_10k_cny = value
        stored.benchmark_id = benchmark.id
        stored.ratio_to_benchmark = ratio
        stored.grade = grade
        stored.level = level
        stored.explanation = _explanation(
            row,
            value=value,
            ratio=ratio,
            grade=grade,
            level=level,
            benchmark=benchmark,
            rules=rules,
        )
        stored.computed_at = utcnow()
        grades.append(stored)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="grading.grades_compute",
        entity_type="grade_year",
        entity_id=str(year),
        before={"grades": before},
        after={
            "grades": {str(g.entity_id): g.grade for g in grades},
            "ungraded": {str(u.entity_id): u.code for u in ungraded},
        },
    )
    return GradeRun(year=year, grades=grades, benchmarks=benchmarks, ungraded=ungraded)
