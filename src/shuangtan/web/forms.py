"""The form pattern (表单处理): a refused form is shown again with its error, nothing kept.

Every page that writes does it one way::

    @router.post("/targets/{year}/publication")
    def publish_page(request, session, principal, year, published=Form()) -> Response:
        return submit(
            session,
            write=lambda: _publish(...),              # the service call(s), then a redirect
            refused=lambda error: _page(..., error),  # the form again, with the error
        )

:func:`submit` is the one place a page rolls its request's transaction back: when a service
refuses the input (a :class:`~shuangtan.errors.DomainError` other than "who" or "what": 401,
403, 404), everything the write flushed is undone, then ``refused`` renders the form from the
clean state with the error and the error's status (422, 409 …). A refusal of the person or of
the thing (not logged in, not allowed, no such record) is not a form error: it propagates to
the error page, and the request's transaction rolls back where every request's does.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from fastapi.responses import Response
from sqlalchemy.orm import Session

from shuangtan.errors import DomainError

__all__ = ["NOT_FORM_ERRORS", "submit"]

NOT_FORM_ERRORS = frozenset({401, 403, 404})
"""Statuses that are about the person or the thing, not the form: they go to the error page."""


def submit(
    session: Session,
    *,
    write: Callable[[], Response],
    refused: Callable[[DomainError], Response],
    passes: Collection[int] = NOT_FORM_ERRORS,
) -> Response:
    """``write()``'s response; if a service refuses the form, ``refused(error)`` on a clean state.

    ``refused`` must render with ``status_code=error.status``.
    """
    try:
        return write()
    except DomainError as error:
        if error.status in passes:
            raise
        session.rollback()  # one request, one transaction: nothing of a refused form is kept
        return refused(error)
