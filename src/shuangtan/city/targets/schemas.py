"""Shapes of the targets API (规划目标接口数据): what officials send, what a client reads back.

Stored decimals (typed values, quotas, county targets) travel as strings, exact as stored;
computed progress (values, paths, shares) as numbers. Each ``…Read`` is built from the
service's result with :meth:`of` or ``model_validate``.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.city.targets.counties import CountyProgress
from shuangtan.city.targets.indicator_progress import IndicatorProgress, YearProgress
from shuangtan.city.targets.models import TargetPublication
from shuangtan.city.targets.progress import Assessment
from shuangtan.kit.params import Id
from shuangtan.kit.schemas import QUANTITY_LIMIT, IsoTime, numeric_limit

__all__ = [
    "CountiesProgressRead",
    "CountyProgressRead",
    "CountyTargetIn",
    "CountyTargetRead",
    "EvaluationNoteRead",
    "IndicatorAssessmentRead",
    "IndicatorProgressRead",
    "IndicatorSettingIn",
    "IndicatorSettingRead",
    "IndicatorValueRead",
    "NoteIn",
    "PublicCountyRead",
    "PublicIndicatorRead",
    "PublicProgressRead",
    "PublicationIn",
    "TargetAttachmentRead",
    "TargetPublicationRead",
    "ValueIn",
    "YearProgressRead",
]


class ValueIn(BaseModel):
    """指标年度值 a typed indicator's value for a year, with its source."""

    value: Decimal = Field(
        gt=-QUANTITY_LIMIT, lt=QUANTITY_LIMIT, description="填报值 value, in the indicator's unit"
    )
    source_note: str = Field(min_length=1, max_length=2000, description="数据来源 source")
    attachment_id: Id | None = Field(default=None, description="附件 attachment id")


class IndicatorSettingIn(BaseModel):
    """指标设定 what the plan left blank: the provincial quota, the responsible department."""

    source_note: str = Field(min_length=1, max_length=2000, description="依据 source")
    target_value: Decimal | None = Field(
        default=None, gt=-QUANTITY_LIMIT, lt=QUANTITY_LIMIT, description="目标值 target value"
    )
    reduction_pct: Decimal | None = Field(
        default=None,
        gt=-numeric_limit(10, 4),
        lt=numeric_limit(10, 4),
        description="降低率 % reduction from the baseline (down indicators)",
    )
    target_year: int | None = Field(default=None, ge=2000, le=2100, description="目标年份")
    responsible_department: str | None = Field(
        default=None, max_length=200, description="责任部门 responsible department"
    )


class CountyTargetIn(BaseModel):
    """区县目标 a county's target for a period (reduction % or a cap in 10^4 tce / t CO2)."""

    target_value: Decimal = Field(
        gt=-QUANTITY_LIMIT, lt=QUANTITY_LIMIT, description="目标值 target value"
    )
    base_year: int = Field(default=2020, ge=2000, le=2100, description="基期年份 base year")
    source_note: str = Field(min_length=1, max_length=2000, description="依据 source")


class PublicationIn(BaseModel):
    """公开 publish (true) or withdraw (false) a year's progress."""

    published: bool = True


class NoteIn(BaseModel):
    """评估报告补充 officials' text added to a report."""

    problems: str = Field(default="", max_length=8000, description="存在问题 problems")
    next_steps: str = Field(default="", max_length=8000, description="下一步工作 next steps")


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class IndicatorAssessmentRead(BaseModel):
    """年度评估 an indicator's progress in one year: value, path, status, forecast."""

    year: int
    actual: float | None = Field(description="实际值 the year's value")
    expected: float | None = Field(description="路径值 the path's value of the year")
    share_pct: float | None = Field(description="完成进度 achieved share of the progress, %")
    status: str = Field(description="进度状态 on_track / at_risk / off_track / not_assessed")
    rule: str = Field(description="评估规则 path / allowance / target_only / none")
    forecast: float | None = Field(description="预测值 the target year's forecast")
    forecast_meets_target: bool | None
    reason: str | None = Field(description="无法评估的原因 why not assessed")

    @classmethod
    def of(cls, a: Assessment) -> IndicatorAssessmentRead:
        return cls(
            year=a.year,
            actual=a.actual,
            expected=a.expected,
            share_pct=a.share_pct,
            status=a.status.value,
            rule=a.rule,
            forecast=a.forecast,
            forecast_meets_target=a.forecast_meets_target,
            reason=a.reason,
        )


class IndicatorProgressRead(BaseModel):
    """指标进展 one plan indicator in a year: baseline, target, series and assessment."""

    id: str
    section: str = Field(description="规划条目 the plan's section")
    area: str = Field(description="领域 the plan's area key")
    name_zh: str
    name_en: str
    unit: str
    direction: str = Field(description="up 越高越好 / down 越低越好")
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    target_origin: str = Field(description="plan 规划 / set 设定(省下达) / none 未定")
    responsible_department: str | None = Field(description="责任部门 responsible department")
    computed: bool = Field(description="自动计算 computed from the inventory")
    series: dict[str, float] = Field(description="历年值 value by year")
    source_note: str | None = Field(description="数据来源 source of the year's value")
    attachment_id: int | None
    assessment: IndicatorAssessmentRead

    @classmethod
    def of(cls, r: IndicatorProgress) -> IndicatorProgressRead:
        return cls(
            id=r.id,
            section=r.section,
            area=r.area_key,
            name_zh=r.name_zh,
            name_en=r.name_en,
            unit=r.unit,
            direction=r.direction,
            baseline_year=r.baseline_year,
            baseline_value=r.baseline_value,
            target_year=r.target_year,
            target_value=r.target_value,
            target_origin=r.target_origin,
            responsible_department=r.department or None,
            computed=r.computed,
            series={str(y): v for y, v in r.series.items()},
            source_note=r.source_note,
            attachment_id=r.attachment_id,
            assessment=IndicatorAssessmentRead.of(r.assessment),
        )


