"""Password hashing (密码哈希) with Argon2id (argon2-cffi, RFC 9106 parameters).

One Argon2id check with the default parameters takes 64 MiB of memory for a few tens of
milliseconds, so a server that checks every password it is sent at once can be made to run out
of memory by a burst of logins. :class:`HashGate` bounds how many hashings run at once in a
process (闸门); a caller waits a bounded time for a slot and is otherwise refused (503).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shuangtan.auth.errors import PasswordCheckBusy

__all__ = ["HashGate", "burn_time", "hash_password", "needs_rehash", "verify_password"]

_HASHER = PasswordHasher()
"""The process's hasher; its parameters are argon2-cffi's defaults (RFC 9106 low-memory)."""

_dummy: list[tuple[PasswordHasher, str]] = []
"""The hash verified against when the user is unknown (so that timing does not reveal
usernames), made once per hasher with its parameters: it costs what a real user's check costs."""


def _dummy_hash() -> str:
    if not _dummy or _dummy[0][0] is not _HASHER:
        _dummy[:] = [(_HASHER, _HASHER.hash("shuangtan: a password nobody has"))]
    return _dummy[0][1]


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` (PHC string with salt and parameters)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; a malformed hash never matches."""
    try:
        return bool(_HASHER.verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn_time(password: str) -> None:
    """Spend the time (and memory) of one verification (for unknown users)."""
    verify_password(_dummy_hash(), password)


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than the current ones."""
    try:
        return bool(_HASHER.check_needs_rehash(password_hash))
    except InvalidHashError:
        return True


class HashGate:
    """At most ``limit`` password hashings at once (闸门); a caller waits ``wait_seconds``.

    Every hashing a request can cause (the login's check, the dummy check of an unknown user,
    the current password on the change form, the new password's hash) goes through one gate,
    so ``limit`` × 64 MiB bounds the memory that logins can take. Past the wait the caller
    gets :class:`PasswordCheckBusy` (503 with ``Retry-After``) instead of queueing without
    end, and no password is checked.
    """

    def __init__(self, limit: int, wait_seconds: float) -> None:
        if limit < 1:
            raise ValueError("a gate needs at least one slot")
        self.limit = limit
        self.wait_seconds = wait_seconds
        self._slots = threading.BoundedSemaphore(limit)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot for the block, or raise :class:`PasswordCheckBusy` after the wait."""
        if not self._slots.acquire(timeout=self.wait_seconds):
            raise PasswordCheckBusy()
        try:
            yield
        finally:
            self._slots.release()

    def verify(self, password_hash: str | None, password: str) -> bool:
        """:func:`verify_password` in a slot; ``None`` (no such user) costs one check too."""
        with self.slot():
            if password_hash is None:
                burn_time(password)
                return False
            return verify_password(password_hash, password)

    def hash(self, password: str) -> str:
        """:func:`hash_password` in a slot."""
        with self.slot():
            return hash_password(password)
