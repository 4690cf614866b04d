"""The password policy (密码规则): long enough, and not one that is guessed first.

A password is refused when it is

- shorter than :data:`MIN_LENGTH` or longer than :data:`MAX_LENGTH` characters;
- digits only (phone numbers, dates, ``1234567890``);
- one character or one short piece repeated (``aaaaaaaaaa``, ``abcabcabcabc``);
- a run of keys or letters (``qwertyuiop``, ``1qaz2wsx3edc``, ``abcdefghij``, ``0987654321``);
- a common password (:data:`COMMON_SOURCE`, from a frequency count of leaked passwords, with
  Chinese pinyin habits and the programme's own words), alone or with digits and punctuation
  before or after it (``password123``, ``woaini1314``, ``Admin@2024``);
- or, once the username and the display name are taken out, what is left is shorter than
  :data:`MIN_LENGTH`, digits only, repeated or a run (``zhangwei2024`` for ``zhangwei``).

:data:`RULES` says the same to people (zh, en), on the form that sets a password.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from importlib import resources

from shuangtan.auth.errors import WeakPassword

__all__ = ["COMMON_SOURCE", "MAX_LENGTH", "MIN_LENGTH", "RULES", "check_password", "is_common"]

MIN_LENGTH = 10
MAX_LENGTH = 256
COMMON_SOURCE = "data/auth/common-passwords.txt"
"""The bundled list, under the ``shuangtan`` package (its header names where it comes from)."""

RULES: tuple[tuple[str, str], ...] = (
    (f"至少 {MIN_LENGTH} 个字符。", f"At least {MIN_LENGTH} characters."),
    (
        "不能全是数字,不能是重复的字符或片段。",
        "Not digits only, not a repeated character or piece.",
    ),
    (
        "不能是键盘或字母表上的连续字符(如 qwertyuiop、abcdefghij)。",
        "Not a run of keys or letters (like qwertyuiop or abcdefghij).",
    ),
    (
        "不能是常见密码,也不能是常见密码加数字或符号(如 password123)。",
        "Not a common password, nor one with digits or symbols added (like password123).",
    ),
    (
        f"用户名和显示名称不计:去掉它们后,剩下的部分仍须至少 {MIN_LENGTH} 个字符,且不全是数字、"
        "重复或连续的字符。",
        f"Your username and display name do not count: without them, at least {MIN_LENGTH} "
        "characters must be left that are not digits only, repeated or a run.",
    ),
)

# Runs that people type: keyboard rows and columns, the alphabet, the digits; forward or back.
_SEQUENCES = (
    "`1234567890-=",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]",
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
)
_NEXT: frozenset[tuple[str, str]] = frozenset(
    pair
    for sequence in _SEQUENCES
    for a, b in itertools.pairwise(sequence)
    for pair in ((a, b), (b, a))
)
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_MIN_RUN = 3
_MIN_REST = 4  # characters outside runs and repeats that a password must keep


@cache
def _common() -> frozenset[str]:
    text = resources.files("shuangtan").joinpath(COMMON_SOURCE).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def is_common(password: str) -> bool:
    """Whether ``password``, or its letters without digits and punctuation around them, is in
    the bundled list of common passwords."""
    lowered = password.strip().lower()
    common = _common()
    return lowered in common or _EDGES.sub("", lowered) in common


def _is_repeat(text: str) -> bool:
    """One piece over and over (``aaaa``, ``abab``, ``abcabc``), or fewer than four symbols."""
    return len(set(text)) < _MIN_REST or (text + text).find(text, 1) < len(text)


def _outside_runs(text: str) -> int:
    """How many characters of ``text`` are not part of a run of keys, letters or one key."""
    covered = [False] * len(text)
    start = 0
    for i in range(1, len(text) + 1):
        linked = i < len(text) and ((text[i - 1], text[i]) in _NEXT or text[i - 1] == text[i])
        if not linked:
            if i - start >= _MIN_RUN:
                covered[start:i] = [True] * (i - start)
            start = i
    return covered.count(False)


def _trivial(password: str, *, common: bool = True) -> tuple[str, str, str] | None:
    """Why ``password`` is guessed first (rule, zh, en), or ``None``; ``common`` also looks it
    up in the list."""
    lowered = password.lower()
    if lowered.isdigit():
        return "digits", "密码不能全是数字。", "The password must not be digits only."
    if _is_repeat(lowered):
        return (
            "repeated",
            "密码不能是重复的字符或片段。",
            "The password must not be one character or piece repeated.",
        )
    if _outside_runs(lowered) < _MIN_REST:
        return (
            "sequence",
            "密码不能是键盘或字母表上的连续字符(如 qwertyuiop、abcdefghij)。",
            "The password must not be a run of keys or letters (like qwertyuiop or abcdefghij).",
        )
    if common and is_common(lowered):
        return (
            "common",
            "这是常见密码(或常见密码加数字、符号),很容易被猜中,请换一个。",
            "This is a common password (or one with digits or symbols added) and is guessed "
            "early; choose another.",
        )
    return None


def _without_names(password: str, names: tuple[str, ...]) -> tuple[str, bool]:
    """``password`` with each name (and each part of it, of three or more characters) taken
    out, case-insensitively; and whether any was in it."""
    parts = {
        piece.lower()
        for name in names
        for piece in (name, *re.split(r"[\s._\-@]+", name))
        if len(piece.strip()) >= 3
    }
    rest = password
    for piece in sorted(parts, key=len, reverse=True):
        rest = re.sub(re.escape(piece), "", rest, flags=re.IGNORECASE)
    return rest, rest != password


def check_password(password: str, *, username: str, display_name: str = "") -> None:
    """Refuse ``password`` with :class:`WeakPassword` (zh/en, ``rule``) unless it meets the
    policy for the user ``username`` called ``display_name``."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            f"密码至少需要 {MIN_LENGTH} 个字符。",
            f"The password needs at least {MIN_LENGTH} characters.",
            rule="length",
        )
    if len(password) > MAX_LENGTH:
        raise WeakPassword(
            f"密码最多 {MAX_LENGTH} 个字符。",
            f"The password may have at most {MAX_LENGTH} characters.",
            rule="length",
        )
    why = _trivial(password)
    if why is not None:
        raise WeakPassword(why[1], why[2], rule=why[0])
    rest, named = _without_names(password, (username, display_name))
    if named and (len(rest) < MIN_LENGTH or _trivial(rest, common=False) is not None):
        raise WeakPassword(
            f"密码不能以用户名或显示名称为主:去掉它们后,剩下的部分须至少 {MIN_LENGTH} 个字符,"
            "且不能全是数字、重复或连续的字符。",
            f"The password must not be built on the username or display name: without them, "
            f"what is left needs {MIN_LENGTH} characters that are not digits only, repeated "
            "or a run.",
            rule="name",
        )
