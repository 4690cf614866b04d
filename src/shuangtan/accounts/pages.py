"""Web pages of carbon accounts: the account page, the monthly report form, the verifier queue,
the entity list and overdue reports. Thin: every rule is in the services.

Pages name the API's permission dependencies (``AccountsReader``, ``ReportWriter``) and read
only through the services the API calls (``service.account``,
``service.month_report``, ``service.list_entities``, ``service.annual_accounts``, …), which
scope every read by the principal: a page shows nothing the API would refuse. No page reads a
table itself.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from shuangtan import accounting
from shuangtan.accounts import (
    assignment,
    charts,
    computation,
    deadlines,
    entity_pages,
    query,
    queue_pages,
    recheck,
    service,
    workflow,
)
from shuangtan.accounts.auth import AccountsReader, ReportWriter
from shuangtan.accounts.ets import covered_sector
from shuangtan.accounts.models import VERIFIED_STATES
from shuangtan.accounts.schemas import ReportIn
from shuangtan.auth.deps import CurrentPrincipal
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import DbSession
from shuangtan.errors import DomainError, InvalidInput
from shuangtan.kit.beijing import app_today
from shuangtan.kit.params import Id
from shuangtan.place import repository as place_repository
from shuangtan.web.csrf import CsrfProtected
from shuangtan.web.forms import submit
from shuangtan.web.i18n import N_, is_chinese
from shuangtan.web.lines import line_choices
from shuangtan.web.templating import gettext, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

PAGE_SIZE = 50
ACTION_LABELS = {
    "start_verification": N_("Start verification"),
    "verify": N_("Verify"),
    "return_report": N_("Return with comments"),
    "select_for_recheck": N_("Select for re-check"),
    "confirm": N_("Confirm (re-check)"),
    "correct": N_("Correct (re-check)"),
    "lock": N_("Lock"),
}


def _activity_names(request: Request) -> dict[str, str]:
    """Display names of activity, fuel and material codes in the request's language."""
    key = "name_zh" if is_chinese(request) else "name_en"
    catalogue = [
        *accounting.list_activities(),
        *accounting.list_fuels(),
        *accounting.list_materials(),
    ]
    return {entry["code"]: entry[key] for entry in catalogue}


@router.get("/accounts")
def accounts_home(principal: AccountsReader) -> Response:
    """Each role's way into the accounts."""
    if principal.role is Role.enterprise and principal.entity_id is not None:
        return RedirectResponse(f"/accounts/entities/{principal.entity_id}", status_code=303)
    if principal.role is Role.verifier:
        return RedirectResponse("/accounts/queue", status_code=303)
    return RedirectResponse("/accounts/entities", status_code=303)


@router.get("/accounts/entities/{entity_id}")
def account_page(
    request: Request,
    session: DbSession,
    principal: AccountsReader,
    entity_id: Id,
    year: int | None = None,
) -> HTMLResponse:
    # the years holding the entity's reports or accounts (a verifier: its assigned years); the
    # latest is shown first, and the year in progress is offered to whoever enters reports
    years = service.account_years(session=session, actor=principal, entity_id=entity_id)
    this_year = app_today(request).year
    view = service.account(
        session=session,
        actor=principal,
        entity_id=entity_id,
        year=year,
        default_year=years[-1] if years else this_year,
    )
    entity = view.entity
    offered = {*years, view.year}
    if service.may_enter_reports(principal, entity.id):
        offered.add(this_year)

    def _(message: str) -> str:
        return gettext(request, message)

    county = place_repository.county(session, entity.county_code)
    industry = (
        place_repository.industry(session, entity.industry_code) if entity.industry_code else None
    )
    zh = is_chinese(request)
    annual = service.annual_accounts(
        session=session, actor=principal, year=view.year, entity_ids=[entity.id]
    ).get(entity.id)
    # a year is labelled with its verified months unless all twelve are (部分年度: 2025年1–8月)
    counted = {s.value for s in VERIFIED_STATES}
    months = tuple(m.month for m in view.months if m.status in counted)
    history_months = query.verified_months(session, entity.id, [y.year for y in view.history])
    history = charts.history_chart(view, _)
    partial = [0 < len(history_months.get(y.year, ())) < 12 for y in view.history]
    history["xAxis"]["data"] = [
        _period(y.year, history_months.get(y.year, ()), zh, sep="\n") for y in view.history
    ]
    history["series"][0]["data"] = [  # a part-year's bar paler than a full year's
        {"value": value, "itemStyle": {"color": "#9fd4b6"}} if part else value
        for value, part in zip(history["series"][0]["data"], partial, strict=True)
    ]
    if any(partial):
        history["grid"]["bottom"] = 44
    sector = covered_sector(entity.industry_code)
    context = {
        "view": view,
        "annual": annual,
        # the stored flag is the sector rule's answer (accounts.ets); the badge names the sector
        "ets_sector": (sector.name_zh if zh else sector.name_en) if sector else "",
        "period": _period(view.year, months, zh),
        "part_year_months": query.months_text(months, zh=zh) if 0 < len(months) < 12 else "",
        "years": sorted(offered),
        "county_name": (county.name_zh if zh else county.name_en) if county else "",
        "industry_name": (industry.name_zh if zh else industry.name_en) if industry else "",
        "can_edit": service.may_enter_reports(principal, entity.id),
        "charts": {
            "months": charts.months_chart(view, _),
            "sources": charts.sources_chart(view, _, _activity_names(request)),
            "history": history,
        },
    }
    return render(request, "accounts/account.html", context, principal=principal)


