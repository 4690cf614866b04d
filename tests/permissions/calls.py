"""How the matrix test calls each route (调用方式): the path, query, body and form it sends.

One function per route, keyed as the app registers it (``"GET /api/v1/accounts/entities/
{entity_id}"``). Each gets the caller's role and the ids of one tenant (:class:`Ids`, the own
or the other) and returns the :class:`Call`. A route whose matrix row names a tenant must call
differently for the own and the other tenant, a route without one the same (the test checks
both). Writes carry valid bodies, so that a refusal is the refusal of the caller and not of
the input; the test performs a write only where the matrix says it is refused.

``ids`` of the world are in :mod:`.world`; what is fixed here (the year, an indicator, a
kind) is the same for every caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from accounts.factories import uscc_for
from shuangtan.city.analysis_router import EXAMPLE as LMDI_EXAMPLE

from .world import PDF, YEAR, scenario_marker

NEW_PASSWORD = "permissions-matrix-new-password-7"
TARGET_INDICATOR = "energy_consumption_total"
SYNERGY_INDICATOR = "pm25_concentration"
SYNERGY_VERSION = "2025.1"
ACTIONS = {
    # the workflow action each role would take, so that a refusal is one of reach, not of role
    "enterprise": "submit",
    "verifier": "start_verification",
}


@dataclass(frozen=True)
class Ids:
    """The ids of one tenant as a route names them (own or other)."""

    entity: int
    report: int
    county: str
    bank: int
    scenario: int
    token: str
    attachment: int
    body: int
    user: int


@dataclass(frozen=True)
class Call:
    """One request: ``path`` with its query; a JSON body, a form or files."""

    path: str
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    data: dict[str, Any] | None = None
    files: dict[str, Any] | None = None

    def key(self) -> tuple[Any, ...]:
        return (self.path, repr(self.params), repr(self.json), repr(self.data))


Spec = Callable[[str, Ids], Call]


@cache
def accounts_template() -> bytes:
    """The accounts' Excel template of an industrial entity (an empty, valid workbook)."""
    from shuangtan.accounts.activity_template import build_template
    from shuangtan.accounts.models import EntityKind

    return build_template(entity_kind=EntityKind.industrial, year=YEAR)


@cache
def inventory_template() -> bytes:
    """The inventory's Excel template (an empty, valid workbook)."""
    from shuangtan.city.inventory.excel import build_template

    return build_template()


def _xlsx(content: bytes) -> dict[str, Any]:
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return {"file": ("upload.xlsx", content, media)}


def _report_body(month: int) -> dict[str, Any]:
    lines = [{"activity": "purchased_electricity", "quantity": "1", "unit": "MWh"}]
    return {"year": YEAR, "month": month, "lines": lines}


def _scenario(county: str) -> dict[str, Any]:
    rates = {"population": 0.0, "gdp_per_capita": 0.05, "energy_intensity": -0.04}
    return {
        "name": scenario_marker(county) + " (new)",
        "base_year": 2020,
        "base": {
            "population": "60",
            "gdp_per_capita": "10",
            "energy_intensity": "0.5",
            "carbon_intensity": "2",
        },
        "base_source": "test data",
        "rates": [{"first_year": 2021, "last_year": 2060, **rates, "carbon_intensity": -0.02}],
    }


def _scenario_form(county: str) -> dict[str, Any]:
    return {
        "name": "permissions",
        "scope_kind": "county",
        "scope_code": county,
        "base_year": "2020",
        "base_population": "60",
        "base_gdp_per_capita": "10",
        "base_energy_intensity": "0.5",
        "base_carbon_intensity": "2",
        "base_source": "test data",
        "first_year": ["2021"],
        "last_year": ["2060"],
        "rate_population": ["0"],
        "rate_gdp_per_capita": ["5"],
        "rate_energy_intensity": ["-4"],
        "rate_carbon_intensity": ["-2"],
        "version": "1",
    }


def _energy_entry(county: str) -> dict[str, Any]:
    return {
        "year": YEAR,
        "area_code": county,
        "sector": "industry",
        "carrier": "electricity",
        "quantity": "1",
        "unit": "MWh",
        "source_note": "permissions test",
    }


def _entity(county: str) -> dict[str, Any]:
    return {
        "kind": "industrial",
        "name": "权限测试新主体",
        "uscc": uscc_for(990_001, county),
        "county_code": county,
        "industry_code": "C17",
    }


