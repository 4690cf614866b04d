"""Web pages of the city inventory (城市清单页面): the inventory table, the reconciliation,
the entry forms and the Excel upload. Thin: the rules are in the services."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shuangtan.auth.deps import CurrentPrincipal
from shuangtan.auth.principal import Principal
from shuangtan.db import DbSession
from shuangtan.errors import DomainError
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository
from shuangtan.web.csrf import CsrfProtected
from shuangtan.web.forms import submit
from shuangtan.web.i18n import is_chinese
from shuangtan.web.templating import gettext, render
from shuangtan.web.units import unit_label

from . import entries, excel, gpc, labels, reading, service
from .catalogue import activity_kinds, carriers
from .excel import SHEETS
from .models import (
    ECONOMIC_ITEMS,
    GENERATION_SOURCES,
    NOTATION_KEYS,
    POWER_TYPES,
    SCHEMES,
    SECTORS,
    VEHICLE_TYPES,
)
from .reconciliation import DEFAULT_THRESHOLD_PCT, reconcile

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

SECTOR_NAMES = {
    "I": ("固定能源", "Stationary energy"),
    "II": ("交通", "Transportation"),
    "III": ("废弃物", "Waste"),
    "IV": ("工业过程和产品使用", "IPPU"),
    "V": ("农业、林业和其他土地利用", "AFOLU"),
    "VI": ("其他范围三", "Other scope 3"),
}
SECTOR_COLOURS = {
    "I": "#0f7b5f",
    "II": "#2f6db3",
    "III": "#9a6a1f",
    "IV": "#7a4fa0",
    "V": "#4c9a2a",
}


def _(message: str) -> str:
    """Mark a message id for the catalogue; :func:`gettext` translates it per request."""
    return message


SECTOR_LABELS = {
    "primary": _("Agriculture, forestry, fishing"),
    "industry": _("Industry sector"),
    "construction": _("Construction"),
    "transport": _("Transport"),
    "services": _("Services"),
    "residential": _("Residential"),
}
SCHEME_LABELS = {
    "carbon_points": _("Residents' carbon points"),
    "ccer": _("CCER offset sold"),
    "other_offset": _("Other offset sold"),
}


def _labels(request: Request) -> dict[str, str]:
    return {k: gettext(request, v) for k, v in (SECTOR_LABELS | SCHEME_LABELS).items()}


def _choices(zh: bool) -> dict[str, list[tuple[str, str]]]:
    """Options of the entry form's selects: (value, label)."""

    def named(field: str, values: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
        return [(v, labels.code_name(field, v, zh)) for v in values]

    fuels = [(k, c.name_zh if zh else c.name_en) for k, c in carriers().items()]
    return {
        "sector": named("sector", SECTORS),
        "carrier": fuels,
        "source": named("source", GENERATION_SOURCES),
        "item": named("item", ECONOMIC_ITEMS),
        "vehicle_type": named("vehicle_type", VEHICLE_TYPES),
        "power": named("power", POWER_TYPES),
        "activity": [
            (k, f"{a.name_zh if zh else a.name_en} [{unit_label(a.unit, 'zh-CN' if zh else 'en')}]")
            for k, a in activity_kinds().items()
        ],
        "notation_key": named("notation_key", NOTATION_KEYS),
        "scheme": named("scheme", SCHEMES),
        "fuel_carrier": [
            ("", "—"),
            *(f for f in fuels if carriers()[f[0]].activity == "fuel_combustion"),
        ],
    }


def _chart(request: Request, inventory: gpc.Inventory, zh: bool) -> dict[str, Any]:
    by_sector = inventory.by_sector()
    keys = [k for k in ("I", "II", "III", "IV", "V") if k in by_sector]
    names = [SECTOR_NAMES[k][0 if zh else 1] for k in keys]
    sinks = float(inventory.sinks_tco2 or 0) / 10_000
    return {
        "animation": False,
        "title": {
            "text": gettext(request, _("Emissions by GPC sector and sinks (10^4 tCO2e)")),
            "left": "center",
            "textStyle": {"fontSize": 14},
        },
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 70, "right": 20, "top": 40, "bottom": 50},
        "xAxis": {
            "type": "category",
            "data": [*names, gettext(request, _("Sinks"))],
            "axisLabel": {"interval": 0, "width": 90, "overflow": "break"},
        },
        "yAxis": {"type": "value", "name": gettext(request, _("10^4 tCO2e"))},
        "series": [
            {
                "type": "bar",
                "data": [
                    *(
                        {
                            "value": round(float(by_sector[k]) / 10_000, 2),
                            "itemStyle": {"color": SECTOR_COLOURS[k]},
                        }
                        for k in keys
                    ),
                    {"value": -round(sinks, 2), "itemStyle": {"color": "#1f9d55"}},
                ],
                "label": {"show": True, "position": "top"},
            }
        ],
    }


