"""Hash chains (哈希链): the one chain code of the audit log and the ledger.

A chained record ``n`` stores ``prev_hash`` (the hash of record ``n - 1``, or 64 zeros for the
first) and ``hash = SHA-256(canonical JSON of its content and prev_hash)``. A one-row head keeps
the last sequence number, its hash and the record count, updated in the same transaction as
every append; appends lock it, so concurrent writers queue instead of forking the chain.
:func:`verify` walks the records in order: an edited record fails its own hash, a deleted one
leaves a gap in the sequence, a cut tail no longer matches the head.

The hash function is public, so whoever can rewrite the stored rows *and* the head can forge a
chain that verifies. Two things stop that: the application's database role may only insert
(``docs/operations.md``), and :class:`Anchor` s — heads copied outside the database by
``shuangtan audit anchor`` / ``ledger anchor`` (:mod:`shuangtan.audit.anchors`) — which
:func:`verify` compares with the chain: a rewrite of anything up to an anchored entry changes
that entry's hash and is reported, naming the anchored entry and the range since the last
anchor that still agrees.

Canonical JSON: sorted keys, no insignificant spaces, UTF-8; decimals in plain notation without
trailing zeros, times in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol, TypeVar

from sqlalchemy import select, text
from sqlalchemy.orm import DeclarativeBase, Session

__all__ = [
    "GENESIS_HASH",
    "PROGRESS_EVERY",
    "Anchor",
    "ChainHead",
    "ChainNames",
    "ChainReport",
    "Link",
    "actor_content",
    "canonical_json",
    "digest",
    "json_default",
    "lock_head",
    "timestamp",
    "verify",
]

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first record of a chain."""


def timestamp(value: datetime) -> str:
    """UTC time as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; a naive value is taken to be UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def json_default(value: Any) -> Any:
    """JSON for the values records hold: decimals, times, dates, enums, sets."""
    if isinstance(value, Decimal):
        # Plain notation without trailing zeros, so 12.5 read back as 12.500000 is the same.
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot record {type(value).__name__} in a chained record")


def canonical_json(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no insignificant spaces, UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=json_default
    ).encode("utf-8")


def actor_content(
    user_id: int | None, username: str | None, role: str | None
) -> dict[str, Any] | None:
    """Who made a chained record, as its hash covers it (``None`` for the system itself)."""
    if user_id is None and username is None:
        return None
    return {"user_id": user_id, "username": username, "role": role}


def digest(content: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``content`` (which holds its ``prev_hash``)."""
    return hashlib.sha256(canonical_json(dict(content))).hexdigest()


class ChainHead(Protocol):
    """链头 the one-row head of a chain: last sequence number, its hash, the record count."""

    last_seq: int
    last_hash: str
    entry_count: int


H = TypeVar("H", bound=DeclarativeBase)


def lock_head(session: Session, model: type[H]) -> H:
    """The chain head row (``id = 1``), locked until the transaction ends.

    PostgreSQL: ``SELECT … FOR UPDATE``. SQLite: a no-op ``UPDATE`` takes the database write
    lock now, so no other writer appends until this transaction commits.
    """
    table = model.__tablename__
    key = model.id  # type: ignore[attr-defined]
    statement = select(model).where(key == 1)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(f"UPDATE {table} SET id = id WHERE id = 1"))
    else:
        statement = statement.with_for_update()
    head = session.execute(statement.execution_options(populate_existing=True)).scalar_one_or_none()
    if head is None:
        raise RuntimeError(f"{table} is missing: run the migrations")
    return head


@dataclass(frozen=True, slots=True)
class ChainReport:
    """链校验结果 chain report: whether a chain is intact, and where it breaks.

    ``last_hash`` is the hash of the last record checked (the head a new anchor records when
    the chain is intact); ``anchors_checked`` how many anchors agreed with the chain.
    """

    ok: bool
    checked: int
    first_bad_seq: int | None
    problem_zh: str
    problem_en: str
    last_hash: str = GENESIS_HASH
    anchors_checked: int = 0


@dataclass(frozen=True, slots=True)
class Anchor:
    """锚点 a chain's head as it was copied outside the database at ``at``.

    ``chain`` names the chain (``audit``, ``ledger``); record ``seq`` had ``hash`` and the chain
    held ``count`` records. An anchor of an empty chain has ``seq`` 0 and the genesis hash.
    """

    chain: str
    seq: int
    hash: str
    count: int
    at: datetime

    def content(self) -> dict[str, Any]:
        """The anchor as one line of an anchor file holds it (canonical JSON)."""
        return {
            "chain": self.chain,
            "seq": self.seq,
            "hash": self.hash,
            "count": self.count,
            "at": timestamp(self.at),
        }


@dataclass(frozen=True, slots=True)
class ChainNames:
    """What a chain's records are called in a report (审计记录 / Audit entry …)."""

    record_zh: str
    record_en: str
    chain_zh: str
    chain_en: str


@dataclass(frozen=True, slots=True)
class Link:
    """One record as stored (``hash``) and as recomputed from its content (``recomputed``)."""

    seq: int
    prev_hash: str
    hash: str
    recomputed: str


def _broken(checked: int, seq: int, zh: str, en: str) -> ChainReport:
    return ChainReport(False, checked, seq, zh, en)


