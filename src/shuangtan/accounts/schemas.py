"""Pydantic shapes of carbon accounts (碳账户数据结构): what is entered, what is read back.

The answers (``…Read``) keep the form the accounts API has always had: stored quantities as
strings in plain notation (:data:`PlainDecimal`), stored times in UTC with a ``Z``
(:data:`UtcTime`), every column of the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.accounts.models import EntityKind
from shuangtan.accounts.workflow import allowed_actions
from shuangtan.kit.params import MAX_ID, Id
from shuangtan.kit.schemas import (
    QUANTITY_LIMIT,
    TONNES_LIMIT,
    Page,
    PlainDecimal,
    UtcTime,
    numeric_limit,
)

if TYPE_CHECKING:
    from shuangtan.accounts.assignment import VerifierRecord
    from shuangtan.accounts.deadlines import OverdueCounty
    from shuangtan.accounts.models import ActivityReport, AnomalyFlag, Entity, VerifierAssignment
    from shuangtan.accounts.recheck import Candidate
    from shuangtan.accounts.service import QueueItem, VerifierQueue

__all__ = [
    "ActivityImportRead",
    "AnomalyRerunRead",
    "AssignmentIn",
    "AssignmentRead",
    "DrawIn",
    "EntityCreate",
    "EntityRead",
    "FlagRead",
    "LineFactorRead",
    "OverdueCountyRead",
    "OverdueReportRead",
    "PlainDecimal",
    "QueuedReportRead",
    "RecheckCandidateRead",
    "RecomputeRead",
    "ReportDetailRead",
    "ReportIn",
    "ReportLineIn",
    "ReportLineRead",
    "ReportRead",
    "TransitionIn",
    "UtcTime",
    "VerifierQueueRead",
    "VerifierRecordRead",
]


class EntityCreate(BaseModel):
    """排放主体登记 registration of an emitting entity."""

    kind: EntityKind = Field(description="主体类型 kind of entity")
    name: str = Field(min_length=2, max_length=200, description="名称 name")
    uscc: str | None = Field(
        default=None,
        max_length=18,
        description="统一社会信用代码 unified social credit code (GB 32100-2015)",
    )
    county_code: str = Field(
        max_length=12, description="所在县(市、区) county-level division code (GB/T 2260)"
    )
    industry_code: str | None = Field(
        default=None, max_length=8, description="行业 GB/T 4754-2017 code"
    )
    address: str | None = Field(default=None, max_length=300, description="地址 address")
    land_area_mu: Decimal | None = Field(
        default=None, ge=0, lt=numeric_limit(14, 3), description="用地面积 land area, mu"
    )
    floor_area_m2: Decimal | None = Field(
        default=None, ge=0, lt=numeric_limit(14, 2), description="建筑面积 floor area"
    )
    sown_area_mu: Decimal | None = Field(
        default=None, ge=0, lt=numeric_limit(14, 2), description="播种面积 sown area"
    )
    livestock_head: int | None = Field(
        default=None, ge=0, le=MAX_ID, description="存栏 livestock, head"
    )


class ReportLineIn(BaseModel):
    """活动数据行 one activity line, as the accounting core's contract names it."""

    model_config = ConfigDict(extra="forbid")

    activity: str = Field(
        max_length=32,
        description="fuel_combustion / purchased_electricity / purchased_heat / process / non_co2",
    )
    item: str | None = Field(
        default=None, max_length=32, description="燃料/原料/气体 fuel, material or gas code"
    )
    quantity: Decimal = Field(ge=0, lt=QUANTITY_LIMIT, description="数量 quantity")
    unit: str = Field(max_length=24, description="单位 unit, e.g. t, 10^4 Nm3, MWh, GJ, 万千瓦时")
    ncv: Decimal | None = Field(
        default=None, gt=0, lt=QUANTITY_LIMIT, description="实测低位发热量 measured NCV"
    )
    ncv_unit: str | None = Field(default=None, max_length=24, description="NCV 单位 unit")
    carbon_content: Decimal | None = Field(
        default=None, gt=0, lt=QUANTITY_LIMIT, description="实测单位热值含碳量 tC/TJ"
    )
    oxidation_rate: Decimal | None = Field(default=None, gt=0, le=1, description="实测碳氧化率")
    green_certificates_mwh: Decimal | None = Field(
        default=None, ge=0, lt=QUANTITY_LIMIT, description="绿证 MWh"
    )


