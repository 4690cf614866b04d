"""Request and response shapes of the synergy API (协同指数接口数据).

Stored decimals (inputs, scores, official weights) travel as strings, exact as stored; the
weights and entropies a run used, and the drill-down's normalised values, as numbers. Each
``…Read`` is built from the service's result with :meth:`of` or ``model_validate``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.city.synergy.definition import Definition, load_definition
from shuangtan.city.synergy.models import SynergyRun, SynergyScore
from shuangtan.city.synergy.views import CountyDetail, YearView
from shuangtan.kit.params import Id
from shuangtan.kit.schemas import QUANTITY_LIMIT, IsoTime

__all__ = [
    "ComputeIn",
    "CoordinationBandRead",
    "DimensionScoresRead",
    "InputIn",
    "SynergyCountyRead",
    "SynergyDefinitionRead",
    "SynergyDefinitionsRead",
    "SynergyDimensionRead",
    "SynergyIndicatorRead",
    "SynergyInputRead",
    "SynergyRunRead",
    "SynergyScoreDetailRead",
    "SynergyScoreIndicatorRead",
    "SynergyScoreRead",
    "SynergyYearRead",
    "WeightSetEntryRead",
    "WeightSetIn",
    "WeightSetRead",
]


Weight = Annotated[Decimal, Field(gt=-QUANTITY_LIMIT, lt=QUANTITY_LIMIT)]
"""One indicator's weight as sent (the service checks the set: one per indicator, sum 1)."""


class InputIn(BaseModel):
    """协同指数输入值 one indicator's value for a county-year, with its source."""

    model_config = ConfigDict(extra="forbid")

    value: Decimal = Field(
        gt=-QUANTITY_LIMIT, lt=QUANTITY_LIMIT, description="数值 the value, in the indicator's unit"
    )
    source_note: str = Field(min_length=1, max_length=500, description="数据来源 where it is from")
    version: str | None = Field(
        default=None, max_length=16, description="定义版本 (default: the newest)"
    )


