"""Web pages of plan targets: the officials' indicator lights with entry forms and charts
(``/targets/{year}``), the county dual-control page (``/targets/{year}/counties``) and the
public progress page (``/progress/{year}``). Thin: the rules are in :mod:`service`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shuangtan.auth.deps import CurrentPrincipal, OptionalPrincipal
from shuangtan.auth.principal import Principal
from shuangtan.city.targets import attachments, service
from shuangtan.city.targets.areas import AREAS
from shuangtan.city.targets.charts import STATUS_COLOURS
from shuangtan.city.targets.models import COUNTY_TARGET_KINDS, TargetPublication
from shuangtan.db import DbSession
from shuangtan.errors import DomainError
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository
from shuangtan.web.csrf import CsrfProtected
from shuangtan.web.forms import submit
from shuangtan.web.i18n import is_chinese, request_locale
from shuangtan.web.templating import gettext, render
from shuangtan.web.units import unit_label

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
public_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
"""The pages of this room that answer without login."""


def _(message: str) -> str:
    """Mark a message id for the catalogue; :func:`gettext` translates it per request."""
    return message


STATUS_LABELS = {
    "on_track": _("On track"),
    "at_risk": _("At risk"),
    "off_track": _("Off track"),
    "not_assessed": _("Not assessed"),
}
REASON_LABELS = {
    "no_target": _("No target yet"),
    "no_value": _("No value for this year"),
    "no_direction": _("Reference figure"),
    "insufficient_data": _("Insufficient data for a forecast"),
    "milestone_pending": _("Milestone due in the target year"),
}
KIND_LABELS = {
    "energy_intensity_reduction": _("Energy-intensity reduction"),
    "energy_total_cap": _("Energy consumption cap"),
    "carbon_intensity_reduction": _("Carbon-intensity reduction"),
    "carbon_total_cap": _("CO2 emissions cap"),
}


def _path_chart(request: Request, row: service.IndicatorProgress, years: list[int]) -> Any:
    """ECharts option: the values (bars) against the straight path (line)."""
    locale = request_locale(request)
    zh = locale == "zh-CN"
    path = row.path(years)
    if not row.series and all(p is None for p in path):
        return None
    series: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": gettext(request, _("Value")),
            "data": [row.series.get(y) for y in years],
            "itemStyle": {"color": "#7fb89a"},
            "barMaxWidth": 22,
        }
    ]
    if any(p is not None for p in path):
        series.append(
            {
                "type": "line",
                "name": gettext(request, _("Path to the target")),
                "data": path,
                "itemStyle": {"color": "#14513a"},
                "symbol": "none",
            }
        )
    return {
        "animation": False,
        "title": {
            "text": f"{row.name_zh if zh else row.name_en} ({unit_label(row.unit, locale)})",
            "textStyle": {"fontSize": 12},
        },
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0, "textStyle": {"fontSize": 10}},
        "grid": {"left": 50, "right": 12, "top": 34, "bottom": 44},
        "xAxis": {"type": "category", "data": [str(y) for y in years]},
        "yAxis": {"type": "value"},
        "series": series,
    }


def _publication(session: DbSession, year: int) -> TargetPublication | None:
    return session.get(TargetPublication, year)


def _targets_context(
    request: Request, session: DbSession, principal: Principal, year: int
) -> dict[str, Any]:
    data = service.progress(session=session, actor=principal, year=year)
    offered = service.offered_years(session=session)
    years = list(range(data.base_year, max(offered[-1], year) + 1))
    groups = []
    for area in AREAS:
        rows = [r for r in data.indicators if r.area_key == area.key]
        if rows:
            groups.append((area, rows))
    charts = [
        (r, chart)
        for r in data.indicators
        if r.series and (chart := _path_chart(request, r, years)) is not None
    ]
    can_write = principal.scope.whole_city
    return {
        "year": year,
        "years": sorted({*offered, year}),
        "data": data,
        "groups": groups,
        "charts": charts,
        "colours": STATUS_COLOURS,
        "status_labels": STATUS_LABELS,
        "reason_labels": REASON_LABELS,
        "zh": is_chinese(request),
        "can_write": can_write,
        "publication": _publication(session, year),
        "max_bytes": attachments.MAX_BYTES,
        "notes": {
            k: service.evaluation_note(session=session, year=year, kind=k)
            for k in ("annual", "midterm", "final")
        },
    }


@router.get("/targets")
def targets_home(session: DbSession) -> Response:
    """The latest year with data (its progress so far)."""
    return RedirectResponse(f"/targets/{service.latest_year(session=session)}", status_code=303)


@router.get("/targets/{year}")
def targets_page(
    request: Request, year: int, session: DbSession, principal: CurrentPrincipal
) -> HTMLResponse:
    context = _targets_context(request, session, principal, check_year(year))
    return render(request, "targets/targets.html", context, principal=principal)


def _refused(
    request: Request,
    session: DbSession,
    principal: Principal,
    year: int,
    anchor: str | None = None,
) -> Callable[[DomainError], Response]:
    """The targets page again with the refused form's error (after :func:`submit` rolled back)."""

    def page(error: DomainError) -> Response:
        context = _targets_context(request, session, principal, year)
        context.update(error=error, error_anchor=anchor)
        return render(
            request, "targets/targets.html", context, principal=principal, status_code=error.status
        )

    return page


