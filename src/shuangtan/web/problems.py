"""Problems at the door (问题文档): every error of a request as an RFC 9457 problem document.

Domain errors, request-shape errors, HTTP errors and unexpected exceptions are rendered here as
``application/problem+json`` with a stable ``code`` and messages in Chinese and English; a
browser navigation gets the same problem as an HTML error page (``web/errors.py``).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from shuangtan.errors import DomainError, problem_document
from shuangtan.web.errors import error_page

__all__ = ["PROBLEM_JSON", "install"]

PROBLEM_JSON = "application/problem+json"

_HTTP_MESSAGES: dict[int, tuple[str, str, str]] = {
    401: ("auth.not_authenticated", "请先登录。", "Please log in first."),
    403: ("auth.permission_denied", "您无权执行此操作。", "You may not do this."),
    404: ("not_found", "您访问的页面或资源不存在。", "No such page or resource."),
    405: ("method_not_allowed", "不支持该请求方法。", "This method is not allowed here."),
}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _problem_response(request: Request, problem: dict[str, Any]) -> Response:
    status = int(problem["status"])
    if _wants_html(request):
        return error_page(request, problem)
    headers = {}
    if "retry_after" in problem:
        headers["Retry-After"] = str(problem["retry_after"])
    return JSONResponse(problem, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install(app: FastAPI) -> None:
    """Render every error of ``app`` as a problem document (or its HTML page)."""

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        return _problem_response(request, exc.problem(request.url.path))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "pointer": "/" + "/".join(str(p) for p in err.get("loc", ())[1:]),
                "message_en": str(err.get("msg", "")),
            }
            for err in exc.errors()
        ]
        problem = problem_document(
            status=422,
            code="input.invalid",
            title="Invalid input",
            message_zh="请求内容不符合要求,请检查标出的字段。",
            message_en="The request is not valid; check the fields listed.",
            instance=request.url.path,
            errors=errors,
        )
        return _problem_response(request, problem)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code, zh, en = _HTTP_MESSAGES.get(
            exc.status_code, ("http_error", "请求无法完成。", str(exc.detail))
        )
        problem = problem_document(
            status=exc.status_code,
            code=code,
            title=str(exc.detail),
            message_zh=zh,
            message_en=en,
            instance=request.url.path,
        )
        return _problem_response(request, problem)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        problem = problem_document(
            status=500,
            code="internal_error",
            title="Internal server error",
            message_zh="系统内部错误,操作未完成,也未写入任何数据。请稍后重试。",
            message_en="Internal error: nothing was done or written. Please retry later.",
            instance=request.url.path,
        )
        return _problem_response(request, problem)