def _action(role: str) -> str:
    return ACTIONS.get(role, "lock")


def _get(path: str, **params: Any) -> Call:
    return Call(path, params=params)


API: dict[str, Spec] = {
    # --- public tools
    "POST /api/v1/accounting/calculate": lambda r, t: Call(
        "/api/v1/accounting/calculate",
        json={
            "year": 2023,
            "region": "CN-ZJ",
            "lines": [
                {"id": "1", "activity": "purchased_electricity", "quantity": 1, "unit": "MWh"}
            ],
        },
    ),
    "GET /api/v1/accounting/fuels": lambda r, t: _get("/api/v1/accounting/fuels"),
    "POST /api/v1/analysis/lmdi": lambda r, t: Call("/api/v1/analysis/lmdi", json=LMDI_EXAMPLE),
    "POST /api/v1/auth/token": lambda r, t: Call("/api/v1/auth/token"),
    "POST /api/v1/auth/logout": lambda r, t: Call("/api/v1/auth/logout"),
    "POST /api/v1/auth/password": lambda r, t: Call(
        "/api/v1/auth/password",
        json={"current_password": "test-password-1", "new_password": NEW_PASSWORD},
    ),
    "GET /api/v1/openapi.json": lambda r, t: _get("/api/v1/openapi.json"),
    "GET /api/v1/auth/me": lambda r, t: _get("/api/v1/auth/me"),
    "GET /api/v1/grading/public/grades/{token}": lambda r, t: _get(
        f"/api/v1/grading/public/grades/{t.token}"
    ),
    "GET /api/v1/grading/public/disclosure/{year}": lambda r, t: _get(
        f"/api/v1/grading/public/disclosure/{YEAR}"
    ),
    "GET /api/v1/targets/public/{year}": lambda r, t: _get(f"/api/v1/targets/public/{YEAR}"),
    "GET /api/v1/dashboard/public/{year}": lambda r, t: _get(f"/api/v1/dashboard/public/{YEAR}"),
    "GET /api/v1/dashboard/public/{year}/counties/{county_code}": lambda r, t: _get(
        f"/api/v1/dashboard/public/{YEAR}/counties/{t.county}"
    ),
    "GET /api/v1/dashboard/public/{year}/counties/{county_code}/industries/{industry}": (
        lambda r, t: _get(f"/api/v1/dashboard/public/{YEAR}/counties/{t.county}/industries/C17")
    ),
    # --- users and the audit log
    "GET /api/v1/admin/users": lambda r, t: _get("/api/v1/admin/users"),
    "POST /api/v1/admin/users": lambda r, t: Call(
        "/api/v1/admin/users",
        json={
            "username": "p-new-user",
            "password": "a-long-new-password-1",
            "role": "resident",
            "display_name": "新用户",
        },
    ),
    "POST /api/v1/admin/users/{user_id}/deactivate": lambda r, t: Call(
        f"/api/v1/admin/users/{t.user}/deactivate"
    ),
    "POST /api/v1/admin/users/{user_id}/reactivate": lambda r, t: Call(
        f"/api/v1/admin/users/{t.user}/reactivate"
    ),
    "POST /api/v1/admin/users/{user_id}/unlock": lambda r, t: Call(
        f"/api/v1/admin/users/{t.user}/unlock"
    ),
    "GET /api/v1/audit": lambda r, t: _get("/api/v1/audit"),
    "GET /api/v1/audit/verify": lambda r, t: _get("/api/v1/audit/verify"),
    # --- accounts
    "POST /api/v1/accounts/entities": lambda r, t: Call(
        "/api/v1/accounts/entities", json=_entity(t.county)
    ),
    "GET /api/v1/accounts/entities": lambda r, t: _get("/api/v1/accounts/entities"),
    "GET /api/v1/accounts/entities/{entity_id}": lambda r, t: _get(
        f"/api/v1/accounts/entities/{t.entity}"
    ),
    "PUT /api/v1/accounts/entities/{entity_id}/reports/{year}/{month}": lambda r, t: Call(
        f"/api/v1/accounts/entities/{t.entity}/reports/{YEAR}/3", json=_report_body(3)
    ),
    "GET /api/v1/accounts/reports/{report_id}": lambda r, t: _get(
        f"/api/v1/accounts/reports/{t.report}"
    ),
    "POST /api/v1/accounts/reports/{report_id}/{action}": lambda r, t: Call(
        f"/api/v1/accounts/reports/{t.report}/{_action(r)}", json={}
    ),
    "GET /api/v1/accounts/verifier/queue": lambda r, t: _get("/api/v1/accounts/verifier/queue"),
    "POST /api/v1/accounts/assignments": lambda r, t: Call(
        "/api/v1/accounts/assignments",
        json={"entity_id": t.entity, "year": YEAR + 1, "verifier_body_id": t.body},
    ),
    "POST /api/v1/accounts/assignments/draw": lambda r, t: Call(
        "/api/v1/accounts/assignments/draw", json={"year": YEAR + 1, "seed": 7}
    ),
    "POST /api/v1/accounts/rechecks/draw": lambda r, t: Call(
        "/api/v1/accounts/rechecks/draw", json={"year": YEAR, "seed": 7}
    ),
    "GET /api/v1/accounts/overdue": lambda r, t: _get("/api/v1/accounts/overdue"),
    "GET /api/v1/accounts/verifiers/records": lambda r, t: _get(
        "/api/v1/accounts/verifiers/records", year=YEAR
    ),
    "POST /api/v1/accounts/annual/{year}/recompute": lambda r, t: Call(
        f"/api/v1/accounts/annual/{YEAR}/recompute"
    ),
    "POST /api/v1/accounts/anomalies/{year}/rerun": lambda r, t: Call(
        f"/api/v1/accounts/anomalies/{YEAR}/rerun"
    ),
    "GET /api/v1/accounts/templates/{kind}/{year}.xlsx": lambda r, t: _get(
        f"/api/v1/accounts/templates/industrial/{YEAR}.xlsx"
    ),
    "POST /api/v1/accounts/entities/{entity_id}/reports/{year}/import": lambda r, t: Call(
        f"/api/v1/accounts/entities/{t.entity}/reports/{YEAR}/import",
        files=_xlsx(accounts_template()),
    ),
    "GET /api/v1/accounts/entities/{entity_id}/annual/{year}/report.pdf": lambda r, t: _get(
        f"/api/v1/accounts/entities/{t.entity}/annual/{YEAR}/report.pdf"
    ),
    "GET /api/v1/accounts/entities/{entity_id}/annual/{year}/report.xlsx": lambda r, t: _get(
        f"/api/v1/accounts/entities/{t.entity}/annual/{YEAR}/report.xlsx"
    ),
    # --- grading
    "POST /api/v1/grading/years/{year}/compute": lambda r, t: Call(
        f"/api/v1/grading/years/{YEAR}/compute"
    ),
    "GET /api/v1/grading/years/{year}/benchmarks": lambda r, t: _get(
        f"/api/v1/grading/years/{YEAR}/benchmarks"
    ),
    "GET /api/v1/grading/years/{year}/d-class": lambda r, t: _get(
        f"/api/v1/grading/years/{YEAR}/d-class", county_code=t.county
    ),
    "GET /api/v1/grading/entities/{entity_id}/grades": lambda r, t: _get(
        f"/api/v1/grading/entities/{t.entity}/grades"
    ),
    # --- finance
    "GET /api/v1/finance/banks": lambda r, t: _get("/api/v1/finance/banks"),
    "GET /api/v1/finance/consents": lambda r, t: _get("/api/v1/finance/consents"),
    "POST /api/v1/finance/consents": lambda r, t: Call(
        "/api/v1/finance/consents", json={"bank_id": t.bank}
    ),
    "DELETE /api/v1/finance/consents/{bank_id}": lambda r, t: Call(
        f"/api/v1/finance/consents/{t.bank}"
    ),
    "GET /api/v1/finance/enterprises": lambda r, t: _get("/api/v1/finance/enterprises"),
    "GET /api/v1/finance/enterprises/{entity_id}/annual/{year}/report.pdf": lambda r, t: _get(
        f"/api/v1/finance/enterprises/{t.entity}/annual/{YEAR}/report.pdf"
    ),
    "GET /api/v1/finance/enterprises/{entity_id}/annual/{year}/report.xlsx": lambda r, t: _get(
        f"/api/v1/finance/enterprises/{t.entity}/annual/{YEAR}/report.xlsx"
    ),
    "GET /api/v1/finance/enterprises/{entity_id}": lambda r, t: _get(
        f"/api/v1/finance/enterprises/{t.entity}"
    ),
    # --- targets
    "GET /api/v1/targets/{year}": lambda r, t: _get(f"/api/v1/targets/{YEAR}"),
    "PUT /api/v1/targets/{year}/indicators/{indicator_id}/value": lambda r, t: Call(
        f"/api/v1/targets/{YEAR}/indicators/{TARGET_INDICATOR}/value",
        json={"value": "100", "source_note": "permissions test"},
    ),
    "POST /api/v1/targets/attachments": lambda r, t: Call(
        "/api/v1/targets/attachments", files={"file": ("a.pdf", PDF, "application/pdf")}
    ),
    "GET /api/v1/targets/attachments/{attachment_id}": lambda r, t: _get(
        f"/api/v1/targets/attachments/{t.attachment}"
    ),
    "PUT /api/v1/targets/indicators/{indicator_id}/setting": lambda r, t: Call(
        f"/api/v1/targets/indicators/{TARGET_INDICATOR}/setting",
        json={"source_note": "permissions test", "responsible_department": "发改委"},
    ),
    "GET /api/v1/targets/{year}/counties": lambda r, t: _get(
        f"/api/v1/targets/{YEAR}/counties", county_code=t.county
    ),
    "PUT /api/v1/targets/counties/{county_code}/{kind}/{target_year}": lambda r, t: Call(
        f"/api/v1/targets/counties/{t.county}/energy_intensity_reduction/2025",
        json={"target_value": "14", "base_year": 2020, "source_note": "permissions test"},
    ),
    "PUT /api/v1/targets/{year}/publication": lambda r, t: Call(
        f"/api/v1/targets/{YEAR}/publication", json={"published": True}
    ),
    "PUT /api/v1/targets/{year}/notes/{kind}": lambda r, t: Call(
        f"/api/v1/targets/{YEAR}/notes/annual", json={"problems": "p", "next_steps": "n"}
    ),
    "GET /api/v1/targets/{year}/reports/{kind}.pdf": lambda r, t: _get(
        f"/api/v1/targets/{YEAR}/reports/annual.pdf"
    ),
    "GET /api/v1/targets/{year}/reports/{kind}.docx": lambda r, t: _get(
        f"/api/v1/targets/{YEAR}/reports/annual.docx"
    ),
    # --- dashboard
    "GET /api/v1/dashboard/{year}": lambda r, t: _get(f"/api/v1/dashboard/{YEAR}"),
    "GET /api/v1/dashboard/{year}/counties/{county_code}": lambda r, t: _get(
        f"/api/v1/dashboard/{YEAR}/counties/{t.county}"
    ),
    "GET /api/v1/dashboard/{year}/counties/{county_code}/industries/{industry}": (
        lambda r, t: _get(f"/api/v1/dashboard/{YEAR}/counties/{t.county}/industries/C17")
    ),
    # --- inventory
    "GET /api/v1/inventory/template.xlsx": lambda r, t: _get("/api/v1/inventory/template.xlsx"),
    "GET /api/v1/inventory/years": lambda r, t: _get(
        "/api/v1/inventory/years", county_code=t.county
    ),
    "GET /api/v1/inventory/{year}/totals": lambda r, t: _get(
        f"/api/v1/inventory/{YEAR}/totals", county_code=t.county
    ),
    "GET /api/v1/inventory/{year}": lambda r, t: _get(
        f"/api/v1/inventory/{YEAR}", county_code=t.county
    ),
    "GET /api/v1/inventory/{year}/reconciliation": lambda r, t: _get(
        f"/api/v1/inventory/{YEAR}/reconciliation", county_code=t.county
    ),
    "GET /api/v1/inventory/entries/{kind}/{year}": lambda r, t: _get(
        f"/api/v1/inventory/entries/energy/{YEAR}", county_code=t.county
    ),
    "POST /api/v1/inventory/entries/{kind}": lambda r, t: Call(
        "/api/v1/inventory/entries/energy", json=_energy_entry(t.county)
    ),
    "POST /api/v1/inventory/import": lambda r, t: Call(
        "/api/v1/inventory/import", files=_xlsx(inventory_template())
    ),
    # --- peak
    "GET /api/v1/peak/scenarios": lambda r, t: _get(
        "/api/v1/peak/scenarios", scope_kind="county", scope_code=t.county
    ),
    "POST /api/v1/peak/scenarios": lambda r, t: Call(
        "/api/v1/peak/scenarios",
        json={**_scenario(t.county), "scope_kind": "county", "scope_code": t.county},
    ),
    "GET /api/v1/peak/scenarios/{scenario_id}": lambda r, t: _get(
        f"/api/v1/peak/scenarios/{t.scenario}"
    ),
    "PUT /api/v1/peak/scenarios/{scenario_id}": lambda r, t: Call(
        f"/api/v1/peak/scenarios/{t.scenario}", json={**_scenario(t.county), "version": 1}
    ),
    "DELETE /api/v1/peak/scenarios/{scenario_id}": lambda r, t: Call(
        f"/api/v1/peak/scenarios/{t.scenario}"
    ),
    "GET /api/v1/peak/scenarios/{scenario_id}/versions": lambda r, t: _get(
        f"/api/v1/peak/scenarios/{t.scenario}/versions"
    ),
    "GET /api/v1/peak/compare": lambda r, t: _get("/api/v1/peak/compare", ids=t.scenario),
    "GET /api/v1/peak/compare/export": lambda r, t: _get(
        "/api/v1/peak/compare/export", ids=t.scenario, format="json"
    ),
    "GET /api/v1/peak/bases": lambda r, t: _get(
        "/api/v1/peak/bases", scope_kind="county", scope_code=t.county
    ),
    "GET /api/v1/peak/jiashan": lambda r, t: _get("/api/v1/peak/jiashan"),
    "GET /api/v1/peak/lmdi": lambda r, t: _get("/api/v1/peak/lmdi", county_code=t.county),
    # --- synergy
    "GET /api/v1/synergy/definitions": lambda r, t: _get("/api/v1/synergy/definitions"),
    "GET /api/v1/synergy/definitions/{version}": lambda r, t: _get(
        f"/api/v1/synergy/definitions/{SYNERGY_VERSION}"
    ),
    "PUT /api/v1/synergy/inputs/{year}/{county_code}/{indicator_id}": lambda r, t: Call(
        f"/api/v1/synergy/inputs/{YEAR}/{t.county}/{SYNERGY_INDICATOR}",
        json={"value": "30", "source_note": "permissions test"},
    ),
    "GET /api/v1/synergy/inputs/{year}/{county_code}": lambda r, t: _get(
        f"/api/v1/synergy/inputs/{YEAR}/{t.county}"
    ),
    "POST /api/v1/synergy/weight-sets": lambda r, t: Call(
        "/api/v1/synergy/weight-sets", json={"name": "permissions", "weights": {}}
    ),
    "GET /api/v1/synergy/weight-sets": lambda r, t: _get("/api/v1/synergy/weight-sets"),
    "POST /api/v1/synergy/years/{year}/compute": lambda r, t: Call(
        f"/api/v1/synergy/years/{YEAR}/compute", json={}
    ),
    "GET /api/v1/synergy/years/{year}": lambda r, t: _get(f"/api/v1/synergy/years/{YEAR}"),
    "GET /api/v1/synergy/years/{year}/{county_code}": lambda r, t: _get(
        f"/api/v1/synergy/years/{YEAR}/{t.county}"
    ),
}
"""Every API operation."""


