"""Rendering of web pages: one Jinja2 environment over the templates of every room."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from shuangtan import __version__
from shuangtan.auth.principal import Principal
from shuangtan.web import units
from shuangtan.web.csrf import csrf_token
from shuangtan.web.i18n import LOCALES, request_locale, translations
from shuangtan.web.navigation import items_for

TEMPLATE_PACKAGES = (
    "shuangtan.web",
    "shuangtan.users",
    "shuangtan.calculator",
    "shuangtan.accounts",
    "shuangtan.grading",
    "shuangtan.finance",
    "shuangtan.city.targets",
    "shuangtan.city.dashboard",
    "shuangtan.city.peak",
    "shuangtan.city.synergy",
    "shuangtan.city.inventory",
)
"""Packages whose ``templates/`` folder joins the loader; a new room adds itself here."""


def format_number(value: float | Decimal | int | None, digits: int = 2) -> str:
    """A number with thousands separators and ``digits`` decimals (``1,234.57``)."""
    if value is None:
        return "—"
    return f"{float(value):,.{digits}f}"


def compact_json(value: Any) -> str:
    """JSON for people: Chinese kept as Chinese, no spaces wasted (escaped by the template)."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The process-wide template environment."""
    env = Environment(
        loader=ChoiceLoader([PackageLoader(pkg, "templates") for pkg in TEMPLATE_PACKAGES]),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = format_number
    env.filters["compact_json"] = compact_json
    env.filters["unit"] = _unit
    env.filters["amount"] = _amount
    env.filters["fuel"] = _fuel
    env.filters["gpc_level"] = _gpc_level
    env.filters["yes_no"] = _yes_no
    return env


def _locale(context: Context) -> str:
    return str(context.get("locale", "zh-CN"))


@pass_context
def _unit(context: Context, code: str | None) -> str:
    """``{{ row.unit | unit }}``: the unit in the page's language (:mod:`shuangtan.web.units`)."""
    return units.unit_label(code, _locale(context))


@pass_context
def _amount(context: Context, value: float | Decimal | int | None, code: str | None) -> str:
    """``{{ value | amount(row.unit) }}``: a figure with its unit's decimals (a count whole)."""
    return units.amount(value, code, _locale(context))


@pass_context
def _fuel(context: Context, code: str | None) -> str:
    return units.fuel_name(code, _locale(context))


@pass_context
def _gpc_level(context: Context, level: str | None) -> str:
    return units.gpc_level(level, _locale(context))


@pass_context
def _yes_no(context: Context, value: object) -> str:
    return units.yes_no(value, _locale(context))


def gettext(request: Request, message: str, **params: Any) -> str:
    """``message`` in the request's language (for text built outside a template)."""
    text = translations(request_locale(request)).gettext(message)
    return text % params if params else text


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    principal: Principal | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``template`` in the request's language, with navigation for ``principal``."""
    locale = request_locale(request)
    trans = translations(locale)

    def gettext(message: str, **params: Any) -> str:
        text = trans.gettext(message)
        return text % params if params else text

    page = (
        environment()
        .get_template(template)
        .render(
            {
                "request": request,
                "_": gettext,
                "locale": locale,
                "locales": LOCALES,
                "principal": principal,
                "nav": items_for(principal),
                "csrf_token": csrf_token(request),
                "version": __version__,
                **(context or {}),
            }
        )
    )
    response = HTMLResponse(page, status_code=status_code)
    if request.query_params.get("lang") in LOCALES:
        response.set_cookie("lang", locale, max_age=365 * 24 * 3600, samesite="lax")
    return response
