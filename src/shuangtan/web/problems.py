"""Problems at the door (问题文档): every error of a request as an RFC 9457 problem document.

Domain errors, request-shape errors, HTTP errors and unexpected exceptions are rendered here as
``application/problem+json`` with a stable ``code`` and messages in Chinese and English; a
browser navigation gets the same problem as an HTML error page (``web/errors.py``).

Three more duties keep a caller's mistake from ever becoming a 500:

- **The input door** (:mod:`shuangtan.web.door`): a NUL character, a lone surrogate or a
  number that is not finite is refused with 422 ``input.invalid`` before any handler runs.
- **The database's last word**: a unique violation (two identical requests at once) answers
  409 ``conflict.duplicate``, a foreign-key violation 409 ``conflict.reference``; a lock the
  request could not get in time (SQLite) or a serialisation failure 409
  ``conflict.concurrent``; a value the database cannot store (too long, too large, out of
  range) 422 ``input.not_storable``. The request's transaction is rolled back by then, so
  nothing was written. Rooms refuse these earlier with their own codes where they know better
  (the schemas bound every id, number and text as the columns do); these answers are the last
  resort.
- **The API document** (:func:`document_problems`): every operation documents its problem
  answers (401/403 when it needs a login, 404 when it names a thing, 409 when it writes, 422
  always, and any other status as ``default``) as ``application/problem+json`` of the schema
  ``Problem``.

A validation error whose ``ctx`` carries ``message_zh`` (a parameter type that refuses with a
domain code, such as the year's ``input.invalid_year``) is answered with that code and those
messages; any other is ``input.invalid`` listing every failing field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware

from shuangtan.errors import DomainError, problem_document
from shuangtan.web.door import InputDoor, RefusedInput
from shuangtan.web.errors import error_page

__all__ = ["PROBLEM_JSON", "Problem", "document_problems", "install"]

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


def _problem_response(
    request: Request, problem: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    status = int(problem["status"])
    if _wants_html(request):
        return error_page(request, problem)
    headers = dict(headers or {})
    if "retry_after" in problem:
        headers["Retry-After"] = str(problem["retry_after"])
    return JSONResponse(problem, status_code=status, media_type=PROBLEM_JSON, headers=headers)


# ------------------------------------------------------------------ the request's shape


def _validation_problem(request: Request, exc: RequestValidationError) -> dict[str, Any]:
    """The 422 problem of a request that does not fit its operation (every field named)."""
    errors: list[dict[str, Any]] = []
    own: list[dict[str, Any]] = []  # errors of a parameter type with its own code and messages
    for err in exc.errors():
        location = err.get("loc", ("",))
        entry: dict[str, Any] = {
            "location": str(location[0]),
            "pointer": "/" + "/".join(str(p) for p in location[1:]),
            "message_en": str(err.get("msg", "")),
        }
        context = err.get("ctx") or {}
        if "message_zh" in context:
            entry |= {"code": str(err.get("type")), "message_zh": str(context["message_zh"])}
            own.append(entry | {"title": str(context.get("title", "Invalid input"))})
        errors.append(entry)
    if len(own) == len(errors) == 1:
        first = own[0]
        return problem_document(
            status=422,
            code=first["code"],
            title=first["title"],
            message_zh=first["message_zh"],
            message_en=first["message_en"],
            instance=request.url.path,
            errors=errors,
        )
    return problem_document(
        status=422,
        code="input.invalid",
        title="Invalid input",
        message_zh="请求内容不符合要求,请检查标出的字段。",
        message_en="The request is not valid; check the fields listed.",
        instance=request.url.path,
        errors=errors,
    )


# ----------------------------------------------------------------- the database's last word


def _database_problem(request: Request, error: Exception) -> dict[str, Any]:
    """The problem of a database refusal the request caused (nothing was written)."""
    path = request.url.path
    detail = str(getattr(error, "orig", error)).lower()
    if isinstance(error, IntegrityError) and ("unique" in detail or "duplicate" in detail):
        return problem_document(
            status=409,
            code="conflict.duplicate",
            title="Conflict",
            message_zh="与已有记录重复(可能是同一请求同时提交了两次),未写入任何数据。请刷新后核对。",
            message_en="This duplicates a record that exists (perhaps the same request was "
            "sent twice at once); nothing was written. Reload and check.",
            instance=path,
        )
    if isinstance(error, IntegrityError) and "foreign key" in detail:
        return problem_document(
            status=409,
            code="conflict.reference",
            title="Conflict",
            message_zh="引用的记录不存在或刚被删除,未写入任何数据。请刷新后核对。",
            message_en="A record this refers to does not exist or was just removed; nothing "
            "was written. Reload and check.",
            instance=path,
        )
    if isinstance(error, OperationalError):
        return problem_document(
            status=409,
            code="conflict.concurrent",
            title="Conflict",
            message_zh="另一请求正在修改同一数据,本次未写入任何数据。请稍后重试。",
            message_en="Another request was changing the same data; nothing was written. "
            "Please retry.",
            instance=path,
        )
    return problem_document(
        status=422,
        code="input.not_storable",
        title="Invalid input",
        message_zh="有数值过大、文字过长或超出允许范围,无法保存,未写入任何数据。",
        message_en="A value is too large, too long or out of range to be stored; nothing was "
        "written.",
        instance=path,
    )


_CONCURRENT = ("database is locked", "could not serialize", "deadlock detected", "lock timeout")


def _is_concurrent(error: OperationalError) -> bool:
    detail = str(getattr(error, "orig", error)).lower()
    return any(marker in detail for marker in _CONCURRENT)


# --------------------------------------------------------------------------- the API document


class ProblemError(BaseModel):
    """问题明细 one failing field, line or cell (its own members vary by room)."""

    model_config = ConfigDict(extra="allow")

    pointer: str | None = Field(
        default=None, description="JSON 指针 JSON pointer of the field or line"
    )
    code: str | None = Field(default=None, description="错误代码 the problem's own code")
    message_zh: str | None = Field(default=None, description="中文说明")
    message_en: str | None = Field(default=None, description="English message")


class Problem(BaseModel):
    """问题文档 an RFC 9457 problem document, with a stable code and Chinese and English."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="问题类型 URI of the problem type")
    title: str = Field(description="标题 short summary (English)")
    status: int = Field(description="HTTP 状态码 status code")
    detail: str = Field(description="说明 both messages, Chinese / English")
    instance: str | None = Field(default=None, description="请求路径 the path it happened at")
    code: str = Field(description="错误代码 stable machine code, e.g. input.invalid")
    message_zh: str = Field(description="中文说明")
    message_en: str = Field(description="English message")
    errors: list[ProblemError] | None = Field(
        default=None, description="明细 every failing field, line or cell, where useful"
    )


