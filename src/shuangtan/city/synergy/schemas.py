"""Request and response shapes of the synergy API (协同指数接口数据)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ComputeIn", "InputIn", "WeightSetIn", "input_view", "run_view", "score_view"]


class InputIn(BaseModel):
    """协同指数输入值 one indicator's value for a county-year, with its source."""

    model_config = ConfigDict(extra="forbid")

    value: Decimal = Field(description="数值 the value, in the indicator's unit")
    source_note: str = Field(min_length=1, max_length=500, description="数据来源 where it is from")
    version: str | None = Field(default=None, description="定义版本 (default: the newest)")


class WeightSetIn(BaseModel):
    """官方权重 a named set of weights, one per indicator, summing to 1."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="方案名称")
    weights: dict[str, Decimal] = Field(description="权重 indicator id → weight")
    note: str = Field(default="", max_length=500, description="说明 why these weights")
    version: str | None = Field(default=None, description="定义版本 (default: the newest)")


class ComputeIn(BaseModel):
    """计算参数 which definition version and which weights (entropy unless a weight set)."""

    model_config = ConfigDict(extra="forbid")

    version: str | None = None
    weight_set_id: int | None = None


def input_view(row: Any) -> dict[str, Any]:
    """An input as API data."""
    return {
        "county_code": row.county_code,
        "year": row.year,
        "indicator_id": row.indicator_id,
        "value": str(row.value),
        "unit": row.unit,
        "origin": row.origin,
        "source_note": row.source_note,
        "updated_by": row.updated_by,
        "updated_at": row.updated_at.isoformat(),
    }


def score_view(score: Any, *, detail: bool = False) -> dict[str, Any]:
    """A county's score as API data (with its drill-down if ``detail``)."""
    data: dict[str, Any] = {
        "county_code": score.county_code,
        "rank": score.rank,
        "index": str(score.index_value),
        "dimensions": {
            "economy": str(score.economy),
            "pollutants": str(score.pollutants),
            "energy": str(score.energy),
            "carbon": str(score.carbon),
        },
        "u1_pollution_reduction": str(score.u1),
        "u2_carbon_reduction": str(score.u2),
        "coupling_c": str(score.coupling_c),
        "coordination_t": str(score.coordination_t),
        "coordination_d": str(score.coordination_d),
        "band_zh": score.band_zh,
        "band_en": score.band_en,
    }
    if detail:
        data["indicators"] = score.detail
    return data


def run_view(run: Any) -> dict[str, Any]:
    """A run's metadata as API data."""
    return {
        "run_id": run.id,
        "year": run.year,
        "definition_version": run.definition_version,
        "weighting": run.weighting,
        "weight_set_id": run.weight_set_id,
        "weights": run.weights,
        "entropy": run.entropy,
        "unscored": run.unscored,
        "computed_by": run.computed_by,
        "computed_at": run.computed_at.isoformat(),
    }
