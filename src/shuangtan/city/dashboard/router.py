"""``/api/v1/dashboard``: public aggregates (no login, rate-limited) and the officials' view."""

from __future__ import annotations

from enum import Enum

from fastapi import APIRouter, Depends

from shuangtan.auth.deps import Officials
from shuangtan.city.dashboard import service
from shuangtan.city.dashboard.disclosure import DisclosureRules
from shuangtan.city.dashboard.schemas import (
    CountyRead,
    OfficialIndustryRead,
    OverviewRead,
    PublicIndustryRead,
)
from shuangtan.db import DbSession
from shuangtan.kit.params import Year
from shuangtan.ratelimit import public_tool_limit

__all__ = ["public_router", "router"]

TAGS: list[str | Enum] = ["dashboard 驾驶舱"]
router = APIRouter(prefix="/dashboard", tags=TAGS)
public_router = APIRouter(
    prefix="/dashboard/public", tags=TAGS, dependencies=[Depends(public_tool_limit)]
)


@public_router.get("/{year}", summary="公开驾驶舱 · public overview")
def public_overview(year: Year, session: DbSession, rules: DisclosureRules) -> OverviewRead:
    """The city's aggregates of a year, protected (threshold, dominance, p %, complements)."""
    view = service.public_overview(session=session, year=year, rules=rules)
    return OverviewRead.model_validate(view)


@public_router.get("/{year}/counties/{county_code}", summary="公开区县")
def public_county(
    year: Year, county_code: str, session: DbSession, rules: DisclosureRules
) -> CountyRead:
    """One county's aggregates by industry (protected)."""
    view = service.public_county_view(
        session=session, year=year, county_code=county_code, rules=rules
    )
    return CountyRead.model_validate(view)


@public_router.get(
    "/{year}/counties/{county_code}/industries/{industry}",
    summary="公开区县行业 · public county × industry",
)
def public_industry(
    year: Year, county_code: str, industry: str, session: DbSession, rules: DisclosureRules
) -> PublicIndustryRead:
    """One county × industry aggregate and its trend (protected; never an entity)."""
    view = service.public_industry_view(
        session=session, year=year, county_code=county_code, key=industry, rules=rules
    )
    return PublicIndustryRead.model_validate(view)


@router.get("/{year}", summary="驾驶舱 · officials' overview")
def overview(
    year: Year, actor: Officials, session: DbSession, rules: DisclosureRules
) -> OverviewRead:
    """The city of a year: full for city officials; a county official's other counties protected."""
    view = service.official_overview(session=session, actor=actor, year=year, rules=rules)
    return OverviewRead.model_validate(view)


@router.get("/{year}/counties/{county_code}", summary="区县驾驶舱")
def county(
    year: Year, county_code: str, actor: Officials, session: DbSession, rules: DisclosureRules
) -> CountyRead:
    """One county by industry (full within the official's scope)."""
    view = service.official_county_view(
        session=session, actor=actor, year=year, county_code=county_code, rules=rules
    )
    return CountyRead.model_validate(view)


@router.get(
    "/{year}/counties/{county_code}/industries/{industry}",
    summary="区县行业及企业 · county × industry with entities",
)
def industry(
    year: Year,
    county_code: str,
    industry: str,
    actor: Officials,
    session: DbSession,
    rules: DisclosureRules,
) -> OfficialIndustryRead:
    """One county × industry with its entities (refused outside the official's county)."""
    view = service.official_industry_view(
        session=session, actor=actor, year=year, county_code=county_code, key=industry, rules=rules
    )
    return OfficialIndustryRead.model_validate(view)