_DESCRIPTIONS = {
    "401": "未登录 Not authenticated (problem document)",
    "403": "无权限 Permission denied (problem document)",
    "404": "不存在 Not found, or not the caller's to see (problem document)",
    "409": "冲突 Conflict with the current state (problem document)",
    "422": "输入无效 Invalid input, every failing field named (problem document)",
    "default": "其他错误 Any other error (problem document, RFC 9457)",
}
_UNSAFE = frozenset({"post", "put", "patch", "delete"})
_REF = {"$ref": "#/components/schemas/Problem"}


def document_problems(openapi: dict[str, Any]) -> dict[str, Any]:
    """Document every operation's problem answers in ``openapi`` (in place; returned)."""
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    template = "#/components/schemas/{model}"
    problem = Problem.model_json_schema(ref_template=template)
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            statuses = {"422", "default"}
            if operation.get("security"):
                statuses |= {"401", "403"}
                if method in _UNSAFE:
                    statuses.add("409")
            if "{" in path:
                statuses.add("404")
            statuses |= {s for s in responses if s[0] in "45"}
            for status in statuses:
                description = responses.get(status, {}).get("description", "")
                if not description or description.startswith(("Validation Error", "Problem")):
                    description = _DESCRIPTIONS.get(status, _DESCRIPTIONS["default"])
                responses[status] = {
                    "description": description,
                    "content": {PROBLEM_JSON: {"schema": dict(_REF)}},
                }
    used = json.dumps(openapi.get("paths", {}))
    for name in ("HTTPValidationError", "ValidationError"):
        if f'/{name}"' not in used:
            schemas.pop(name, None)
    return openapi


def _document(app: FastAPI) -> None:
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        if "Problem" not in schema.get("components", {}).get("schemas", {}):
            document_problems(schema)
        return schema

    setattr(app, "openapi", openapi)  # noqa: B010 - mypy refuses assigning to a method


# ------------------------------------------------------------------------------- install


def install(app: FastAPI) -> None:
    """Render every error of ``app`` as a problem document (or its HTML page), put the input
    door innermost (every other middleware sees the request first), and document the
    problems in the OpenAPI document."""

    app.user_middleware.append(Middleware(InputDoor, respond=_problem_response))
    _document(app)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        return _problem_response(request, exc.problem(request.url.path))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _problem_response(request, _validation_problem(request, exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, RefusedInput):
            return _problem_response(request, exc.problem)
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
        return _problem_response(request, problem, dict(exc.headers or {}))

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, exc: IntegrityError) -> Response:
        return _problem_response(request, _database_problem(request, exc))

    @app.exception_handler(DataError)
    async def data_error(request: Request, exc: DataError) -> Response:
        return _problem_response(request, _database_problem(request, exc))

    @app.exception_handler(OperationalError)
    async def operational_error(request: Request, exc: OperationalError) -> Response:
        if not _is_concurrent(exc):
            raise exc  # the database is down or broken: a 500, logged
        return _problem_response(request, _database_problem(request, exc))

    # a value SQLite cannot bind (an integer beyond 64 bits, a lone surrogate)
    @app.exception_handler(OverflowError)
    async def overflow_error(request: Request, exc: OverflowError) -> Response:
        return _problem_response(request, _database_problem(request, exc))

    @app.exception_handler(UnicodeEncodeError)
    async def encode_error(request: Request, exc: UnicodeEncodeError) -> Response:
        return _problem_response(request, _database_problem(request, exc))

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
