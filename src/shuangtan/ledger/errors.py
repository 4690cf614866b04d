"""Domain errors of the ledger (账本业务错误).

Each has a fixed HTTP status and a stable ``code``; the app renders them as RFC 9457 problem
documents with Chinese and English messages. Nothing is written when one is raised.
"""

from __future__ import annotations

from shuangtan.errors import Conflict, InvalidInput, NotFound

__all__ = [
    "AccountNotFound",
    "InsufficientBalance",
    "InvalidAccount",
    "InvalidAmount",
    "InvalidTransaction",
    "KeyReused",
    "Unbalanced",
    "UnknownAsset",
]


class UnknownAsset(InvalidInput):
    """未知资产 an asset code the ledger does not count."""

    code = "ledger.unknown_asset"
    title = "Unknown asset"


class InvalidAccount(InvalidInput):
    """账户无效 an owner type, owner id or account kind the ledger does not allow."""

    code = "ledger.invalid_account"
    title = "Invalid account"


class AccountNotFound(NotFound):
    """账户不存在 no ledger account with this id (or owner, kind and asset)."""

    code = "ledger.account_not_found"
    title = "Ledger account not found"


class InvalidAmount(InvalidInput):
    """金额无效 zero, a float, or not a whole number of the asset's smallest unit."""

    code = "ledger.invalid_amount"
    title = "Invalid amount"


class InvalidTransaction(InvalidInput):
    """交易无效 a malformed transaction: key, kind, attribution, or too few postings."""

    code = "ledger.invalid_transaction"
    title = "Invalid ledger transaction"


class Unbalanced(InvalidInput):
    """借贷不平衡 the postings of one asset do not sum to zero."""

    code = "ledger.unbalanced"
    title = "Unbalanced transaction"


class InsufficientBalance(Conflict):
    """余额不足 the transaction would take an account that may not go negative below zero."""

    code = "ledger.insufficient_balance"
    title = "Insufficient balance"


class KeyReused(Conflict):
    """幂等键已被另一笔交易使用 the key was used before for a different transaction."""

    code = "ledger.key_reused"
    title = "Idempotency key reused"
