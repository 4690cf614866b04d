"""Every query of the inventory (清单查询); read-only reads of other rooms' tables live here."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from shuangtan.accounts import query as accounts_query

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

    Read through the accounts' query module (:mod:`shuangtan.accounts.query`): the lines of
    reports in a verified state of entities in ``county_codes``; also the number of lines, so
    that "no line" can be told from "zero".
    """
    by_entity = accounts_query.verified_line_totals(
        session,
        year=year,
        activities=("process", "non_co2"),
        county_codes=county_codes,
        month=month,
    )
    total = sum((tco2e for tco2e, _ in by_entity.values()), Decimal(0))
    return total, sum(count for _, count in by_entity.values())