class YearProgressRead(BaseModel):
    """年度进展 every plan indicator's progress in a year, with the counts by status."""

    year: int
    counts: dict[str, int] = Field(description="各状态指标数 indicators by status")
    indicators: list[IndicatorProgressRead]

    @classmethod
    def of(cls, year: int, data: YearProgress) -> YearProgressRead:
        return cls(
            year=year,
            counts=data.counts,
            indicators=[IndicatorProgressRead.of(r) for r in data.indicators],
        )


class CountyProgressRead(BaseModel):
    """区县目标进展 one county target tracked over the years, with its assessment."""

    county_code: str
    county_zh: str
    kind: str = Field(description="目标类型 e.g. energy_intensity_reduction, carbon_total_cap")
    unit: str
    base_year: int
    target_year: int
    target_value: float = Field(description="目标值 a reduction % or a cap")
    source_note: str
    series: dict[str, float] = Field(description="历年值 reductions in %, totals in the unit")
    assessment: IndicatorAssessmentRead

    @classmethod
    def of(cls, c: CountyProgress) -> CountyProgressRead:
        return cls(
            county_code=c.county_code,
            county_zh=c.county_zh,
            kind=c.kind,
            unit=c.unit,
            base_year=c.base_year,
            target_year=c.target_year,
            target_value=c.target_value,
            source_note=c.source_note,
            series={str(y): v for y, v in c.series.items()},
            assessment=IndicatorAssessmentRead.of(c.assessment),
        )


class CountiesProgressRead(BaseModel):
    """区县目标进展 the county dual-control targets of a year."""

    year: int
    targets: list[CountyProgressRead]

    @classmethod
    def of(cls, year: int, rows: list[CountyProgress]) -> CountiesProgressRead:
        return cls(year=year, targets=[CountyProgressRead.of(r) for r in rows])


class IndicatorValueRead(_Read):
    """指标年度值 a typed indicator's value as stored, with its source."""

    indicator_id: str
    year: int
    value: Decimal = Field(description="填报值 value, in the indicator's unit")
    source_note: str = Field(description="数据来源 source")
    attachment_id: int | None = Field(description="附件 attachment id")


class TargetAttachmentRead(_Read):
    """附件 a stored source document (its bytes are downloaded separately)."""

    id: int
    filename: str
    media_type: str
    size_bytes: int
    sha256: str = Field(description="SHA-256 of the bytes, hex")


class IndicatorSettingRead(_Read):
    """指标设定 the target and department set where the plan left a blank."""

    indicator_id: str
    target_year: int | None
    target_value: Decimal | None = Field(description="目标值 target value")
    reduction_pct: Decimal | None = Field(description="降低率 % reduction from the baseline")
    responsible_department: str | None = Field(description="责任部门 responsible department")
    source_note: str = Field(description="依据 source")


class CountyTargetRead(_Read):
    """区县目标 a county's target for a period, as set."""

    county_code: str
    kind: str
    base_year: int = Field(description="基期年份 base year")
    target_year: int
    target_value: Decimal = Field(description="目标值 a reduction % or a cap")
    source_note: str = Field(description="依据 source")


class TargetPublicationRead(_Read):
    """公开状态 whether a year's progress is published."""

    year: int
    published: bool


class EvaluationNoteRead(_Read):
    """评估报告补充 the officials' text of a report."""

    year: int
    kind: str = Field(description="annual 年度 / midterm 中期 / final 终期")
    problems: str = Field(description="存在问题 problems")
    next_steps: str = Field(description="下一步工作 next steps")


class PublicIndicatorRead(BaseModel):
    """公开的指标进展 an indicator as published (numbers rounded to 6 places, no sources)."""

    id: str
    area_key: str
    area_zh: str
    name_zh: str
    name_en: str
    unit: str
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    value: float | None = Field(description="实际值 the year's value")
    expected: float | None = Field(description="路径值 the path's value of the year")
    share_pct: float | None
    forecast: float | None
    status: str = Field(description="进度状态 on_track / at_risk / off_track / not_assessed")
    series: dict[str, float | None] = Field(description="历年值 value by year")


class PublicCountyRead(BaseModel):
    """公开的区县目标 a county target as published."""

    county_code: str
    county_zh: str
    kind: str
    unit: str
    target_year: int
    target_value: float | None
    value: float | None
    expected: float | None
    status: str


class PublicProgressRead(BaseModel):
    """公开的规划进展 a year's progress exactly as the officials published it."""

    year: int
    published_at: IsoTime = Field(description="公开时间 when it was published")
    indicators: list[PublicIndicatorRead]
    counties: list[PublicCountyRead] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict, description="各状态指标数")

    @classmethod
    def of(cls, row: TargetPublication) -> PublicProgressRead:
        snapshot = {"year": row.year, "published_at": row.published_at, **row.snapshot}
        return cls.model_validate(snapshot)