def _period(year: int, months: tuple[int, ...], zh: bool, sep: str = "") -> str:
    """``2025`` for a year with all twelve months verified, else ``2025年1–8月``."""
    if not months or len(months) == 12:
        return str(year)
    text = query.months_text(months, zh=zh)
    return f"{year}{sep or ('年' if zh else ' ')}{text}"


_BLANK_LINE: dict[str, Any] = {
    "id": "1",
    "activity": "purchased_electricity",
    "item": "",
    "quantity": "",
    "unit": "MWh",
}
"""The first row of an empty report form."""


def _line_row(line: Any) -> dict[str, Any]:
    return {
        "id": str(line.line_no),
        "activity": line.activity,
        "item": line.item,
        "quantity": line.quantity.normalize(),
        "unit": line.unit,
    }


def _report_context(
    request: Request, session: Session, principal: Principal, entity_id: int, year: int, month: int
) -> dict[str, Any]:
    entity, report = service.month_report(
        session=session, actor=principal, entity_id=entity_id, year=year, month=month
    )
    editable = service.may_enter_reports(principal, entity.id) and service.is_editable(report)
    lines = [_line_row(line) for line in (report.lines if report else [])] or [_BLANK_LINE]
    actions = []
    if report is not None:
        actions = [
            a
            for a in workflow.allowed_actions(report.status)
            if a != "submit" and principal.role in workflow.ACTIONS[a].roles
        ]
    stored = report is not None and all(line.factors for line in report.lines)
    return {
        "entity": entity,
        "year": year,
        "month": month,
        "report": report,
        "derived_factors": {}
        if stored or report is None
        else computation.factors_of(session, report),
        "editable": editable,
        "lines": lines,
        "choices": line_choices(),
        "flags": service.report_flags(session=session, report_id=report.id) if report else [],
        "actions": actions,
        "action_names": {a: gettext(request, label) for a, label in ACTION_LABELS.items()},
        "activity_names": _activity_names(request),
    }


@router.get("/accounts/entities/{entity_id}/reports/{year}/{month}")
def report_page(
    request: Request,
    session: DbSession,
    principal: AccountsReader,
    entity_id: Id,
    year: int,
    month: int,
) -> HTMLResponse:
    context = _report_context(request, session, principal, entity_id, year, month)
    return render(request, "accounts/report.html", context, principal=principal)


def _decimal_or_none(text: str | None) -> Decimal | None:
    if text is None or not text.strip():
        return None
    try:
        return Decimal(text.replace(",", "").strip())
    except InvalidOperation as error:
        raise InvalidInput(f"“{text}”不是数字。", f"'{text}' is not a number.") from error