def _county_choice(
    session: Any, principal: Principal, county_code: str | None
) -> tuple[list[Any], str | None, bool]:
    counties = reading.readable_counties(session, principal)
    city_wide = len(counties) > 1
    if not city_wide and county_code is None and counties:
        county_code = counties[0].code
    return counties, reading.check_read(session, principal, county_code), city_wide


FIRST_YEAR = 2020
"""The plan's base year: the first year the inventory's year links offer."""


def _nav_years(session: Any, year: int, *, entering: bool = False) -> list[int]:
    """The year links: from 2020 to the latest year with data (the year shown included), and
    on the entry page the year after it too, so the next year's statistics can be entered."""
    years = service.years_with_data(session=session)
    last = max([year, *years])
    if entering and years:
        last = max(last, years[-1] + 1)
    return list(range(min(FIRST_YEAR, year), last + 1))


@router.get("/inventory")
def index_page(principal: CurrentPrincipal, session: DbSession) -> Response:
    reading.check_read(session, principal, principal.scope.county_code)
    years = service.years_with_data(session=session)
    year = years[-1] if years else datetime.now(UTC).year - 1
    return RedirectResponse(f"/inventory/{year}", status_code=303)


@router.get("/inventory/{year}")
def inventory_page(
    request: Request,
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    county_code: str | None = None,
    month: str | None = None,
) -> HTMLResponse:
    check_year(year)
    counties, area, city_wide = _county_choice(session, principal, county_code)
    zh = is_chinese(request)
    chosen_month = int(month) if month and month.isdigit() and 1 <= int(month) <= 12 else None
    inventory = gpc.inventory(session=session, year=year, county_code=area, month=chosen_month)
    totals = service.city_totals(session=session, year=year, county_code=area)
    groups: dict[str, list[gpc.Cell]] = defaultdict(list)
    for cell in inventory.cells if inventory else ():
        groups[cell.row.ref.split(".")[0]].append(cell)
    context = {
        "year": year,
        "years": service.years_with_data(session=session, county_code=area),
        "nav_years": _nav_years(session, year),
        "counties": counties,
        "city_wide": city_wide,
        "county_code": area,
        "inventory": inventory,
        "totals": totals,
        "groups": groups,
        "month": chosen_month,
        "sector_names": SECTOR_NAMES,
        "labels": _labels(request),
        "zh": zh,
        "chart": _chart(request, inventory, zh) if inventory else None,
    }
    return render(request, "inventory/inventory.html", context, principal=principal)


def _threshold(raw: str | None) -> Decimal:
    try:
        value = Decimal(raw) if raw else DEFAULT_THRESHOLD_PCT
    except InvalidOperation:
        return DEFAULT_THRESHOLD_PCT
    return value if value.is_finite() and Decimal(0) < value <= 100 else DEFAULT_THRESHOLD_PCT


@router.get("/inventory/{year}/reconciliation")
def reconciliation_page(
    request: Request,
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    county_code: str | None = None,
    threshold_pct: str | None = None,
) -> HTMLResponse:
    check_year(year)
    counties, area, city_wide = _county_choice(session, principal, county_code)
    threshold = _threshold(threshold_pct)
    result = reconcile(session=session, year=year, county_code=area, threshold_pct=threshold)
    zh = is_chinese(request)
    context = {
        "year": year,
        "nav_years": _nav_years(session, year),
        "counties": counties,
        "county_names": {c.code: c.name_zh if zh else c.name_en for c in counties},
        "labels": _labels(request),
        "city_wide": city_wide,
        "county_code": area,
        "result": result,
        "has_meters": any(r.metered_tce is not None for r in result.rows),
        "threshold": threshold,
        "zh": is_chinese(request),
    }
    return render(request, "inventory/reconciliation.html", context, principal=principal)


