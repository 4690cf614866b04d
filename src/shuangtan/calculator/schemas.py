"""Shapes of the public calculation contract, for the OpenAPI document.

The core validates the document itself (so the CLI and the API refuse alike); these models
describe it for readers of ``/docs``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.accounting import CONTRACT_EXAMPLE as EXAMPLE_DOCUMENT

__all__ = ["EXAMPLE_DOCUMENT", "CalculationAnswer", "FactorUsed", "FuelRead", "LineAnswer"]


class FactorUsed(BaseModel):
    """One factor that made a line (排放因子), with its source."""

    model_config = ConfigDict(extra="allow")

    id: str
    value: float
    unit: str
    source: str = Field(description="来源 Source document, edition and table")


class LineAnswer(BaseModel):
    """The result of one activity line (活动数据行)."""

    model_config = ConfigDict(extra="allow")

    id: str
    tco2e: float = Field(description="排放量 Emissions, tCO2e")
    tce: float = Field(description="能耗 Energy, tonnes of standard coal equivalent")
    scope: int = Field(description="范围 Scope (1 direct, 2 purchased energy)")
    factors: list[FactorUsed]


class CalculationAnswer(BaseModel):
    """The answer of ``POST /api/v1/accounting/calculate``."""

    model_config = ConfigDict(extra="allow")

    total_tco2e: float
    scope1_tco2e: float
    scope2_tco2e: float
    energy_tce: float
    factor_set: str
    lines: list[LineAnswer]


class FuelRead(BaseModel):
    """A fuel (燃料品种) the calculator knows."""

    model_config = ConfigDict(extra="allow")

    code: str
    name_zh: str
    name_en: str
