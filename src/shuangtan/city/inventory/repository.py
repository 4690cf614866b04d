"""Every query of the inventory (清单查询); read-only reads of other rooms' tables live here."""

from __future__ import annotations

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from shuangtan.city.models import City, County

from .models import (
    ActivityEntry,
    EconomicStatistic,
    EnergyBalanceEntry,
    FleetEntry,
    GenerationEntry,
)

__all__ = ["city_and_counties", "years_with_data"]

_DATASETS = (EnergyBalanceEntry, EconomicStatistic, FleetEntry, GenerationEntry, ActivityEntry)


def city_and_counties(session: Session) -> tuple[str, list[str]]:
    """The city's code and its counties' codes (one database serves one city)."""
    city_code = session.scalars(select(City.code).order_by(City.code)).first() or ""
    counties = list(
        session.scalars(
            select(County.code).where(County.city_code == city_code).order_by(County.code)
        )
    )
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
