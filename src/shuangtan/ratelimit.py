"""A small in-process rate limiter for the public tools (公共工具限流).

Fixed one-minute windows per client address. One process keeps its own counts; behind
several workers the limit is per worker (put the platform behind a proxy that limits too).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request

from shuangtan.errors import RateLimited


@dataclass
class WindowCounter:
    """Counts requests per key in the current one-minute window."""

    limit_per_minute: int
    clock: Callable[[], float] = time.monotonic
    _window: int = -1
    _counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str) -> tuple[bool, int]:
        """Count one request for ``key``; return (allowed, seconds until the window resets)."""
        now = self.clock()
        window = int(now // 60)
        with self._lock:
            if window != self._window:
                self._window = window
                self._counts.clear()
            count = self._counts.get(key, 0) + 1
            self._counts[key] = count
        return count <= self.limit_per_minute, 60 - int(now % 60)


def client_key(request: Request) -> str:
    """The address a request came from (the socket peer; no proxy headers are trusted)."""
    return request.client.host if request.client else "unknown"


def public_tool_limit(request: Request) -> None:
    """FastAPI dependency: refuse a client past the public tools' per-minute limit."""
    counter: WindowCounter = request.app.state.public_rate_limiter
    allowed, retry_after = counter.hit(client_key(request))
    if not allowed:
        raise RateLimited(
            f"请求过于频繁:每分钟最多 {counter.limit_per_minute} 次,请 {retry_after} 秒后再试。",
            f"Too many requests: at most {counter.limit_per_minute} a minute; "
            f"retry in {retry_after} s.",
            retry_after=retry_after,
        )
