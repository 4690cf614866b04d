"""Queries of the city configuration's tables (城市配置查询): one place for every room.

One database serves one city (``Settings.city``); its counties and industries are few and read
often, so :func:`city_and_counties` keeps the codes in ``session.info`` once found.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.place.models import City, County, Indicator, Industry

__all__ = [
    "city",
    "city_and_counties",
    "counties",
    "county",
    "indicators",
    "industries",
    "industry",
]

_CACHE_KEY = "place.city_and_counties"


def city(session: Session) -> City | None:
    """The configured city (one database serves one city)."""
    return session.execute(select(City).order_by(City.code)).scalars().first()


def city_and_counties(session: Session) -> tuple[str, list[str]]:
    """The city's code and its counties' codes, by code.

    Kept in ``session.info`` once found: the configuration does not change within a request.
    """
    cached = session.info.get(_CACHE_KEY)
    if cached is not None:
        return cached[0], list(cached[1])
    city_code = session.scalars(select(City.code).order_by(City.code)).first() or ""
    codes = list(
        session.scalars(
            select(County.code).where(County.city_code == city_code).order_by(County.code)
        )
    )
    if city_code and codes:
        session.info[_CACHE_KEY] = (city_code, tuple(codes))
    return city_code, codes


def counties(session: Session) -> dict[str, County]:
    """The configured counties by code, in code order."""
    return {c.code: c for c in session.scalars(select(County).order_by(County.code))}


def county(session: Session, code: str) -> County | None:
    """The county-level division with ``code``, or ``None``."""
    return session.get(County, code)


def industries(session: Session, codes: Iterable[str] | None = None) -> dict[str, Industry]:
    """The configured industries (or those of ``codes``) by code, in code order."""
    statement = select(Industry).order_by(Industry.code)
    if codes is not None:
        statement = statement.where(Industry.code.in_(list(codes)))
    return {i.code: i for i in session.scalars(statement)}


def industry(session: Session, code: str) -> Industry | None:
    """The industry with GB/T 4754 ``code``, or ``None``."""
    return session.get(Industry, code)


def indicators(session: Session) -> dict[str, Indicator]:
    """The plan's indicators by id."""
    return {i.id: i for i in session.scalars(select(Indicator).order_by(Indicator.id))}
