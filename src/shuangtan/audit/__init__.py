"""The audit log (审计日志) and the hash-chain code it shares with the ledger.

A foundation below ``place`` and ``auth``: it imports only ``db``. Writes are recorded with
:func:`record`; :func:`verify_chain` checks the chain (``shuangtan audit verify``).
"""

from shuangtan.audit.chain import ChainReport
from shuangtan.audit.log import (
    SECRET_KEYS,
    Actor,
    count_entries,
    entry_hash,
    jsonable,
    record,
    snapshot,
    verify_chain,
)

__all__ = [
    "SECRET_KEYS",
    "Actor",
    "ChainReport",
    "count_entries",
    "entry_hash",
    "jsonable",
    "record",
    "snapshot",
    "verify_chain",
]