def _report_in(year: int, month: int, form: dict[str, Any]) -> ReportIn:
    """The form as the report contract; a bad cell is an InvalidInput naming its line."""
    lines: list[dict[str, Any]] = []
    row_numbers: list[int] = []
    rows = zip(form["activity"], form["item"], form["quantity"], form["unit"], strict=False)
    for row_number, (activity, item, quantity, unit) in enumerate(rows, start=1):
        if not str(quantity).strip():
            continue  # an empty row is no line
        lines.append(
            {"activity": activity, "item": item or None, "quantity": quantity, "unit": unit}
        )
        row_numbers.append(row_number)
    try:
        return ReportIn(
            year=year,
            month=month,
            lines=lines,
            value_added_10k_cny=_decimal_or_none(form["value_added_10k_cny"]),
            tax_10k_cny=_decimal_or_none(form["tax_10k_cny"]),
            output_quantity=_decimal_or_none(form["output_quantity"]),
            output_unit=form["output_unit"] or None,
        )
    except ValidationError as error:
        problems = [
            {
                "line_id": str(row_numbers[int(err["loc"][1])])
                if err["loc"][:1] == ("lines",)
                else None,
                "message_zh": f"{'/'.join(str(p) for p in err['loc'])}: {err['msg']}",
                "message_en": f"{'/'.join(str(p) for p in err['loc'])}: {err['msg']}",
            }
            for err in error.errors()
        ]
        raise InvalidInput(
            "报告内容有误,请检查标出的行。",
            "The report is not valid; check the lines listed.",
            errors=problems,
        ) from error


@router.post("/accounts/entities/{entity_id}/reports/{year}/{month}")
def save_report_page(
    request: Request,
    session: DbSession,
    principal: ReportWriter,
    entity_id: Id,
    year: int,
    month: int,
    activity: Annotated[list[str], Form()],
    item: Annotated[list[str], Form()],
    quantity: Annotated[list[str], Form()],
    unit: Annotated[list[str], Form()],
    intent: Annotated[str, Form()] = "save",
    value_added_10k_cny: Annotated[str | None, Form()] = None,
    tax_10k_cny: Annotated[str | None, Form()] = None,
    output_quantity: Annotated[str | None, Form()] = None,
    output_unit: Annotated[str | None, Form()] = None,
    _csrf: None = CsrfProtected,
) -> Response:
    form = {
        "activity": activity,
        "item": item,
        "quantity": quantity,
        "unit": unit,
        "value_added_10k_cny": value_added_10k_cny,
        "tax_10k_cny": tax_10k_cny,
        "output_quantity": output_quantity,
        "output_unit": output_unit,
    }

    def write() -> Response:
        data = _report_in(year, month, form)
        report = service.save_report(
            session=session, actor=principal, entity_id=entity_id, data=data
        )
        if intent == "submit":
            service.submit_report(session=session, actor=principal, report_id=report.id)
        return RedirectResponse(
            f"/accounts/entities/{entity_id}/reports/{year}/{month}", status_code=303
        )

    def refused(error: DomainError) -> Response:
        context = _report_context(request, session, principal, entity_id, year, month)
        rows = zip(activity, item, quantity, unit, strict=False)
        context["lines"] = [
            {"id": str(i), "activity": a, "item": it, "quantity": q, "unit": u}
            for i, (a, it, q, u) in enumerate(rows, start=1)
        ]
        context["error"] = error
        return render(
            request, "accounts/report.html", context, principal=principal, status_code=error.status
        )

    return submit(session, write=write, refused=refused)


@router.post("/accounts/reports/{report_id}/{action}")
def report_action(
    session: DbSession,
    principal: AccountsReader,
    report_id: Id,
    action: str,
    comment: Annotated[str | None, Form()] = None,
    verified_tco2e: Annotated[str | None, Form()] = None,
    _csrf: None = CsrfProtected,
) -> Response:
    payload: dict[str, Any] = {"comment": comment or None}
    value = _decimal_or_none(verified_tco2e)
    if action == "verify":
        payload["verified_tco2e"] = value
    elif action == "correct":
        payload["corrected_tco2e"] = value
    report = workflow.transition(
        session=session, actor=principal, report_id=report_id, action=action, **payload
    )
    return RedirectResponse(
        f"/accounts/entities/{report.entity_id}/reports/{report.year}/{report.month}",
        status_code=303,
    )


