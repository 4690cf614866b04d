"""The calculator page (碳排放计算器页面): lines in, results with factors and sources out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from shuangtan.auth.deps import OptionalPrincipal
from shuangtan.calculator import options, service
from shuangtan.calculator.errors import CalculationRefused
from shuangtan.kit.beijing import app_today
from shuangtan.web.csrf import CsrfProtected
from shuangtan.web.templating import gettext as _
from shuangtan.web.templating import render

public_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
"""Every page of this room answers without login (the site's public pages)."""


@public_router.get("/calculator")
def calculator_page(request: Request, principal: OptionalPrincipal) -> HTMLResponse:
    return render(
        request,
        "calculator/page.html",
        {
            "form": options.form_options(app_today(request)),
            "lines": options.EXAMPLE_LINES,
            "params": options.DEFAULTS,
        },
        principal=principal,
    )


@public_router.post("/calculator")
def calculator_result(
    request: Request,
    principal: OptionalPrincipal,
    year: Annotated[str, Form()],
    region: Annotated[str, Form()],
    factor_set: Annotated[str, Form()],
    gwp: Annotated[str, Form()],
    line_id: Annotated[list[str], Form()],
    activity: Annotated[list[str], Form()],
    item: Annotated[list[str], Form()],
    quantity: Annotated[list[str], Form()],
    unit: Annotated[list[str], Form()],
    _csrf: None = CsrfProtected,
) -> HTMLResponse:
    document = options.document_from_form(
        year=year,
        region=region,
        factor_set=factor_set,
        gwp=gwp,
        rows=list(zip(line_id, activity, item, quantity, unit, strict=False)),
    )
    choices = options.form_options(app_today(request))
    context: dict[str, Any] = {
        "document": document,
        "regions": {r["code"]: r for r in choices["regions"]},
        "activity_names": {a["code"]: a for a in choices["activities"]},
    }
    try:
        answer = service.calculate(document=document)
        names = (
            _(request, "Scope 1 (direct)"),
            _(request, "Scope 2 (purchased electricity and heat)"),
        )
        context.update(answer=answer, chart=options.chart_option(answer, scope_names=names))
    except CalculationRefused as refusal:
        context["problem"] = refusal.problem(request.url.path)
    return render(request, "calculator/_result.html", context, principal=principal)
