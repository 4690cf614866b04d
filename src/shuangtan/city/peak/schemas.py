"""Pydantic shapes of saved peak scenarios (达峰情景): what the API and the form accept, and
what a client reads back (scenarios, versions, results, comparisons, bases, Jiashan, LMDI).

Stored decimals (the base factors) travel as strings, exact as stored; projections and
probabilities as numbers. Each ``…Read`` is built from the service's result with :meth:`of`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.city.peak.bases import SuggestedBase
from shuangtan.city.peak.city_lmdi import CityDecomposition
from shuangtan.city.peak.models import PeakScenario, PeakScenarioVersion
from shuangtan.city.peak.results import JiashanTracking, ScenarioResult, summary_rows
from shuangtan.kit.params import MAX_ID
from shuangtan.kit.schemas import IsoTime

__all__ = [
    "BaseValues",
    "BaseValuesRead",
    "CityLmdiPeriodRead",
    "DecompositionRead",
    "JiashanRead",
    "JiashanScenarioRead",
    "ObservedYearRead",
    "PeriodRates",
    "ScenarioContent",
    "ScenarioContentRead",
    "ScenarioIn",
    "ScenarioRead",
    "ScenarioResultRead",
    "ScenarioSummaryRead",
    "ScenarioUpdate",
    "ScenarioVersionRead",
    "SuggestedBaseRead",
]

ScopeKind = Literal["city", "county", "industry"]

MAX_RATE = 1.0
"""The largest annual growth rate a period takes (+100 %/yr): over 2000–2060 the product of the
four factors then stays far inside a float (2^240 × the largest stored bases < 10^130)."""


Rate = Annotated[float, Field(le=MAX_RATE, allow_inf_nan=False)]
"""An annual growth rate as a fraction, at most +100 %/yr, so that every projection stays a
finite number (the engine refuses −100 %/yr and below with its own message)."""


Spread = dict[Annotated[str, Field(max_length=32)], Annotated[float, Field(allow_inf_nan=False)]]
"""The Monte Carlo standard deviation of each factor's rate (the service checks the range)."""


