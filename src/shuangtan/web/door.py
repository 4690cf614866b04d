"""The input door (输入检查): what no database stores alike is refused before a handler runs.

A NUL character or a lone UTF-16 surrogate in the path, a query parameter, a form field or any
string or key of a JSON body, and a JSON number that is not finite (``NaN``, ``Infinity``,
``1e309``), are refused with 422 ``input.invalid`` naming where (``location`` and a JSON
``pointer``), in Chinese and English — so SQLite and PostgreSQL see the same inputs
(PostgreSQL refuses NUL in text, neither database can encode a surrogate, JSON cannot carry a
non-finite number back).

The door is an ASGI middleware (:class:`InputDoor`) that ``web.problems.install`` puts
innermost. The path and query are checked before the application is called (the refusal is
answered by the ``respond`` it is given: a problem document, or its HTML page); a body is
checked as it streams in, and a fault raises :class:`RefusedInput` from the application's own
read of it, which the problem handlers answer. Files of a multipart form are not text and pass.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shuangtan.errors import problem_document

__all__ = ["InputDoor", "RefusedInput", "Responder"]

Responder = Callable[[Request, dict[str, Any]], Response]
"""How a refusal is answered: the request and its problem document in, a response out."""


_FORBIDDEN = {
    "nul": ("NUL 字符(\\u0000)", "a NUL character (\\u0000)"),
    "surrogate": ("孤立的代理字符(\\ud800–\\udfff)", "a lone surrogate (\\ud800-\\udfff)"),
    "number": (
        "非有限数(NaN、Infinity 或超出范围)",
        "a number that is not finite (NaN, Infinity, out of range)",
    ),
}
_MAX_NAMED = 20  # the fields a refusal lists at most


def _text_fault(value: str) -> str | None:
    """``"nul"`` or ``"surrogate"`` if ``value`` holds a character no database stores alike."""
    if "\x00" in value:
        return "nul"
    if any("\ud800" <= char <= "\udfff" for char in value):
        return "surrogate"
    return None


def _printable(text: str) -> str:
    """``text`` with each NUL and lone surrogate written as its escape (``\\u0000``), so that
    a refusal naming the field can itself be encoded."""
    return "".join(
        f"\\u{ord(char):04x}" if char == "\x00" or "\ud800" <= char <= "\udfff" else char
        for char in text
    )


def _pointer(parts: tuple[str | int, ...]) -> str:
    """The JSON pointer (RFC 6901) of ``parts``, printable."""
    return "".join("/" + _printable(str(p)).replace("~", "~0").replace("/", "~1") for p in parts)


def _json_faults(document: Any) -> Iterator[tuple[str, str]]:
    """``(pointer, fault)`` of every forbidden string, key or number of a JSON document."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if fault := _text_fault(value):
                yield _pointer(path), fault
        elif isinstance(value, float):
            if not math.isfinite(value):
                yield _pointer(path), "number"
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                if fault := _text_fault(key):
                    yield _pointer((*path, key)), fault
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))


