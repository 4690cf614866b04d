"""Tables of plan targets (规划目标): yearly values, officials' target settings, attachments,
county targets, publications and the officials' text of the evaluation reports.

The plan's indicators themselves are ``city.models.Indicator`` (from the configuration files);
these tables hold what officials add over the plan period. Quantities are ``Numeric``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.db import Base, utcnow

__all__ = [
    "COUNTY_TARGET_KINDS",
    "REPORT_KINDS",
    "CountyTarget",
    "EvaluationNote",
    "IndicatorSetting",
    "IndicatorValue",
    "TargetAttachment",
    "TargetPublication",
]

COUNTY_TARGET_KINDS = (
    "energy_intensity_reduction",  # 单位GDP能耗降低率 %, vs the base year (能耗双控: 强度)
    "energy_total_cap",  # 能源消费总量上限 10^4 tce (能耗双控: 总量)
    "carbon_intensity_reduction",  # 单位GDP二氧化碳排放降低率 % (碳排放双控: 强度)
    "carbon_total_cap",  # 二氧化碳排放总量上限 10^4 t CO2 (碳排放双控: 总量)
)
REPORT_KINDS = ("annual", "midterm", "final")
_YEARS = "BETWEEN 2000 AND 2100"


class TargetAttachment(Base):
    """附件 a document backing an entered value (a statistical bulletin, a provincial letter).

    Stored in the database (no file path is ever built from user input); ``media_type`` is the
    type the content's first bytes show, not the one the browser claimed.
    """

    __tablename__ = "target_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(128))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IndicatorValue(Base):
    """指标年度值 an official's entered value of a typed indicator for a year, with its source."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("indicator_id", "year"),
        CheckConstraint(f"year {_YEARS}", name="year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    source_note: Mapped[str] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("target_attachments.id"), nullable=True
    )
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    entered_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class IndicatorSetting(Base):
    """指标设定 what officials set where the plan left a blank: the provincial quota (省下达指标)
    as a target value (or a % reduction from the baseline) and the responsible department."""

    __tablename__ = "indicator_settings"

    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"), primary_key=True)
    target_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(20, 6), nullable=True)
    reduction_pct: Mapped[Decimal | None] = mapped_column(Numeric(10, 4), nullable=True)
    responsible_department: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_note: Mapped[str] = mapped_column(Text)
    set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    set_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class CountyTarget(Base):
    """县(市、区)目标 a county's target of one kind for a period, as the city set it."""

    __tablename__ = "county_targets"
    __table_args__ = (
        UniqueConstraint("county_code", "kind", "target_year"),
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in COUNTY_TARGET_KINDS) + ")", name="kind"
        ),
        CheckConstraint("base_year < target_year", name="period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("counties.code"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    base_year: Mapped[int] = mapped_column(Integer)
    target_year: Mapped[int] = mapped_column(Integer)
    target_value: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    source_note: Mapped[str] = mapped_column(Text)
    set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    set_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class TargetPublication(Base):
    """进展公开 a year's progress as published: the rows the public page shows, frozen."""

    __tablename__ = "target_publications"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    published: Mapped[bool] = mapped_column(Boolean, server_default=false())
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    published_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class EvaluationNote(Base):
    """评估报告补充 the officials' own text of a report: problems and next steps to add."""

    __tablename__ = "evaluation_notes"
    __table_args__ = (
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in REPORT_KINDS) + ")", name="kind"),
    )

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    problems: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