def _entry_context(
    request: Request,
    session: Any,
    principal: Principal,
    year: int,
    kind: str,
    county_code: str | None,
) -> dict[str, Any]:
    counties, area, city_wide = _county_choice(session, principal, county_code)
    kind = kind if kind in SHEETS else "energy"
    city_code = place_repository.city_and_counties(session)[0]
    rows = reading.list_entries(
        session=session, actor=principal, kind=kind, year=year, county_code=area
    )
    areas = [{"code": city_code, "name": gettext(request, _("Whole city"))}] if city_wide else []
    areas += [
        {"code": c.code, "name": c.name_zh if is_chinese(request) else c.name_en} for c in counties
    ]
    return {
        "year": year,
        "nav_years": _nav_years(session, year, entering=True),
        "kind": kind,
        "kinds": {k: title for k, (title, _cols) in SHEETS.items()},
        "columns": SHEETS[kind][1],
        "choices": _choices(is_chinese(request)),
        "counties": counties,
        "city_wide": city_wide,
        "county_code": area,
        "areas": areas,
        "rows": rows,
        "shown": labels.shown_rows(
            rows[:300],
            [*(c.field for c in SHEETS[kind][1]), "entered_via"],
            {a["code"]: a["name"] for a in areas},
            is_chinese(request),
        ),
        "zh": is_chinese(request),
        "saved": request.query_params.get("saved"),
        "imported": request.query_params.get("imported"),
    }


@router.get("/inventory/{year}/entries")
def entries_page(
    request: Request,
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    kind: str = "energy",
    county_code: str | None = None,
) -> HTMLResponse:
    check_year(year)
    context = _entry_context(request, session, principal, year, kind, county_code)
    return render(request, "inventory/entries.html", context, principal=principal)


@router.post("/inventory/{year}/entries/{kind}")
async def entry_submit(
    request: Request,
    year: int,
    kind: str,
    session: DbSession,
    principal: CurrentPrincipal,
    _csrf: None = CsrfProtected,
) -> Response:
    check_year(year)
    form = await request.form()
    columns = SHEETS[kind][1] if kind in SHEETS else ()
    data = {c.field: str(form.get(c.field, "")).strip() for c in columns}
    data["year"] = str(year)

    def write() -> Response:
        entries.record(session=session, actor=principal, kind=kind, data=data, via="form")
        area = data.get("area_code", "")
        url = f"/inventory/{year}/entries?kind={kind}&county_code={area}&saved=1"
        return RedirectResponse(url, status_code=303)

    def refused(error: DomainError) -> Response:
        area = data.get("area_code") or None
        context = _entry_context(request, session, principal, year, kind, area)
        context.update(error=error, entered=data)
        return render(
            request,
            "inventory/entries.html",
            context,
            principal=principal,
            status_code=error.status,
        )

    return submit(session, write=write, refused=refused)


@router.get("/inventory/{year}/template.xlsx")
def template_download(year: int, principal: CurrentPrincipal, session: DbSession) -> Response:
    reading.check_read(session, principal, principal.scope.county_code)
    del year
    return Response(
        excel.build_template(),
        media_type=excel_media_type(),
        headers={"Content-Disposition": 'attachment; filename="inventory-template.xlsx"'},
    )


def excel_media_type() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("/inventory/{year}/import")
def import_submit(
    request: Request,
    year: int,
    session: DbSession,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File()],
    _csrf: None = CsrfProtected,
) -> Response:
    check_year(year)
    data = file.file.read(excel.MAX_BYTES + 1)

    def write() -> Response:
        result = excel.import_workbook(session=session, actor=principal, data=data)
        url = f"/inventory/{year}/entries?imported={result['rows']}"
        return RedirectResponse(url, status_code=303)

    def refused(error: DomainError) -> Response:
        context = _entry_context(request, session, principal, year, "energy", None)
        context.update(import_error=error)
        return render(
            request,
            "inventory/entries.html",
            context,
            principal=principal,
            status_code=error.status,
        )

    # rows naming another county (403) are the upload's content: shown on the form too
    return submit(session, write=write, refused=refused, passes=(401, 404))
