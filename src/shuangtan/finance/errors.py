"""Domain errors of banks and consents (绿色金融业务错误)."""

from __future__ import annotations

from shuangtan.errors import Conflict, NotFound, PermissionDenied

__all__ = ["BankNotFound", "ConsentExists", "ConsentNotFound", "FinanceDenied"]


class FinanceDenied(PermissionDenied):
    """无权访问 the caller's role may not do this (only enterprises grant, only banks read)."""

    code = "finance.permission_denied"
    title = "Permission denied"


class BankNotFound(NotFound):
    """银行不存在 no such bank."""

    code = "finance.bank_not_found"
    title = "Bank not found"


class ConsentExists(Conflict):
    """授权已存在 the enterprise already consents to this bank."""

    code = "finance.consent_exists"
    title = "Consent already granted"


class ConsentNotFound(NotFound):
    """无有效授权 no active consent: nothing to withdraw, or nothing the bank may see."""

    code = "finance.consent_not_found"
    title = "No active consent"
