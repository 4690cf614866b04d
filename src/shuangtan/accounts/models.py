"""Tables of emitting entities, their monthly activity reports and the MRV workflow.

An entity (排放主体) is an industrial enterprise, a public institution or building, a transport
operator or a farm. It reports monthly (月度活动数据报告); each report moves through the MRV
workflow (监测、报告、核查、复查); its lines are computed by the accounting core with
provenance. The annual account (年度碳账户) is the sum of a year's verified months.
Quantities of CO2e and energy are ``Numeric``; the core's floats never reach these columns
unrounded (see :mod:`shuangtan.accounts.annual`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shuangtan.db import Base, utcnow

__all__ = [
    "ActivityReport",
    "AnnualAccount",
    "AnomalyFlag",
    "Entity",
    "EntityKind",
    "RecheckSelection",
    "ReportLine",
    "ReportStatus",
    "VerifierAssignment",
    "VerifierBody",
    "VerifierConflict",
    "VerifierMember",
]

TCO2E = Numeric(18, 6)
"""Column type of tonnes of CO2e and of tce: 12 integer digits, 6 decimals."""
QUANTITY = Numeric(20, 6)


class EntityKind(StrEnum):
    """排放主体类型 kind of emitting entity, each with its own intensity denominator."""

    industrial = "industrial"  # 工业企业: value added (10^4 CNY), output per product
    public_building = "public_building"  # 公共机构/公共建筑: floor area (m2)
    transport = "transport"  # 交通运输企业: passenger-km, tonne-km
    farm = "farm"  # 农业经营主体: sown area (mu), livestock (head)


class ReportStatus(StrEnum):
    """MRV workflow states of a monthly report (报告状态)."""

    draft = "draft"  # 草稿
    submitted = "submitted"  # 已提交
    under_verification = "under_verification"  # 核查中
    returned = "returned"  # 已退回(附意见)
    verified = "verified"  # 已核查
    recheck = "recheck"  # 抽中复查
    confirmed = "confirmed"  # 复查确认
    corrected = "corrected"  # 复查更正
    locked = "locked"  # 已锁定


VERIFIED_STATES = (
    ReportStatus.verified,
    ReportStatus.recheck,
    ReportStatus.confirmed,
    ReportStatus.corrected,
    ReportStatus.locked,
)
"""States whose verified values count in the annual account."""

_KIND_VALUES = ", ".join(f"'{k.value}'" for k in EntityKind)
_STATUS_VALUES = ", ".join(f"'{s.value}'" for s in ReportStatus)


class Entity(Base):
    """排放主体 emitting entity: the master record that links everything the platform holds.

    Enterprises are keyed by their unified social credit code (统一社会信用代码, GB 32100-2015);
    the code is required for industrial enterprises and transport operators.
    """

    __tablename__ = "entities"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_KIND_VALUES})", name="kind"),
        CheckConstraint(
            "kind NOT IN ('industrial', 'transport') OR uscc IS NOT NULL", name="uscc_required"
        ),
        Index("ix_entities_county_kind", "county_code", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True, nullable=True)
    county_code: Mapped[str] = mapped_column(String(12), ForeignKey("counties.code"))
    industry_code: Mapped[str | None] = mapped_column(
        String(8), ForeignKey("industries.code"), nullable=True, index=True
    )
    address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    land_area_mu: Mapped[Decimal | None] = mapped_column(Numeric(14, 3), nullable=True)
    floor_area_m2: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    sown_area_mu: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    livestock_head: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ActivityReport(Base):
    """月度活动数据报告 monthly activity report of one entity, with its MRV state.

    ``reported_*`` are computed by the core from the lines when the report is submitted;
    ``verified_*`` are what the verifier accepted, ``corrected_*`` what a re-check corrected
    them to (复查更正); all three are kept, and the account counts the last one present.
    """

    __tablename__ = "activity_reports"
    __table_args__ = (
        UniqueConstraint("entity_id", "year", "month"),
        CheckConstraint(f"status IN ({_STATUS_VALUES})", name="status"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        Index("ix_activity_reports_year_status", "year", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(24), default=ReportStatus.draft.value)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # denominators of the month (intensity)
    value_added_10k_cny: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    tax_10k_cny: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    output_quantity: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    output_unit: Mapped[str | None] = mapped_column(String(32), nullable=True)
    passenger_km: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    tonne_km: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    # computed by the accounting core on submission
    factor_set: Mapped[str] = mapped_column(String(32), default="cn-default")
    reported_tco2e: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    reported_scope1_tco2e: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    reported_scope2_tco2e: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    reported_tce: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    verified_tco2e: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    verified_tce: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    # set by a re-check that corrects the verified values (复查更正); verified_* stay as the
    # verifier accepted them, so reported, verified and corrected are all kept
    corrected_tco2e: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    corrected_tce: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)  # verifier's or re-checker's
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    verified_by_body_id: Mapped[int | None] = mapped_column(
        ForeignKey("verifier_bodies.id"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    lines: Mapped[list[ReportLine]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportLine.line_no"
    )


class ReportLine(Base):
    """活动数据行 one activity line of a report, with the core's result and provenance."""

    __tablename__ = "report_lines"
    __table_args__ = (UniqueConstraint("report_id", "line_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("activity_reports.id", ondelete="CASCADE"), index=True
    )
    line_no: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(32))
    item: Mapped[str | None] = mapped_column(String(32), nullable=True)  # fuel/material/gas
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(24))
    ncv: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    ncv_unit: Mapped[str | None] = mapped_column(String(24), nullable=True)
    carbon_content: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    oxidation_rate: Mapped[Decimal | None] = mapped_column(Numeric(8, 6), nullable=True)
    green_certificates_mwh: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    tco2e: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    tce: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    scope: Mapped[int | None] = mapped_column(Integer, nullable=True)
    factors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)

    report: Mapped[ActivityReport] = relationship(back_populates="lines")


