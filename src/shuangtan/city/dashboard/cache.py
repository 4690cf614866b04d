"""The public dashboard's cache (公开驾驶舱缓存): one computation per view and data version.

What the public sees of the dashboard is the same for every member of the public and changes
only when data is written: verified accounts, inventory rows, plan values, saved scenarios.
Every such write appends to the audit log (``audit.record``, the loaders one entry per step),
so the audit log's last sequence number is a version of everything the public views read. A
view is computed once per (view, year, county, industry) and served from memory while that
number stays the same; the first request after a write computes it anew. Checking the version
is one indexed query (``max(seq)`` of the audit log's primary key), against about 200 ms of CPU
for the city overview.

A cache belongs to one database (it is keyed by the session's engine, weakly, so a test's
database or a second database never sees another's views) and holds at most
:data:`MAX_ENTRIES` views, the least recently used dropped first. Misses are computed one at a
time, so that a crowd arriving after a write waits for one computation instead of starting
one each. Officials' views are never cached: they depend on the official and are not public.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.audit.models import AuditEntry

__all__ = ["MAX_ENTRIES", "PublicCache", "cached", "data_version"]

T = TypeVar("T")

MAX_ENTRIES = 256
"""Views kept per database: a year's city view, its counties and their industries, and more."""


class PublicCache:
    """The public views of one database, each with the data version it was computed at."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self.builds = 0
        """How many views were computed (not served from memory): for tests and benchmarks."""
        self._entries: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
        self._lock = threading.Lock()
        self._building = threading.Lock()

    def _get(self, key: Hashable, version: int) -> tuple[bool, object]:
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != version:
                return False, None
            self._entries.move_to_end(key)
            return True, found[1]

    def _put(self, key: Hashable, version: int, value: object) -> None:
        with self._lock:
            self._entries[key] = (version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def get_or_build(self, key: Hashable, version: int, build: Callable[[], T]) -> T:
        """The view ``key`` at ``version``: from memory, or built now (one build at a time)."""
        hit, value = self._get(key, version)
        if hit:
            return cast(T, value)
        with self._building:
            hit, value = self._get(key, version)  # built while this request waited
            if hit:
                return cast(T, value)
            built = build()
            self.builds += 1
            self._put(key, version, built)
            return built


_CACHES: weakref.WeakKeyDictionary[object, PublicCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def cache_of(session: Session) -> PublicCache:
    """The cache of the database ``session`` is bound to."""
    bind = session.get_bind()
    with _CACHES_LOCK:
        found = _CACHES.get(bind)
        if found is None:
            found = _CACHES[bind] = PublicCache()
        return found


def data_version(session: Session) -> int:
    """The version of the data the public views read: the audit log's last sequence number.

    Read before the view is computed, so a write committed meanwhile makes the stored view look
    older than it is (it is computed again next time), never newer."""
    return int(session.execute(select(func.max(AuditEntry.seq))).scalar_one() or 0)


def cached(session: Session, key: Hashable, build: Callable[[], T]) -> T:
    """The public view ``key`` of ``session``'s database at its current data version."""
    return cache_of(session).get_or_build(key, data_version(session), build)
