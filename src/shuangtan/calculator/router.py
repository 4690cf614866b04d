"""``/api/v1/accounting``: the public calculation API (no login, rate-limited, stores nothing)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from shuangtan import accounting
from shuangtan.calculator import service
from shuangtan.calculator.schemas import EXAMPLE_DOCUMENT, CalculationRead, FuelRead
from shuangtan.ratelimit import public_tool_limit

router = APIRouter(prefix="/accounting", tags=["accounting 碳核算"])

_PROBLEM = {"description": "Problem document (RFC 9457) naming every line that failed"}


@router.post(
    "/calculate",
    dependencies=[Depends(public_tool_limit)],
    responses={422: _PROBLEM, 429: _PROBLEM},
    # a line answers only the keys of its kind (fuel, material, tco2e_market): none is added
    response_model_exclude_unset=True,
    summary="计算排放 · Calculate emissions and energy of activity lines",
)
def calculate(
    document: Annotated[dict[str, Any], Body(examples=[EXAMPLE_DOCUMENT])],
) -> CalculationRead:
    """Compute CO2e and standard coal line by line, each factor with its source."""
    return CalculationRead.of(service.calculate(document=document))


@router.get(
    "/fuels",
    dependencies=[Depends(public_tool_limit)],
    summary="燃料品种 · Fuel codes with Chinese and English names",
)
def fuels() -> list[FuelRead]:
    """Every fuel the calculator knows, with its default unit and calorific value."""
    return [FuelRead.of(fuel) for fuel in accounting.list_fuels()]
