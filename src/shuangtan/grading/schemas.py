"""Pydantic shapes of the grading API (评价 API)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class BenchmarkRead(BaseModel):
    """行业基准 an industry's L for a year."""

    model_config = ConfigDict(from_attributes=True)

    industry_code: str = Field(description="行业 GB/T 4754-2017")
    year: int
    intensity_t_per_10k_cny: Decimal = Field(description="行业单位增加值碳排放 t/10^4 CNY")
    method: str = Field(description="published / computed")
    enterprises: int | None = Field(description="计算所用企业数 enterprises used")
    source: str
    computed_at: datetime


class GradeRead(BaseModel):
    """碳效码 a grade with its explanation."""

    model_config = ConfigDict(from_attributes=True)

    entity_id: int
    year: int
    grade: int = Field(description="碳效等级 1 (best) … 5")
    level: str = Field(description="碳效水平 low / medium / high")
    intensity_t_per_10k_cny: Decimal = Field(description="L, t/10^4 CNY")
    ratio_to_benchmark: Decimal = Field(description="碳效值 K")
    public_token: str = Field(description="公开页面令牌 token of the public page")
    explanation: dict[str, Any]
    computed_at: datetime


class UngradedRead(BaseModel):
    """未评价 why an enterprise got no grade."""

    model_config = ConfigDict(from_attributes=True)

    entity_id: int
    code: str
    message_zh: str
    message_en: str


class YearRunRead(BaseModel):
    """一年的评价结果 what a compute run stored."""

    year: int
    benchmarks: list[BenchmarkRead]
    grades: int = Field(description="评价企业数 enterprises graded")
    ungraded: list[UngradedRead]
    per_mu_evaluated: int
    per_mu_skipped: dict[int, str]


class DClassRead(BaseModel):
    """D类企业 a D-class enterprise of the per-mu evaluation."""

    model_config = ConfigDict(from_attributes=True)

    entity_id: int
    name: str
    uscc: str | None
    county_code: str
    county_name_zh: str
    industry_code: str | None
    score: Decimal
    value_added_per_mu: Decimal
    tax_per_mu: Decimal
    energy_per_value_added: Decimal
    carbon_per_value_added: Decimal


class PublicGradeRead(BaseModel):
    """碳效码公示 the public face of a grade: no raw data."""

    model_config = ConfigDict(from_attributes=True)

    name: str
    uscc: str | None
    industry_code: str | None
    industry_name_zh: str
    county_name_zh: str
    year: int
    grade: int
    level: str
    meaning_zh: str
    meaning_en: str


class DisclosureRead(BaseModel):
    """重点企业排放公示 a key enterprise's verified year."""

    model_config = ConfigDict(from_attributes=True)

    entity_id: int
    name: str
    uscc: str | None
    county_code: str
    county_name_zh: str
    industry_code: str | None
    industry_name_zh: str
    tco2e: Decimal = Field(description="经核查排放量 verified tCO2e")
    energy_tce: Decimal = Field(description="能源消费量 tce")
