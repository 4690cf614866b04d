"""Web pages of grades: the public grade (QR target), the public disclosure, the officials'
overview of a year and an enterprise's grade view with its QR code. Thin: rules are in services."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

import segno
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shuangtan.auth.deps import CurrentPrincipal, OptionalPrincipal
from shuangtan.db import DbSession
from shuangtan.grading import service
from shuangtan.grading.d_class import DClassSort, d_class_view, d_class_xlsx
from shuangtan.kit.beijing import app_today
from shuangtan.kit.params import Id, check_year
from shuangtan.kit.responses import XLSX, attachment
from shuangtan.place import repository as place_repository
from shuangtan.web.i18n import is_chinese
from shuangtan.web.templating import gettext, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
public_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
"""The pages of this room that answer without login."""

GRADE_COLOURS = {1: "#0a5a46", 2: "#4c9a2a", 3: "#d4a106", 4: "#e07b00", 5: "#b3261e"}
"""Badge colours: 1 dark green … 5 red."""
DISCLOSURE_CHART_TOP = 20


def _(message: str) -> str:
    """Mark a message id for the catalogue; :func:`gettext` translates it per request."""
    return message


def _zh(request: Request) -> bool:
    return is_chinese(request)


@public_router.get("/grades/{public_token}")
def public_grade_page(
    request: Request, public_token: str, session: DbSession, principal: OptionalPrincipal
) -> HTMLResponse:
    grade = service.public_grade(session=session, token=public_token)
    context = {"grade": grade, "colour": GRADE_COLOURS[grade.grade]}
    return render(request, "grading/public_grade.html", context, principal=principal)


def _disclosure_chart(request: Request, rows: list[service.DisclosureRow]) -> dict[str, Any]:
    top = list(reversed(rows[:DISCLOSURE_CHART_TOP]))
    return {
        "animation": False,
        "title": {"text": gettext(request, _("Largest verified emitters")), "left": "center"},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 200, "right": 40, "top": 40, "bottom": 30},
        "xAxis": {"type": "value", "name": "tCO2e"},
        "yAxis": {"type": "category", "data": [r.name for r in top]},
        "series": [
            {
                "type": "bar",
                "name": gettext(request, _("Verified emissions")),
                "data": [float(r.tco2e) for r in top],
                "itemStyle": {"color": "#0f7b5f"},
            }
        ],
    }


@public_router.get("/disclosure")
def disclosure_latest(request: Request, session: DbSession) -> Response:
    """The disclosure of the latest year graded (the menu's link, which never ages)."""
    year = service.latest_year(session, app_today(request))
    return RedirectResponse(f"/disclosure/{year}", status_code=303)


@public_router.get("/disclosure/{year}")
def disclosure_page(
    request: Request, year: int, session: DbSession, principal: OptionalPrincipal
) -> HTMLResponse:
    rows = service.disclosure(session=session, year=year)
    context = {
        "year": year,
        "rows": rows,
        "chart": _disclosure_chart(request, rows) if rows else None,
        "total_tco2e": sum(r.tco2e for r in rows),
        "zh": _zh(request),
    }
    return render(request, "grading/disclosure.html", context, principal=principal)


def _distribution_chart(request: Request, counts: dict[str, list[int]]) -> dict[str, Any]:
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 40},
        "xAxis": {"type": "category", "data": list(counts)},
        "yAxis": {"type": "value", "name": gettext(request, _("Enterprises"))},
        "series": [
            {
                "type": "bar",
                "stack": "grades",
                "name": gettext(request, _("Grade %(n)s"), n=grade),
                "data": [values[grade - 1] for values in counts.values()],
                "itemStyle": {"color": GRADE_COLOURS[grade]},
            }
            for grade in range(1, 6)
        ],
    }


Search = Annotated[str | None, Query(max_length=64)]
Code = Annotated[str | None, Query(max_length=12)]


@router.get("/grading")
def overview_latest(request: Request, session: DbSession, principal: CurrentPrincipal) -> Response:
    """The overview of the latest year graded (the menu's link, which never ages)."""
    service.check_may_see_statistics(principal)
    year = service.latest_year(session, app_today(request))
    return RedirectResponse(f"/grading/{year}", status_code=303)


@router.get("/grading/{year}")
def overview_page(
    request: Request,
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    county_code: Code = None,
    industry: Code = None,
    q: Search = None,
    sort: DClassSort = "county",
) -> HTMLResponse:
    check_year(year)
    county_code = county_code or None
    counts = service.grade_distribution(
        session=session, actor=principal, year=year, county_code=county_code
    )
    view = d_class_view(
        session=session,
        actor=principal,
        year=year,
        county_code=county_code,
        industry_code=industry or None,
        search=q,
        sort=sort,
    )
    filters = {"county_code": county_code or "", "industry": industry or "", "q": q or ""}
    context = {
        "year": year,
        "counts": counts,
        "industries": place_repository.industries(session),
        "chart": _distribution_chart(request, counts) if counts else None,
        "d_list": view.rows,
        "d_view": view,
        "filters": filters,
        "query": urlencode({**filters, "sort": sort}),
        "sort": sort,
        "zh": _zh(request),
        "county_code": county_code,
        "counties": place_repository.counties(session).values()
        if principal.scope.whole_city
        else [],
    }
    return render(request, "grading/overview.html", context, principal=principal)


@router.get("/grading/{year}/d-class.xlsx", response_class=Response)
def d_class_export(
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    county_code: Code = None,
    industry: Code = None,
    q: Search = None,
    sort: DClassSort = "county",
) -> Response:
    """The D-class list as the page lists it (same scope, search, filters and order)."""
    check_year(year)
    view = d_class_view(
        session=session,
        actor=principal,
        year=year,
        county_code=county_code or None,
        industry_code=industry or None,
        search=q,
        sort=sort,
    )
    return attachment(
        d_class_xlsx(view, year=year),
        XLSX,
        f"D类企业名单-{year}.xlsx",
        ascii_name=f"d-class-{year}.xlsx",
    )


@router.get("/grading/entities/{entity_id}/account-grade")
def account_grade_fragment(
    request: Request, entity_id: Id, year: int, session: DbSession, principal: CurrentPrincipal
) -> HTMLResponse:
    """The grade shown on the enterprise's account page (a fragment that page loads)."""
    grade = service.grade_of_year(
        session=session, actor=principal, entity_id=entity_id, year=check_year(year)
    )
    context = {"grade": grade, "entity_id": entity_id}
    return render(request, "grading/_account_grade.html", context, principal=principal)


@router.get("/grading/entities/{entity_id}")
def entity_page(
    request: Request, entity_id: Id, session: DbSession, principal: CurrentPrincipal
) -> HTMLResponse:
    entity, grades = service.entity_grades(session=session, actor=principal, entity_id=entity_id)
    latest = grades[0] if grades else None
    qr_svg = None
    public_url = None
    if latest is not None:
        public_url = str(request.base_url).rstrip("/") + f"/grades/{latest.public_token}"
        qr_svg = segno.make(public_url, error="m").svg_inline(scale=4, dark="#0a5a46")
    context = {
        "entity": entity,
        "grades": grades,
        "latest": latest,
        "colours": GRADE_COLOURS,
        "public_url": public_url,
        "qr_svg": qr_svg,
        "zh": _zh(request),
    }
    return render(request, "grading/entity.html", context, principal=principal)
