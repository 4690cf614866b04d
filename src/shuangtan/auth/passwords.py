"""Password hashing (密码哈希) with Argon2id (argon2-cffi, RFC 9106 parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = ["hash_password", "needs_rehash", "verify_password"]

_HASHER = PasswordHasher()
"""The process's hasher; its parameters are argon2-cffi's defaults (RFC 9106 low-memory)."""

_DUMMY_HASH = _HASHER.hash("shuangtan: a password nobody has")
"""Verified against when the user is unknown, so that timing does not reveal usernames."""


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
    """Spend the time of one verification (for unknown users)."""
    verify_password(_DUMMY_HASH, password)


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than the current ones."""
    try:
        return bool(_HASHER.check_needs_rehash(password_hash))
    except InvalidHashError:
        return True
