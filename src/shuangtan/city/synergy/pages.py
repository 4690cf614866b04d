"""Web pages of the synergy index (officials): the year's ranking with charts, a county's
drill-down, the input form and the weights form. Thin: every rule is in the service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shuangtan.auth.deps import CurrentPrincipal
from shuangtan.auth.principal import Principal
from shuangtan.city.synergy import repository, service, views
from shuangtan.city.synergy.definition import Definition, versions
from shuangtan.db import DbSession
from shuangtan.errors import DomainError
from shuangtan.kit.beijing import app_today
from shuangtan.kit.params import check_year
from shuangtan.web.csrf import CsrfProtected
from shuangtan.web.forms import submit
from shuangtan.web.i18n import is_chinese
from shuangtan.web.templating import gettext, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

BAND_COLOURS = (
    "#7f1d1d",
    "#b3261e",
    "#d9480f",
    "#e07b00",
    "#d4a106",
    "#a3b18a",
    "#6a994e",
    "#4c9a2a",
    "#1b7a4a",
    "#0a5a46",
)
"""Colours of the ten D classes: red (imbalance) to dark green (quality coordination)."""
DIMENSION_IDS = ("economy", "pollutants", "energy", "carbon")


def _(message: str) -> str:
    """Mark a message id for the catalogue; :func:`gettext` translates it per request."""
    return message


def _name(zh: bool, item: Any) -> str:
    return str(item.name_zh if zh else item.name_en)


def _band_colour(spec: Definition | None, band_zh: str) -> str:
    if spec is None:
        return BAND_COLOURS[0]
    names = [b.name_zh for b in spec.bands]
    return BAND_COLOURS[names.index(band_zh)] if band_zh in names else BAND_COLOURS[0]


def _is_city(principal: Principal) -> bool:
    return principal.scope.whole_city


def _default_year(request: Request) -> int:
    """The year before today in Beijing, by the app's clock (the latest year a synergy index can
    cover in full)."""
    return app_today(request).year - 1


def _page(
    request: Request,
    session: Any,
    template: str,
    context: dict[str, Any],
    principal: Principal,
    status_code: int = 200,
) -> Response:
    """Render with the years offered by the sub-navigation (those with data, and this one)."""
    years = set(repository.years_with_data(session)) | {int(context["year"])}
    context = {**context, "years": sorted(years)}
    return render(request, template, context, principal=principal, status_code=status_code)


@router.get("/synergy")
def index_page(request: Request, principal: CurrentPrincipal, session: DbSession) -> Response:
    service.readable_counties(session=session, actor=principal)  # officials only
    default = _default_year(request)
    years = [y for y in range(default + 1, 1999, -1) if repository.latest_run(session, y)]
    return RedirectResponse(f"/synergy/{years[0] if years else default}", status_code=303)


def _weights_context(request: Request, session: Any, principal: Principal) -> dict[str, Any]:
    spec = service.definition()
    return {
        "year": _default_year(request),
        "spec": spec,
        "sets": service.weight_sets(session=session, actor=principal),
        "zh": is_chinese(request),
        "can_write": _is_city(principal),
        "indicator_names": {i.id: _name(is_chinese(request), i) for i in spec.indicators},
        "latest": repository.latest_run(session, _default_year(request), spec.version),
    }


@router.get("/synergy/weights")
def weights_page(request: Request, session: DbSession, principal: CurrentPrincipal) -> Response:
    context = _weights_context(request, session, principal)
    return _page(request, session, "synergy/weights.html", context, principal)


@router.post("/synergy/weights")
async def weights_submit(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    name: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    _csrf: None = CsrfProtected,
) -> Response:
    form = await request.form()
    spec = service.definition()
    weights = {i: str(form.get(f"w_{i}", "")).strip() or "0" for i in spec.indicator_ids}

    def write() -> Response:
        service.create_weight_set(
            session=session, actor=principal, name=name, weights=weights, note=note
        )
        return RedirectResponse("/synergy/weights?saved=1", status_code=303)

    def refused(error: DomainError) -> Response:
        context = _weights_context(request, session, principal)
        context.update(error=error, entered=weights, name=name, note=note)
        return _page(request, session, "synergy/weights.html", context, principal, error.status)

    return submit(session, write=write, refused=refused)


@router.get("/synergy/definitions/{version}")
def definition_page(
    request: Request, version: str, session: DbSession, principal: CurrentPrincipal
) -> Response:
    service.readable_counties(session=session, actor=principal)  # officials only
    spec = service.definition(None if version == "latest" else version)
    context = {
        "spec": spec,
        "zh": is_chinese(request),
        "year": _default_year(request),
        "versions": _versions(),
    }
    return _page(request, session, "synergy/definition.html", context, principal)


def _ranking_chart(request: Request, view: views.YearView, zh: bool) -> dict[str, Any]:
    rows = list(reversed(view.scores))
    return {
        "animation": False,
        "title": {
            "text": gettext(request, _("Synergy index by county")),
            "left": "center",
            "textStyle": {"fontSize": 14},
        },
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 90, "right": 50, "top": 40, "bottom": 30},
        "xAxis": {"type": "value", "min": 0, "max": 100, "name": gettext(request, _("points"))},
        "yAxis": {
            "type": "category",
            "data": [_name(zh, view.counties[s.county_code]) for s in rows],
        },
        "series": [
            {
                "type": "bar",
                "name": gettext(request, _("Synergy index")),
                "data": [
                    {
                        "value": round(float(s.index_value), 1),
                        "itemStyle": {"color": _band_colour(view.definition, s.band_zh)},
                    }
                    for s in rows
                ],
                "label": {"show": True, "position": "right", "formatter": "{c}"},
                "barMaxWidth": 28,
            }
        ],
    }


def _quadrant_chart(request: Request, view: views.YearView, zh: bool) -> dict[str, Any]:
    points = [
        {
            "name": _name(zh, view.counties[s.county_code]),
            "value": [float(s.u1), float(s.u2), float(s.coordination_d)],
            "itemStyle": {"color": _band_colour(view.definition, s.band_zh)},
        }
        for s in view.scores
    ]
    line = {"type": "dashed", "color": "#999"}
    return {
        "animation": False,
        "title": {
            "text": gettext(request, _("Pollution reduction U1 and carbon reduction U2")),
            "left": "center",
            "textStyle": {"fontSize": 14},
        },
        "tooltip": {"trigger": "item"},
        "grid": {"left": 60, "right": 30, "top": 40, "bottom": 50},
        "xAxis": {
            "type": "value",
            "min": 0,
            "max": 1,
            "name": "U1",
            "nameLocation": "middle",
            "nameGap": 28,
        },
        "yAxis": {"type": "value", "min": 0, "max": 1, "name": "U2"},
        "series": [
            {
                "type": "scatter",
                "symbolSize": 14,
                "data": points,
                "label": {"show": True, "position": "right", "formatter": "{b}"},
                "markLine": {
                    "silent": True,
                    "symbol": "none",
                    "lineStyle": line,
                    "data": [{"xAxis": 0.5}, {"yAxis": 0.5}],
                },
            }
        ],
    }


def _version(version: str | None) -> str | None:
    """The definition version a page was asked for; an unknown one is a 404 problem."""
    return service.definition(version).version if version else None


def _versions() -> list[Definition]:
    """Every shipped definition, newest first (the version choices of the pages)."""
    return [service.definition(v) for v in reversed(versions())]


@router.get("/synergy/{year}")
def year_page(
    request: Request,
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    version: str | None = None,
) -> Response:
    asked = _version(version)
    view = views.year_view(session=session, actor=principal, year=year, version=asked)
    zh = is_chinese(request)
    context = {
        "year": year,
        "view": view,
        "asked": asked,
        "versions": _versions(),
        "spec": view.definition or service.definition(asked),
        "zh": zh,
        "can_compute": _is_city(principal),
        "weight_sets": service.weight_sets(session=session, actor=principal),
        "ranking_chart": _ranking_chart(request, view, zh) if view.scores else None,
        "quadrant_chart": _quadrant_chart(request, view, zh) if view.scores else None,
        "colours": {s.county_code: _band_colour(view.definition, s.band_zh) for s in view.scores},
        "computed": request.query_params.get("computed") == "1",
    }
    return _page(request, session, "synergy/year.html", context, principal)


@router.post("/synergy/{year}/compute")
def compute_submit(
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    weighting: Annotated[str, Form()] = "entropy",
    version: Annotated[str | None, Form(max_length=16)] = None,
    _csrf: None = CsrfProtected,
) -> Response:
    weight_set_id = int(weighting) if weighting.isdigit() else None
    run = service.compute_year(
        session=session,
        actor=principal,
        year=year,
        version=None if weight_set_id else version or None,  # a weight set names its version
        weight_set_id=weight_set_id,
    )
    url = f"/synergy/{year}?version={run.definition_version}&computed=1"
    return RedirectResponse(url, status_code=303)


def _inputs_context(
    request: Request, session: Any, principal: Principal, year: int, county_code: str | None
) -> dict[str, Any]:
    counties = service.readable_counties(session=session, actor=principal)
    codes = [c.code for c in counties]
    chosen = county_code if county_code in codes else (codes[0] if codes else None)
    rows = (
        {
            r.indicator_id: r
            for r in service.inputs(session=session, actor=principal, year=year, county_code=chosen)
        }
        if chosen
        else {}
    )
    return {
        "year": year,
        "spec": service.definition(),
        "counties": counties,
        "county_code": chosen,
        "rows": rows,
        "zh": is_chinese(request),
        "saved": request.query_params.get("saved"),
    }


@router.get("/synergy/{year}/inputs")
def inputs_page(
    request: Request,
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    county_code: str | None = None,
) -> Response:
    check_year(year)
    context = _inputs_context(request, session, principal, year, county_code)
    return _page(request, session, "synergy/inputs.html", context, principal)


@router.post("/synergy/{year}/inputs")
async def inputs_submit(
    request: Request,
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    county_code: Annotated[str, Form()],
    _csrf: None = CsrfProtected,
) -> Response:
    form = await request.form()
    spec = service.definition()
    values = {
        i: (str(form.get(f"v_{i}", "")).strip(), str(form.get(f"s_{i}", "")).strip())
        for i in spec.indicator_ids
        if str(form.get(f"v_{i}", "")).strip()
    }

    def write() -> Response:
        service.enter_inputs(
            session=session, actor=principal, year=year, county_code=county_code, values=values
        )
        url = f"/synergy/{year}/inputs?county_code={county_code}&saved={len(values)}"
        return RedirectResponse(url, status_code=303)

    def refused(error: DomainError) -> Response:
        context = _inputs_context(request, session, principal, year, county_code)
        context.update(error=error, entered=dict(values))
        return _page(request, session, "synergy/inputs.html", context, principal, error.status)

    return submit(session, write=write, refused=refused)


@router.post("/synergy/{year}/inputs/from-inventory")
def inputs_from_inventory(
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    county_code: Annotated[str, Form()],
    _csrf: None = CsrfProtected,
) -> Response:
    stored, _skipped = service.refresh_from_inventory(
        session=session, actor=principal, year=year, county_code=county_code
    )
    url = f"/synergy/{year}/inputs?county_code={county_code}&saved={len(stored)}"
    return RedirectResponse(url, status_code=303)


def _contribution_chart(
    request: Request, detail: views.CountyDetail, names: dict[str, str]
) -> dict[str, Any]:
    assert detail.score is not None
    rows = list(reversed(detail.score.detail))
    return {
        "animation": False,
        "title": {
            "text": gettext(request, _("Contribution of each indicator (points)")),
            "left": "center",
            "textStyle": {"fontSize": 14},
        },
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 10, "right": 50, "top": 40, "bottom": 30, "containLabel": True},
        "xAxis": {"type": "value", "name": gettext(request, _("points"))},
        "yAxis": {"type": "category", "data": [names[r["indicator_id"]] for r in rows]},
        "series": [
            {
                "type": "bar",
                "data": [round(r["contribution"], 2) for r in rows],
                "itemStyle": {"color": "#0f7b5f"},
                "label": {"show": True, "position": "right", "formatter": "{c}"},
            }
        ],
    }


def _radar_chart(request: Request, detail: views.CountyDetail, zh: bool) -> dict[str, Any]:
    assert detail.score is not None
    score = detail.score
    return {
        "animation": False,
        "title": {
            "text": gettext(request, _("Dimension sub-scores")),
            "left": "center",
            "textStyle": {"fontSize": 14},
        },
        "tooltip": {},
        "radar": {
            "indicator": [{"name": _name(zh, d), "max": 100} for d in detail.definition.dimensions],
            "radius": "62%",
        },
        "series": [
            {
                "type": "radar",
                "areaStyle": {"opacity": 0.25},
                "itemStyle": {"color": "#0f7b5f"},
                "data": [
                    {
                        "name": _name(zh, detail.county),
                        "value": [float(getattr(score, d)) for d in DIMENSION_IDS],
                    }
                ],
            }
        ],
    }


@router.get("/synergy/{year}/{county_code}")
def county_page(
    request: Request,
    year: int,
    county_code: str,
    session: DbSession,
    principal: CurrentPrincipal,
    version: str | None = None,
) -> Response:
    detail = views.county_detail(
        session=session,
        actor=principal,
        year=year,
        county_code=county_code,
        version=_version(version),
    )
    trend = (
        views.county_trend(
            session=session,
            actor=principal,
            county_code=county_code,
            version=detail.run.definition_version,
        )
        if detail.run
        else []
    )
    zh = is_chinese(request)
    spec = detail.definition
    names = {i.id: _name(zh, i) for i in spec.indicators}
    context = {
        "year": year,
        "detail": detail,
        "spec": spec,
        "zh": zh,
        "names": names,
        "indicators": {i.id: i for i in spec.indicators},
        "dimension_names": {d.id: _name(zh, d) for d in spec.dimensions},
        "colour": _band_colour(spec, detail.score.band_zh) if detail.score else None,
        "contribution_chart": _contribution_chart(request, detail, names) if detail.score else None,
        "radar_chart": _radar_chart(request, detail, zh) if detail.score else None,
        "trend": trend,
        "versions": _versions(),
    }
    return _page(request, session, "synergy/county.html", context, principal)
