"""How routes answer beyond their JSON model (响应): problems and file downloads, documented.

A route documents the problems it may answer with ``responses=problems(409, 422)``.

A route that answers with a file declares ``response_class=Response`` and
``responses=binary(PDF)`` (so the OpenAPI document describes the download), and returns
``attachment(content, PDF, "report.pdf")``: always a download, never rendered inline, with the
name in ASCII and, when it is not ASCII, in UTF-8 too (RFC 6266 / RFC 8187).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi.responses import Response

__all__ = ["CSV", "DOCX", "JSON", "PDF", "XLSX", "attachment", "binary", "problems"]

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"

_PROBLEM = {"description": "Problem document (RFC 9457)"}


def problems(*statuses: int) -> dict[int | str, Any]:
    """``responses`` naming the problem documents a route may answer with."""
    return {status: _PROBLEM for status in statuses}


def binary(*media_types: str, refusals: tuple[int, ...] = (404,)) -> dict[int | str, Any]:
    """The ``responses`` of a download route: binary content of ``media_types``, and problems."""
    schema = {"type": "string", "format": "binary"}
    content = {media: {"schema": schema} for media in media_types}
    return {200: {"content": content}, **problems(*refusals)}


def attachment(
    content: bytes, media_type: str, filename: str, *, ascii_name: str | None = None
) -> Response:
    """``content`` as a download named ``filename`` (``ascii_name`` for old clients, if given:
    a name of the platform's own when ``filename`` came from a user's upload)."""
    if ascii_name is None:
        ascii_name = filename.encode("ascii", "replace").decode("ascii").replace('"', "'")
    disposition = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        disposition += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
    )
