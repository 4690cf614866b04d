"""Shapes of the targets API (规划目标接口数据)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

__all__ = ["CountyTargetIn", "IndicatorSettingIn", "NoteIn", "PublicationIn", "ValueIn"]


class ValueIn(BaseModel):
    """指标年度值 a typed indicator's value for a year, with its source."""

    value: Decimal = Field(description="填报值 value, in the indicator's unit")
    source_note: str = Field(min_length=1, max_length=2000, description="数据来源 source")
    attachment_id: int | None = Field(default=None, description="附件 attachment id")


class IndicatorSettingIn(BaseModel):
    """指标设定 what the plan left blank: the provincial quota, the responsible department."""

    source_note: str = Field(min_length=1, max_length=2000, description="依据 source")
    target_value: Decimal | None = Field(default=None, description="目标值 target value")
    reduction_pct: Decimal | None = Field(
        default=None, description="降低率 % reduction from the baseline (down indicators)"
    )
    target_year: int | None = Field(default=None, ge=2000, le=2100, description="目标年份")
    responsible_department: str | None = Field(
        default=None, max_length=200, description="责任部门 responsible department"
    )


class CountyTargetIn(BaseModel):
    """区县目标 a county's target for a period (reduction % or a cap in 10^4 tce / t CO2)."""

    target_value: Decimal = Field(description="目标值 target value")
    base_year: int = Field(default=2020, ge=2000, le=2100, description="基期年份 base year")
    source_note: str = Field(min_length=1, max_length=2000, description="依据 source")


class PublicationIn(BaseModel):
    """公开 publish (true) or withdraw (false) a year's progress."""

    published: bool = True


class NoteIn(BaseModel):
    """评估报告补充 officials' text added to a report."""

    problems: str = Field(default="", max_length=8000, description="存在问题 problems")
    next_steps: str = Field(default="", max_length=8000, description="下一步工作 next steps")