def _rewritten(
    checked: int, link: Link, anchor: Anchor, confirmed: int, names: ChainNames
) -> ChainReport:
    """Record ``link.seq`` no longer has the hash its anchor recorded: history was rewritten."""
    seq, at = link.seq, timestamp(anchor.at)
    was, now = anchor.hash[:12], link.hash[:12]
    first = confirmed + 1
    if first == seq:
        where_zh, where_en = f"第 {seq} 条被改写", f"entry {seq} was rewritten"
    else:
        where_zh = f"改写发生在第 {first}–{seq} 条之间"
        where_en = f"the rewrite lies in entries {first}-{seq}"
    if confirmed:
        where_zh += f"(第 {confirmed} 条仍与其锚点相符)"
        where_en += f" (entry {confirmed} still matches its anchor)"
    return _broken(
        checked,
        seq,
        f"{names.record_zh} {seq} 与 {at} 的锚点不符(锚定哈希 {was}…,现为 {now}…):"
        f"锚定之后{names.chain_zh}被改写,{where_zh}。",
        f"{names.record_en} {seq} disagrees with the anchor of {at} (anchored hash {was}…, "
        f"now {now}…): the {names.chain_en} was rewritten after it was anchored; {where_en}.",
    )


def _anchored_by_seq(anchors: Iterable[Anchor]) -> dict[int, list[Anchor]]:
    """The anchors that pin a record (``seq`` ≥ 1), by ``seq``; an empty chain's carry none."""
    pinned: dict[int, list[Anchor]] = defaultdict(list)
    for anchor in anchors:
        if anchor.seq > 0:
            pinned[anchor.seq].append(anchor)
    return pinned


PROGRESS_EVERY = 1000
"""How many records :func:`verify` checks between two calls of its ``progress``."""


def verify(
    links: Iterable[Link],
    head_of: Callable[[], ChainHead | None],
    names: ChainNames,
    anchors: Iterable[Anchor] = (),
    progress: Callable[[int], None] | None = None,
) -> ChainReport:
    """Walk the records from the first, then compare the end with the head (read last).

    ``anchors`` (heads copied outside the database) must agree with the records they pin: a
    forger who edits a record and recomputes every later hash and the head passes every other
    check, but cannot give an anchored record its old hash back. ``progress`` is told how many
    records were checked, every :data:`PROGRESS_EVERY` and at the end of the walk.
    """
    pinned = _anchored_by_seq(anchors)
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    confirmed = 0  # the last record an anchor confirmed
    agreed = 0
    rec_zh, rec_en = names.record_zh, names.record_en
    for link in links:
        if link.seq != expected_seq:
            return _broken(
                checked,
                expected_seq,
                f"{rec_zh} {expected_seq} 缺失(被删除)。",
                f"{rec_en} {expected_seq} is missing (deleted).",
            )
        if link.prev_hash != prev_hash:
            return _broken(
                checked,
                link.seq,
                f"{rec_zh} {link.seq} 与前一条记录的链接不符。",
                f"{rec_en} {link.seq} does not link to the entry before it.",
            )
        if link.recomputed != link.hash:
            return _broken(
                checked,
                link.seq,
                f"{rec_zh} {link.seq} 的内容被修改(哈希不符)。",
                f"{rec_en} {link.seq} was altered (hash mismatch).",
            )
        for anchor in pinned.pop(link.seq, ()):
            if anchor.hash != link.hash:
                return _rewritten(checked, link, anchor, confirmed, names)
            agreed += 1
            confirmed = link.seq
        prev_hash = link.hash
        expected_seq += 1
        checked += 1
        if progress is not None and checked % PROGRESS_EVERY == 0:
            progress(checked)
    if progress is not None:
        progress(checked)
    last_seq = expected_seq - 1
    head = head_of()
    if head is None:
        return _broken(
            checked,
            last_seq + 1,
            f"{names.chain_zh}头缺失。",
            f"The {names.chain_en} head is missing.",
        )
    if head.last_seq != last_seq or head.last_hash != prev_hash or head.entry_count != checked:
        bad = min(head.last_seq, last_seq) + 1
        return _broken(
            checked,
            bad,
            f"{names.chain_zh}在第 {bad} 条处被截断或与链头不符。",
            f"The {names.chain_en} is truncated or disagrees with its head at entry {bad}.",
        )
    if pinned:
        anchor = pinned[min(pinned)][0]
        at, missing = timestamp(anchor.at), last_seq + 1
        return _broken(
            checked,
            missing,
            f"{at} 的锚点记录了 {anchor.seq} 条{rec_zh},{names.chain_zh}现只有 {last_seq} 条:"
            f"第 {missing} 条起在锚定之后被删除。",
            f"The anchor of {at} recorded {anchor.seq} entries; the {names.chain_en} now has "
            f"{last_seq}: entries from {missing} on were removed after it was anchored.",
        )
    zh_more = f",与 {agreed} 个锚点相符" if agreed else ""
    en_more = f", matching {agreed} anchors" if agreed else ""
    return ChainReport(
        True,
        checked,
        None,
        f"{names.chain_zh}完整,共 {checked} 条记录{zh_more}。",
        f"The {names.chain_en} is intact: {checked} entries{en_more}.",
        last_hash=prev_hash,
        anchors_checked=agreed,
    )
