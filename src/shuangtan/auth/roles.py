"""Roles (角色) of the people the platform serves (requirements.md, "The platform serves")."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Role"]

_LABELS: dict[str, tuple[str, str]] = {
    "official": ("政府官员", "Government official"),
    "enterprise": ("企业", "Enterprise"),
    "verifier": ("核查机构", "Verifier"),
    "bank": ("银行", "Bank"),
    "resident": ("居民", "Resident"),
    "merchant": ("商户", "Merchant"),
    "partner": ("数据合作方", "Data partner"),
    "admin": ("系统管理员", "Administrator"),
}


class Role(StrEnum):
    """角色 role: what a user is to the programme; it decides what they may see and do."""

    official = "official"
    enterprise = "enterprise"
    verifier = "verifier"
    bank = "bank"
    resident = "resident"
    merchant = "merchant"
    partner = "partner"
    admin = "admin"

    @property
    def label_zh(self) -> str:
        """The role's name in Chinese (e.g. 核查机构)."""
        return _LABELS[self.value][0]

    @property
    def label_en(self) -> str:
        """The role's name in English (e.g. Verifier)."""
        return _LABELS[self.value][1]
