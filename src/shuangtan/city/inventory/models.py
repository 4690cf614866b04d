"""Tables of the city inventory (城市温室气体清单): what officials enter, with its provenance.

Every row is one figure an official entered (web form, Excel or API) for one year (``month`` 0
= the whole year, 1–12 where data allows) and one area: ``area_code`` is a county-level
division's code or the city's own code (the whole city, entered as such). Each row keeps its
``source_note`` (统计来源) and who entered it. The tCO2 and tce of energy rows are computed by the
accounting core when the row is written and stored beside the factors that made them.

- :class:`EnergyBalanceEntry` 能源平衡表: consumption by sector × energy carrier;
- :class:`GenerationEntry` 本地发电量: local electricity generation by source;
- :class:`EconomicStatistic` 经济社会统计: GDP (current, 2015 and 2020 prices), value added,
  population;
- :class:`FleetEntry` 机动车保有/新注册: vehicles by type × power (NEV or not);
- :class:`ActivityEntry` 清单活动数据: transport fuel sales, agriculture, waste, sink areas;
- :class:`NotationKeyEntry` 注释键: NO / IE / NE / C with the reason, per GPC row;
- :class:`ClaimedReduction` 已在别处计入的减排量: carbon points or offsets, marked, never
  subtracted twice.

:class:`MeteredEnergy` 计量数据 is not entered but loaded from the meter pipeline's monthly
output (``shuangtan inventory load-meters``); it is a check and an early monthly signal beside
the statistics, never added to the inventory.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shuangtan.db import Base, utcnow

__all__ = [
    "SECTORS",
    "ActivityEntry",
    "ClaimedReduction",
    "EconomicStatistic",
    "EnergyBalanceEntry",
    "FleetEntry",
    "GenerationEntry",
    "MeteredEnergy",
    "NotationKeyEntry",
]

TONNES = Numeric(18, 6)
"""Column type of tCO2(e) and tce: 12 integer digits, 6 decimals."""
QUANTITY = Numeric(20, 6)

SECTORS = ("primary", "industry", "construction", "transport", "services", "residential")
"""Consuming sectors of the statistical energy balance (能源平衡表终端消费部门)."""
GENERATION_SOURCES = (
    "coal",
    "gas",
    "oil",
    "nuclear",
    "hydro",
    "wind",
    "solar_pv",
    "biomass",
    "waste_to_energy",
    "other",
)
"""Sources of local generation (本地发电来源)."""
RENEWABLE_SOURCES = ("hydro", "wind", "solar_pv", "biomass")
ECONOMIC_ITEMS = (
    "gdp_current",
    "gdp_2015_prices",
    "gdp_2020_prices",
    "va_primary",
    "va_secondary",
    "va_tertiary",
    "va_industry",
    "population",
)
"""Economic statistics (经济社会统计); GDP and value added in 10^4 CNY, population in 10^4."""
VEHICLE_TYPES = ("bus", "taxi", "coach", "new_private_cars")
POWER_TYPES = (
    "battery_electric",
    "plug_in_hybrid",
    "fuel_cell",
    "gasoline",
    "diesel",
    "natural_gas",
    "other",
)
NEV_POWER_TYPES = ("battery_electric", "plug_in_hybrid", "fuel_cell")
"""新能源汽车 new-energy vehicles (GB/T 19596 / MIIT: BEV, PHEV, FCEV)."""
NOTATION_KEYS = ("NO", "IE", "NE", "C")
SCHEMES = ("carbon_points", "ccer", "other_offset")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class _Entered:
    """Columns every entered row has: year, month, area, provenance, who and when."""

    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer, default=0)
    area_code: Mapped[str] = mapped_column(String(12))
    source_note: Mapped[str] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_via: Mapped[str] = mapped_column(String(16), default="form")
    entered_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class EnergyBalanceEntry(_Entered, Base):
    """能源平衡表录入 one cell of the statistical energy balance: sector × carrier × quantity.

    ``tce`` and ``co2_t`` are the accounting core's results for the quantity (fuel combustion,
    net purchased electricity or heat), ``factors`` their provenance.
    """

    __tablename__ = "inventory_energy_balance"
    __table_args__ = (
        UniqueConstraint("year", "month", "area_code", "sector", "carrier"),
        CheckConstraint(_in("sector", SECTORS), name="sector"),
        CheckConstraint("month BETWEEN 0 AND 12", name="month"),
        CheckConstraint("quantity >= 0", name="quantity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sector: Mapped[str] = mapped_column(String(16))
    carrier: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(24))
    tce: Mapped[Decimal] = mapped_column(TONNES)
    co2_t: Mapped[Decimal] = mapped_column(TONNES)
    scope: Mapped[int] = mapped_column(Integer)
    factor_set: Mapped[str] = mapped_column(String(32))
    factors: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class GenerationEntry(_Entered, Base):
    """本地发电量 local electricity generation of one source, with the fuel it burnt if any.

    ``fuel_co2_t`` / ``fuel_tce`` are the core's results for ``fuel_quantity`` of
    ``fuel_carrier`` (GPC I.4.4, energy generation supplied to the grid), ``NULL`` without fuel.
    """

    __tablename__ = "inventory_generation"
    __table_args__ = (
        UniqueConstraint("year", "month", "area_code", "source"),
        CheckConstraint(_in("source", GENERATION_SOURCES), name="source"),
        CheckConstraint("month BETWEEN 0 AND 12", name="month"),
        CheckConstraint("generation_mwh >= 0", name="generation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(24))
    generation_mwh: Mapped[Decimal] = mapped_column(QUANTITY)
    fuel_carrier: Mapped[str | None] = mapped_column(String(32), nullable=True)
    fuel_quantity: Mapped[Decimal | None] = mapped_column(QUANTITY, nullable=True)
    fuel_unit: Mapped[str | None] = mapped_column(String(24), nullable=True)
    fuel_tce: Mapped[Decimal | None] = mapped_column(TONNES, nullable=True)
    fuel_co2_t: Mapped[Decimal | None] = mapped_column(TONNES, nullable=True)
    factors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)


class EconomicStatistic(_Entered, Base):
    """经济社会统计 one economic or population figure of a year and area."""

    __tablename__ = "inventory_economic_statistics"
    __table_args__ = (
        UniqueConstraint("year", "month", "area_code", "item"),
        CheckConstraint(_in("item", ECONOMIC_ITEMS), name="item"),
        CheckConstraint("month BETWEEN 0 AND 12", name="month"),
        CheckConstraint("value >= 0", name="value"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item: Mapped[str] = mapped_column(String(24))
    value: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(24))


class FleetEntry(_Entered, Base):
    """机动车 vehicles of one type and power: the fleet (buses, taxis, coaches) or new cars."""

    __tablename__ = "inventory_fleet"
    __table_args__ = (
        UniqueConstraint("year", "month", "area_code", "vehicle_type", "power"),
        CheckConstraint(_in("vehicle_type", VEHICLE_TYPES), name="vehicle_type"),
        CheckConstraint(_in("power", POWER_TYPES), name="power"),
        CheckConstraint("month BETWEEN 0 AND 12", name="month"),
        CheckConstraint("vehicles >= 0", name="vehicles"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    vehicle_type: Mapped[str] = mapped_column(String(24))
    power: Mapped[str] = mapped_column(String(24))
    vehicles: Mapped[int] = mapped_column(Integer)


class ActivityEntry(_Entered, Base):
    """清单活动数据 one activity figure for the GPC rows not read from the energy balance.

    ``activity`` is a key of ``data/inventory/activities.csv`` (transport fuel sales,
    livestock head by species, rice area, nitrogen fertiliser, landfilled / incinerated waste,
    wastewater, forest / wetland / urban green area), which names the core method each one
    goes through; the factors are the core's, with their sources, in ``data/factors/``.
    """

    __tablename__ = "inventory_activity"
    __table_args__ = (
        UniqueConstraint("year", "month", "area_code", "activity"),
        CheckConstraint("month BETWEEN 0 AND 12", name="month"),
        CheckConstraint("quantity >= 0", name="quantity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    activity: Mapped[str] = mapped_column(String(48))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(24))


class NotationKeyEntry(_Entered, Base):
    """注释键 a GPC notation key an official set for a row that has no number, with the reason.

    NO 未发生 not occurring, IE 已计入别处 included elsewhere, NE 未估算 not estimated,
    C 保密 confidential (GPC 2014, Table 2.2).
    """

    __tablename__ = "inventory_notation_keys"
    __table_args__ = (
        UniqueConstraint("year", "month", "area_code", "gpc_ref"),
        CheckConstraint(_in("notation_key", NOTATION_KEYS), name="notation_key"),
        CheckConstraint("month BETWEEN 0 AND 12", name="month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gpc_ref: Mapped[str] = mapped_column(String(12))
    notation_key: Mapped[str] = mapped_column(String(4))
    reason: Mapped[str] = mapped_column(Text)


class ClaimedReduction(_Entered, Base):
    """已在别处计入的减排量 a reduction claimed elsewhere: residents' carbon points (碳普惠) or
    sold as an offset (CCER or other), with the inventory cell it sits in.

    The inventory shows it marked beside the cell; the cell's emissions are measured, so the
    reduction is already in them and is never subtracted again (docs/inventory.md).
    """

    __tablename__ = "inventory_claimed_reductions"
    __table_args__ = (
        UniqueConstraint("scheme", "reference"),
        CheckConstraint(_in("scheme", SCHEMES), name="scheme"),
        CheckConstraint("month BETWEEN 0 AND 12", name="month"),
        CheckConstraint("amount_tco2e >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gpc_ref: Mapped[str] = mapped_column(String(12))
    scheme: Mapped[str] = mapped_column(String(24))
    reference: Mapped[str] = mapped_column(String(128))
    amount_tco2e: Mapped[Decimal] = mapped_column(TONNES)
    description: Mapped[str] = mapped_column(Text)


class MeteredEnergy(Base):
    """计量数据 metered energy of one month, county, sector and carrier (the meter pipeline's
    monthly by-entity output summed; sector from the entities' kind).

    ``source_file`` and ``source_sha256`` name the Parquet file it was loaded from. A check
    against the statistics and an early monthly signal; never added to the inventory.
    """

    __tablename__ = "metered_energy"
    __table_args__ = (
        UniqueConstraint("year", "month", "area_code", "sector", "carrier"),
        CheckConstraint(_in("sector", SECTORS), name="sector"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        CheckConstraint("quantity >= 0", name="quantity"),
        CheckConstraint("entities >= 1", name="entities"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    area_code: Mapped[str] = mapped_column(String(12))
    sector: Mapped[str] = mapped_column(String(16))
    carrier: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(24))
    tce: Mapped[Decimal] = mapped_column(TONNES)
    tco2: Mapped[Decimal] = mapped_column(TONNES)
    entities: Mapped[int] = mapped_column(Integer)
    source_file: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64))
    loaded_by: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
