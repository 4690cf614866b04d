"""Every query of the inventory (清单查询); read-only reads of other rooms' tables live here."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select, true, union
from sqlalchemy.orm import Session

from shuangtan.accounts.models import VERIFIED_STATES, ActivityReport, Entity, ReportLine
from shuangtan.city.models import City, County

from .models import (
    ActivityEntry,
    EconomicStatistic,
    EnergyBalanceEntry,
    FleetEntry,
    GenerationEntry,
)

__all__ = ["city_and_counties", "process_emissions", "years_with_data"]

_DATASETS = (EnergyBalanceEntry, EconomicStatistic, FleetEntry, GenerationEntry, ActivityEntry)


def city_and_counties(session: Session) -> tuple[str, list[str]]:
    """The city's code and its counties' codes (one database serves one city).

    Kept in ``session.info`` once found: the configuration does not change within a request.
    """
    cached = session.info.get("inventory.city_and_counties")
    if cached is not None:
        return cached[0], list(cached[1])
    city_code = session.scalars(select(City.code).order_by(City.code)).first() or ""
    counties = list(
        session.scalars(
            select(County.code).where(County.city_code == city_code).order_by(County.code)
        )
    )
    if city_code and counties:
        session.info["inventory.city_and_counties"] = (city_code, tuple(counties))
    return city_code, counties


def years_with_data(session: Session, *, county_code: str | None = None) -> list[int]:
    """Distinct years with any entered row (of ``county_code`` only, when given)."""
    selects = []
    for table in _DATASETS:
        statement = select(table.year)
        if county_code is not None:
            statement = statement.where(table.area_code == county_code)
        selects.append(statement)
    return sorted(int(y) for y in session.scalars(union(*selects)))


def process_emissions(
    session: Session, *, year: int, county_codes: list[str], month: int | None = None
) -> tuple[Decimal, int]:
    """tCO2e of the industrial-process and non-CO2 lines of verified entity reports.

    Read-only query of the accounts room's tables (docs/architecture.md, cross-room reads):
    the lines of reports in a verified state of entities in ``county_codes``; also the number of
    lines, so that "no line" can be told from "zero".
    """
    row = session.execute(
        select(func.sum(ReportLine.tco2e), func.count(ReportLine.id))
        .join(ActivityReport, ActivityReport.id == ReportLine.report_id)
        .join(Entity, Entity.id == ActivityReport.entity_id)
        .where(
            ActivityReport.year == year,
            ActivityReport.status.in_([s.value for s in VERIFIED_STATES]),
            ReportLine.activity.in_(("process", "non_co2")),
            Entity.county_code.in_(county_codes),
            ActivityReport.month == month if month is not None else true(),
        )
    ).one()
    return Decimal(row[0] or 0), int(row[1] or 0)