OVERDUE_SHOWN = 30


@router.get("/accounts/overdue")
def overdue_page(request: Request, session: DbSession, principal: CurrentPrincipal) -> HTMLResponse:
    """Officials: months not (re)submitted by their due date, by county, with a chart."""
    today = app_today(request)  # the app clock, as the home page counts
    groups = deadlines.overdue_reports(session=session, actor=principal, today=today)
    zh = is_chinese(request)
    names = [g.county_name_zh if zh else g.county_name_en for g in groups]
    chart = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 60, "right": 16, "top": 20, "bottom": 40},
        "xAxis": {"type": "category", "data": names},
        "yAxis": {"type": "value", "name": gettext(request, N_("Overdue months"))},
        "series": [
            {
                "type": "bar",
                "itemStyle": {"color": "#b3261e"},
                "data": [len(g.items) for g in groups],
            }
        ],
    }
    shown = [
        (g, sorted(g.items, key=lambda item: -item.days_overdue)[:OVERDUE_SHOWN]) for g in groups
    ]
    context = {"groups": shown, "chart": chart, "today": today, "due_days": deadlines.DUE_DAYS}
    return render(request, "accounts/overdue.html", context, principal=principal)


def _records_context(
    request: Request, session: Session, principal: Principal, year: int | None
) -> dict[str, Any]:
    """The verifiers' records of ``year`` (``None``: the latest year whose re-checks are
    decided, else the latest year), the years offered and why the year shown was chosen."""
    known = assignment.record_years(session=session, actor=principal)
    chosen = year if year is not None else known.latest
    if chosen is None:
        chosen = app_today(request).year
    months = query.year_coverage(session, chosen).months  # 部分年度: the months verified so far
    zh = is_chinese(request)
    return {
        "records": assignment.verifier_records(session=session, actor=principal, year=chosen),
        "year": chosen,
        "years": sorted({*known.years, chosen}),
        # draws are for the newest year with reports (the records' year may be older)
        "draw_year": known.years[-1] if known.years else chosen,
        # why this year: chosen by the caller, the latest decided, or the latest at all
        "why": "chosen" if year is not None else ("decided" if known.decided else "latest"),
        "decided": chosen in known.decided,
        "period": _period(chosen, months, zh),
        "part_year_months": query.months_text(months, zh=zh) if 0 < len(months) < 12 else "",
    }


@router.get("/accounts/verifiers")
def verifier_records_page(
    request: Request, session: DbSession, principal: CurrentPrincipal, year: int | None = None
) -> HTMLResponse:
    """Officials: each verification body's record — volume, corrections found, timeliness."""
    context = _records_context(request, session, principal, year)
    return render(request, "accounts/verifiers.html", context, principal=principal)


@router.post("/accounts/verifiers/draw")
def draw_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    what: Annotated[str, Form()],
    year: Annotated[int, Form()],
    seed: Annotated[int, Form()],
    _csrf: None = CsrfProtected,
) -> HTMLResponse:
    """Officials draw the year's verifiers or re-checks (seeded, reproducible, recorded)."""
    if what == "verifiers":
        drawn = assignment.draw_verifiers(session=session, actor=principal, year=year, seed=seed)
        outcome = {"what": what, "count": len(drawn)}
    elif what == "rechecks":
        candidates = recheck.select_rechecks(session=session, actor=principal, year=year, seed=seed)
        outcome = {
            "what": what,
            "count": sum(c.selected for c in candidates),
            "of": len(candidates),
        }
    else:
        raise InvalidInput(f"未知的抽取“{what}”。", f"Unknown draw '{what}'.")
    context = {
        **_records_context(request, session, principal, year),
        "draw_year": year,
        "outcome": outcome,
        "seed": seed,
    }
    return render(request, "accounts/verifiers.html", context, principal=principal)


router.include_router(entity_pages.router)  # the entity list and its export
router.include_router(queue_pages.router)  # the verifier's queue
