"""Pydantic shapes of the grading API (评价 API): what a compute run, a grade and a list answer."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.kit.schemas import UtcTime

if TYPE_CHECKING:
    from shuangtan.grading.models import CarbonGrade, IndustryBenchmark
    from shuangtan.grading.per_mu import DClassRow
    from shuangtan.grading.service import DisclosureRow, PublicGrade, YearRun

__all__ = [
    "BenchmarkRead",
    "DClassRead",
    "DisclosureRead",
    "GradeRead",
    "PublicGradeRead",
    "UngradedRead",
    "YearRunRead",
]

_READ = ConfigDict(from_attributes=True)


class BenchmarkRead(BaseModel):
    """行业基准 an industry's L for a year."""

    model_config = _READ

    industry_code: str = Field(description="行业 GB/T 4754-2017")
    year: int
    intensity_t_per_10k_cny: Decimal = Field(description="行业单位增加值碳排放 t/10^4 CNY")
    method: str = Field(description="published / computed")
    enterprises: int | None = Field(description="计算所用企业数 enterprises used")
    source: str = Field(description="来源 source of the benchmark")
    computed_at: UtcTime

    @classmethod
    def of(cls, benchmark: IndustryBenchmark) -> BenchmarkRead:
        """The answer for a stored benchmark."""
        return cls.model_validate(benchmark)


class GradeRead(BaseModel):
    """碳效码 a grade with its explanation."""

    model_config = _READ

    entity_id: int
    year: int
    grade: int = Field(description="碳效等级 1 (best) … 5")
    level: str = Field(description="碳效水平 low / medium / high")
    intensity_t_per_10k_cny: Decimal = Field(description="L, t/10^4 CNY")
    ratio_to_benchmark: Decimal = Field(description="碳效值 K")
    public_token: str = Field(description="公开页面令牌 token of the public page")
    benchmark_enterprises: int | None = Field(
        description="同行业企业数 enterprises whose accounts gave the industry's benchmark, this "
        "one included (docs/grading.md); null for a published benchmark"
    )
    explanation: dict[str, Any] = Field(
        description="评价说明 how the grade was reached: inputs, benchmark, ratio, thresholds"
    )
    computed_at: UtcTime

    @classmethod
    def of(cls, grade: CarbonGrade) -> GradeRead:
        """The answer for a stored grade, with the benchmark's peer count beside it."""
        stored = {name: getattr(grade, name) for name in cls.model_fields if hasattr(grade, name)}
        peers = grade.explanation.get("benchmark", {}).get("enterprises")
        return cls.model_validate({**stored, "benchmark_enterprises": peers})


class UngradedRead(BaseModel):
    """未评价 why an enterprise got no grade."""

    model_config = _READ

    entity_id: int
    code: str = Field(description="原因代码 stable reason code")
    message_zh: str
    message_en: str


class YearRunRead(BaseModel):
    """一年的评价结果 what a compute run stored."""

    model_config = _READ

    year: int
    benchmarks: list[BenchmarkRead]
    grades: int = Field(description="评价企业数 enterprises graded")
    ungraded: list[UngradedRead]
    per_mu_evaluated: int = Field(description="亩均评价企业数 enterprises evaluated per mu")
    per_mu_skipped: dict[int, str] = Field(description="未亩均评价 entity id → reason code")

    @classmethod
    def of(cls, year: int, run: YearRun) -> YearRunRead:
        """The answer for the grade run and the per-mu run of ``year``."""
        return cls(
            year=year,
            benchmarks=[BenchmarkRead.of(b) for b in run.grades.benchmarks],
            grades=len(run.grades.grades),
            ungraded=[UngradedRead.model_validate(u) for u in run.grades.ungraded],
            per_mu_evaluated=len(run.per_mu.evaluations),
            per_mu_skipped=run.per_mu.skipped,
        )


class DClassRead(BaseModel):
    """D类企业 a D-class enterprise of the per-mu evaluation."""

    model_config = _READ

    entity_id: int
    name: str
    uscc: str | None = Field(description="统一社会信用代码 unified social credit code")
    county_code: str
    county_name_zh: str
    industry_code: str | None
    score: Decimal = Field(description="亩均综合评分 per-mu score")
    value_added_per_mu: Decimal = Field(description="亩均增加值 value added per mu")
    tax_per_mu: Decimal = Field(description="亩均税收 tax per mu")
    energy_per_value_added: Decimal = Field(description="单位增加值能耗 tce per 10^4 CNY")
    carbon_per_value_added: Decimal = Field(description="单位增加值碳排放 t per 10^4 CNY")

    @classmethod
    def of(cls, row: DClassRow) -> DClassRead:
        """The answer for a D-class row."""
        return cls.model_validate(row)


class PublicGradeRead(BaseModel):
    """碳效码公示 the public face of a grade: no raw data."""

    model_config = _READ

    name: str
    uscc: str | None
    industry_code: str | None
    industry_name_zh: str
    county_name_zh: str
    year: int
    grade: int = Field(description="碳效等级 1 (best) … 5")
    level: str = Field(description="碳效水平 low / medium / high")
    meaning_zh: str
    meaning_en: str

    @classmethod
    def of(cls, grade: PublicGrade) -> PublicGradeRead:
        """The answer for a grade's public page."""
        return cls.model_validate(grade)


class DisclosureRead(BaseModel):
    """重点企业排放公示 a key enterprise's verified year."""

    model_config = _READ

    entity_id: int
    name: str
    uscc: str | None
    county_code: str
    county_name_zh: str
    industry_code: str | None
    industry_name_zh: str
    tco2e: Decimal = Field(description="经核查排放量 verified tCO2e")
    energy_tce: Decimal = Field(description="能源消费量 tce")

    @classmethod
    def of(cls, row: DisclosureRow) -> DisclosureRead:
        """The answer for a disclosure row."""
        return cls.model_validate(row)
