"""Protection at the door (入口防护): what every response and request passes through first.

Installed outermost among the application's middleware, so that it sees every request before
the rest of the application and every response after it:

- **Body-size caps per route** (请求体大小上限): a route that takes no upload accepts at most
  ``SHUANGTAN_MAX_BODY_BYTES`` (1 MiB); the upload routes (:data:`UPLOADS`) their own file
  limit plus :data:`MULTIPART_SLACK`. A declared ``Content-Length`` over the cap is refused
  before a byte is read; otherwise the bytes are counted as they arrive and the request is
  refused as soon as the count passes the cap, so a 300 MB upload costs at most the cap and
  one chunk. The answer is 413 ``request.too_large``, a problem document (an error page for a
  browser), whatever the handler had begun.
- **Security headers** (安全响应头) on every response: a Content-Security-Policy (:func:`policy`)
  under which pages load only the platform's own scripts, styles, images and fonts (no inline
  script or style; the API docs' one inline script is allowed by its hash), framing refused
  (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``), ``X-Content-Type-Options:
  nosniff``, ``Referrer-Policy: same-origin``, ``Cross-Origin-Opener-Policy: same-origin``;
  over HTTPS (``SHUANGTAN_SECURE_COOKIES``) ``Strict-Transport-Security`` and every cookie
  ``Secure``.
- **No caching of what the application answers** (``Cache-Control: no-store``): every response
  but the static assets (``STATIC_CACHE``: a day, then their ETag) and those that chose their
  own caching (the public map script), so a
  private page, an API answer, a report or an attachment is never kept by a browser or a proxy.
- **A 500 with the headers**: an unexpected exception is answered here through the
  application's own handler (the 500 problem document), so that it carries the headers too,
  and then raised on for the server to log.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shuangtan.config import Settings
from shuangtan.errors import DomainError
from shuangtan.ratelimit import trusted_networks
from shuangtan.web.errors import error_page
from shuangtan.web.problems import PROBLEM_JSON

__all__ = [
    "DOCS_PATH",
    "MIB",
    "MULTIPART_SLACK",
    "UPLOADS",
    "BodyTooLarge",
    "Upload",
    "body_cap",
    "install",
    "policy",
]

MIB = 1024 * 1024
MULTIPART_SLACK = 64 * 1024
"""Room for a multipart body's boundaries, part headers and small form fields beside a file."""

DOCS_PATH = "/docs"
"""The Swagger UI page, whose one inline script the policy allows by its hash."""


@dataclass(frozen=True, slots=True)
class Upload:
    """一类上传路由 routes that take a file, and the largest file they accept."""

    name_zh: str
    name_en: str
    file_bytes: int
    paths: tuple[str, ...]
    """Regular expressions over the whole path of a ``POST``."""
    patterns: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "patterns", tuple(re.compile(p + r"\Z") for p in self.paths))

    @property
    def cap(self) -> int:
        """The body cap of these routes: the file and the multipart around it."""
        return self.file_bytes + MULTIPART_SLACK

    def matches(self, path: str) -> bool:
        return any(pattern.match(path) for pattern in self.patterns)


_SEGMENT = r"[^/]+"
UPLOADS: tuple[Upload, ...] = (
    Upload(
        "Excel 工作簿",
        "Excel workbook",
        5 * MIB,  # the workbook engine's cap (kit.workbook.LIMITS.max_bytes)
        (
            r"/api/v1/inventory/import",
            rf"/inventory/{_SEGMENT}/import",
            rf"/api/v1/accounts/entities/{_SEGMENT}/reports/{_SEGMENT}/import",
        ),
    ),
    Upload(
        "附件",
        "attachment",
        10 * MIB,  # the targets' attachments (city.targets.attachments.MAX_BYTES)
        (
            r"/api/v1/targets/attachments",
            rf"/targets/{_SEGMENT}/indicators/{_SEGMENT}/value",
        ),
    ),
)
"""Every route that takes a file (a test walks the app's routes and checks none is missing)."""