class ReportIn(BaseModel):
    """月度活动数据报告 a month's activity data and denominators of one entity."""

    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)
    lines: list[ReportLineIn] = Field(max_length=500)
    value_added_10k_cny: Decimal | None = Field(
        default=None, ge=0, lt=QUANTITY_LIMIT, description="工业增加值 万元"
    )
    tax_10k_cny: Decimal | None = Field(
        default=None, ge=0, lt=QUANTITY_LIMIT, description="税收 万元"
    )
    output_quantity: Decimal | None = Field(
        default=None, ge=0, lt=QUANTITY_LIMIT, description="产品产量"
    )
    output_unit: str | None = Field(default=None, max_length=32, description="产量单位 unit")
    passenger_km: Decimal | None = Field(
        default=None, ge=0, lt=QUANTITY_LIMIT, description="旅客周转量 人公里"
    )
    tonne_km: Decimal | None = Field(
        default=None, ge=0, lt=QUANTITY_LIMIT, description="货物周转量 吨公里"
    )


# ------------------------------------------------------------------------------ requests


class TransitionIn(BaseModel):
    """流转参数 what a workflow action may carry."""

    comment: str | None = Field(default=None, max_length=4000, description="意见 comment")
    verified_tco2e: Decimal | None = Field(
        default=None, ge=0, lt=TONNES_LIMIT, description="核查值 tCO2e"
    )
    verified_tce: Decimal | None = Field(
        default=None, ge=0, lt=TONNES_LIMIT, description="核查能耗 tce"
    )
    corrected_tco2e: Decimal | None = Field(
        default=None, ge=0, lt=TONNES_LIMIT, description="复查更正 tCO2e"
    )
    corrected_tce: Decimal | None = Field(
        default=None, ge=0, lt=TONNES_LIMIT, description="复查更正 tce"
    )


class AssignmentIn(BaseModel):
    """核查分配 an official's assignment of a verifier body to an entity-year."""

    entity_id: Id
    year: int = Field(ge=2000, le=2100)
    verifier_body_id: Id
    due_date: date | None = None


class DrawIn(BaseModel):
    """随机抽取 a seeded draw for a year."""

    year: int = Field(ge=2000, le=2100)
    seed: int = Field(ge=0, le=2**31 - 1)
    max_consecutive_years: int = Field(default=3, ge=1, le=20)


# ------------------------------------------------------------------------------ answers


_READ = ConfigDict(from_attributes=True)


class EntityRead(BaseModel):
    """排放主体 an emitting entity as the accounts API answers it."""

    model_config = _READ

    id: int
    kind: str = Field(description="主体类型 kind: industrial / public_building / transport / farm")
    name: str = Field(description="名称 name")
    uscc: str | None = Field(description="统一社会信用代码 unified social credit code")
    county_code: str = Field(description="所在县(市、区) county code (GB/T 2260)")
    industry_code: str | None = Field(description="行业 GB/T 4754-2017 code")
    address: str | None = Field(description="地址 address")
    land_area_mu: PlainDecimal | None = Field(description="用地面积 land area, mu")
    floor_area_m2: PlainDecimal | None = Field(description="建筑面积 floor area, m2")
    sown_area_mu: PlainDecimal | None = Field(description="播种面积 sown area, mu")
    livestock_head: int | None = Field(description="存栏 livestock, head")
    is_active: bool = Field(description="是否有效 whether the entity is active")
    created_at: UtcTime = Field(description="登记时间 registered at (UTC)")

    @classmethod
    def of(cls, entity: Entity) -> EntityRead:
        """The answer for an entity row."""
        return cls.model_validate(entity)


class LineFactorRead(BaseModel):
    """排放因子 a factor or parameter a line was computed with, and its source."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(description="因子编号 factor id, e.g. grid.mee-nbs.CN-ZJ.2023")
    value: float = Field(description="数值 value")
    unit: str = Field(description="单位 unit")
    source: str = Field(description="来源 source document, edition and table")
    document: str = Field(description="文件 source document")
    edition: str = Field(description="版本 edition")
    table: str = Field(description="表 table")
    status: str = Field(description="状态 confirmed / assumption")
    note: str = Field(description="说明 note")


class ReportLineRead(BaseModel):
    """活动数据行 one activity line with the core's result and the factors that made it."""

    model_config = _READ

    id: int
    line_no: int = Field(description="行号 line number, from 1")
    activity: str = Field(description="活动类型 activity")
    item: str | None = Field(description="燃料/原料/气体 fuel, material or gas code")
    quantity: PlainDecimal = Field(description="数量 quantity")
    unit: str = Field(description="单位 unit")
    ncv: PlainDecimal | None = Field(description="实测低位发热量 measured NCV")
    ncv_unit: str | None
    carbon_content: PlainDecimal | None = Field(description="实测单位热值含碳量 tC/TJ")
    oxidation_rate: PlainDecimal | None = Field(description="实测碳氧化率 oxidation rate")
    green_certificates_mwh: PlainDecimal | None = Field(description="绿证 MWh")
    tco2e: PlainDecimal | None = Field(description="排放量 tCO2e (after submission)")
    tce: PlainDecimal | None = Field(description="能耗 tce (after submission)")
    scope: int | None = Field(description="范围 scope 1 or 2 (after submission)")
    factors: list[LineFactorRead] | None = Field(description="所用因子 factors (after submission)")


