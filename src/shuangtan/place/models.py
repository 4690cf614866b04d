"""Tables of the city configuration: cities, counties, industries, plan indicators.

They mirror the files of ``data/cities/<name>/`` (see :mod:`shuangtan.place.configuration`),
which stay the source of truth; :func:`~shuangtan.place.configuration.sync_city` writes them.
One database serves one city configuration (``Settings.city``).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, Numeric, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.db import Base

__all__ = ["City", "County", "Indicator", "Industry"]


class City(Base):
    """城市 city: a prefecture-level city with its GB/T 2260 code (嘉兴市 330400)."""

    __tablename__ = "cities"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    province_zh: Mapped[str] = mapped_column(String(64))
    province_en: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)


class County(Base):
    """县级行政区 county-level division: district, county or county-level city (GB/T 2260)."""

    __tablename__ = "counties"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    pinyin: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    city_code: Mapped[str] = mapped_column(String(12), ForeignKey("cities.code"), index=True)
    source: Mapped[str] = mapped_column(Text)


class Industry(Base):
    """行业 industry: a GB/T 4754-2017 division, with the plan's and the province's flags.

    ``plan_key_industry`` names the plan's key industry it belongs to (e.g. ``textiles``),
    ``energy_intensive`` marks the province's energy-intensive industries (浙江省八大高耗能行业).
    """

    __tablename__ = "industries"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(128))
    plan_key_industry: Mapped[str | None] = mapped_column(String(64), nullable=True)
    energy_intensive: Mapped[bool] = mapped_column(Boolean, server_default=false())
    note: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)


class Indicator(Base):
    """规划指标 plan indicator: a quantitative target or baseline of the city's plan.

    Values are exact decimals (``Numeric``); an empty baseline or target is ``NULL``.
    ``direction`` says which way is better: ``up``, ``down`` or ``none``.
    ``responsible_department`` (责任部门) is blank where the plan names none.
    """

    __tablename__ = "indicators"
    __table_args__ = (CheckConstraint("direction IN ('up', 'down', 'none')", name="direction"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    city_code: Mapped[str] = mapped_column(String(12), ForeignKey("cities.code"), index=True)
    section: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str] = mapped_column(String(256))
    unit: Mapped[str] = mapped_column(String(32))
    baseline_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    baseline_value: Mapped[Decimal | None] = mapped_column(Numeric(20, 6), nullable=True)
    target_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(20, 6), nullable=True)
    direction: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    responsible_department: Mapped[str] = mapped_column(Text, server_default="")