def _fields_faults(pairs: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    for name, value in pairs:
        if fault := _text_fault(name) or _text_fault(value):
            yield _pointer((name,)), fault


def _refusal(path: str, faults: list[tuple[str, str, str]]) -> dict[str, Any]:
    """The 422 problem of ``faults``: ``(location, pointer, fault)`` each."""
    errors = [
        {
            "location": location,
            "pointer": pointer,
            "message_zh": f"含有{_FORBIDDEN[fault][0]}",
            "message_en": f"holds {_FORBIDDEN[fault][1]}",
        }
        for location, pointer, fault in faults[:_MAX_NAMED]
    ]
    location, pointer, fault = faults[0]
    where = f"{location} {pointer}".strip()
    return problem_document(
        status=422,
        code="input.invalid",
        title="Invalid input",
        message_zh=f"请求的 {where} 含有{_FORBIDDEN[fault][0]},未予处理。",
        message_en=f"The request's {where} holds {_FORBIDDEN[fault][1]}; nothing was done.",
        instance=_printable(path),
        errors=errors,
    )


class RefusedInput(StarletteHTTPException):
    """A request body the door refused while the application read it (a 422 problem)."""

    def __init__(self, problem: dict[str, Any]) -> None:
        super().__init__(status_code=422, detail=problem["title"])
        self.problem = problem


class _BodyCheck:
    """The faults of a body as it streams in: JSON and URL-encoded forms are checked whole when
    the last chunk arrives, multipart forms part by part (files are not text and pass)."""

    def __init__(self, content_type: str) -> None:
        media, params = parse_options_header(content_type)
        self.kind = (
            "json"
            if media in (b"", b"application/json") or media.endswith(b"+json")
            else "form"
            if media == b"application/x-www-form-urlencoded"
            else "multipart"
            if media == b"multipart/form-data" and params.get(b"boundary")
            else ""
        )
        self.chunks: list[bytes] = []
        self.faults: list[tuple[str, str, str]] = []
        self._parser: MultipartParser | None = None
        if self.kind == "multipart":
            charset = params.get(b"charset", b"utf-8")
            self._multipart = _MultipartFields(charset.decode("latin-1"), self.faults)
            self._parser = MultipartParser(params[b"boundary"], self._multipart.callbacks())

    def feed(self, chunk: bytes, last: bool) -> None:
        if self.kind == "multipart":
            self._feed_multipart(chunk)
            return
        self.chunks.append(chunk)
        if not last:
            return
        body = b"".join(self.chunks)
        self.chunks = []
        if self.kind == "form":
            pairs = parse_qsl(body.decode("latin-1"), keep_blank_values=True)
            self.faults += [("form", p, f) for p, f in _fields_faults(pairs)]
        elif body.strip():
            try:
                document = json.loads(body)
            except (ValueError, RecursionError):
                return  # not JSON: the application answers that itself
            self.faults += [("body", p, f) for p, f in _json_faults(document)]

    def _feed_multipart(self, chunk: bytes) -> None:
        if self._parser is None:
            return
        try:
            self._parser.write(chunk)
        except Exception:  # malformed: the application's own parser answers that
            self._parser = None


class _MultipartFields:
    """The text fields of a multipart body, checked as they end (file parts are skipped)."""

    _MAX_FIELD = 1024 * 1024  # Starlette refuses a longer field itself

    def __init__(self, charset: str, faults: list[tuple[str, str, str]]) -> None:
        self.charset = charset
        self.faults = faults
        self._header = b""
        self._value = b""
        self._disposition = b""
        self._data = bytearray()

    def callbacks(self) -> Any:
        def on_part_begin() -> None:
            self._disposition = b""
            self._data = bytearray()

        def on_header_field(data: bytes, start: int, end: int) -> None:
            self._header += data[start:end]

        def on_header_value(data: bytes, start: int, end: int) -> None:
            self._value += data[start:end]

        def on_header_end() -> None:
            if self._header.lower() == b"content-disposition":
                self._disposition = self._value
            self._header, self._value = b"", b""

        def on_part_data(data: bytes, start: int, end: int) -> None:
            if len(self._data) < self._MAX_FIELD:
                self._data += data[start:end]

        def on_part_end() -> None:
            _, options = parse_options_header(self._disposition)
            if b"filename" in options:
                return
            name = options.get(b"name", b"").decode("latin-1")
            try:
                value = bytes(self._data).decode(self.charset, "replace")
            except LookupError:
                value = bytes(self._data).decode("latin-1")
            self.faults += [("form", p, f) for p, f in _fields_faults([(name, value)])]

        return {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        }


def _scope_faults(scope: Scope) -> list[tuple[str, str, str]]:
    faults: list[tuple[str, str, str]] = []
    if fault := _text_fault(scope.get("path", "")):
        faults.append(("path", "", fault))
    query = scope.get("query_string", b"").decode("latin-1")
    pairs = parse_qsl(query, keep_blank_values=True)
    faults += [("query", p, f) for p, f in _fields_faults(pairs)]
    return faults


class InputDoor:
    """Refuse what no database stores alike before a handler sees it (see the module)."""

    def __init__(self, app: ASGIApp, respond: Responder) -> None:
        self.app = app
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if faults := _scope_faults(scope):
            request = Request(scope)
            await self.respond(request, _refusal(scope["path"], faults))(scope, receive, send)
            return
        content_type = dict(scope.get("headers", [])).get(b"content-type", b"")
        check = _BodyCheck(content_type.decode("latin-1"))
        if not check.kind:
            await self.app(scope, receive, send)
            return

        async def checked() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                check.feed(message.get("body", b""), not message.get("more_body", False))
                if check.faults:
                    raise RefusedInput(_refusal(scope["path"], check.faults))
            return message

        await self.app(scope, checked, send)
