"""Queries of plan targets (查询): every read of the targets tables and the indicators."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.city.targets.models import (
    CountyTarget,
    IndicatorSetting,
    IndicatorValue,
    TargetAttachment,
)
from shuangtan.place.models import Indicator

__all__ = [
    "attachment",
    "county_target",
    "county_targets",
    "indicators",
    "settings",
    "value",
    "value_years",
    "values",
]


def indicators(session: Session) -> list[Indicator]:
    """Every plan indicator, in the configuration's order of sections then ids."""
    rows = session.execute(select(Indicator)).scalars().all()
    return sorted(rows, key=lambda i: (i.section, i.id))


def settings(session: Session) -> dict[str, IndicatorSetting]:
    """Officials' target settings by indicator id."""
    return {s.indicator_id: s for s in session.execute(select(IndicatorSetting)).scalars()}


def values(session: Session, *, up_to_year: int) -> Sequence[IndicatorValue]:
    """Entered values of every year up to ``up_to_year``."""
    statement = select(IndicatorValue).where(IndicatorValue.year <= up_to_year)
    return session.execute(statement.order_by(IndicatorValue.year)).scalars().all()


def value_years(session: Session) -> list[int]:
    """The years holding an entered value, ascending."""
    statement = select(IndicatorValue.year).distinct()
    return sorted(int(year) for year in session.scalars(statement))


def value(session: Session, *, indicator_id: str, year: int) -> IndicatorValue | None:
    """The entered value of an indicator in a year, if any."""
    statement = select(IndicatorValue).where(
        IndicatorValue.indicator_id == indicator_id, IndicatorValue.year == year
    )
    return session.execute(statement).scalar_one_or_none()


def attachment(session: Session, attachment_id: int) -> TargetAttachment | None:
    """One attachment."""
    return session.get(TargetAttachment, attachment_id)


def county_targets(session: Session, *, county_code: str | None = None) -> list[CountyTarget]:
    """County targets (of one county, or all), by county, kind and target year."""
    statement = select(CountyTarget)
    if county_code is not None:
        statement = statement.where(CountyTarget.county_code == county_code)
    order = (CountyTarget.county_code, CountyTarget.kind, CountyTarget.target_year)
    return list(session.execute(statement.order_by(*order)).scalars())


def county_target(
    session: Session, *, county_code: str, kind: str, target_year: int
) -> CountyTarget | None:
    """One county target."""
    statement = select(CountyTarget).where(
        CountyTarget.county_code == county_code,
        CountyTarget.kind == kind,
        CountyTarget.target_year == target_year,
    )
    return session.execute(statement).scalar_one_or_none()
