"""The audit log page and its Excel export (审计日志), administrators only. Thin: the list is
:func:`~shuangtan.users.admin_lists.audit_list`; the chain check is the auth service's."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from shuangtan.auth import service as auth_service
from shuangtan.auth.deps import CurrentPrincipal
from shuangtan.auth.roles import Role
from shuangtan.db import DbSession
from shuangtan.kit.params import Pages
from shuangtan.kit.responses import XLSX, attachment
from shuangtan.users.admin_lists import (
    EXPORT_LIMIT,
    OBJECT_TYPES,
    PREFIXES,
    AuditFilter,
    audit_list,
    audit_xlsx,
    entity_types,
)
from shuangtan.web.templating import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Text = Annotated[str | None, Query(max_length=64)]


def _filter(
    action: str | None,
    actor: str | None,
    entity_type: str | None,
    since: date | None,
    until: date | None,
) -> AuditFilter:
    return AuditFilter(
        action=action or None,
        actor=actor or None,
        entity_type=entity_type or None,
        since=since,
        until=until,
    )


@router.get("/admin/audit")
def audit_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    paging: Pages,
    action: Text = None,
    actor: Text = None,
    entity_type: Text = None,
    since: date | None = None,
    until: date | None = None,
) -> HTMLResponse:
    where = _filter(action, actor, entity_type, since, until)
    rows, total = audit_list(
        session=session, actor=principal, where=where, offset=paging.offset, limit=paging.limit
    )
    report = auth_service.verify_audit_chain(session=session, actor=principal)
    filters: dict[str, Any] = {
        "action": action or "",
        "actor": actor or "",
        "entity_type": entity_type or "",
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
    }
    context = {
        "rows": rows,
        "total": total,
        "page": paging.page,
        "page_size": paging.page_size,
        "pages": paging.pages(total),
        "window": paging.window(total),
        "report": report,
        "filters": filters,
        "query": urlencode(filters),
        "prefixes": PREFIXES,
        "entity_types": entity_types(session=session, actor=principal),
        "type_names": OBJECT_TYPES,
        "roles": {role.value: role for role in Role},
    }
    return render(request, "admin/audit.html", context, principal=principal)


@router.get("/admin/audit.xlsx", response_class=Response)
def audit_export(
    session: DbSession,
    principal: CurrentPrincipal,
    action: Text = None,
    actor: Text = None,
    entity_type: Text = None,
    since: date | None = None,
    until: date | None = None,
) -> Response:
    """The entries the page lists (all of them, up to the export limit), as Excel."""
    where = _filter(action, actor, entity_type, since, until)
    rows, _ = audit_list(
        session=session, actor=principal, where=where, offset=0, limit=EXPORT_LIMIT
    )
    return attachment(audit_xlsx(rows), XLSX, "审计日志.xlsx", ascii_name="audit-log.xlsx")