@router.post("/targets/{year}/indicators/{indicator_id}/value")
def enter_value_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    year: int,
    indicator_id: str,
    value: Annotated[str, Form()],
    source_note: Annotated[str, Form()] = "",
    attachment: Annotated[UploadFile | None, File()] = None,
    _csrf: None = CsrfProtected,
) -> Response:
    def write() -> Response:
        attachment_id = None
        if attachment is not None and attachment.filename:
            content = attachment.file.read(attachments.MAX_BYTES + 1)
            stored = service.store_attachment(
                session=session, actor=principal, filename=attachment.filename, content=content
            )
            attachment_id = stored.id
        service.enter_value(
            session=session,
            actor=principal,
            indicator_id=indicator_id,
            year=year,
            value=value.strip(),
            source_note=source_note,
            attachment_id=attachment_id,
        )
        return RedirectResponse(f"/targets/{year}#ind-{indicator_id}", status_code=303)

    return submit(
        session, write=write, refused=_refused(request, session, principal, year, indicator_id)
    )


@router.post("/targets/{year}/indicators/{indicator_id}/setting")
def set_indicator_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    year: int,
    indicator_id: str,
    source_note: Annotated[str, Form()] = "",
    target_value: Annotated[str, Form()] = "",
    reduction_pct: Annotated[str, Form()] = "",
    responsible_department: Annotated[str, Form()] = "",
    _csrf: None = CsrfProtected,
) -> Response:
    def write() -> Response:
        service.set_indicator(
            session=session,
            actor=principal,
            indicator_id=indicator_id,
            source_note=source_note,
            target_value=target_value.strip() or None,
            reduction_pct=reduction_pct.strip() or None,
            responsible_department=responsible_department,
        )
        return RedirectResponse(f"/targets/{year}#ind-{indicator_id}", status_code=303)

    return submit(
        session, write=write, refused=_refused(request, session, principal, year, indicator_id)
    )


@router.post("/targets/{year}/publication")
def publish_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    year: int,
    published: Annotated[str, Form()] = "1",
    _csrf: None = CsrfProtected,
) -> Response:
    def write() -> Response:
        service.publish(session=session, actor=principal, year=year, published=published == "1")
        return RedirectResponse(f"/targets/{year}", status_code=303)

    return submit(session, write=write, refused=_refused(request, session, principal, year))


@router.post("/targets/{year}/notes/{kind}")
def save_note_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    year: int,
    kind: str,
    problems: Annotated[str, Form()] = "",
    next_steps: Annotated[str, Form()] = "",
    _csrf: None = CsrfProtected,
) -> Response:
    def write() -> Response:
        service.save_note(
            session=session,
            actor=principal,
            year=year,
            kind=kind,
            problems=problems,
            next_steps=next_steps,
        )
        return RedirectResponse(f"/targets/{year}#reports", status_code=303)

    return submit(session, write=write, refused=_refused(request, session, principal, year))


# --------------------------------------------------------------------------------- counties


