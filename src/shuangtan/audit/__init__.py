"""The audit log (审计日志) and the hash-chain code it shares with the ledger.

A foundation below ``place`` and ``auth``: it imports only ``db`` and ``errors``. Writes are
recorded with :func:`record`; :func:`verify_chain` checks the chain (``shuangtan audit
verify``), against anchors taken outside the database when given (:mod:`.anchors`,
``shuangtan audit anchor``); :mod:`.roles` gives the application's PostgreSQL role only the
right to append (``shuangtan db grant-app-role``).
"""

from shuangtan.audit.chain import Anchor, ChainReport
from shuangtan.audit.log import (
    CHAIN,
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
    "CHAIN",
    "SECRET_KEYS",
    "Actor",
    "Anchor",
    "ChainReport",
    "count_entries",
    "entry_hash",
    "jsonable",
    "record",
    "snapshot",
    "verify_chain",
]
