"""Tables of industry benchmarks, carbon-efficiency grades and per-mu evaluations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.db import Base, utcnow

__all__ = ["CarbonGrade", "IndustryBenchmark", "PerMuEvaluation"]


class IndustryBenchmark(Base):
    """行业基准 an industry's average carbon intensity for a year, published or computed.

    ``method`` is ``published`` (from a sourced data file) or ``computed`` (the mean of the
    industry's verified enterprises, dated by ``computed_at``).
    """

    __tablename__ = "industry_benchmarks"
    __table_args__ = (
        UniqueConstraint("industry_code", "year"),
        CheckConstraint("method IN ('published', 'computed')", name="method"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    industry_code: Mapped[str] = mapped_column(ForeignKey("industries.code"))
    year: Mapped[int] = mapped_column(Integer)
    intensity_t_per_10k_cny: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    method: Mapped[str] = mapped_column(String(16))
    enterprises: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CarbonGrade(Base):
    """碳效码 an enterprise's carbon-efficiency grade for a year, with its inputs."""

    __tablename__ = "carbon_grades"
    __table_args__ = (
        UniqueConstraint("entity_id", "year"),
        CheckConstraint("grade BETWEEN 1 AND 5", name="grade"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    intensity_t_per_10k_cny: Mapped[Decimal] = mapped_column(Numeric(18, 6))  # L
    benchmark_id: Mapped[int] = mapped_column(ForeignKey("industry_benchmarks.id"))
    ratio_to_benchmark: Mapped[Decimal] = mapped_column(Numeric(18, 6))  # K
    grade: Mapped[int] = mapped_column(Integer)  # 1 best … 5 worst
    level: Mapped[str] = mapped_column(String(8))  # low / medium / high
    public_token: Mapped[str] = mapped_column(String(32), unique=True)  # QR link to the public page
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PerMuEvaluation(Base):
    """亩均论英雄 per-mu evaluation of an enterprise for a year: scores and class A–D."""

    __tablename__ = "per_mu_evaluations"
    __table_args__ = (
        UniqueConstraint("entity_id", "year"),
        CheckConstraint("klass IN ('A', 'B', 'C', 'D')", name="klass"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value_added_per_mu: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    tax_per_mu: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    energy_per_value_added: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    carbon_per_value_added: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    score: Mapped[Decimal] = mapped_column(Numeric(10, 4))
    klass: Mapped[str] = mapped_column(String(1))
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
