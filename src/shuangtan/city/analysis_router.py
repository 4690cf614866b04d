"""``/api/v1/analysis``: public LMDI decomposition (no login, rate-limited, stores nothing)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

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


@router.post(
    "/lmdi",
    dependencies=[Depends(public_tool_limit)],
    responses={422: _PROBLEM, 429: _PROBLEM},
    summary="LMDI 因素分解 · LMDI-I decomposition, additive and multiplicative",
)
def decompose(body: Annotated[dict[str, Any], Body(examples=[EXAMPLE])]) -> dict[str, Any]:
    """Decompose the change of Σ_i Π_k x_{k,i} year by year into factor effects (LMDI-I)."""
    try:
        return lmdi.decompose(body.get("factors", []), body.get("data", {}))
    except lmdi.LmdiInputError as exc:
        raise AnalysisInvalidInput(exc.message_zh, exc.message_en) from exc