class WeightSetIn(BaseModel):
    """官方权重 a named set of weights, one per indicator, summing to 1."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="方案名称")
    weights: dict[Annotated[str, Field(max_length=64)], Weight] = Field(
        max_length=200, description="权重 indicator id → weight"
    )
    note: str = Field(default="", max_length=500, description="说明 why these weights")
    version: str | None = Field(
        default=None, max_length=16, description="定义版本 (default: the newest)"
    )


class ComputeIn(BaseModel):
    """计算参数 which definition version and which weights (entropy unless a weight set)."""

    model_config = ConfigDict(extra="forbid")

    version: str | None = Field(default=None, max_length=16, description="定义版本")
    weight_set_id: Id | None = Field(default=None, description="官方权重方案 weight set id")


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class SynergyDefinitionsRead(BaseModel):
    """定义版本 the shipped definition versions, oldest first, and the default one."""

    versions: list[str]
    default: str = Field(description="默认版本 the newest version")


class SynergyDimensionRead(_Read):
    """维度 one of the four dimensions of the index."""

    id: str
    name_zh: str
    name_en: str


class SynergyIndicatorRead(_Read):
    """协同指数指标 one indicator: what is measured, in which unit, which way is better."""

    id: str
    name_zh: str
    name_en: str
    dimension: str = Field(description="维度 economy / pollutants / energy / carbon")
    unit: str
    positive: bool = Field(description="正向指标 larger is better")
    normalisation: str = Field(
        description="标准化 min_max (across the counties of the scored year) / bounds (fixed, "
        "published) / reference (against the reference year's range, widened by the margin)"
    )
    bounds: tuple[float, float] | None = Field(description="上下限 [lower, upper] of bounds")
    computed_from: str | None = Field(description="由清单计算 the inventory fields it uses")
    source: str = Field(description="来源 source")


class CoordinationBandRead(_Read):
    """协调等级 a class of the coupling coordination degree D: (lower, upper]."""

    lower: float
    upper: float
    name_zh: str
    name_en: str


class SynergyDefinitionRead(_Read):
    """协同指数定义 one version of the definition: indicators, subsystems, methods, sources."""

    version: str
    status: str
    title_zh: str
    title_en: str
    source: str
    scale: int = Field(description="满分 the index's scale (100)")
    dimensions: list[SynergyDimensionRead]
    indicators: list[SynergyIndicatorRead]
    pollution_reduction: list[str] = Field(description="减污子系统 U1 indicator ids")
    carbon_reduction: list[str] = Field(description="降碳子系统 U2 indicator ids")
    default_weighting: str = Field(description="默认赋权 entropy / official")
    alpha: float = Field(description="耦合权重 weight of U1 in T")
    beta: float = Field(description="耦合权重 weight of U2 in T")
    bands: list[CoordinationBandRead]
    method_sources: list[tuple[str, str]] = Field(description="方法来源 (method, source)")
    reference_year: int | None = Field(
        description="基准年 the year reference-normalised indicators (and, for weighting basis "
        "reference, the entropy weights) are anchored on"
    )
    reference_margin: float = Field(
        description="放宽系数 m: bounds = [min − m·s, max + m·s] of the reference year"
    )
    reference_floor: float = Field(
        description="极差下限 f: s = max(max − min, f·|mean|) of the reference year"
    )
    weighting_basis: str = Field(
        description="熵权依据 year (each scored year's data) / reference (the reference year's, "
        "held for every year)"
    )
    coupling_model: str = Field(
        description="耦合度模型 traditional C = 2√(U1·U2)/(U1+U2) / modified (王淑佳 et al. "
        "2021) C = √[(1 − |U1 − U2|)·min/max]"
    )
    anchored: bool = Field(
        description="可跨年比较 true when a county's scores depend on its own inputs and the "
        "reference year only, so they compare between years"
    )

    @classmethod
    def of(cls, definition: Definition) -> SynergyDefinitionRead:
        return cls.model_validate(definition)


class SynergyInputRead(_Read):
    """协同指数输入值 one indicator's value for a county-year, with its origin and source."""

    county_code: str
    year: int
    indicator_id: str
    value: Decimal = Field(description="数值 the value, in the indicator's unit")
    unit: str
    origin: str = Field(description="entered 填报 / computed 由清单计算")
    source_note: str = Field(description="数据来源 source")
    updated_by: str | None
    updated_at: IsoTime


class WeightSetRead(_Read):
    """官方权重 a named set of official weights for a definition version."""

    id: int
    definition_version: str
    name: str
    weights: dict[str, Decimal] = Field(description="权重 indicator id → weight")
    note: str


class WeightSetEntryRead(WeightSetRead):
    """官方权重 a weight set with who created it."""

    created_by: str | None


class SynergyRunRead(BaseModel):
    """协同指数计算 one computation of a year: version, weights used, who and when."""

    run_id: int
    year: int
    definition_version: str
    weighting: str = Field(description="赋权 entropy 熵权 / official 官方")
    anchored: bool = Field(
        description="可跨年比较 whether the run's definition version is anchored (its scores "
        "compare between years)"
    )
    weight_set_id: int | None
    weights: dict[str, float] = Field(description="所用权重 indicator id → weight used")
    entropy: dict[str, float] | None = Field(description="信息熵 e_j (entropy weighting)")
    unscored: dict[str, list[str]] = Field(description="未评分 county → missing indicator ids")
    computed_by: str | None
    computed_at: IsoTime

    @classmethod
    def of(cls, run: SynergyRun) -> SynergyRunRead:
        return cls(
            run_id=run.id,
            year=run.year,
            definition_version=run.definition_version,
            weighting=run.weighting,
            anchored=load_definition(run.definition_version).anchored,
            weight_set_id=run.weight_set_id,
            weights=run.weights,
            entropy=run.entropy,
            unscored=run.unscored,
            computed_by=run.computed_by,
            computed_at=run.computed_at,
        )