def body_cap(method: str, path: str, default: int) -> tuple[int, Upload | None]:
    """The largest body ``method path`` accepts, and the upload it is, if any."""
    if method == "POST":
        for upload in UPLOADS:
            if upload.matches(path):
                return upload.cap, upload
    return default, None


class BodyTooLarge(DomainError):
    """The request body is over the route's cap (请求内容过大); nothing was done."""

    status = 413
    code = "request.too_large"
    title = "Content too large"

    @classmethod
    def of(cls, cap: int, upload: Upload | None) -> BodyTooLarge:
        if upload is not None:
            mb = upload.file_bytes // MIB
            return cls(
                f"上传的{upload.name_zh}不得超过 {mb} MB,请求未被处理。",
                f"An uploaded {upload.name_en} may be at most {mb} MB; nothing was done.",
                limit_bytes=cap,
            )
        return cls(
            f"请求内容超过 {_size(cap)} 的上限,请求未被处理。",
            f"The request body is over the limit of {_size(cap)}; nothing was done.",
            limit_bytes=cap,
        )


def _size(count: int) -> str:
    return f"{count / MIB:g} MB" if count >= MIB else f"{count // 1024} KB"


# --------------------------------------------------------------------------------- headers


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_script_hashes(html: str) -> tuple[str, ...]:
    """The CSP hashes of the inline ``<script>`` elements of ``html``."""
    found = re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    return tuple(_sha256(script) for script in found)


def swagger_hashes(openapi_url: str | None) -> tuple[str, ...]:
    """The hashes of the API docs' inline script: FastAPI writes it from the OpenAPI URL alone
    (the asset URLs and the title are outside it), so it is computed here the same way."""
    if not openapi_url:
        return ()
    page = get_swagger_ui_html(openapi_url=openapi_url, title="", swagger_js_url="")
    return inline_script_hashes(bytes(page.body).decode())


def policy(*, script_hashes: Iterable[str] = (), https: bool = False) -> str:
    """The Content-Security-Policy of an HTML page: only the platform's own assets."""
    scripts = " ".join(("'self'", *script_hashes))
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    if https:
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


NOTHING = "default-src 'none'; frame-ancestors 'none'"
"""The policy of an answer that is not a page (JSON, a problem, a static file): it loads
nothing if a browser is made to open it."""
STATIC_CACHE = b"public, max-age=86400"
"""The caching of a static asset: a day, then revalidated by its ETag (their URLs carry no
version, so a new release is picked up within a day; a 304 costs no body)."""
PDF = "frame-ancestors 'none'"
"""The policy of a PDF: not framed; the browser's PDF viewer is left to work."""


