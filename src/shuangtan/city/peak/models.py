"""Tables of saved peak scenarios (达峰情景) and their version history."""

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

__all__ = ["PeakScenario", "PeakScenarioVersion"]

FACTOR_VALUE = Numeric(24, 10)
"""A base-year Kaya factor (population 10^4, 10^4 CNY/person, tce/10^4 CNY, tCO2/tce)."""


class PeakScenario(Base):
    """达峰情景 a saved Kaya scenario: its scope, base year and values, rates per period.

    ``scope_kind`` is ``city`` (``scope_code`` the city's GB/T 2260 code), ``county`` (a
    county's code) or ``industry`` (a GB/T 4754 division). ``rates`` is a list of periods
    ``{first_year, last_year, population, gdp_per_capita, energy_intensity, carbon_intensity}``
    with annual growth rates as fractions (−0.035 = −3.5 %/yr); ``spread`` the Monte Carlo
    standard deviation of each factor's rate. ``key`` names a shipped scenario (``baseline``,
    ``policy``, ``enhanced``) and is ``None`` for one an official made. A deleted scenario keeps
    its row and history (``deleted_at`` set); lists leave it out.
    """

    __tablename__ = "peak_scenarios"
    __table_args__ = (
        UniqueConstraint("scope_kind", "scope_code", "key"),
        CheckConstraint("scope_kind IN ('city', 'county', 'industry')", name="scope_kind"),
        CheckConstraint("version >= 1", name="version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str | None] = mapped_column(String(32), nullable=True)
    name: Mapped[str] = mapped_column(String(120))
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    owner_name: Mapped[str] = mapped_column(String(120))
    scope_kind: Mapped[str] = mapped_column(String(16))
    scope_code: Mapped[str] = mapped_column(String(12), index=True)
    base_year: Mapped[int] = mapped_column(Integer)
    base_population: Mapped[Decimal] = mapped_column(FACTOR_VALUE)
    base_gdp_per_capita: Mapped[Decimal] = mapped_column(FACTOR_VALUE)
    base_energy_intensity: Mapped[Decimal] = mapped_column(FACTOR_VALUE)
    base_carbon_intensity: Mapped[Decimal] = mapped_column(FACTOR_VALUE)
    base_source: Mapped[str] = mapped_column(Text)
    rates: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    spread: Mapped[dict[str, float]] = mapped_column(JSON)
    mc_seed: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PeakScenarioVersion(Base):
    """情景历史版本 one version of a scenario as it was saved (content is the full snapshot)."""

    __tablename__ = "peak_scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("peak_scenarios.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
