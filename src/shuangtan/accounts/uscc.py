"""The unified social credit code (统一社会信用代码), GB 32100-2015.

Eighteen characters from the 31-character set ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (no I, O, Z,
S, V):

=========  =====================================================================
position   meaning
=========  =====================================================================
1          registration authority (登记管理部门代码): 1 机构编制, 5 民政, 9 工商 …
2          organisation class (机构类别代码)
3–8        administrative division of the registering authority (GB/T 2260), digits
9–17       organisation code (组织机构代码, GB 11714-1997), with its own check character
18         check character of the whole code
=========  =====================================================================

Check character (GB 32100-2015 §4.3): with ``v_i`` the value of character ``i`` (its index in
the set) and weights ``W_i = 3^i mod 31`` (i = 0 … 16, i.e. 1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
25, 13, 8, 24, 10, 30, 28), ``C18 = 31 − (Σ v_i·W_i mod 31)``, and 31 becomes 0.

Organisation code check (GB 11714-1997): digits are their value, letters A–Z are 10–35;
weights 3, 7, 9, 10, 5, 8, 4, 2; ``C9 = 11 − (Σ mod 11)``, 10 → ``X``, 11 → ``0``.
"""

from __future__ import annotations

from shuangtan.accounts.errors import InvalidUscc

__all__ = ["CHARSET", "WEIGHTS", "check_character", "organisation_check", "validate_uscc"]

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
REGISTRATION_AUTHORITIES = frozenset("123456789ANY")
"""First character: 1 机构编制 2 外交 3 司法行政 4 文化 5 民政 6 旅游 7 宗教 8 工会 9 工商
A 中央军委改革和编制办公室 N 农业 Y 其他 (GB 32100-2015 Table 1 and its later additions)."""
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_FORBIDDEN = "IOZSV"


def check_character(first17: str) -> str:
    """The 18th character of a code whose first 17 characters are ``first17``."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def organisation_check(body8: str) -> str:
    """The check character of an 8-character organisation code body (GB 11714-1997)."""
    values = (int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in body8)
    remainder = 11 - sum(v * w for v, w in zip(values, _ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def _refuse(zh: str, en: str, code: str) -> InvalidUscc:
    return InvalidUscc(
        f"统一社会信用代码“{code}”无效：{zh}", f"Credit code '{code}' is invalid: {en}"
    )


def validate_uscc(code: str) -> str:
    """``code`` normalised (trimmed, upper-case) if it is a valid GB 32100-2015 code.

    Raises :class:`InvalidUscc` saying what is wrong: the length, a forbidden character, the
    division code, the organisation code's check character or the final check character
    (naming the expected one).
    """
    normal = code.strip().upper()
    if len(normal) != 18:
        raise _refuse(
            f"应为18位，实为{len(normal)}位。",
            f"it must have 18 characters, not {len(normal)}.",
            normal,
        )
    for position, char in enumerate(normal, start=1):
        if char not in CHARSET:
            if char in _FORBIDDEN:
                zh = f"第{position}位“{char}”不允许使用（代码不使用 I、O、Z、S、V）。"
                en = f"character {position} '{char}' is not allowed (no I, O, Z, S or V)."
            else:
                zh = f"第{position}位“{char}”不是数字或允许的大写字母。"
                en = f"character {position} '{char}' is not a digit or an allowed letter."
            raise _refuse(zh, en, normal)
    if normal[0] not in REGISTRATION_AUTHORITIES:
        raise _refuse(
            f"第1位登记管理部门代码“{normal[0]}”不存在。",
            f"character 1, the registration authority '{normal[0]}', does not exist.",
            normal,
        )
    if not normal[2:8].isdigit():
        raise _refuse(
            "第3–8位行政区划代码须为6位数字。",
            "characters 3-8, the administrative division, must be 6 digits.",
            normal,
        )
    org_expected = organisation_check(normal[8:16])
    if normal[16] != org_expected:
        raise _refuse(
            f"第17位组织机构代码校验码应为“{org_expected}”，实为“{normal[16]}”。",
            f"character 17, the organisation code's check, should be '{org_expected}', "
            f"not '{normal[16]}'.",
            normal,
        )
    expected = check_character(normal[:17])
    if normal[17] != expected:
        raise _refuse(
            f"第18位校验码应为“{expected}”，实为“{normal[17]}”。",
            f"character 18, the check character, should be '{expected}', not '{normal[17]}'.",
            normal,
        )
    return normal