class DimensionScoresRead(BaseModel):
    """维度得分 the four dimensions' scores, 0–100."""

    economy: Decimal
    pollutants: Decimal
    energy: Decimal
    carbon: Decimal


class SynergyScoreRead(BaseModel):
    """协同指数得分 a county's index, dimensions and coupling coordination."""

    county_code: str
    rank: int
    index: Decimal = Field(description="协同指数 the index, 0–100")
    dimensions: DimensionScoresRead
    u1_pollution_reduction: Decimal = Field(description="减污子系统 U1, 0–1")
    u2_carbon_reduction: Decimal = Field(description="降碳子系统 U2, 0–1")
    coupling_c: Decimal = Field(description="耦合度 C")
    coordination_t: Decimal = Field(description="综合协调指数 T")
    coordination_d: Decimal = Field(description="耦合协调度 D = √(C·T)")
    band_zh: str = Field(description="协调等级 grade band")
    band_en: str

    @classmethod
    def of(cls, score: SynergyScore) -> SynergyScoreRead:
        return cls.model_validate(_score_fields(score))


class SynergyScoreIndicatorRead(BaseModel):
    """指标明细 one indicator of a county's score as it was when the run was made."""

    indicator_id: str
    dimension: str
    unit: str
    direction: str = Field(description="+ 越大越好 / - 越小越好")
    raw: Decimal = Field(description="原始值 the input")
    normalised: float = Field(description="标准化值 x′")
    bounds: tuple[float, float] | None = Field(
        default=None,
        description="标准化上下限 the fixed bounds x′ was computed against (published, or "
        "anchored on the reference year); null for min-max across the year's counties",
    )
    weight: float = Field(description="权重 weight")
    contribution: float = Field(description="贡献 contribution to the index")
    origin: str
    source_note: str


class SynergyScoreDetailRead(SynergyScoreRead):
    """协同指数明细 a county's score with each indicator's drill-down."""

    indicators: list[SynergyScoreIndicatorRead]

    @classmethod
    def of(cls, score: SynergyScore) -> SynergyScoreDetailRead:
        return cls.model_validate({**_score_fields(score), "indicators": score.detail})


def _score_fields(score: SynergyScore) -> dict[str, object]:
    return {
        "county_code": score.county_code,
        "rank": score.rank,
        "index": score.index_value,
        "dimensions": {
            "economy": score.economy,
            "pollutants": score.pollutants,
            "energy": score.energy,
            "carbon": score.carbon,
        },
        "u1_pollution_reduction": score.u1,
        "u2_carbon_reduction": score.u2,
        "coupling_c": score.coupling_c,
        "coordination_t": score.coordination_t,
        "coordination_d": score.coordination_d,
        "band_zh": score.band_zh,
        "band_en": score.band_en,
    }


class SynergyYearRead(BaseModel):
    """年度协同指数 the newest run of a year and the scores in the caller's scope, best first."""

    year: int
    run: SynergyRunRead | None
    scores: list[SynergyScoreRead]
    unscored: dict[str, list[str]] = Field(description="未评分 county → missing indicator ids")

    @classmethod
    def of(cls, view: YearView) -> SynergyYearRead:
        return cls(
            year=view.year,
            run=SynergyRunRead.of(view.run) if view.run else None,
            scores=[SynergyScoreRead.of(s) for s in view.scores],
            unscored=view.unscored,
        )


class SynergyCountyRead(BaseModel):
    """县区明细 a county-year's drill-down, or the inputs it lacks."""

    year: int
    county_code: str
    run: SynergyRunRead | None
    score: SynergyScoreDetailRead | None
    missing: list[str] = Field(description="缺少的输入 indicator ids without an input")

    @classmethod
    def of(cls, detail: CountyDetail, county_code: str) -> SynergyCountyRead:
        return cls(
            year=detail.year,
            county_code=county_code,
            run=SynergyRunRead.of(detail.run) if detail.run else None,
            score=SynergyScoreDetailRead.of(detail.score) if detail.score else None,
            missing=detail.missing,
        )
