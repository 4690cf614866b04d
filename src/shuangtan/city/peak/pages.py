"""Web pages of the road to the peak (达峰路径页面): the overview of a scope (scenarios,
projection, probability of peaking, Jiashan, LMDI), the editor, the comparison. Thin: the
rules are in :mod:`service`; a refused form is shown again with its error and writes nothing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from shuangtan.auth.deps import CurrentPrincipal
from shuangtan.auth.principal import Principal
from shuangtan.city import kaya
from shuangtan.city.peak import bases, charts, forms, service
from shuangtan.city.peak.city_lmdi import CityDecomposition
from shuangtan.city.peak.industries import SIX_INDUSTRIES
from shuangtan.city.peak.models import PeakScenario
from shuangtan.city.peak.results import ScenarioResult, summary_rows
from shuangtan.city.peak.schemas import ScenarioIn, ScenarioUpdate
from shuangtan.db import DbSession
from shuangtan.errors import DomainError
from shuangtan.kit.beijing import in_beijing
from shuangtan.kit.params import Id
from shuangtan.place import repository as place_repository
from shuangtan.web.csrf import CsrfProtected
from shuangtan.web.forms import submit
from shuangtan.web.i18n import is_chinese
from shuangtan.web.templating import gettext, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _(message: str) -> str:
    """Mark a message id for the catalogue; :func:`gettext` translates it per request."""
    return message


FACTOR_LABELS = {
    "population": _("Population"),
    "gdp_per_capita": _("GDP per capita"),
    "energy_intensity": _("Energy intensity"),
    "carbon_intensity": _("Carbon intensity of energy"),
}
EFFECT_LABELS = {
    "activity": _("Economic activity (GDP)"),
    "structure": _("Economic structure"),
    "energy_intensity": _("Energy intensity"),
    "carbon_intensity": _("Carbon intensity of energy"),
    "residential_population": _("Households: population"),
    "residential_energy_per_capita": _("Households: energy per person"),
    "residential_carbon_intensity": _("Households: carbon intensity"),
}


UNIT = _("10⁴ t CO₂")


# ---------------------------------------------------------------------------------------------
# Scopes
# ---------------------------------------------------------------------------------------------


def _scope_choices(session: Session, principal: Principal) -> list[dict[str, str]]:
    """The scopes ``principal`` may open: a county official only their county."""
    counties = place_repository.counties(session).values()
    own = None
    if not principal.scope.whole_city:
        own = principal.scope.county_code
    choices: list[dict[str, str]] = []
    if own is None:
        choices.append(
            {"kind": "city", "code": bases.city_code(session), "zh": "全市", "en": "City"}
        )
    for c in counties:
        if own is None or c.code == own:
            choices.append({"kind": "county", "code": c.code, "zh": c.name_zh, "en": c.name_en})
    if own is None:
        industries = place_repository.industries(session, SIX_INDUSTRIES)
        for code, (zh, en) in SIX_INDUSTRIES.items():
            if code in industries:
                choices.append(
                    {"kind": "industry", "code": code, "zh": f"{zh} {code}", "en": f"{en} {code}"}
                )
    return choices


def _selected(
    choices: list[dict[str, str]], scope_kind: str | None, scope_code: str | None
) -> dict[str, str]:
    for choice in choices:
        if choice["kind"] == scope_kind and (scope_code in (None, choice["code"])):
            return choice
    return choices[0]


def _lmdi_context(request: Request, result: CityDecomposition) -> dict[str, Any]:
    if not result.periods:
        return {"lmdi": result, "lmdi_bars": None, "lmdi_waterfall": None}
    labels = {k: gettext(request, v) for k, v in EFFECT_LABELS.items()}
    unit = gettext(request, UNIT)
    total = gettext(request, _("Total change"))
    return {
        "lmdi": result,
        "effect_labels": labels,
        "lmdi_bars": charts.lmdi_bars(result, unit=unit, labels=labels, total_label=total),
        "lmdi_waterfall": charts.lmdi_waterfall(
            result,
            unit=unit,
            labels=labels,
            first_label=gettext(request, _("Emissions")),
            last_label=gettext(request, _("Emissions")),
        ),
    }


def _results_charts(
    request: Request, results: list[ScenarioResult], observed: list[tuple[int, float]]
) -> dict[str, Any]:
    if not results:
        return {"projection_chart": None, "probability_chart": None}
    projection = gettext(request, _("Projection"))
    return {
        "projection_chart": charts.projection_chart(
            results,
            unit=gettext(request, UNIT),
            peak_label=gettext(request, _("Peak")),
            observed=observed,
            observed_label=gettext(request, _("Observed")),
            projection_label=projection,
        ),
        "probability_chart": charts.probability_chart(
            results,
            unit="%",
            projection_label=projection,
            history_label=gettext(request, _("Observed")),
        ),
    }


def _shared_observed(
    session: Session, principal: Principal, results: list[ScenarioResult]
) -> list[tuple[int, float]]:
    """The observed path when every result is of one scope (else each line shows its own)."""
    scopes = {(r.scenario.scope_kind, r.scenario.scope_code) for r in results}
    if len(scopes) != 1:
        return []
    kind, code = scopes.pop()
    return service.observed_path(session=session, actor=principal, scope_kind=kind, scope_code=code)


@router.get("/peak")
def overview_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    scope_kind: str | None = None,
    scope_code: str | None = None,
) -> HTMLResponse:
    service.list_scenarios(session=session, actor=principal)  # refuses non-officials
    choices = _scope_choices(session, principal)
    scope = _selected(choices, scope_kind, scope_code)
    rows = service.list_scenarios(
        session=session, actor=principal, scope_kind=scope["kind"], scope_code=scope["code"]
    )
    results = service.results_of(session, rows)
    seen = service.observed_of(
        session=session, actor=principal, scope_kind=scope["kind"], scope_code=scope["code"]
    )
    observed = list(seen.path)
    context: dict[str, Any] = {
        "zh": is_chinese(request),
        "choices": choices,
        "scope": scope,
        "results": results,
        "summaries": summary_rows(results),
        "observed": observed,
        "last_observed": seen.last_year,
        "part_years": [
            {"year": p.year, "months": p.months_text(zh=is_chinese(request))}
            for p in seen.part_years
        ],
        **_results_charts(request, results, observed),
    }
    if any(c["kind"] == "county" and c["code"] == service.JIASHAN for c in choices):
        tracking = service.jiashan_tracking(session=session, actor=principal)
        context["jiashan"] = tracking
        context["jiashan_chart"] = charts.projection_chart(
            tracking.results,
            unit=gettext(request, UNIT),
            peak_label=gettext(request, _("Peak")),
            observed=tracking.observed,
            observed_label=gettext(request, _("Observed")),
            target_year=tracking.target_year,
            projection_label=gettext(request, _("Projection")),
        )
    lmdi_county = scope["code"] if scope["kind"] == "county" else None
    if lmdi_county is None and not any(c["kind"] == "city" for c in choices):
        lmdi_county = choices[0]["code"]
    context["lmdi_scope"] = lmdi_county
    context.update(
        _lmdi_context(
            request,
            service.city_decomposition(session=session, actor=principal, county_code=lmdi_county),
        )
    )
    return render(request, "peak/overview.html", context, principal=principal)


@router.get("/peak/compare")
def compare_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    ids: Annotated[list[Id], Query()] = [],  # noqa: B006 - FastAPI reads the default
) -> Response:
    """The chosen scenarios side by side; none (or too many) chosen: the form again, with why."""

    def show() -> Response:
        results = service.compare(session=session, actor=principal, scenario_ids=ids)
        query = "&".join(f"ids={r.scenario.id}" for r in results)
        context = {
            "zh": is_chinese(request),
            "results": results,
            "summaries": summary_rows(results),
            "query": query,
            **_results_charts(request, results, _shared_observed(session, principal, results)),
        }
        return render(request, "peak/compare.html", context, principal=principal)

    return submit(
        session,
        write=show,
        refused=lambda error: _compare_form(request, session, principal, ids, error),
    )


def _compare_form(
    request: Request, session: Session, principal: Principal, ids: list[int], error: DomainError
) -> Response:
    """The scenarios ``principal`` may compare, grouped by scope, with the refusal above."""
    labels = {(c["kind"], c["code"]): c for c in _scope_choices(session, principal)}
    zh = is_chinese(request)
    groups: dict[str, list[PeakScenario]] = {}
    for row in service.list_scenarios(session=session, actor=principal):
        choice = labels.get((row.scope_kind, row.scope_code))
        name = (choice["zh"] if zh else choice["en"]) if choice else row.scope_code
        groups.setdefault(name, []).append(row)
    context = {
        "zh": zh,
        "error": error,
        "groups": groups,
        "chosen": set(ids),
        "max_compare": service.MAX_COMPARE,
    }
    return render(
        request, "peak/compare_form.html", context, principal=principal, status_code=error.status
    )


# ---------------------------------------------------------------------------------------------
# The editor
# ---------------------------------------------------------------------------------------------


def _scope_name(session: Session, zh: bool, scope_kind: str, scope_code: str) -> str:
    if scope_kind == "city":
        return "全市" if zh else "City"
    if scope_kind == "industry":
        names = SIX_INDUSTRIES.get(scope_code)
        industry = place_repository.industries(session, [scope_code]).get(scope_code)
        label = (names[0] if zh else names[1]) if names else ""
        if industry is not None and not label:
            label = industry.name_zh if zh else industry.name_en
        return f"{label} {scope_code}".strip()
    for c in place_repository.counties(session).values():
        if c.code == scope_code:
            return c.name_zh if zh else c.name_en
    return scope_code


def _editor(
    request: Request,
    session: Session,
    principal: Principal,
    form: dict[str, Any],
    *,
    row: PeakScenario | None,
    error: DomainError | None = None,
    notice: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    zh = is_chinese(request)
    context: dict[str, Any] = {
        "zh": zh,
        "form": form,
        "row": row,
        "error": error,
        "notice": notice,
        "factors": kaya.FACTORS,
        "factor_labels": FACTOR_LABELS,
        "scope_name": _scope_name(session, zh, form["scope_kind"], form["scope_code"]),
        "industry": form["scope_kind"] == "industry",
    }
    if row is not None and error is None:
        result = service.results_of(session, [row])[0]
        context["result"] = result
        context["summary"] = summary_rows([result])[0]
        versions = service.history(session=session, actor=principal, scenario_id=row.id)
        context["versions"] = versions
        context["saved_at"] = {v.version: in_beijing(v.saved_at) for v in versions}
        context.update(
            _results_charts(request, [result], _shared_observed(session, principal, [result]))
        )
    return render(
        request, "peak/editor.html", context, principal=principal, status_code=status_code
    )


@router.get("/peak/scenarios/new")
def new_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    scope_kind: str = "city",
    scope_code: str | None = None,
) -> HTMLResponse:
    code = bases.validate_scope(session, scope_kind, scope_code)
    service.check_scope(session=session, actor=principal, scope_kind=scope_kind, scope_code=code)
    form, notice = forms.blank_form(session, principal, scope_kind, code)
    return _editor(request, session, principal, form, row=None, notice=notice)


@router.get("/peak/scenarios/{scenario_id}")
def scenario_page(
    request: Request, session: DbSession, principal: CurrentPrincipal, scenario_id: Id
) -> HTMLResponse:
    row = service.get_scenario(session=session, actor=principal, scenario_id=scenario_id)
    return _editor(request, session, principal, forms.form_from_row(row), row=row)


FormStr = Annotated[str, Form()]
FormList = Annotated[list[str], Form()]


@router.post("/peak/scenarios")
@router.post("/peak/scenarios/{scenario_id}")
def save_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    name: FormStr,
    scope_kind: FormStr,
    scope_code: FormStr,
    base_year: FormStr,
    base_population: FormStr,
    base_gdp_per_capita: FormStr,
    base_energy_intensity: FormStr,
    base_carbon_intensity: FormStr,
    first_year: FormList,
    last_year: FormList,
    rate_population: FormList,
    rate_gdp_per_capita: FormList,
    rate_energy_intensity: FormList,
    rate_carbon_intensity: FormList,
    base_source: FormStr = "",
    sd_population: FormStr = "0",
    sd_gdp_per_capita: FormStr = "0",
    sd_energy_intensity: FormStr = "0",
    sd_carbon_intensity: FormStr = "0",
    mc_seed: FormStr = "2026",
    note: FormStr = "",
    version: FormStr = "",
    scenario_id: Id | None = None,
    _csrf: None = CsrfProtected,
) -> Response:
    form = forms.posted_form(
        name=name,
        scope_kind=scope_kind,
        scope_code=scope_code,
        base_year=base_year,
        base={
            "population": base_population,
            "gdp_per_capita": base_gdp_per_capita,
            "energy_intensity": base_energy_intensity,
            "carbon_intensity": base_carbon_intensity,
        },
        base_source=base_source,
        first_year=first_year,
        last_year=last_year,
        rates={
            "population": rate_population,
            "gdp_per_capita": rate_gdp_per_capita,
            "energy_intensity": rate_energy_intensity,
            "carbon_intensity": rate_carbon_intensity,
        },
        spread={
            "population": sd_population,
            "gdp_per_capita": sd_gdp_per_capita,
            "energy_intensity": sd_energy_intensity,
            "carbon_intensity": sd_carbon_intensity,
        },
        mc_seed=mc_seed,
        note=note,
        version=version,
    )

    def write() -> Response:
        raw = forms.raw_content(form)
        if scenario_id is None:
            data = service.parse_content(
                ScenarioIn, {**raw, "scope_kind": scope_kind, "scope_code": scope_code}
            )
            row = service.create_scenario(session=session, actor=principal, data=data)
        else:
            service.get_scenario(session=session, actor=principal, scenario_id=scenario_id)
            update = service.parse_content(
                ScenarioUpdate, {**raw, "version": int(forms.number(version, "版本", "Version"))}
            )
            row = service.update_scenario(
                session=session, actor=principal, scenario_id=scenario_id, data=update
            )
        return RedirectResponse(f"/peak/scenarios/{row.id}", status_code=303)

    def refused(error: DomainError) -> Response:
        existing = None
        if scenario_id is not None:
            existing = service.get_scenario(
                session=session, actor=principal, scenario_id=scenario_id
            )
        return _editor(
            request, session, principal, form, row=existing, error=error, status_code=error.status
        )

    return submit(session, write=write, refused=refused)


@router.post("/peak/scenarios/{scenario_id}/delete")
def delete_page(
    session: DbSession,
    principal: CurrentPrincipal,
    scenario_id: Id,
    _csrf: None = CsrfProtected,
) -> Response:
    row = service.get_scenario(session=session, actor=principal, scenario_id=scenario_id)
    target = f"/peak?scope_kind={row.scope_kind}&scope_code={row.scope_code}"
    service.delete_scenario(session=session, actor=principal, scenario_id=scenario_id)
    return RedirectResponse(target, status_code=303)
