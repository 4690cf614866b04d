"""Pydantic shapes of saved peak scenarios (达峰情景): what the API and the form accept."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["BaseValues", "PeriodRates", "ScenarioContent", "ScenarioIn", "ScenarioUpdate"]

ScopeKind = Literal["city", "county", "industry"]


class PeriodRates(BaseModel):
    """一个时期的年均增速 annual growth rates of the four factors in one period (fractions)."""

    model_config = ConfigDict(extra="forbid")

    first_year: int = Field(ge=1900, le=2200, description="起始年 first year")
    last_year: int = Field(ge=1900, le=2200, description="结束年 last year")
    population: float = Field(description="人口年均增速 population, −0.01 = −1 %/yr")
    gdp_per_capita: float = Field(description="人均GDP(行业:增加值)年均增速")
    energy_intensity: float = Field(description="能耗强度年均增速")
    carbon_intensity: float = Field(description="能源碳强度年均增速")


class BaseValues(BaseModel):
    """基准年因素 the base year's four Kaya factors.

    Units: population 10^4 persons, GDP per capita 10^4 CNY/person (constant prices), energy
    intensity tce/10^4 CNY, carbon intensity tCO2/tce. For an industry: population 1 and GDP
    per capita = value added in 10^8 CNY (C = VA × E/VA × C/E).
    """

    model_config = ConfigDict(extra="forbid")

    population: Decimal = Field(gt=0, max_digits=24, decimal_places=10, description="常住人口")
    gdp_per_capita: Decimal = Field(gt=0, max_digits=24, decimal_places=10, description="人均GDP")
    energy_intensity: Decimal = Field(
        gt=0, max_digits=24, decimal_places=10, description="能耗强度"
    )
    carbon_intensity: Decimal = Field(
        gt=0, max_digits=24, decimal_places=10, description="能源碳强度"
    )


class ScenarioContent(BaseModel):
    """情景内容 everything of a scenario an official edits (the scope is fixed at creation)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120, description="情景名称 name")
    base_year: int = Field(ge=2000, le=2059, description="基准年 base year")
    base: BaseValues
    base_source: str = Field(min_length=1, max_length=2000, description="基准数据来源")
    rates: list[PeriodRates] = Field(min_length=1, max_length=60, description="分时期增速")
    spread: dict[str, float] = Field(
        default_factory=dict, description="蒙特卡洛标准差 Monte Carlo sd of each factor's rate"
    )
    mc_seed: int = Field(default=2026, ge=0, le=2**31 - 1, description="随机种子 seed")
    note: str = Field(default="", max_length=4000, description="说明 note, assumptions")


class ScenarioIn(ScenarioContent):
    """新建情景 a new scenario with its scope."""

    scope_kind: ScopeKind = Field(description="范围 city / county / industry")
    scope_code: str | None = Field(
        default=None, max_length=12, description="县区代码或行业代码(全市可省略)"
    )


class ScenarioUpdate(ScenarioContent):
    """修改情景 a new version; ``version`` is the one the official edited."""

    version: int = Field(ge=1, description="所编辑的版本号 version edited")
