"""The entity list page and its Excel export (排放主体列表). Thin: the list is
:func:`~shuangtan.accounts.entity_list.entity_list`, scoped by the caller like the API's
``GET /api/v1/accounts/entities`` (both need :data:`AccountsReader`)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from shuangtan.accounts import query, service
from shuangtan.accounts.auth import AccountsReader
from shuangtan.accounts.entity_list import (
    EXPORT_LIMIT,
    EntityFilter,
    EntitySort,
    entity_list,
    entity_xlsx,
)
from shuangtan.accounts.periods import period_text
from shuangtan.auth.principal import Principal
from shuangtan.db import DbSession
from shuangtan.kit.beijing import app_today
from shuangtan.kit.params import Pages, check_year
from shuangtan.kit.responses import XLSX, attachment
from shuangtan.place import repository as place_repository
from shuangtan.web.i18n import is_chinese
from shuangtan.web.templating import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

KINDS = ("industrial", "public_building", "transport", "farm")
Text = Annotated[str | None, Query(max_length=64)]
Code = Annotated[str | None, Query(max_length=24)]


def _filter(
    year: int, q: str | None, county: str | None, industry: str | None, kind: str | None, sort: str
) -> EntityFilter:
    return EntityFilter(
        year=check_year(year),
        search=q or None,
        county_code=county or None,
        industry_code=industry or None,
        kind=kind if kind in KINDS else None,
        sort=sort,  # type: ignore[arg-type]
    )


def _year(request: Request, session: Session, principal: Principal, year: int | None) -> int:
    """``year``, or the latest year with a report or account in the caller's scope (this year
    on an empty database)."""
    if year is not None:
        return year
    years = service.data_years(session=session, actor=principal)
    return years[-1] if years else app_today(request).year


@router.get("/accounts/entities")
def entities_page(
    request: Request,
    session: DbSession,
    principal: AccountsReader,
    paging: Pages,
    q: Text = None,
    county: Code = None,
    industry: Code = None,
    kind: Code = None,
    year: int | None = None,
    sort: EntitySort = "id",
) -> HTMLResponse:
    year = _year(request, session, principal, year)
    where = _filter(year, q, county, industry, kind, sort)
    rows, total = entity_list(
        session=session, actor=principal, where=where, offset=paging.offset, limit=paging.limit
    )
    filters = {
        "q": q or "",
        "county": county or "",
        "industry": industry or "",
        "kind": where.kind or "",
        "year": year,
        "sort": sort,
    }
    pages = paging.pages(total)
    # a year whose months are still being verified is labelled with them (2025年1–8月)
    coverage = query.year_coverage(session, year)
    context = {
        "period": period_text(year, coverage.months, zh=is_chinese(request)),
        "rows": rows,
        "counties": list(place_repository.counties(session).values()),
        "industries": list(place_repository.industries(session).values()),
        "kinds": KINDS,
        "filters": filters,
        "query": urlencode(filters),
        "q": q,
        "county": county,
        "year": year,
        "page": paging.page,
        "page_size": paging.page_size,
        "pages": pages,
        "window": paging.window(total),
        "total": total,
    }
    return render(request, "accounts/entities.html", context, principal=principal)


@router.get("/accounts/entities.xlsx", response_class=Response)
def entities_export(
    request: Request,
    session: DbSession,
    principal: AccountsReader,
    q: Text = None,
    county: Code = None,
    industry: Code = None,
    kind: Code = None,
    year: int | None = None,
    sort: EntitySort = "id",
) -> Response:
    """Every listed entity (not one page), as the page lists them."""
    year = _year(request, session, principal, year)
    where = _filter(year, q, county, industry, kind, sort)
    rows, _ = entity_list(
        session=session, actor=principal, where=where, offset=0, limit=EXPORT_LIMIT
    )
    return attachment(
        entity_xlsx(rows, year=where.year),
        XLSX,
        f"排放主体-{where.year}.xlsx",
        ascii_name=f"entities-{where.year}.xlsx",
    )
