"""The application factory: settings, database, middleware, error handlers, routes."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from shuangtan import __version__
from shuangtan.api import api_router
from shuangtan.config import Settings, get_settings
from shuangtan.db import make_engine, make_session_factory
from shuangtan.errors import DomainError, problem_document
from shuangtan.ratelimit import WindowCounter
from shuangtan.site import pages_router
from shuangtan.web.csrf import ApiCsrfMiddleware
from shuangtan.web.errors import error_page

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


def _install_error_handlers(app: FastAPI) -> None:
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


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the platform's ASGI application for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    engine = make_engine(settings.resolved_database_url())
    app = FastAPI(
        title="双碳 shuangtan",
        version=__version__,
        description=(
            "城市双碳治理平台 API · The API of a city's climate-programme platform. "
            "Public tools answer without login; everything else needs a bearer token "
            "from `POST /api/v1/auth/token`. Errors are RFC 9457 problem documents with "
            "`code`, `message_zh` and `message_en`."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.public_rate_limiter = WindowCounter(settings.public_rate_limit_per_minute)

    app.add_middleware(ApiCsrfMiddleware)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie="shuangtan_session",
        max_age=settings.session_hours * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    _install_error_handlers(app)

    static_dir = resources.files("shuangtan.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    @app.get("/docs", include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/v1/openapi.json",
            title="双碳 shuangtan API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    app.include_router(api_router())
    app.include_router(pages_router())
    return app
