"""Tables of the synergy index: input values, official weight sets, runs and county scores.

Runs and scores are append-only: a recomputation is a new run (with its definition version and
the weights it used); nothing rewrites an old run, so a score always shows the inputs, weights
and version it was computed with.
"""

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

__all__ = ["SynergyInput", "SynergyRun", "SynergyScore", "SynergyWeightSet"]


class SynergyInput(Base):
    """协同指数输入值 the value of one indicator for one county and year, with its source.

    ``origin`` is ``entered`` (typed by an official) or ``computed`` (derived from the city
    inventory; ``source_note`` then names the inventory fields and their values).
    """

    __tablename__ = "synergy_inputs"
    __table_args__ = (
        UniqueConstraint("county_code", "year", "indicator_id"),
        CheckConstraint("origin IN ('entered', 'computed')", name="origin"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("counties.code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    indicator_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    unit: Mapped[str] = mapped_column(String(32))
    origin: Mapped[str] = mapped_column(String(16))
    source_note: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SynergyWeightSet(Base):
    """官方权重 a set of official weights for one definition version (sums to 1)."""

    __tablename__ = "synergy_weight_sets"
    __table_args__ = (UniqueConstraint("definition_version", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    definition_version: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    weights: Mapped[dict[str, Any]] = mapped_column(JSON)  # indicator id -> weight (string)
    note: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SynergyRun(Base):
    """协同指数计算 one computation of a year: the version, the weights used, who and when."""

    __tablename__ = "synergy_runs"
    __table_args__ = (CheckConstraint("weighting IN ('entropy', 'official')", name="weighting"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    definition_version: Mapped[str] = mapped_column(String(16))
    weighting: Mapped[str] = mapped_column(String(16))
    weight_set_id: Mapped[int | None] = mapped_column(
        ForeignKey("synergy_weight_sets.id"), nullable=True
    )
    weights: Mapped[dict[str, Any]] = mapped_column(JSON)  # indicator id -> weight used
    entropy: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # e_j
    unscored: Mapped[dict[str, Any]] = mapped_column(JSON)  # county -> missing indicator ids
    computed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SynergyScore(Base):
    """协同指数得分 one county's scores in a run, with its drill-down in ``detail``.

    ``detail`` lists each indicator's raw value, normalised value, weight, contribution and
    the input's origin and source as they were when the run was made.
    """

    __tablename__ = "synergy_scores"
    __table_args__ = (
        UniqueConstraint("run_id", "county_code"),
        CheckConstraint("rank >= 1", name="rank"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("synergy_runs.id"), index=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("counties.code"))
    rank: Mapped[int] = mapped_column(Integer)
    index_value: Mapped[Decimal] = mapped_column(Numeric(10, 4))  # 0-100
    economy: Mapped[Decimal] = mapped_column(Numeric(10, 4))  # 0-100
    pollutants: Mapped[Decimal] = mapped_column(Numeric(10, 4))
    energy: Mapped[Decimal] = mapped_column(Numeric(10, 4))
    carbon: Mapped[Decimal] = mapped_column(Numeric(10, 4))
    u1: Mapped[Decimal] = mapped_column(Numeric(10, 6))  # pollution reduction, 0-1
    u2: Mapped[Decimal] = mapped_column(Numeric(10, 6))  # carbon reduction, 0-1
    coupling_c: Mapped[Decimal] = mapped_column(Numeric(10, 6))
    coordination_t: Mapped[Decimal] = mapped_column(Numeric(10, 6))
    coordination_d: Mapped[Decimal] = mapped_column(Numeric(10, 6))
    band_zh: Mapped[str] = mapped_column(String(16))
    band_en: Mapped[str] = mapped_column(String(48))
    detail: Mapped[list[Any]] = mapped_column(JSON)
