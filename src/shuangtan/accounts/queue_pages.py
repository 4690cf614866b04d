"""The verifier's queue page (核查队列, ``/accounts/queue``): thin, over
:func:`shuangtan.accounts.service.verifier_queue`, the service its API twin
(``GET /api/v1/accounts/verifier/queue``) calls with the same parameters.

A page at a time with its total; sorted flags first by default (then by due date, entity name
or state); filtered by state, flagged only, part of the entity's name or its credit code, and
county. A banner counts the flagged reports of the whole queue and links to them; a flagged
row carries its reasons. Every view is a link (a GET form), and the paging links keep it.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from shuangtan.accounts import service
from shuangtan.accounts.repository import QueueFilter, QueueSort, QueueState
from shuangtan.auth.deps import CurrentPrincipal
from shuangtan.db import DbSession
from shuangtan.errors import InvalidInput
from shuangtan.kit.beijing import app_today
from shuangtan.kit.params import PageNumber, PageSize, Paging
from shuangtan.place import repository as place_repository
from shuangtan.web.i18n import N_
from shuangtan.web.templating import gettext, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

QUEUE_SORTS = {
    QueueSort.flags: N_("Flagged first"),
    QueueSort.due: N_("By due date"),
    QueueSort.entity: N_("By entity name"),
    QueueSort.state: N_("By state"),
}
PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
"""Due dates are Beijing's: a due date has passed when Beijing's today is after it."""


def _state(state: str | None) -> QueueState | None:
    """The form's state (empty: every state, what the form's 全部 sends); another value is
    refused in both languages."""
    if not state:
        return None
    try:
        return QueueState(state)
    except ValueError:
        raise InvalidInput(
            f"未知的报告状态“{state}”。", f"Unknown report state '{state}'."
        ) from None


@router.get("/accounts/queue")
def queue_page(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    sort: QueueSort = QueueSort.flags,
    state: Annotated[str | None, Query(max_length=24)] = None,
    flagged: bool = False,
    q: Annotated[str | None, Query(max_length=100)] = None,
    county: Annotated[str | None, Query(max_length=12)] = None,
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
) -> HTMLResponse:
    """核查队列 a verifier's waiting reports, a page at a time (only a verifier has one)."""
    filters = QueueFilter(
        state=_state(state), flagged=flagged, search=q or None, county_code=county or None
    )
    paging = Paging(page, page_size)
    queue = service.verifier_queue(
        session=session, actor=principal, filters=filters, sort=sort, paging=paging
    )
    kept: dict[str, Any] = {
        "sort": None if sort is QueueSort.flags else sort.value,
        "state": filters.state.value if filters.state else None,
        "flagged": "1" if flagged else None,
        "q": filters.search,
        "county": filters.county_code,
        "page_size": None if page_size == DEFAULT_PAGE_SIZE else page_size,
    }

    def link(**changes: Any) -> str:
        """This view of the queue with ``changes`` (``None`` drops a parameter; page 1 is
        the default)."""
        values = {**kept, **changes}
        shown = {k: v for k, v in values.items() if v is not None and not (k == "page" and v == 1)}
        return f"/accounts/queue?{urlencode(shown)}" if shown else "/accounts/queue"

    pages = paging.pages(queue.total)
    context = {
        "queue": queue,
        "filters": filters,
        "sort": sort.value,
        "sorts": {key.value: gettext(request, label) for key, label in QUEUE_SORTS.items()},
        "page_sizes": PAGE_SIZES,
        "page_size": page_size,
        "page": page,
        "pages": pages,
        "first_row": paging.offset + 1 if queue.items else 0,
        "last_row": paging.offset + len(queue.items),
        "counties": list(place_repository.counties(session).values()),
        "today": app_today(request),
        "flagged_link": link(flagged="1"),
        "all_link": link(flagged=None),
        "first_link": link() if page > 2 else None,
        "previous_link": link(page=page - 1) if page > 1 else None,
        "next_link": link(page=page + 1) if page < pages else None,
        "last_link": link(page=pages) if page < pages - 1 else None,
    }
    return render(request, "accounts/queue.html", context, principal=principal)