class AnnualAccount(Base):
    """年度碳账户 an entity's year: the sum of its verified months, recomputed by the core."""

    __tablename__ = "annual_accounts"
    __table_args__ = (UniqueConstraint("entity_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    months_verified: Mapped[int] = mapped_column(Integer)
    tco2e: Mapped[Decimal] = mapped_column(TCO2E)
    scope1_tco2e: Mapped[Decimal] = mapped_column(TCO2E)
    scope2_tco2e: Mapped[Decimal] = mapped_column(TCO2E)
    energy_tce: Mapped[Decimal] = mapped_column(TCO2E)
    reported_tco2e: Mapped[Decimal] = mapped_column(TCO2E)
    value_added_10k_cny: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    tax_10k_cny: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    mandatory_reporter: Mapped[bool] = mapped_column(Boolean, server_default=false())
    key_energy_user: Mapped[bool] = mapped_column(Boolean, server_default=false())
    ets_covered: Mapped[bool] = mapped_column(Boolean, server_default=false())
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class VerifierBody(Base):
    """核查机构 third-party verification body."""

    __tablename__ = "verifier_bodies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True, nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class VerifierMember(Base):
    """核查员 a verifier user's membership of a verification body."""

    __tablename__ = "verifier_members"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    verifier_body_id: Mapped[int] = mapped_column(ForeignKey("verifier_bodies.id"), index=True)


class VerifierConflict(Base):
    """利益冲突 a declared conflict: the body may not verify the entity."""

    __tablename__ = "verifier_conflicts"
    __table_args__ = (UniqueConstraint("verifier_body_id", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    verifier_body_id: Mapped[int] = mapped_column(ForeignKey("verifier_bodies.id"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"))
    reason: Mapped[str] = mapped_column(String(300))


class VerifierAssignment(Base):
    """核查任务分配 which body verifies an entity's year, and how it was chosen.

    ``method`` is ``assigned`` (by an official) or ``random`` (seeded draw; ``seed`` recorded
    so the draw can be reproduced).
    """

    __tablename__ = "verifier_assignments"
    __table_args__ = (
        UniqueConstraint("entity_id", "year"),
        CheckConstraint("method IN ('assigned', 'random')", name="method"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    verifier_body_id: Mapped[int] = mapped_column(ForeignKey("verifier_bodies.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    seed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    assigned_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class RecheckSelection(Base):
    """复查抽取 an entity-year drawn for re-check, why, and its outcome."""

    __tablename__ = "recheck_selections"
    __table_args__ = (
        UniqueConstraint("entity_id", "year"),
        CheckConstraint("reason IN ('tier', 'random', 'risk')", name="reason"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(16))
    seed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    probability: Mapped[Decimal | None] = mapped_column(Numeric(8, 6), nullable=True)
    selected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)  # confirmed/corrected
    corrected_tco2e: Mapped[Decimal | None] = mapped_column(TCO2E, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AnomalyFlag(Base):
    """异常标记 a reason to look harder at a report (shown in the verifier's queue)."""

    __tablename__ = "anomaly_flags"
    __table_args__ = (UniqueConstraint("report_id", "rule"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("activity_reports.id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(32))  # mom_jump / peer_intensity / missing / mismatch
    score: Mapped[Decimal | None] = mapped_column(Numeric(18, 6), nullable=True)
    reason_zh: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
