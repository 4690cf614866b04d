"""JSON views of scenarios and results for the API (what a client reads)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from shuangtan.city.peak import bases, city_lmdi
from shuangtan.city.peak.export import summary_rows
from shuangtan.city.peak.models import PeakScenario, PeakScenarioVersion
from shuangtan.city.peak.service import JiashanTracking, ScenarioResult, content_of

__all__ = [
    "base_view",
    "decomposition_view",
    "jiashan_view",
    "result_view",
    "scenario_view",
    "version_view",
]


def scenario_view(row: PeakScenario) -> dict[str, Any]:
    return {
        "id": row.id,
        **content_of(row),
        "owner_user_id": row.owner_user_id,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


def version_view(row: PeakScenarioVersion) -> dict[str, Any]:
    return {
        "version": row.version,
        "saved_at": row.saved_at.isoformat(),
        "saved_by_user_id": row.saved_by_user_id,
        "content": row.content,
    }


def result_view(result: ScenarioResult) -> dict[str, Any]:
    p, d = result.projection, result.distribution
    return {
        "scenario": scenario_view(result.scenario),
        "summary": summary_rows([result])[0],
        "years": list(p.years),
        "emissions_10k_tco2": list(p.emissions),
        "energy_10k_tce": list(p.energy),
        "probability_peaked_by": {str(y): v for y, v in d.cumulative.items()},
        "peak_year_percentiles": {f"p{q}": v for q, v in d.peak_year_percentiles.items()},
    }


def base_view(base: bases.SuggestedBase) -> dict[str, Any]:
    view: dict[str, Any] = {
        k: str(v) if not isinstance(v, (str, int)) else v for k, v in asdict(base).items()
    }
    view["emissions_10k_tco2"] = base.emissions_10k_t
    return view


def jiashan_view(tracking: JiashanTracking) -> dict[str, Any]:
    return {
        "county_code": tracking.county_code,
        "target_year": tracking.target_year,
        "observed": [{"year": y, "energy_co2_10k_t": v} for y, v in tracking.observed],
        "observed_peak_year": tracking.observed_peak_year,
        "observed_verdict": tracking.observed_verdict,
        "scenarios": [
            {
                **summary_rows([r])[0],
                "peaked_by_target": r.projection.peak_year <= tracking.target_year,
                "probability_peaked_by_target": r.distribution.probability_peaked_by(
                    tracking.target_year
                ),
            }
            for r in tracking.results
        ],
    }


def decomposition_view(result: city_lmdi.CityDecomposition) -> dict[str, Any]:
    return {
        "unit": "tCO2",
        "years": list(result.years),
        "skipped": {str(y): reason for y, reason in result.skipped.items()},
        "periods": list(result.periods),
    }
