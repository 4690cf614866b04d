"""The HTML face of a problem document (错误页面), for people in a browser."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from shuangtan.web.templating import render

__all__ = ["error_page"]


def error_page(request: Request, problem: dict[str, Any]) -> Response:
    """The problem as a page; a 401 sends the browser to the login page and back."""
    status = int(problem["status"])
    if status == 401:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return render(request, "error.html", {"problem": problem}, status_code=status)
