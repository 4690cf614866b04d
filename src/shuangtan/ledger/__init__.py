"""The ledger (账本): one double-entry ledger for every unit the platform moves.

Carbon points (碳普惠积分), allowances by vintage (配额), CCER (核证自愿减排量), energy-use rights
(用能权) and cash in fen (资金) live in one set of tables: accounts of one asset each,
transactions of balanced postings (分录) under an idempotency key, balances derived from the
postings, and a hash chain over the transactions (the audit log's chain code) so that tampering
is found by ``shuangtan ledger verify``. No room keeps a balance of its own: it posts here.

A foundation: imports only ``audit``, ``db`` and ``errors``. See ``docs/ledger.md``.
"""

from shuangtan.ledger.assets import AssetFamily, AssetSpec, allowance, asset_spec
from shuangtan.ledger.models import AccountKind, OwnerType
from shuangtan.ledger.reading import balance, balance_of, history, holdings, retirements
from shuangtan.ledger.service import open_account, post
from shuangtan.ledger.values import (
    AccountBalance,
    HistoryEntry,
    LedgerReport,
    Leg,
    Posted,
    PostedLine,
    transfer,
)
from shuangtan.ledger.verification import verify

__all__ = [
    "AccountBalance",
    "AccountKind",
    "AssetFamily",
    "AssetSpec",
    "HistoryEntry",
    "LedgerReport",
    "Leg",
    "OwnerType",
    "Posted",
    "PostedLine",
    "allowance",
    "asset_spec",
    "balance",
    "balance_of",
    "history",
    "holdings",
    "open_account",
    "post",
    "retirements",
    "transfer",
    "verify",
]