def _county_chart(
    request: Request, rows: list[service.CountyProgress], names: dict[str, str]
) -> Any:
    reductions = [r for r in rows if r.kind.endswith("_reduction")]
    if not reductions:
        return None
    counties = sorted({r.county_code for r in reductions})

    def values(kind: str, field: str) -> list[float | None]:
        out: list[float | None] = []
        for county in counties:
            match = [r for r in reductions if r.county_code == county and r.kind == kind]
            out.append(getattr(match[0].assessment, field) if match else None)
        return out

    series: list[dict[str, Any]] = []
    for kind, colour in (
        ("energy_intensity_reduction", "#2e7d4f"),
        ("carbon_intensity_reduction", "#1f5f8b"),
    ):
        label = gettext(request, KIND_LABELS[kind])
        series.append(
            {
                "type": "bar",
                "name": label,
                "data": values(kind, "actual"),
                "itemStyle": {"color": colour},
                "barMaxWidth": 36,
            }
        )
        series.append(
            {
                "type": "scatter",
                "name": label + " · " + gettext(request, _("Path")),
                "data": values(kind, "expected"),
                "symbol": "diamond",
                "symbolSize": 10,
                "itemStyle": {"color": "#c0392b"},
            }
        )
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "textStyle": {"fontSize": 11}},
        "grid": {"left": 50, "right": 16, "top": 56, "bottom": 30},
        "xAxis": {"type": "category", "data": [names.get(c, c) for c in counties]},
        "yAxis": {"type": "value", "name": "%"},
        "series": series,
    }


def _county_names(request: Request, counties: dict[str, Any]) -> dict[str, str]:
    """County code → its name in the page's language."""
    zh = is_chinese(request)
    return {code: c.name_zh if zh else c.name_en for code, c in counties.items()}


def _counties_context(
    request: Request, session: DbSession, principal: Principal, year: int
) -> dict[str, Any]:
    rows = service.county_progress(session=session, actor=principal, year=year)
    table: dict[str, dict[str, service.CountyProgress]] = {}
    for r in rows:
        table.setdefault(r.county_code, {})[r.kind] = r
    counties = place_repository.counties(session)
    can_write = principal.scope.whole_city
    return {
        "year": year,
        "years": sorted({*service.offered_years(session=session), year}),
        "table": table,
        "counties": counties,
        "kinds": COUNTY_TARGET_KINDS,
        "kind_labels": KIND_LABELS,
        "colours": STATUS_COLOURS,
        "status_labels": STATUS_LABELS,
        "chart": _county_chart(request, rows, _county_names(request, counties)),
        "can_write": can_write,
        "zh": is_chinese(request),
    }


@router.get("/targets/{year}/counties")
def counties_page(
    request: Request, year: int, session: DbSession, principal: CurrentPrincipal
) -> HTMLResponse:
    context = _counties_context(request, session, principal, check_year(year))
    return render(request, "targets/counties.html", context, principal=principal)


@router.post("/targets/{year}/counties")
def set_county_target_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    year: int,
    county_code: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    target_value: Annotated[str, Form()],
    source_note: Annotated[str, Form()] = "",
    base_year: Annotated[int, Form()] = 2020,
    target_year: Annotated[int, Form()] = 2025,
    _csrf: None = CsrfProtected,
) -> Response:
    def write() -> Response:
        service.set_county_target(
            session=session,
            actor=principal,
            county_code=county_code,
            kind=kind,
            target_value=target_value.strip(),
            source_note=source_note,
            base_year=base_year,
            target_year=target_year,
        )
        return RedirectResponse(f"/targets/{year}/counties", status_code=303)

    def refused(error: DomainError) -> Response:
        context = _counties_context(request, session, principal, year)
        context["error"] = error
        return render(
            request, "targets/counties.html", context, principal=principal, status_code=error.status
        )

    return submit(session, write=write, refused=refused)


# ----------------------------------------------------------------------------------- public


@public_router.get("/progress")
def progress_home(session: DbSession) -> Response:
    years = service.published_years(session=session)
    latest = years[-1] if years else service.latest_year(session=session)
    return RedirectResponse(f"/progress/{latest}", status_code=303)


@public_router.get("/progress/{year}")
def public_page(
    request: Request, year: int, session: DbSession, principal: OptionalPrincipal
) -> HTMLResponse:
    row = service.public_progress(session=session, year=year)
    snapshot = row.snapshot
    groups = []
    for area in AREAS:
        rows = [r for r in snapshot["indicators"] if r["area_key"] == area.key]
        if rows:
            groups.append((area, rows))
    context = {
        "year": year,
        "published_at": row.published_at,
        "groups": groups,
        "counts": snapshot.get("counts", {}),
        "counties": snapshot.get("counties", []),
        "county_names": _county_names(request, place_repository.counties(session)),
        "years": service.published_years(session=session),
        "colours": STATUS_COLOURS,
        "status_labels": STATUS_LABELS,
        "kind_labels": KIND_LABELS,
        "zh": is_chinese(request),
    }
    return render(request, "targets/public.html", context, principal=principal)
