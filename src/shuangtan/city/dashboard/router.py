"""``/api/v1/dashboard``: public aggregates (no login, rate-limited) and the officials' view."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from shuangtan.auth.deps import Officials
from shuangtan.city.dashboard import service
from shuangtan.city.dashboard.schemas import (
    CountyRead,
    OfficialIndustryRead,
    OverviewRead,
    PublicIndustryRead,
)
from shuangtan.db import DbSession
from shuangtan.ratelimit import public_tool_limit

__all__ = ["public_router", "router"]

TAGS: list[str | Any] = ["dashboard 驾驶舱"]
router = APIRouter(prefix="/dashboard", tags=TAGS)
public_router = APIRouter(
    prefix="/dashboard/public", tags=TAGS, dependencies=[Depends(public_tool_limit)]
)


@public_router.get("/{year}", response_model=OverviewRead, summary="公开驾驶舱 · public overview")
def public_overview(year: int, session: DbSession) -> Any:
    """The city's aggregates of a year; cells of < 3 entities or one > 85 % suppressed."""
    return service.public_overview(session=session, year=year)


@public_router.get("/{year}/counties/{county_code}", response_model=CountyRead, summary="公开区县")
def public_county(year: int, county_code: str, session: DbSession) -> Any:
    """One county's aggregates by industry (protected)."""
    return service.public_county_view(session=session, year=year, county_code=county_code)


@public_router.get(
    "/{year}/counties/{county_code}/industries/{industry}",
    response_model=PublicIndustryRead,
    summary="公开区县行业 · public county × industry",
)
def public_industry(year: int, county_code: str, industry: str, session: DbSession) -> Any:
    """One county × industry aggregate and its trend (protected; never an entity)."""
    return service.public_industry_view(
        session=session, year=year, county_code=county_code, key=industry
    )


@router.get("/{year}", response_model=OverviewRead, summary="驾驶舱 · officials' overview")
def overview(year: int, actor: Officials, session: DbSession) -> Any:
    """The city of a year: full for city officials; a county official's other counties protected."""
    return service.official_overview(session=session, actor=actor, year=year)


@router.get("/{year}/counties/{county_code}", response_model=CountyRead, summary="区县驾驶舱")
def county(year: int, county_code: str, actor: Officials, session: DbSession) -> Any:
    """One county by industry (full within the official's scope)."""
    return service.official_county_view(
        session=session, actor=actor, year=year, county_code=county_code
    )


@router.get(
    "/{year}/counties/{county_code}/industries/{industry}",
    response_model=OfficialIndustryRead,
    summary="区县行业及企业 · county × industry with entities",
)
def industry(
    year: int, county_code: str, industry: str, actor: Officials, session: DbSession
) -> Any:
    """One county × industry with its entities (refused outside the official's county)."""
    return service.official_industry_view(
        session=session, actor=actor, year=year, county_code=county_code, key=industry
    )
