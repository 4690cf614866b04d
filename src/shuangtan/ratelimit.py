"""A small in-process rate limiter for the public tools (公共工具限流).

Fixed one-minute windows per client. One process keeps its own counts; behind several
workers the limit is per worker (put the platform behind a proxy that limits too).

Who the client is (:func:`client_key`): the socket peer, unless the peer is one of the
configured trusted reverse proxies (``SHUANGTAN_TRUSTED_PROXIES``, addresses or CIDR networks).
Only then is ``X-Forwarded-For`` read, from the right: each trusted proxy appends the address
it received the request from, so the right-most address that is not itself a trusted proxy is
the client; what lies to its left was written by the client and is ignored. A header from any
other peer is ignored entirely, so nobody can spend someone else's budget (or escape their
own) by writing the header. An IPv6 client is counted by its /64 network, since one host
usually holds the whole network.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from fastapi import Request

from shuangtan.config import Settings
from shuangtan.errors import RateLimited

__all__ = [
    "WindowCounter",
    "client_key",
    "forwarded_client",
    "public_tool_limit",
    "trusted_networks",
]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


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


@lru_cache(maxsize=8)
def trusted_networks(setting: str) -> tuple[Network, ...]:
    """The networks of ``SHUANGTAN_TRUSTED_PROXIES`` (comma-separated addresses or CIDR
    networks; an address is a network of one). Raises ``ValueError`` naming a bad entry."""
    networks: list[Network] = []
    for item in setting.split(","):
        text = item.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError as exc:
            raise ValueError(
                f"SHUANGTAN_TRUSTED_PROXIES: {text!r} is not an address or a network"
            ) from exc
    return tuple(networks)


def _address(text: str) -> Address | None:
    """An address as a proxy writes it: ``1.2.3.4``, ``1.2.3.4:5678``, ``2001:db8::1`` or
    ``[2001:db8::1]:443``; None for anything else (``unknown``, an obfuscated name)."""
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else text
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: Address | None, networks: tuple[Network, ...]) -> bool:
    if address is None:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    candidate = mapped if mapped is not None else address
    return any(candidate in network for network in networks)


def _key(address: Address | None, raw: str) -> str:
    """The counting key of a client: its address, an IPv6 client's /64 network."""
    if address is None:
        return raw.strip() or "unknown"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else address)


def forwarded_client(peer: str, forwarded_for: list[str], networks: tuple[Network, ...]) -> str:
    """The client's counting key, given the socket ``peer``, the ``X-Forwarded-For`` header
    values in order, and the trusted proxies' networks (see the module's docstring)."""
    peer_address = _address(peer)
    if not _trusted(peer_address, networks):
        return _key(peer_address, peer)
    hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
    nearest_trusted = peer
    for hop in reversed(hops):
        address = _address(hop)
        if not _trusted(address, networks):
            return _key(address, hop)
        nearest_trusted = hop
    # every hop is a trusted proxy (or there is no header): the farthest one is the client
    return _key(_address(nearest_trusted), nearest_trusted)


def client_key(request: Request) -> str:
    """Who a request came from, for counting: the socket peer, or, when the peer is a
    configured trusted proxy, the right-most untrusted address of ``X-Forwarded-For``."""
    peer = request.client.host if request.client else "unknown"
    settings: Settings | None = getattr(request.app.state, "settings", None)
    networks = trusted_networks(settings.trusted_proxies) if settings is not None else ()
    if not networks:
        return _key(_address(peer), peer)
    return forwarded_client(peer, request.headers.getlist("x-forwarded-for"), networks)


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
