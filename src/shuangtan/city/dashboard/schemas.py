"""Pydantic shapes of the dashboard API (驾驶舱 API). Public shapes carry no entity field."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CountyRead",
    "OfficialIndustryRead",
    "OverviewRead",
    "PublicIndustryRead",
]


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CellRead(_Read):
    """汇总单元 an aggregate of entities' verified accounts; values absent when suppressed."""

    key: str = Field(description="区县代码、行业代码(GB/T 4754)或主体类型 county/industry/kind")
    name_zh: str
    name_en: str
    entities: int | None = Field(description="主体数 number of entities (null if suppressed)")
    tco2e: Decimal | None = Field(description="核证排放量 verified emissions, tCO2e")
    energy_tce: Decimal | None = Field(description="综合能耗 energy, tce")
    suppressed: str | None = Field(
        description="保密 'confidential' when withheld by disclosure control (then no values, "
        "no number of entities, no reason); null when shown"
    )


class KpiRead(_Read):
    """关键指标 a value with the previous year's and 2020's."""

    value: Decimal | None
    previous: Decimal | None
    base_2020: Decimal | None
    change_pct: Decimal | None = Field(description="比上年变化 change on the previous year, %")
    change_since_2020_pct: Decimal | None = Field(description="比2020年变化 change since 2020, %")


class KpisRead(_Read):
    """关键指标卡 (from the city inventory)."""

    year: int
    energy_10k_tce: KpiRead = Field(description="能源消费量 energy, 10^4 tce")
    co2_10k_t: KpiRead = Field(description="能源活动二氧化碳排放 energy CO2, 10^4 t")
    intensity_tce_per_10k_cny: KpiRead = Field(
        description="能耗强度 energy per GDP (2015 prices), tce/10^4 CNY"
    )


class CountyRowRead(_Read):
    """一个区县 inventory figures and the accounts aggregate of a county."""

    code: str
    name_zh: str
    name_en: str
    energy_10k_tce: Decimal | None = Field(description="能源消费量 (inventory), 10^4 tce")
    co2_10k_t: Decimal | None = Field(description="能源活动CO2 (inventory), 10^4 t")
    accounts: CellRead | None
    detail: bool = Field(description="调用者能否查看明细 whether the caller sees its detail")


class TrendRead(_Read):
    """一年 one year of a trend."""

    year: int
    energy_10k_tce: Decimal | None
    co2_10k_t: Decimal | None
    accounts: CellRead | None
    months: list[int] = Field(
        description="该年核查账户所含月份 the months of the year the verified accounts' figures "
        "hold (1–12 for a full year; fewer for a part-year 部分年度, whose figures sum only these)"
    )
    same_period_previous: CellRead | None = Field(
        description="上年同期 a part-year only: the previous year's same months (null otherwise)"
    )
    change_pct: Decimal | None = Field(
        description="核查排放量比上年变化 change on the previous year, %, like with like: "
        "full year on full year, or a part-year on the previous year's same months (同期); "
        "null otherwise"
    )


class PathwayRead(_Read):
    """达峰路径 one scenario's projected CO2 with its peak (illustrative scenarios)."""

    key: str
    name_zh: str
    years: list[int]
    emissions_10k_t: list[float] = Field(description="二氧化碳排放 10^4 t")
    peak_year: int | None = Field(description="达峰年份; null: still rising at the horizon")
    peak_10k_t: float | None
    illustrative: bool = Field(description="演示用示例情景 illustrative, not official")
    base_year: int = Field(
        description="预测基准年 the projection's base year; ``years`` before it are observed "
        "(the inventory's energy CO2), from it on projected"
    )


class IndicatorLightRead(_Read):
    """指标信号灯 one plan indicator's status in the year."""

    id: str
    name_zh: str
    name_en: str
    unit: str
    value: float | None
    target_value: float | None
    target_year: int | None
    status: str = Field(description="on_track / at_risk / off_track / not_assessed")


class IndicatorLightsRead(_Read):
    """规划指标进展 live (officials), published (public) or unpublished (nothing to show)."""

    state: str
    lights: list[IndicatorLightRead]
    counts: dict[str, int]


class OverviewRead(_Read):
    """全市驾驶舱 the city overview of a year."""

    year: int
    kpis: KpisRead | None
    counties: list[CountyRowRead]
    groups: list[CellRead] = Field(description="行业汇总 industries (GB/T 4754) and kinds")
    total: CellRead | None
    trend: list[TrendRead]
    sectors_energy_tce: dict[str, Decimal] = Field(description="分部门能耗 energy by sector, tce")
    sectors_co2_t: dict[str, Decimal] = Field(description="分部门CO2 energy CO2 by sector, t")
    pathways: list[PathwayRead]
    indicators: IndicatorLightsRead
    months: list[int] = Field(
        description="该年核查账户所含月份 the months of the year the verified accounts' figures "
        "hold (1–12 for a full year; fewer for a part-year 部分年度, whose figures sum only these)"
    )


class CountyRead(_Read):
    """区县驾驶舱 one county of a year."""

    year: int
    code: str
    name_zh: str
    name_en: str
    detail: bool
    kpis: KpisRead | None
    groups: list[CellRead]
    total: CellRead | None
    trend: list[TrendRead]
    sectors_energy_tce: dict[str, Decimal]
    months: list[int] = Field(
        description="该年核查账户所含月份 the months of the year the verified accounts' figures "
        "hold (1–12 for a full year; fewer for a part-year 部分年度, whose figures sum only these)"
    )


class PublicIndustryRead(_Read):
    """区县×行业 one county × industry aggregate (public: never an entity)."""

    year: int
    county_code: str
    county_name_zh: str
    county_name_en: str
    cell: CellRead | None
    trend: list[CellRead | None]
    months: list[int] = Field(
        description="该年核查账户所含月份 the months of the year the verified accounts' figures "
        "hold (1–12 for a full year; fewer for a part-year 部分年度, whose figures sum only these)"
    )
    trend_months: list[list[int]] = Field(description="the months each year of trend holds")


class EntityYearRead(_Read):
    """排放主体 one entity's verified year (officials in scope only)."""

    entity_id: int
    name: str
    tco2e: Decimal
    energy_tce: Decimal
    months_verified: int


class OfficialIndustryRead(PublicIndustryRead):
    """区县×行业 with its entities (officials of that county or the city)."""

    entities: list[EntityYearRead] | None
