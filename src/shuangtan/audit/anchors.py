"""Anchors (锚点): chain heads copied outside the database, where the database cannot reach.

An anchor file is JSON Lines, one anchor a line, appended to and never rewritten:

    {"at":"2026-12-04T09:00:00.000000Z","chain":"audit","count":1204,"hash":"9f…","seq":1204}

``chain`` names the chain (``audit``, ``ledger``: one file may hold both), ``seq`` and ``hash``
the last record and its hash when the anchor was taken, ``count`` the number of records, ``at``
the time (UTC). Further keys (a timestamp token's name, a bulletin's number) are allowed and
ignored. ``shuangtan audit anchor`` and ``ledger anchor`` append a line after verifying the
chain against the anchors already there; ``verify --anchors FILE`` checks every anchor.

The file is the defence only if the database's owner cannot rewrite it too: keep it on another
machine, in write-once storage, published, or timestamped (RFC 3161); see
``docs/operations.md``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shuangtan.audit.chain import GENESIS_HASH, Anchor, ChainReport, canonical_json
from shuangtan.errors import DomainError

__all__ = [
    "ANCHOR_FILE_ENV",
    "AnchorFileInvalid",
    "anchor_line",
    "anchor_of",
    "append_anchor",
    "parse_anchor",
    "read_anchors",
]

ANCHOR_FILE_ENV = "SHUANGTAN_ANCHOR_FILE"
"""The environment variable naming the anchor file (the commands' ``--anchors`` default)."""

_HASH = re.compile(r"[0-9a-f]{64}")
_CHAIN = re.compile(r"[a-z][a-z0-9_]{0,31}")


class AnchorFileInvalid(DomainError):
    """锚点文件无效 the anchor file cannot be read or holds a malformed line."""

    status = 422
    code = "audit.anchor_file_invalid"
    title = "Invalid anchor file"


def anchor_of(chain: str, report: ChainReport, at: datetime) -> Anchor:
    """The anchor of a chain that ``report`` found intact: its last record, hash and count."""
    if not report.ok:
        raise ValueError("only an intact chain is anchored")
    return Anchor(chain, report.checked, report.last_hash, report.checked, at)


def anchor_line(anchor: Anchor) -> str:
    """The anchor as one line of an anchor file (canonical JSON, no newline)."""
    return canonical_json(anchor.content()).decode("utf-8")


def _invalid(where: str, zh: str, en: str) -> AnchorFileInvalid:
    return AnchorFileInvalid(f"锚点文件 {where}:{zh}", f"Anchor file {where}: {en}", where=where)


def _count(data: Mapping[str, Any], key: str, where: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _invalid(
            where, f"「{key}」须为非负整数。", f"'{key}' must be a non-negative integer."
        )
    return value


def _time(value: Any, where: str) -> datetime:
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        at = datetime.fromisoformat(value)
    except ValueError as error:
        raise _invalid(
            where,
            "「at」须为 ISO 8601 时间(UTC)。",
            "'at' must be an ISO 8601 time (UTC).",
        ) from error
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def parse_anchor(line: str, *, where: str) -> Anchor:
    """One anchor from one line of an anchor file; ``where`` names the line in errors."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise _invalid(where, "不是 JSON。", "not JSON.") from error
    if not isinstance(data, dict):
        raise _invalid(where, "须为 JSON 对象。", "must be a JSON object.")
    chain, digest = data.get("chain"), data.get("hash")
    if not isinstance(chain, str) or not _CHAIN.fullmatch(chain):
        raise _invalid(where, "「chain」须为链名(如 audit)。", "'chain' must name a chain.")
    if not isinstance(digest, str) or not _HASH.fullmatch(digest):
        raise _invalid(
            where, "「hash」须为 64 位十六进制小写。", "'hash' must be 64 lowercase hex digits."
        )
    seq, count = _count(data, "seq", where), _count(data, "count", where)
    if seq == 0 and digest != GENESIS_HASH:
        raise _invalid(
            where,
            "空链的锚点(seq 0)只能是创世哈希。",
            "an anchor of an empty chain (seq 0) must carry the genesis hash.",
        )
    return Anchor(chain, seq, digest, count, _time(data.get("at"), where))


def read_anchors(path: Path, chain: str) -> list[Anchor]:
    """The anchors of ``chain`` in the file at ``path``, in file order (other chains skipped).

    A missing or unreadable file, or any malformed line, is refused
    (:class:`AnchorFileInvalid`): an anchor file that cannot be read checks nothing.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise AnchorFileInvalid(
            f"锚点文件 {path} 不存在(用 anchor 命令写入第一个锚点)。",
            f"Anchor file {path} does not exist (the anchor command writes the first anchor).",
            path=str(path),
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise AnchorFileInvalid(
            f"无法读取锚点文件 {path}:{error}",
            f"Cannot read anchor file {path}: {error}",
            path=str(path),
        ) from error
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        anchor = parse_anchor(line, where=f"{path}:{number}")
        if anchor.chain == chain:
            found.append(anchor)
    return found


def append_anchor(path: Path, anchor: Anchor) -> str:
    """Append ``anchor`` as one line to the file at ``path`` (created if missing), on disk
    (``fsync``) before returning; the line written, without its newline.

    The file is opened for appending only (``O_APPEND``): nothing already there is rewritten,
    and on Linux ``chattr +a`` can make that the file system's rule too.
    """
    line = anchor_line(anchor)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, (line + "\n").encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise AnchorFileInvalid(
            f"无法写入锚点文件 {path}:{error}",
            f"Cannot append to anchor file {path}: {error}",
            path=str(path),
        ) from error
    return line
