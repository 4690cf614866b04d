"""The application factory: settings, database, middleware, error handlers, routes."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from shuangtan import __version__
from shuangtan.api import api_router
from shuangtan.config import Settings, get_settings
from shuangtan.db import make_engine, make_session_factory
from shuangtan.ratelimit import WindowCounter
from shuangtan.site import pages_router
from shuangtan.web import problems, protection, sessions
from shuangtan.web.csrf import ApiCsrfMiddleware


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

    # middleware: the last added is the outermost
    app.add_middleware(ApiCsrfMiddleware)  # needs the session below it
    sessions.install(app, settings)
    protection.install(app, settings)  # outermost: sees every request and response first
    problems.install(app)

    static_dir = resources.files("shuangtan.web").joinpath("static")
    # static files go out gzip-compressed to a browser that accepts it (pages are not: a page
    # carries the CSRF token beside what a visitor typed, which compression would leak)
    static = GZipMiddleware(
        StaticFiles(directory=str(static_dir)), minimum_size=1024, compresslevel=6
    )
    app.mount("/static", static, name="static")

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
