"""``/api/v1/analysis``: public LMDI decomposition (no login, rate-limited, stores nothing)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel, ConfigDict, Field

from shuangtan.city import lmdi
from shuangtan.errors import InvalidInput
from shuangtan.ratelimit import public_tool_limit

router = APIRouter(prefix="/analysis", tags=["analysis 分析"])

_PROBLEM = {"description": "Problem document (RFC 9457) with message_zh and message_en"}

EXAMPLE = {
    "factors": ["activity", "intensity"],
    "data": {
        "2019": {"S1a": [5, 4], "S1b": [5, 2], "S2a": [10, 0.8], "S2b": [30, 0.4]},
        "2020": {"S1a": [12, 2.5], "S1b": [8, 1.25], "S2a": [30, 0.5], "S2b": [30, 0.3]},
    },
}


class AnalysisInvalidInput(InvalidInput):
    """Data the decomposition cannot use (分析输入无效)."""

    code = "analysis.invalid_input"


class LmdiPeriodRead(BaseModel):
    """分解期 one period's LMDI-I decomposition, from one year to the next."""

    model_config = ConfigDict(populate_by_name=True)

    from_year: str = Field(alias="from", description="起始年 first year of the period")
    to_year: str = Field(alias="to", description="终止年 last year of the period")
    total_change: float = Field(description="总变化 ΔV = V^T − V^0")
    total_ratio: float | None = Field(description="总比值 V^T / V^0 (null when a total is 0)")
    additive: dict[str, float] = Field(description="加法分解 each factor's effect, ΣΔV_k = ΔV")
    multiplicative: dict[str, float | None] = Field(
        description="乘法分解 each factor's ratio, ΠD_k = V^T / V^0 (null when a total is 0)"
    )
    by_subcategory: dict[str, dict[str, float]] = Field(
        description="分子类 each sub-category's additive effect of each factor"
    )


class LmdiRead(BaseModel):
    """LMDI 因素分解 the decomposition, one period per consecutive pair of years."""

    periods: list[LmdiPeriodRead]

    @classmethod
    def of(cls, answer: dict[str, Any]) -> LmdiRead:
        """The typed answer of :func:`shuangtan.city.lmdi.decompose`."""
        return cls.model_validate(answer)


@router.post(
    "/lmdi",
    dependencies=[Depends(public_tool_limit)],
    responses={422: _PROBLEM, 429: _PROBLEM},
    summary="LMDI 因素分解 · LMDI-I decomposition, additive and multiplicative",
)
def decompose(body: Annotated[dict[str, Any], Body(examples=[EXAMPLE])]) -> LmdiRead:
    """Decompose the change of Σ_i Π_k x_{k,i} year by year into factor effects (LMDI-I)."""
    try:
        return LmdiRead.of(lmdi.decompose(body.get("factors", []), body.get("data", {})))
    except lmdi.LmdiInputError as exc:
        raise AnalysisInvalidInput(exc.message_zh, exc.message_en) from exc
