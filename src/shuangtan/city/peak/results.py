"""What the road to the peak computes (达峰路径计算结果): a scenario's projection and Monte
Carlo distribution, Jiashan's tracking, and the one summary row the page, the API and the
exports all show. Plain data: the service makes it, the schemas and exports draw it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shuangtan.city import kaya
from shuangtan.city.peak.models import PeakScenario

__all__ = [
    "HORIZON",
    "MC_DRAWS",
    "SUMMARY_COLUMNS",
    "JiashanTracking",
    "ScenarioResult",
    "summary_rows",
]

HORIZON = 2060
"""The last year of every projection (the carbon-neutrality year)."""
MC_DRAWS = 10_000
"""Monte Carlo draws of a scenario's probability of peaking."""


@dataclass(frozen=True)
class ScenarioResult:
    """情景结果 a saved scenario with its projection to 2060 and its Monte Carlo distribution."""

    scenario: PeakScenario
    projection: kaya.Projection
    distribution: kaya.PeakDistribution

    def value(self, year: int) -> float | None:
        """Emissions of ``year`` (10^4 tCO2), ``None`` outside the projection."""
        if not self.projection.years[0] <= year <= self.projection.years[-1]:
            return None
        return self.projection.value(year)


@dataclass(frozen=True)
class JiashanTracking:
    """嘉善率先达峰跟踪 Jiashan's 2025 peak: observed energy CO2 and each scenario's verdict.

    ``observed_verdict``: ``peaked`` (the highest observed year is 2025 or earlier and every
    later observed year is lower), ``not_yet`` (the latest observed year is the highest so far),
    ``no_data``. It is provisional: a peak is confirmed only by the years that follow it.
    """

    county_code: str
    target_year: int
    observed: tuple[tuple[int, float], ...]  # (year, energy CO2 in 10^4 t)
    observed_peak_year: int | None
    observed_verdict: str
    results: tuple[ScenarioResult, ...]


SUMMARY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("scenario_id", "情景编号"),
    ("name", "情景名称"),
    ("version", "版本"),
    ("scope_kind", "范围"),
    ("scope_code", "代码"),
    ("base_year", "基准年"),
    ("base_value_10k_tco2", "基准年排放(万吨CO2)"),
    ("peak_year", "达峰年份"),
    ("peak_value_10k_tco2", "峰值(万吨CO2)"),
    ("value_2030_10k_tco2", "2030年排放(万吨CO2)"),
    ("value_2035_10k_tco2", "2035年排放(万吨CO2)"),
    ("value_2060_10k_tco2", "2060年排放(万吨CO2)"),
    ("p_peak_by_2025", "2025年前达峰概率"),
    ("p_peak_by_2030", "2030年前达峰概率"),
    ("p_peak_by_2035", "2035年前达峰概率"),
)
"""(key, Chinese header) of the summary; the CSV header is ``key`` (English) for machines."""


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def summary_rows(results: list[ScenarioResult]) -> list[dict[str, Any]]:
    """One dict a scenario with the keys of :data:`SUMMARY_COLUMNS`."""
    rows = []
    for r in results:
        s, p, d = r.scenario, r.projection, r.distribution
        rows.append(
            {
                "scenario_id": s.id,
                "name": s.name,
                "version": s.version,
                "scope_kind": s.scope_kind,
                "scope_code": s.scope_code,
                "base_year": s.base_year,
                "base_value_10k_tco2": _round(p.emissions[0]),
                "peak_year": p.peak_year,
                "peak_value_10k_tco2": _round(p.peak_value),
                "value_2030_10k_tco2": _round(r.value(2030)),
                "value_2035_10k_tco2": _round(r.value(2035)),
                "value_2060_10k_tco2": _round(r.value(2060)),
                "p_peak_by_2025": _round(d.probability_peaked_by(2025)),
                "p_peak_by_2030": _round(d.probability_peaked_by(2030)),
                "p_peak_by_2035": _round(d.probability_peaked_by(2035)),
            }
        )
    return rows
