"""The home page (首页): each role lands on its own work.

- an official: a to-do summary within its scope (named 嘉兴市 or 嘉善县, never by its code):
  reports waiting for verification and for re-check, flagged reports, overdue months, and the
  plan indicators (city) or county targets off track or at risk, each a link to its page;
- an enterprise: its account and what is due (months not yet submitted, returned reports);
- an administrator: the users and the audit log;
- a verifier and a bank: sent on to their queue and consented enterprises
  (:mod:`shuangtan.web.landing`);
- residents, merchants, partners and visitors: the general home (calculator, API).

Every count comes from the rooms' services (``accounts.worklist``, ``city.targets.service``,
``auth.service``), which scope it by the principal as their own pages do.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from shuangtan.accounts import service as accounts_service
from shuangtan.accounts import worklist
from shuangtan.accounts.errors import EntityNotFound
from shuangtan.auth import service as auth_service
from shuangtan.auth.deps import OptionalPrincipal
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.targets import service as targets_service
from shuangtan.city.targets.progress import Status
from shuangtan.db import DbSession
from shuangtan.kit.beijing import app_today, in_beijing
from shuangtan.kit.params import MAX_YEAR, MIN_YEAR
from shuangtan.place import repository as place_repository
from shuangtan.web.i18n import is_chinese
from shuangtan.web.landing import ELSEWHERE
from shuangtan.web.templating import render

__all__ = ["home", "scope_name"]

RECENT_AUDIT = 5


def scope_name(session: Session, principal: Principal, *, zh: bool) -> str:
    """The official's jurisdiction by name: the county's, else the city's."""
    code = principal.scope.county_code
    if code is not None:
        county = place_repository.county(session, code)
        if county is not None:
            return county.name_zh if zh else county.name_en
    city = place_repository.city(session)
    if city is None:
        return ""
    return city.name_zh if zh else city.name_en


def _assessment_year(today: date) -> int:
    """The year the indicators are assessed for: the last complete one."""
    return min(max(today.year - 1, MIN_YEAR), MAX_YEAR)


def _off(statuses: list[Status]) -> dict[str, int]:
    return {
        "off_track": sum(1 for s in statuses if s is Status.off_track),
        "at_risk": sum(1 for s in statuses if s is Status.at_risk),
    }


def _official(request: Request, session: Session, principal: Principal) -> dict[str, Any]:
    today = app_today(request)
    year = _assessment_year(today)
    work = worklist.official_work(session=session, actor=principal, today=today)
    counties = targets_service.county_progress(session=session, actor=principal, year=year)
    context: dict[str, Any] = {
        "scope_name": scope_name(session, principal, zh=is_chinese(request)),
        "today": today,
        "work": work,
        "year": year,
        "county_targets": _off([c.assessment.status for c in counties]),
        "plan": None,
    }
    if principal.scope.whole_city:
        plan = targets_service.progress(session=session, actor=principal, year=year)
        context["plan"] = _off([i.status for i in plan.indicators])
    return context


def _enterprise(request: Request, session: Session, principal: Principal) -> dict[str, Any]:
    today = app_today(request)
    entity_id = principal.entity_id
    assert entity_id is not None  # an enterprise user always has its entity (users table)
    entity = accounts_service.get_entity(session=session, actor=principal, entity_id=entity_id)
    county = place_repository.county(session, entity.county_code)
    zh = is_chinese(request)
    return {
        "entity": entity,
        "county_name": (county.name_zh if zh else county.name_en) if county else "",
        "today": today,
        "due": worklist.enterprise_due(session=session, actor=principal, today=today),
    }


def _admin(session: Session, principal: Principal) -> dict[str, Any]:
    _, users = auth_service.list_users(session=session, actor=principal, offset=0, limit=1)
    entries, audited = auth_service.audit_entries(
        session=session, actor=principal, offset=0, limit=RECENT_AUDIT
    )
    recent = [
        {
            "at": in_beijing(e.created_at).strftime("%Y-%m-%d %H:%M"),
            "who": e.actor_username,
            "action": e.action,
            "what": f"{e.entity_type} {e.entity_id}",
        }
        for e in entries
    ]
    return {"users_total": users, "audit_total": audited, "audit_recent": recent}


def home(request: Request, session: DbSession, principal: OptionalPrincipal) -> Response:
    """首页 the home page: the logged-in principal's own work, else the general home."""
    if principal is None:
        return render(request, "home.html")
    elsewhere = ELSEWHERE.get(principal.role)
    if elsewhere is not None:
        return RedirectResponse(elsewhere, status_code=303)
    if principal.role is Role.official:
        context = _official(request, session, principal)
        return render(request, "home_official.html", context, principal=principal)
    if principal.role is Role.enterprise and principal.entity_id is not None:
        try:
            context = _enterprise(request, session, principal)
        except EntityNotFound:  # its entity is not (yet) registered: the general home
            return render(request, "home.html", principal=principal)
        return render(request, "home_enterprise.html", context, principal=principal)
    if principal.role is Role.admin:
        return render(request, "home_admin.html", _admin(session, principal), principal=principal)
    return render(request, "home.html", principal=principal)
