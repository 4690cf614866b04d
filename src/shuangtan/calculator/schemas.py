"""Shapes of the public calculation contract, for the OpenAPI document.

The core validates the document itself (so the CLI and the API refuse alike); these models
describe it for readers of ``/docs``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

EXAMPLE_DOCUMENT: dict[str, Any] = {
    "year": 2023,
    "region": "CN-ZJ",
    "factor_set": "cn-default",
    "gwp": "AR5",
    "lines": [
        {
            "id": "a",
            "activity": "fuel_combustion",
            "fuel": "natural_gas",
            "quantity": 120.5,
            "unit": "10^4 Nm3",
        },
        {"id": "b", "activity": "purchased_electricity", "quantity": 8000, "unit": "MWh"},
        {"id": "c", "activity": "purchased_heat", "quantity": 3000, "unit": "GJ"},
        {"id": "d", "activity": "process", "material": "limestone", "quantity": 1000, "unit": "t"},
        {"id": "e", "activity": "non_co2", "gas": "CH4", "quantity": 2, "unit": "t"},
    ],
}


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