@dataclass(frozen=True, slots=True)
class Headers:
    """The headers every response gets, by what it is."""

    page: bytes
    docs: bytes
    hsts: bytes | None
    secure_cookies: bool

    @classmethod
    def of(cls, settings: Settings, openapi_url: str | None) -> Headers:
        https = settings.secure_cookies
        return cls(
            page=policy(https=https).encode(),
            docs=policy(script_hashes=swagger_hashes(openapi_url), https=https).encode(),
            hsts=f"max-age={settings.hsts_seconds}".encode()
            if https and settings.hsts_seconds
            else None,
            secure_cookies=https,
        )

    def add(self, path: str, raw: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        """``raw`` with the security headers added (a header the response set is kept)."""
        present = {name.lower() for name, _ in raw}
        content_type = next((v for n, v in raw if n.lower() == b"content-type"), b"").lower()
        if content_type.startswith(b"text/html"):
            csp = self.docs if path == DOCS_PATH else self.page
        elif content_type.startswith(b"application/pdf"):
            csp = PDF.encode()
        else:
            csp = NOTHING.encode()
        wanted: list[tuple[bytes, bytes]] = [
            (b"content-security-policy", csp),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        wanted.append(
            (b"cache-control", STATIC_CACHE if path.startswith("/static/") else b"no-store")
        )
        if self.hsts is not None:
            wanted.append((b"strict-transport-security", self.hsts))
        out = [(n, self._cookie(v) if n.lower() == b"set-cookie" else v) for n, v in raw]
        out += [(name, value) for name, value in wanted if name not in present]
        return out

    def _cookie(self, value: bytes) -> bytes:
        if not self.secure_cookies:
            return value
        attributes = {part.strip().lower() for part in value.split(b";")[1:]}
        return value if b"secure" in attributes else value + b"; Secure"


# ------------------------------------------------------------------------------ middleware


class _Refused(Exception):
    """Raised to the application when it reads past the cap (it never sees those bytes)."""


def _declared_length(scope: Scope) -> int | None:
    values = [v for n, v in scope.get("headers", ()) if n.lower() == b"content-length"]
    if len(values) != 1 or not values[0].strip().isdigit():
        return None
    return int(values[0])


class Door:
    """The ASGI middleware of this module (see its docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        headers: Headers,
        default_cap: int,
        handler: Callable[[], Callable[..., Any] | None],
    ) -> None:
        self.app = app
        self.headers = headers
        self.default_cap = default_cap
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        cap, upload = body_cap(scope["method"], path, self.default_cap)
        started = refused = dropping = False
        read = 0

        async def deliver(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": self.headers.add(path, list(message["headers"]))}
            await send(message)

        async def send_with_headers(message: Message) -> None:
            nonlocal dropping
            if message["type"] == "http.response.start" and refused:
                dropping = True  # the handler's own answer to a body cut short: 413 instead
            if not dropping:
                await deliver(message)

        async def counted_receive() -> Message:
            nonlocal read, refused
            if refused:
                raise _Refused
            message = await receive()
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > cap:
                    refused = True
                    raise _Refused
            return message

        declared = _declared_length(scope)
        if declared is not None and declared > cap:
            await self._too_large(scope, receive, deliver, cap, upload)
            return
        try:
            await self.app(scope, counted_receive, send_with_headers)
        except Exception as exc:
            if refused and not started:
                await self._too_large(scope, receive, deliver, cap, upload)
                return
            if not started:
                await self._unexpected(scope, receive, deliver, exc)
            raise
        if refused and not started:
            await self._too_large(scope, receive, deliver, cap, upload)

    async def _too_large(
        self, scope: Scope, receive: Receive, send: Send, cap: int, upload: Upload | None
    ) -> None:
        problem = BodyTooLarge.of(cap, upload).problem(scope["path"])
        request = Request({**scope, "session": scope.get("session", {})})
        accept = request.headers.get("accept", "")
        response: Response
        if not scope["path"].startswith("/api/") and "text/html" in accept:
            try:
                response = error_page(request, problem)
            except Exception:  # the page needs what the app has not set up: say it plainly
                response = HTMLResponse(
                    f"<!doctype html><title>413</title><p>{escape(problem['detail'])}</p>",
                    status_code=413,
                )
        else:
            response = JSONResponse(problem, status_code=413, media_type=PROBLEM_JSON)
        response.headers["connection"] = "close"  # the rest of the body is not read
        await response(scope, receive, send)

    async def _unexpected(self, scope: Scope, receive: Receive, send: Send, exc: Exception) -> None:
        handler = self.handler()
        if handler is None:
            return  # the server's own 500 (without these headers)
        answer = handler(Request(scope, receive), exc)
        if inspect.isawaitable(answer):
            answer = await answer
        await answer(scope, receive, send)


def install(app: FastAPI, settings: Settings) -> None:
    """Add the protections of ``settings`` to ``app`` (outermost: add it after the others)."""
    trusted_networks(settings.trusted_proxies)  # a bad setting fails here, at start-up
    app.add_middleware(
        Door,
        headers=Headers.of(settings, app.openapi_url),
        default_cap=settings.max_body_bytes,
        handler=lambda: app.exception_handlers.get(Exception),
    )
