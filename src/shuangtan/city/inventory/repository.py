"""Every query of the inventory (清单查询); read-only reads of other rooms' tables live here."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select, true, union
from sqlalchemy.orm import Session

from shuangtan.accounts.models import VERIFIED_STATES, ActivityReport, Entity, ReportLine

from .models import (
    ActivityEntry,
    EconomicStatistic,
    EnergyBalanceEntry,
    FleetEntry,
    GenerationEntry,
)

__all__ = ["process_emissions", "years_with_data"]

_DATASETS = (EnergyBalanceEntry, EconomicStatistic, FleetEntry, GenerationEntry, ActivityEntry)


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
