"""Shapes of the public calculation contract (核算接口数据结构), for the OpenAPI document.

The core validates the request document itself (so the CLI and the API refuse alike); the
answers (``…Read``) describe what it returns. Every figure is a float, unrounded, as the core
computes it. Each shape also keeps any further key the core adds (``additionalProperties``),
so the answer is always the core's whole answer.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.accounting import CONTRACT_EXAMPLE as EXAMPLE_DOCUMENT

__all__ = [
    "EXAMPLE_DOCUMENT",
    "CalculationNoteRead",
    "CalculationRead",
    "FactorUsedRead",
    "FuelRead",
    "LineResultRead",
]

_OPEN = ConfigDict(extra="allow")


class FactorUsedRead(BaseModel):
    """排放因子 one factor or parameter that made a line, with its source."""

    model_config = _OPEN

    id: str = Field(description="因子编号 factor id, e.g. grid.mee-nbs.CN-ZJ.2023")
    value: float = Field(description="数值 value")
    unit: str = Field(description="单位 unit")
    source: str = Field(description="来源 Source document, edition and table")
    document: str = Field(description="文件 source document")
    edition: str = Field(description="版本 edition")
    table: str = Field(description="表 table")
    status: str = Field(description="状态 confirmed / assumption / measured")
    note: str = Field(description="说明 note")


class CalculationNoteRead(BaseModel):
    """说明 a remark on a result, in Chinese and English."""

    model_config = _OPEN

    zh: str
    en: str


class LineResultRead(BaseModel):
    """核算结果行 the result of one activity line (活动数据行)."""

    model_config = _OPEN

    id: str = Field(description="行编号 the line's id from the request")
    activity: str = Field(description="活动类型 activity")
    tco2e: float = Field(description="排放量 Emissions, tCO2e")
    tce: float = Field(description="能耗 Energy, tonnes of standard coal equivalent")
    scope: int = Field(description="范围 Scope (1 direct, 2 purchased energy)")
    gas: str = Field(description="温室气体 greenhouse gas")
    category: str = Field(description="排放类别 emission category")
    category_zh: str = Field(description="排放类别(中文)")
    method: str = Field(description="方法 the formula and its standard")
    quantity: float = Field(description="数量 quantity, in ``unit``")
    unit: str = Field(description="单位 unit")
    factors: list[FactorUsedRead] = Field(description="所用因子 every factor applied")
    overridden: list[str] = Field(description="实测替代 defaults replaced by measured values")
    notes: list[CalculationNoteRead]
    fuel: str | None = Field(default=None, description="燃料 fuel code (fuel lines only)")
    material: str | None = Field(default=None, description="原料 material (process lines only)")
    tco2e_market: float | None = Field(
        default=None, description="基于市场法排放 market-based tCO2e (electricity lines only)"
    )


class CalculationRead(BaseModel):
    """核算结果 the answer of ``POST /api/v1/accounting/calculate``."""

    model_config = _OPEN

    total_tco2e: float = Field(description="排放总量 total tCO2e (scope 2 location-based)")
    scope1_tco2e: float = Field(description="范围一 scope 1 tCO2e")
    scope2_tco2e: float = Field(description="范围二 scope 2 tCO2e, location-based")
    scope2_market_tco2e: float | None = Field(description="范围二(市场法) market-based tCO2e")
    energy_tce: float = Field(description="综合能耗 energy, tce")
    by_gas_tco2e: dict[str, float] = Field(description="分气体 tCO2e by gas")
    factor_set: str = Field(description="因子集 factor set")
    factor_set_version: str = Field(description="因子集版本 factor set version")
    gwp: str = Field(description="全球增温潜势 GWP basis (AR5 …)")
    year: int
    region: str = Field(description="地区 region code")
    electricity_tce_basis: str = Field(description="电力折标 equivalent (当量值) / equal (等价值)")
    notes: list[CalculationNoteRead]
    lines: list[LineResultRead]

    @classmethod
    def of(cls, answer: dict[str, Any]) -> CalculationRead:
        """The typed answer of the core's JSON answer (every key kept)."""
        return cls.model_validate(answer)


class FuelRead(BaseModel):
    """燃料品种 a fuel the calculator knows, with its default parameters."""

    model_config = _OPEN

    code: str = Field(description="燃料代码 fuel code")
    name_zh: str
    name_en: str
    form: str = Field(description="形态 solid / liquid / gas")
    default_unit: str = Field(description="默认单位 default unit")
    ncv: FactorUsedRead | None = Field(description="低位发热量 default NCV")
    carbon_content: FactorUsedRead | None = Field(description="单位热值含碳量 tC/TJ")
    oxidation_rate: FactorUsedRead | None = Field(description="碳氧化率 oxidation rate")
    standard_coal: FactorUsedRead | None = Field(description="折标准煤系数 standard coal factor")
    requires_measured: list[str] = Field(description="须实测的参数 parameters to be measured")

    @classmethod
    def of(cls, fuel: dict[str, Any]) -> FuelRead:
        """The typed answer of the core's fuel entry."""
        return cls.model_validate(fuel)
