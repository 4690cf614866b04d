"""JSON views of progress (进展视图) for the API and the public snapshot."""

from __future__ import annotations

from typing import Any

from shuangtan.city.targets import service
from shuangtan.city.targets.progress import Assessment

__all__ = ["assessment_view", "county_view", "indicator_view"]


def assessment_view(a: Assessment) -> dict[str, Any]:
    return {
        "year": a.year,
        "actual": a.actual,
        "expected": a.expected,
        "share_pct": a.share_pct,
        "status": a.status.value,
        "rule": a.rule,
        "forecast": a.forecast,
        "forecast_meets_target": a.forecast_meets_target,
        "reason": a.reason,
    }


def indicator_view(r: service.IndicatorProgress) -> dict[str, Any]:
    return {
        "id": r.id,
        "section": r.section,
        "area": r.area_key,
        "name_zh": r.name_zh,
        "name_en": r.name_en,
        "unit": r.unit,
        "direction": r.direction,
        "baseline_year": r.baseline_year,
        "baseline_value": r.baseline_value,
        "target_year": r.target_year,
        "target_value": r.target_value,
        "target_origin": r.target_origin,
        "responsible_department": r.department or None,
        "computed": r.computed,
        "series": {str(y): v for y, v in r.series.items()},
        "source_note": r.source_note,
        "attachment_id": r.attachment_id,
        "assessment": assessment_view(r.assessment),
    }


def county_view(c: service.CountyProgress) -> dict[str, Any]:
    return {
        "county_code": c.county_code,
        "county_zh": c.county_zh,
        "kind": c.kind,
        "unit": c.unit,
        "base_year": c.base_year,
        "target_year": c.target_year,
        "target_value": c.target_value,
        "source_note": c.source_note,
        "series": {str(y): v for y, v in c.series.items()},
        "assessment": assessment_view(c.assessment),
    }
