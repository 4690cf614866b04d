"""Web pages of the dashboard (驾驶舱): the city, a county, a county × industry, the map script.

``/dashboard`` is one address for everyone: the public sees protected aggregates, officials
their scope in full (see :mod:`~shuangtan.city.dashboard.service`). Thin: rules are in services.
The public's pages are rate-limited like the public tools (``ratelimit.public_tool_limit``) and
their views come from the service's cache; an official's page is neither.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from shuangtan.accounts.query import months_text, period_text
from shuangtan.auth.deps import OptionalPrincipal
from shuangtan.city.dashboard import charts, maps, service
from shuangtan.city.dashboard.disclosure import DisclosureRules
from shuangtan.city.dashboard.errors import DashboardNotFound
from shuangtan.db import DbSession
from shuangtan.place.configuration import CityConfigError
from shuangtan.ratelimit import public_tool_limit
from shuangtan.web.i18n import is_chinese
from shuangtan.web.templating import gettext, render

public_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
"""Every page of this room answers without login (the site's public pages)."""

LINK = "/dashboard"


def _limit_the_public(request: Request, principal: OptionalPrincipal) -> None:
    """Count a public viewer's request against the public tools' per-minute limit."""
    if not service.viewer_of(principal).official:
        public_tool_limit(request)


def _translator(request: Request) -> charts.Translate:
    def translate(message: str) -> str:
        return gettext(request, message)

    return translate


def _map_context(request: Request, view: service.Overview) -> dict[str, Any]:
    config = maps.load_map(request.app.state.settings.city)
    regions = maps.county_regions(config)
    _ = _translator(request)
    metrics = charts.map_metrics(
        view.counties, regions, view.year, _, link=LINK, zh=is_chinese(request)
    )
    first = next(iter(metrics))
    return {
        "map_script": f"/maps/{config.city}.js",
        "map_source": config.source_zh if is_chinese(request) else config.source,
        "map_metrics": metrics,
        "map_metric": first,
        "map_chart": charts.map_chart(config.name, metrics[first], _, config.label_offsets),
        "map_options": {
            key: charts.map_chart(config.name, m, _, config.label_offsets)
            for key, m in metrics.items()
        },
    }


def _period_context(
    year: int, months: tuple[int, ...], trend: list[service.TrendPoint], zh: bool
) -> dict[str, Any]:
    """What the page says of part-years: the year's months and each part-year of the trend."""
    return {
        "period": period_text(year, months, zh=zh),
        "part_year": bool(months) and len(months) < 12,
        "months_text": months_text(months, zh=zh),
        "part_years": [
            {
                "point": p,
                "period": period_text(p.year, p.months, zh=zh),
                "previous": period_text(p.year - 1, p.months, zh=zh),
            }
            for p in trend
            if not p.complete and p.accounts is not None
        ],
    }


@public_router.get("/dashboard")
def dashboard_page(
    request: Request,
    session: DbSession,
    principal: OptionalPrincipal,
    rules: DisclosureRules,
    year: int | None = None,
) -> HTMLResponse:
    _limit_the_public(request, principal)
    year = year or service.default_year(session)
    view = service.overview(session=session, actor=principal, year=year, rules=rules)
    zh = is_chinese(request)
    _ = _translator(request)
    context = {
        "view": view,
        "zh": zh,
        "years": [p.year for p in view.trend],
        **_period_context(view.year, view.months, view.trend, zh),
        "trend_chart": charts.trend_chart(view.trend, _, zh),
        "sectors_chart": charts.sectors_chart(view.sectors_energy_tce, _, zh)
        if view.sectors_energy_tce
        else None,
        "groups_chart": charts.groups_chart(view.groups, zh, _) if view.groups else None,
        "pathway_chart": charts.pathway_chart(
            view.pathways, [] if view.pathways[0].illustrative else view.trend, zh, _
        )
        if view.pathways
        else None,
        **_map_context(request, view),
    }
    return render(request, "dashboard/city.html", context, principal=principal)


@public_router.get("/dashboard/county/{county_code}")
def county_page(
    request: Request,
    county_code: str,
    session: DbSession,
    principal: OptionalPrincipal,
    rules: DisclosureRules,
    year: int | None = None,
) -> HTMLResponse:
    _limit_the_public(request, principal)
    year = year or service.default_year(session)
    view = service.county_view(
        session=session, actor=principal, year=year, county_code=county_code, rules=rules
    )
    zh = is_chinese(request)
    _ = _translator(request)
    context = {
        "view": view,
        "zh": zh,
        "years": [p.year for p in view.trend],
        "official": service.viewer_of(principal).official,
        **_period_context(view.year, view.months, view.trend, zh),
        "trend_chart": charts.trend_chart(view.trend, _, zh),
        "groups_chart": charts.groups_chart(view.groups, zh, _) if view.groups else None,
        "sectors_chart": charts.sectors_chart(view.sectors_energy_tce, _, zh)
        if view.sectors_energy_tce
        else None,
    }
    return render(request, "dashboard/county.html", context, principal=principal)


@public_router.get("/dashboard/county/{county_code}/industry/{industry}")
def industry_page(
    request: Request,
    county_code: str,
    industry: str,
    session: DbSession,
    principal: OptionalPrincipal,
    rules: DisclosureRules,
    year: int | None = None,
) -> HTMLResponse:
    _limit_the_public(request, principal)
    year = year or service.default_year(session)
    view = service.industry_view(
        session=session,
        actor=principal,
        year=year,
        county_code=county_code,
        key=industry,
        rules=rules,
    )
    zh = is_chinese(request)
    context = {
        "view": view,
        "zh": zh,
        "years": view.trend_years,
        "period": period_text(view.year, view.months, zh=zh),
        "trend_periods": [
            period_text(y, m, zh=zh)
            for y, m in zip(view.trend_years, view.trend_months, strict=True)
        ],
        "key": industry,
        "official": service.viewer_of(principal).official,
    }
    return render(request, "dashboard/industry.html", context, principal=principal)


@public_router.get("/maps/{city}.js", response_class=Response)
def map_script(city: str) -> Response:
    """The county map of a configured city as an ECharts ``registerMap`` script (no CDN)."""
    try:
        config = maps.load_map(city)
        script = maps.map_script(config)
    except CityConfigError:
        raise DashboardNotFound(
            f"没有城市 {city} 的地图配置。", f"No map configured for the city {city}."
        ) from None
    return Response(
        script,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400"},
    )