class PeriodRates(BaseModel):
    """一个时期的年均增速 annual growth rates of the four factors in one period (fractions)."""

    model_config = ConfigDict(extra="forbid")

    first_year: int = Field(ge=1900, le=2200, description="起始年 first year")
    last_year: int = Field(ge=1900, le=2200, description="结束年 last year")
    population: Rate = Field(description="人口年均增速 population, −0.01 = −1 %/yr")
    gdp_per_capita: Rate = Field(description="人均GDP(行业:增加值)年均增速")
    energy_intensity: Rate = Field(description="能耗强度年均增速")
    carbon_intensity: Rate = Field(description="能源碳强度年均增速")


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
    spread: Spread = Field(
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

    version: int = Field(ge=1, le=MAX_ID, description="所编辑的版本号 version edited")


class BaseValuesRead(BaseModel):
    """基准年因素 the base year's four Kaya factors as stored (units as in :class:`BaseValues`)."""

    population: Decimal = Field(description="常住人口 10^4 persons (industry: 1)")
    gdp_per_capita: Decimal = Field(description="人均GDP 10^4 CNY/person (industry: VA 10^8 CNY)")
    energy_intensity: Decimal = Field(description="能耗强度 tce/10^4 CNY")
    carbon_intensity: Decimal = Field(description="能源碳强度 tCO2/tce")


class ScenarioContentRead(BaseModel):
    """情景内容 a scenario as saved in a version: scope, base, rates, Monte Carlo settings."""

    key: str | None = Field(
        description="内置情景 baseline / policy / enhanced (null: an official's)"
    )
    name: str
    owner_name: str = Field(description="所有者 who made it")
    scope_kind: str = Field(description="范围 city / county / industry")
    scope_code: str = Field(description="范围代码 city, county or industry code")
    base_year: int
    base: BaseValuesRead
    base_source: str = Field(description="基准数据来源 source of the base")
    rates: list[PeriodRates] = Field(description="分时期增速 rates by period")
    spread: dict[str, float] = Field(description="蒙特卡洛标准差 Monte Carlo sd of each rate")
    mc_seed: int = Field(description="随机种子 seed")
    note: str
    version: int = Field(description="版本号 version")


class ScenarioRead(ScenarioContentRead):
    """达峰情景 a saved scenario (its current version)."""

    id: int
    owner_user_id: int | None
    created_at: IsoTime
    updated_at: IsoTime

    @classmethod
    def of(cls, row: PeakScenario) -> ScenarioRead:
        return cls(
            id=row.id,
            key=row.key,
            name=row.name,
            owner_name=row.owner_name,
            scope_kind=row.scope_kind,
            scope_code=row.scope_code,
            base_year=row.base_year,
            base=BaseValuesRead(
                population=row.base_population,
                gdp_per_capita=row.base_gdp_per_capita,
                energy_intensity=row.base_energy_intensity,
                carbon_intensity=row.base_carbon_intensity,
            ),
            base_source=row.base_source,
            rates=[PeriodRates.model_validate(p) for p in row.rates],
            spread=dict(row.spread),
            mc_seed=row.mc_seed,
            note=row.note,
            version=row.version,
            owner_user_id=row.owner_user_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


class ScenarioVersionRead(BaseModel):
    """情景历史版本 one saved version of a scenario, with its full content."""

    version: int
    saved_at: IsoTime
    saved_by_user_id: int | None
    content: ScenarioContentRead

    @classmethod
    def of(cls, row: PeakScenarioVersion) -> ScenarioVersionRead:
        return cls(
            version=row.version,
            saved_at=row.saved_at,
            saved_by_user_id=row.saved_by_user_id,
            content=ScenarioContentRead.model_validate(row.content),
        )


class ScenarioSummaryRead(BaseModel):
    """情景比较行 a scenario's peak year and value, milestones and probabilities of peaking."""

    scenario_id: int
    name: str
    version: int
    scope_kind: str
    scope_code: str
    base_year: int
    base_value_10k_tco2: float = Field(description="基准年排放 base year's CO2, 10^4 t")
    peak_year: int | None = Field(
        description="达峰年份 peak year; null: still rising at the horizon (未在预测期内达峰)"
    )
    peak_value_10k_tco2: float | None = Field(
        description="峰值 peak CO2, 10^4 t; null when not peaked by the horizon"
    )
    value_2030_10k_tco2: float | None
    value_2035_10k_tco2: float | None
    value_2060_10k_tco2: float | None
    p_peak_by_2025: float | None = Field(description="2025年前达峰概率 P(peak ≤ 2025)")
    p_peak_by_2030: float | None
    p_peak_by_2035: float | None

    @classmethod
    def of(cls, result: ScenarioResult) -> ScenarioSummaryRead:
        return cls.model_validate(_summary(result))


def _summary(result: ScenarioResult) -> dict[str, Any]:
    """The comparison row of the exports (one definition for the CSV, Excel and the API)."""
    return summary_rows([result])[0]


class ScenarioResultRead(BaseModel):
    """情景预测 a scenario with its projection to 2060 and the Monte Carlo distribution."""

    scenario: ScenarioRead
    summary: ScenarioSummaryRead
    years: list[int]
    emissions_10k_tco2: list[float] = Field(description="二氧化碳排放 CO2 by year, 10^4 t")
    energy_10k_tce: list[float] = Field(description="能源消费 energy by year, 10^4 tce")
    probability_peaked_by: dict[str, float] = Field(description="P(peak year ≤ year) by year")
    peak_year_percentiles: dict[str, int | None] = Field(
        description="达峰年份分位数 p5 / p50 / p95; null where the percentile falls among draws "
        "not peaked by the horizon"
    )
    not_peaked: float = Field(description="未在预测期内达峰的概率 P(still rising at the horizon)")

    @classmethod
    def of(cls, result: ScenarioResult) -> ScenarioResultRead:
        p, d = result.projection, result.distribution
        return cls(
            scenario=ScenarioRead.of(result.scenario),
            summary=ScenarioSummaryRead.of(result),
            years=list(p.years),
            emissions_10k_tco2=list(p.emissions),
            energy_10k_tce=list(p.energy),
            probability_peaked_by={str(y): v for y, v in d.cumulative.items()},
            peak_year_percentiles={f"p{q}": v for q, v in d.peak_year_percentiles.items()},
            not_peaked=d.not_peaked,
        )


class SuggestedBaseRead(BaseModel):
    """建议基准 the four base factors derived from the stored data, with their source."""

    scope_kind: str
    scope_code: str
    year: int
    population: Decimal
    gdp_per_capita: Decimal
    energy_intensity: Decimal
    carbon_intensity: Decimal
    source: str = Field(description="来源 the inventory totals or verified accounts used")
    emissions_10k_tco2: float = Field(description="基准年排放 C = P × G/P × E/G × C/E, 10^4 t")

    @classmethod
    def of(cls, base: SuggestedBase) -> SuggestedBaseRead:
        return cls(
            scope_kind=base.scope_kind,
            scope_code=base.scope_code,
            year=base.year,
            population=base.population,
            gdp_per_capita=base.gdp_per_capita,
            energy_intensity=base.energy_intensity,
            carbon_intensity=base.carbon_intensity,
            source=base.source,
            emissions_10k_tco2=base.emissions_10k_t,
        )


class ObservedYearRead(BaseModel):
    """观测值 one year's observed energy CO2."""

    year: int
    energy_co2_10k_t: float = Field(description="能源活动CO2 10^4 t")


class JiashanScenarioRead(ScenarioSummaryRead):
    """嘉善情景 a scenario's summary and its verdict on the target year."""

    peaked_by_target: bool = Field(description="目标年前达峰 the path peaks by the target year")
    probability_peaked_by_target: float = Field(description="P(peak ≤ target year)")


class JiashanRead(BaseModel):
    """嘉善率先达峰跟踪 Jiashan's observed and projected path against its 2025 peak."""

    county_code: str
    target_year: int
    observed: list[ObservedYearRead]
    observed_peak_year: int | None
    observed_verdict: str = Field(description="peaked 已达峰 / not_yet 尚未 / no_data 无数据")
    scenarios: list[JiashanScenarioRead]

    @classmethod
    def of(cls, tracking: JiashanTracking) -> JiashanRead:
        target = tracking.target_year
        return cls(
            county_code=tracking.county_code,
            target_year=target,
            observed=[ObservedYearRead(year=y, energy_co2_10k_t=v) for y, v in tracking.observed],
            observed_peak_year=tracking.observed_peak_year,
            observed_verdict=tracking.observed_verdict,
            scenarios=[
                JiashanScenarioRead.model_validate(
                    {
                        **_summary(r),
                        "peaked_by_target": (
                            r.projection.peak_year is not None and r.projection.peak_year <= target
                        ),
                        "probability_peaked_by_target": r.distribution.probability_peaked_by(
                            target
                        ),
                    }
                )
                for r in tracking.results
            ],
        )


class CityLmdiPeriodRead(BaseModel):
    """分解时期 LMDI-I of two consecutive years: effects and sectors, t CO2."""

    model_config = ConfigDict(populate_by_name=True)

    from_year: int = Field(alias="from", description="起始年 first year")
    to: int = Field(description="结束年 second year")
    total_change: float = Field(description="总变化 change of energy CO2, t")
    effects: dict[str, float] = Field(description="各因素效应 additive effects, t")
    multiplicative: dict[str, float] = Field(description="乘法分解 (production sectors)")
    by_sector: dict[str, float] = Field(description="分部门 change by sector, t")


class DecompositionRead(BaseModel):
    """LMDI分解 yearly LMDI-I of the city's (or a county's) energy CO2."""

    unit: str = Field(description="单位 tCO2")
    years: list[int] = Field(description="可用年份 the usable years")
    skipped: dict[str, str] = Field(description="跳过的年份及原因 years left out and why")
    periods: list[CityLmdiPeriodRead]

    @classmethod
    def of(cls, result: CityDecomposition) -> DecompositionRead:
        return cls(
            unit="tCO2",
            years=list(result.years),
            skipped={str(y): reason for y, reason in result.skipped.items()},
            periods=[CityLmdiPeriodRead.model_validate(p) for p in result.periods],
        )