class FlagRead(BaseModel):
    """异常标记 a reason to look harder at a report: rule, score and reasons."""

    model_config = _READ

    rule: str = Field(description="规则 mom_jump / peer_intensity / missing / mismatch")
    score: PlainDecimal | None = Field(description="得分 score")
    reason_zh: str = Field(description="原因(中文)")
    reason_en: str = Field(description="reason (English)")
    created_at: UtcTime


class _ReportColumns(BaseModel):
    """月度活动数据报告 a report's stored values (the base of the report answers)."""

    model_config = _READ

    id: int
    entity_id: int
    year: int
    month: int
    status: str = Field(description="报告状态 MRV state (draft … locked)")
    version: int
    value_added_10k_cny: PlainDecimal | None = Field(description="工业增加值 万元")
    tax_10k_cny: PlainDecimal | None = Field(description="税收 万元")
    output_quantity: PlainDecimal | None = Field(description="产品产量 output")
    output_unit: str | None
    passenger_km: PlainDecimal | None = Field(description="旅客周转量 人公里")
    tonne_km: PlainDecimal | None = Field(description="货物周转量 吨公里")
    factor_set: str = Field(description="因子集 factor set")
    reported_tco2e: PlainDecimal | None = Field(description="报告排放量 reported tCO2e")
    reported_scope1_tco2e: PlainDecimal | None = Field(description="范围一 scope 1 tCO2e")
    reported_scope2_tco2e: PlainDecimal | None = Field(description="范围二 scope 2 tCO2e")
    reported_tce: PlainDecimal | None = Field(description="报告能耗 reported tce")
    verified_tco2e: PlainDecimal | None = Field(description="核查值 verified tCO2e")
    verified_tce: PlainDecimal | None = Field(description="核查能耗 verified tce")
    corrected_tco2e: PlainDecimal | None = Field(description="复查更正 corrected tCO2e")
    corrected_tce: PlainDecimal | None = Field(description="复查更正 corrected tce")
    comment: str | None = Field(description="意见 the verifier's or re-checker's comment")
    submitted_at: UtcTime | None
    verified_at: UtcTime | None
    verified_by_body_id: int | None = Field(description="核查机构 verifying body")
    updated_at: UtcTime


_ACTIONS = Field(description="可执行操作 the workflow actions the report's state allows")


class ReportRead(_ReportColumns):
    """月度活动数据报告 a report with its lines and the actions its state allows."""

    lines: list[ReportLineRead]
    allowed_actions: list[str] = _ACTIONS

    @classmethod
    def of(cls, report: ActivityReport) -> ReportRead:
        """The answer for a report row (its lines loaded)."""
        return cls.model_validate({**_columns(report), "lines": report.lines})


class ReportDetailRead(_ReportColumns):
    """月度活动数据报告 a report with its lines, its anomaly flags and the allowed actions."""

    lines: list[ReportLineRead]
    flags: list[FlagRead]
    allowed_actions: list[str] = _ACTIONS

    @classmethod
    def of(cls, report: ActivityReport, flags: Sequence[AnomalyFlag]) -> ReportDetailRead:
        """The answer for a report row and its flags."""
        return cls.model_validate({**_columns(report), "lines": report.lines, "flags": flags})


class QueuedReportRead(_ReportColumns):
    """核查队列 a report in a verifier's queue: its values and flags, without lines, with its
    entity's name and county and the due date of the entity-year's verification."""

    flags: list[FlagRead]
    allowed_actions: list[str] = _ACTIONS
    entity_name: str = Field(description="排放主体名称 entity name")
    county_code: str = Field(description="区县代码 county code")
    county_name_zh: str = Field(description="区县 county (Chinese)")
    county_name_en: str = Field(description="county (English)")
    due_date: date | None = Field(description="核查完成期限 verification due date")

    @classmethod
    def of(cls, item: QueueItem) -> QueuedReportRead:
        """The answer for a queued report, its flags and names."""
        return cls.model_validate(
            {
                **_columns(item.report),
                "flags": item.flags,
                "entity_name": item.entity_name,
                "county_code": item.county_code,
                "county_name_zh": item.county_name_zh,
                "county_name_en": item.county_name_en,
                "due_date": item.due_date,
            }
        )