def _report_form() -> dict[str, Any]:
    return {"activity": ["purchased_electricity"], "item": [""], "quantity": ["1"], "unit": ["MWh"]}


PAGES: dict[str, Spec] = {
    "GET /": lambda r, t: _get("/"),
    "GET /login": lambda r, t: _get("/login"),
    "POST /login": lambda r, t: Call("/login"),
    "POST /logout": lambda r, t: Call("/logout"),
    "GET /docs": lambda r, t: _get("/docs"),
    "GET /account/password": lambda r, t: _get("/account/password"),
    "POST /account/password": lambda r, t: Call(
        "/account/password",
        data={
            "current_password": "test-password-1",
            "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD,
        },
    ),
    "GET /admin/users": lambda r, t: _get("/admin/users"),
    "POST /admin/users/{user_id}/deactivate": lambda r, t: Call(
        f"/admin/users/{t.user}/deactivate", data={}
    ),
    "POST /admin/users/{user_id}/reactivate": lambda r, t: Call(
        f"/admin/users/{t.user}/reactivate", data={}
    ),
    "POST /admin/users/{user_id}/unlock": lambda r, t: Call(
        f"/admin/users/{t.user}/unlock", data={}
    ),
    "GET /calculator": lambda r, t: _get("/calculator"),
    "POST /calculator": lambda r, t: Call(
        "/calculator",
        data={
            "year": "2023",
            "region": "CN-ZJ",
            "factor_set": "cn-default",
            "gwp": "AR5",
            "line_id": ["1"],
            "activity": ["purchased_electricity"],
            "item": [""],
            "quantity": ["1"],
            "unit": ["MWh"],
        },
    ),
    "GET /dashboard": lambda r, t: _get("/dashboard", year=YEAR),
    "GET /dashboard/county/{county_code}": lambda r, t: _get(
        f"/dashboard/county/{t.county}", year=YEAR
    ),
    "GET /dashboard/county/{county_code}/industry/{industry}": lambda r, t: _get(
        f"/dashboard/county/{t.county}/industry/C17", year=YEAR
    ),
    "GET /maps/{city}.js": lambda r, t: _get("/maps/jiaxing.js"),
    "GET /grades/{public_token}": lambda r, t: _get(f"/grades/{t.token}"),
    "GET /disclosure": lambda r, t: _get("/disclosure"),
    "GET /disclosure/{year}": lambda r, t: _get(f"/disclosure/{YEAR}"),
    "GET /progress": lambda r, t: _get("/progress"),
    "GET /progress/{year}": lambda r, t: _get(f"/progress/{YEAR}"),
    "GET /admin/audit": lambda r, t: _get("/admin/audit"),
    "GET /admin/audit.xlsx": lambda r, t: _get("/admin/audit.xlsx"),
    # --- accounts
    "GET /accounts": lambda r, t: _get("/accounts"),
    "GET /accounts/entities": lambda r, t: _get("/accounts/entities", year=YEAR),
    "GET /accounts/entities.xlsx": lambda r, t: _get("/accounts/entities.xlsx", year=YEAR),
    "GET /accounts/entities/{entity_id}": lambda r, t: _get(
        f"/accounts/entities/{t.entity}", year=YEAR
    ),
    "GET /accounts/entities/{entity_id}/reports/{year}/{month}": lambda r, t: _get(
        f"/accounts/entities/{t.entity}/reports/{YEAR}/1"
    ),
    "POST /accounts/entities/{entity_id}/reports/{year}/{month}": lambda r, t: Call(
        f"/accounts/entities/{t.entity}/reports/{YEAR}/3", data=_report_form()
    ),
    "POST /accounts/reports/{report_id}/{action}": lambda r, t: Call(
        f"/accounts/reports/{t.report}/{_action(r)}", data={}
    ),
    "GET /accounts/queue": lambda r, t: _get("/accounts/queue"),
    "GET /accounts/overdue": lambda r, t: _get("/accounts/overdue"),
    "GET /accounts/verifiers": lambda r, t: _get("/accounts/verifiers", year=YEAR),
    "POST /accounts/verifiers/draw": lambda r, t: Call(
        "/accounts/verifiers/draw", data={"what": "verifiers", "year": str(YEAR + 1), "seed": "7"}
    ),
    # --- grading
    "GET /grading": lambda r, t: _get("/grading"),
    "GET /grading/{year}": lambda r, t: _get(f"/grading/{YEAR}", county_code=t.county),
    "GET /grading/{year}/d-class.xlsx": lambda r, t: _get(
        f"/grading/{YEAR}/d-class.xlsx", county_code=t.county
    ),
    "GET /grading/entities/{entity_id}/account-grade": lambda r, t: _get(
        f"/grading/entities/{t.entity}/account-grade", year=YEAR
    ),
    "GET /grading/entities/{entity_id}": lambda r, t: _get(f"/grading/entities/{t.entity}"),
    # --- finance
    "GET /finance": lambda r, t: _get("/finance"),
    "POST /finance/consents": lambda r, t: Call("/finance/consents", data={"bank_id": str(t.bank)}),
    "POST /finance/consents/{bank_id}/withdraw": lambda r, t: Call(
        f"/finance/consents/{t.bank}/withdraw", data={}
    ),
    "GET /finance/enterprises/{entity_id}": lambda r, t: _get(f"/finance/enterprises/{t.entity}"),
    # --- targets
    "GET /targets": lambda r, t: _get("/targets"),
    "GET /targets/{year}": lambda r, t: _get(f"/targets/{YEAR}"),
    "POST /targets/{year}/indicators/{indicator_id}/value": lambda r, t: Call(
        f"/targets/{YEAR}/indicators/{TARGET_INDICATOR}/value",
        data={"value": "100", "source_note": "permissions test"},
    ),
    "POST /targets/{year}/indicators/{indicator_id}/setting": lambda r, t: Call(
        f"/targets/{YEAR}/indicators/{TARGET_INDICATOR}/setting",
        data={"source_note": "permissions test", "responsible_department": "发改委"},
    ),
    "POST /targets/{year}/publication": lambda r, t: Call(
        f"/targets/{YEAR}/publication", data={"published": "1"}
    ),
    "POST /targets/{year}/notes/{kind}": lambda r, t: Call(
        f"/targets/{YEAR}/notes/annual", data={"problems": "p", "next_steps": "n"}
    ),
    "GET /targets/{year}/counties": lambda r, t: _get(f"/targets/{YEAR}/counties"),
    "POST /targets/{year}/counties": lambda r, t: Call(
        f"/targets/{YEAR}/counties",
        data={
            "county_code": t.county,
            "kind": "energy_intensity_reduction",
            "target_value": "14",
            "source_note": "permissions test",
        },
    ),
    # --- inventory
    "GET /inventory": lambda r, t: _get("/inventory"),
    "GET /inventory/{year}": lambda r, t: _get(f"/inventory/{YEAR}", county_code=t.county),
    "GET /inventory/{year}/reconciliation": lambda r, t: _get(
        f"/inventory/{YEAR}/reconciliation", county_code=t.county
    ),
    "GET /inventory/{year}/entries": lambda r, t: _get(
        f"/inventory/{YEAR}/entries", kind="energy", county_code=t.county
    ),
    "POST /inventory/{year}/entries/{kind}": lambda r, t: Call(
        f"/inventory/{YEAR}/entries/energy",
        data={k: str(v) for k, v in _energy_entry(t.county).items() if k != "year"},
    ),
    "GET /inventory/{year}/template.xlsx": lambda r, t: _get(f"/inventory/{YEAR}/template.xlsx"),
    "POST /inventory/{year}/import": lambda r, t: Call(
        f"/inventory/{YEAR}/import", files=_xlsx(inventory_template())
    ),
    # --- peak
    "GET /peak": lambda r, t: _get("/peak", scope_kind="county", scope_code=t.county),
    "GET /peak/compare": lambda r, t: _get("/peak/compare", ids=t.scenario),
    "GET /peak/scenarios/new": lambda r, t: _get(
        "/peak/scenarios/new", scope_kind="county", scope_code=t.county
    ),
    "GET /peak/scenarios/{scenario_id}": lambda r, t: _get(f"/peak/scenarios/{t.scenario}"),
    "POST /peak/scenarios/{scenario_id}": lambda r, t: Call(
        f"/peak/scenarios/{t.scenario}", data=_scenario_form(t.county)
    ),
    "POST /peak/scenarios": lambda r, t: Call("/peak/scenarios", data=_scenario_form(t.county)),
    "POST /peak/scenarios/{scenario_id}/delete": lambda r, t: Call(
        f"/peak/scenarios/{t.scenario}/delete", data={}
    ),
    # --- synergy
    "GET /synergy": lambda r, t: _get("/synergy"),
    "GET /synergy/weights": lambda r, t: _get("/synergy/weights"),
    "POST /synergy/weights": lambda r, t: Call(
        "/synergy/weights", data={"name": "permissions", "note": ""}
    ),
    "GET /synergy/definitions/{version}": lambda r, t: _get(
        f"/synergy/definitions/{SYNERGY_VERSION}"
    ),
    "GET /synergy/{year}": lambda r, t: _get(f"/synergy/{YEAR}"),
    "POST /synergy/{year}/compute": lambda r, t: Call(
        f"/synergy/{YEAR}/compute", data={"weighting": "entropy"}
    ),
    "GET /synergy/{year}/inputs": lambda r, t: _get(
        f"/synergy/{YEAR}/inputs", county_code=t.county
    ),
    "POST /synergy/{year}/inputs": lambda r, t: Call(
        f"/synergy/{YEAR}/inputs",
        data={
            "county_code": t.county,
            f"v_{SYNERGY_INDICATOR}": "30",
            f"s_{SYNERGY_INDICATOR}": "t",
        },
    ),
    "POST /synergy/{year}/inputs/from-inventory": lambda r, t: Call(
        f"/synergy/{YEAR}/inputs/from-inventory", data={"county_code": t.county}
    ),
    "GET /synergy/{year}/{county_code}": lambda r, t: _get(f"/synergy/{YEAR}/{t.county}"),
}
"""Every web page."""
