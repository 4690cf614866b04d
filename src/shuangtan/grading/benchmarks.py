"""Industry benchmarks (行业基准): the average carbon intensity L of each industry and year.

A benchmark is **published** (a row of ``data/benchmarks/industry-intensity.csv`` with its
source; none ship today, see that folder's README) or **computed** from the verified annual
accounts of the industry's enterprises in that year. The method (规上工业企业碳效等级评价方法)
defines L for an enterprise *or an industry* alike as energy-related CO2 ÷ value added, so the
computed industry L is, by default, the ratio of sums::

    L_industry = Σ energy CO2 of the industry's enterprises / Σ their value added  [t/10^4 CNY]

(the value-added-weighted mean of the enterprises' L). ``mean: mean_of_ratios`` in
``data/grading/carbon-efficiency.yaml`` switches to the plain mean of the enterprises' L.
An industry with fewer enterprises than ``min_enterprises`` gets no benchmark, and its
enterprises are not graded (the grade run says why).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from sqlalchemy import delete
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.db import utcnow
from shuangtan.grading import repository
from shuangtan.grading.models import CarbonGrade, IndustryBenchmark
from shuangtan.grading.rules import CarbonEfficiencyRules, carbon_efficiency_rules

__all__ = [
    "BenchmarkGap",
    "PublishedBenchmark",
    "compute_benchmarks",
    "industry_intensity",
    "intensity",
    "published_benchmarks",
]

SIX = Decimal("0.000001")
COMPUTED_SOURCE = (
    "平台依据本行业企业经核查的年度碳账户计算 · computed by the platform from the verified "
    "annual accounts of the industry's enterprises ({mean}, n={n})"
)
MEAN_NAMES = {
    "ratio_of_sums": "总量之比 ratio of the sums",
    "mean_of_ratios": "比值的均值 mean of the ratios",
}
"""How the computed source names the benchmark's mean (a page shows no code)."""


@dataclass(frozen=True, slots=True)
class PublishedBenchmark:
    """已发布基准 a published industry L, with its source."""

    industry_code: str
    year: int
    intensity: Decimal
    source: str


@dataclass(frozen=True, slots=True)
class BenchmarkGap:
    """缺少基准 an industry-year without a benchmark, and why."""

    industry_code: str
    year: int
    enterprises: int
    minimum: int


@lru_cache(maxsize=1)
def published_benchmarks() -> tuple[PublishedBenchmark, ...]:
    """The rows of ``data/benchmarks/industry-intensity.csv`` (empty: none found published)."""
    path = resources.files("shuangtan").joinpath("data", "benchmarks", "industry-intensity.csv")
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    return tuple(
        PublishedBenchmark(
            industry_code=row["industry_code"],
            year=int(row["year"]),
            intensity=Decimal(row["intensity_t_per_10k_cny"]),
            source=row["source"],
        )
        for row in rows
    )


def intensity(energy_co2: Decimal, value_added: Decimal) -> Decimal:
    """L = energy-related CO2 (t) ÷ value added (10^4 CNY), to 6 decimals (t/10^4 CNY)."""
    return (energy_co2 / value_added).quantize(SIX)


def industry_intensity(
    members: list[repository.EnterpriseYear], *, mean: str = "ratio_of_sums"
) -> Decimal:
    """The industry's L from its enterprises: ratio of sums, or the mean of their L."""
    if mean == "mean_of_ratios":
        ratios = [intensity(m.energy_co2, m.value_added_10k_cny or Decimal(0)) for m in members]
        return (sum(ratios, Decimal(0)) / len(ratios)).quantize(SIX)
    total_co2 = sum((m.energy_co2 for m in members), Decimal(0))
    total_va = sum((m.value_added_10k_cny or Decimal(0) for m in members), Decimal(0))
    return intensity(total_co2, total_va)


def gradable(rows: list[repository.EnterpriseYear]) -> list[repository.EnterpriseYear]:
    """The enterprise-years that have an industry and a positive value added."""
    return [
        r for r in rows if r.industry_code and r.value_added_10k_cny and r.value_added_10k_cny > 0
    ]


def _upsert(
    session: Session,
    existing: dict[str, IndustryBenchmark],
    *,
    industry_code: str,
    year: int,
    value: Decimal,
    method: str,
    enterprises: int | None,
    source: str,
) -> IndustryBenchmark:
    row = existing.get(industry_code)
    if row is None:
        row = IndustryBenchmark(industry_code=industry_code, year=year)
        session.add(row)
    row.intensity_t_per_10k_cny = value
    row.method = method
    row.enterprises = enterprises
    row.source = source
    row.computed_at = utcnow()
    return row


def compute_benchmarks(
    *,
    session: Session,
    year: int,
    actor: Principal | None = None,
    rules: CarbonEfficiencyRules | None = None,
) -> tuple[list[IndustryBenchmark], list[BenchmarkGap]]:
    """Store the benchmarks of ``year``: published rows first, else computed; return the gaps.

    Called by :func:`shuangtan.grading.carbon_grade.grade_year`, which checks the caller's
    permission; ``actor`` is recorded in the audit entry (``None``: the system).
    """
    rules = rules or carbon_efficiency_rules()
    existing = repository.benchmarks_of_year(session, year)
    before = {code: str(b.intensity_t_per_10k_cny) for code, b in existing.items()}
    stored: dict[str, IndustryBenchmark] = {}
    for pub in published_benchmarks():
        if pub.year == year:
            stored[pub.industry_code] = _upsert(
                session,
                existing,
                industry_code=pub.industry_code,
                year=year,
                value=pub.intensity,
                method="published",
                enterprises=None,
                source=pub.source,
            )
    by_industry: dict[str, list[repository.EnterpriseYear]] = {}
    for row in gradable(repository.enterprise_years(session, year)):
        by_industry.setdefault(str(row.industry_code), []).append(row)
    gaps: list[BenchmarkGap] = []
    for code, members in sorted(by_industry.items()):
        if code in stored:
            continue
        if len(members) < rules.min_enterprises:
            gaps.append(BenchmarkGap(code, year, len(members), rules.min_enterprises))
            if code in existing and existing[code].method == "computed":
                # no longer enough enterprises: no benchmark, and no grade that rests on it
                session.execute(
                    delete(CarbonGrade).where(CarbonGrade.benchmark_id == existing[code].id)
                )
                session.delete(existing[code])
            continue
        stored[code] = _upsert(
            session,
            existing,
            industry_code=code,
            year=year,
            value=industry_intensity(members, mean=rules.mean),
            method="computed",
            enterprises=len(members),
            source=COMPUTED_SOURCE.format(
                mean=MEAN_NAMES.get(rules.mean, rules.mean), n=len(members)
            ),
        )
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="grading.benchmarks_compute",
        entity_type="benchmark_year",
        entity_id=str(year),
        before={"benchmarks": before},
        after={"benchmarks": {c: str(b.intensity_t_per_10k_cny) for c, b in stored.items()}},
    )
    return sorted(stored.values(), key=lambda b: b.industry_code), gaps