class VerifierQueueRead(Page[QueuedReportRead]):
    """核查队列 one page of a verifier's queue: ``total`` reports match the filters;
    ``flagged_total`` of the whole queue carry an anomaly flag."""

    flagged_total: int = Field(description="有异常标记的报告数(整个队列) flagged reports")

    @classmethod
    def of(cls, queue: VerifierQueue) -> VerifierQueueRead:
        """The answer for one page of the queue."""
        return cls(
            items=[QueuedReportRead.of(item) for item in queue.items],
            total=queue.total,
            page=queue.paging.page,
            page_size=queue.paging.page_size,
            flagged_total=queue.flagged,
        )


def _columns(report: ActivityReport) -> dict[str, Any]:
    """A report's stored values and the actions its state allows (its lines not loaded)."""
    values = {key: getattr(report, key) for key in _ReportColumns.model_fields}
    values["allowed_actions"] = allowed_actions(report.status)
    return values


class AssignmentRead(BaseModel):
    """核查任务分配 which body verifies an entity's year, and how it was chosen."""

    model_config = _READ

    id: int
    entity_id: int
    year: int
    verifier_body_id: int = Field(description="核查机构 verifier body")
    method: str = Field(description="方式 assigned (by an official) / random (seeded draw)")
    seed: int | None = Field(description="随机种子 the draw's seed")
    assigned_by_user_id: int | None
    assigned_at: UtcTime
    due_date: date | None = Field(description="完成期限 due date")

    @classmethod
    def of(cls, assignment: VerifierAssignment) -> AssignmentRead:
        """The answer for an assignment row."""
        return cls.model_validate(assignment)


class RecheckCandidateRead(BaseModel):
    """复查候选 an entity-year considered for re-check, its probability and the draw."""

    model_config = _READ

    entity_id: int
    energy_tce: PlainDecimal = Field(description="年度能耗 the year's energy, tce")
    flags: int = Field(description="异常标记数 anomaly flags of the year")
    probability: PlainDecimal = Field(description="抽中概率 probability of selection")
    reason: str = Field(description="原因 tier / random / risk")
    draw: float = Field(description="随机数 the seeded draw in [0, 1)")
    selected: bool = Field(description="是否抽中 selected for re-check")

    @classmethod
    def of(cls, candidate: Candidate) -> RecheckCandidateRead:
        """The answer for a candidate of the draw."""
        return cls.model_validate(candidate)


class OverdueReportRead(BaseModel):
    """逾期报告 a month an entity has not (re)submitted by its due date."""

    model_config = _READ

    entity_id: int
    entity_name: str
    year: int
    month: int
    due_date: date = Field(description="截止日期 due date")
    days_overdue: int = Field(description="逾期天数 days overdue")
    status: str | None = Field(description="报告状态 the month's report state, null if none")


class OverdueCountyRead(BaseModel):
    """逾期报告(按县) one county's overdue months."""

    model_config = _READ

    county_code: str
    county_name_zh: str
    county_name_en: str
    items: list[OverdueReportRead]

    @classmethod
    def of(cls, county: OverdueCounty) -> OverdueCountyRead:
        """The answer for one county's overdue months."""
        return cls.model_validate(county)


class VerifierRecordRead(BaseModel):
    """核查机构履职记录 a body's record for a year: volume, corrections found, timeliness."""

    model_config = _READ

    verifier_body_id: int
    name: str = Field(description="核查机构 body name")
    reports_verified: int = Field(description="核查报告数 months verified")
    corrections_found: int = Field(description="被复查更正数 of those, corrected by a re-check")
    mean_days_to_verify: PlainDecimal | None = Field(description="平均核查天数 mean days")
    max_days_to_verify: PlainDecimal | None = Field(description="最长核查天数 worst days")

    @classmethod
    def of(cls, record: VerifierRecord) -> VerifierRecordRead:
        """The answer for a body's record."""
        return cls.model_validate(record)


class RecomputeRead(BaseModel):
    """年度账户重算 how many annual accounts a recomputation wrote."""

    year: int
    accounts: int = Field(description="写入的年度账户数 annual accounts written")


class AnomalyRerunRead(BaseModel):
    """异常重识别 how many anomaly flags stand after a re-run."""

    year: int
    flags: int = Field(description="现有异常标记数 flags now standing")


class ActivityImportRead(BaseModel):
    """模板导入结果 what an import saved: one draft report per month."""

    model_config = _READ

    entity_id: int
    year: int
    months: list[int] = Field(description="导入的月份 months saved")
    report_ids: list[int] = Field(description="草稿报告 the draft reports, by month")
    lines: int = Field(description="活动数据行数 activity lines saved")

    @classmethod
    def of(cls, result: object) -> ActivityImportRead:
        """The answer for an import's result (``accounts.activity_import.ImportResult``, read by its
        attributes: the importer sits above the schemas it fills)."""
        return cls.model_validate(result)
