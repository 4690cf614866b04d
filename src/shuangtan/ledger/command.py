"""``shuangtan ledger verify`` and ``ledger anchor``: the ledger from the command line.

Kept in the room so that ``cli.py`` only wires the commands; the shell passes the database URL
and the anchor file, so the ledger does not read the settings itself. Exit statuses: 0 intact
(anchor written), 1 a problem found (nothing written), 2 the anchor file cannot be read or
written. The anchor file is the audit log's format (:mod:`shuangtan.audit.anchors`); one file
may hold both chains.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from rich.console import Console

from shuangtan.audit.anchors import anchor_of
from shuangtan.audit.command import (
    checking,
    load_anchors,
    print_problem,
    snapshot,
    write_anchor,
)
from shuangtan.audit.roles import Guarded
from shuangtan.db import utcnow
from shuangtan.ledger.models import LedgerChainHead
from shuangtan.ledger.values import LedgerReport
from shuangtan.ledger.verification import CHAIN, verify

__all__ = ["LEDGER_TABLES", "run_anchor", "run_verify"]

LEDGER_TABLES = Guarded(
    append_only=("ledger_assets", "ledger_accounts", "ledger_transactions", "ledger_postings"),
    heads=("ledger_chain_head",),
    trigger_moved=("ledger_balances",),
)
"""What the application's PostgreSQL role may do to the ledger (``shuangtan db grant-app-role``):
add rows only; move the chain head (the triggers let it move one appended transaction on);
its balances are moved by the posting triggers (direct writes refused)."""


def _report(
    url: str, anchors: Path | None, err_console: Console, *, missing_ok: bool
) -> tuple[LedgerReport, int] | int:
    pinned = load_anchors(anchors, CHAIN, err_console, missing_ok=missing_ok)
    if pinned is None:
        return 2
    with snapshot(url) as session:
        head = session.get(LedgerChainHead, 1)
        total = head.entry_count if head is not None else 0
        with checking(err_console, "校验账本 Verifying the ledger", total) as progress:
            report = verify(session=session, anchors=pinned, progress=progress)
    if not report.ok:
        for zh, en in report.problems():
            print_problem(err_console, zh, en)
        return 1
    return report, len(pinned)


def run_verify(
    *, url: str, console: Console, err_console: Console, anchors: Path | None = None
) -> int:
    """Verify the ledger at ``url`` (against the anchors in ``anchors`` when given)."""
    found = _report(url, anchors, err_console, missing_ok=False)
    if isinstance(found, int):
        return found
    report, pinned = found
    against = f" {report.chain.anchors_checked}/{pinned} 锚点 anchors agree." if pinned else ""
    console.print(
        f"[green]账本完整 Ledger intact[/]: {report.transactions} 笔交易 transactions "
        f"(hash chain checked), {report.accounts} 个账户 accounts balanced against "
        f"their postings.{against}"
    )
    return 0


def run_anchor(
    *,
    url: str,
    anchors: Path | None,
    console: Console,
    err_console: Console,
    now: Callable[[], datetime] = utcnow,
) -> int:
    """Verify the ledger (against the anchors already in the file), then append its chain's
    head as a new anchor; nothing is written when the ledger has a problem."""
    found = _report(url, anchors, err_console, missing_ok=True)
    if isinstance(found, int):
        if found == 1:
            err_console.print("锚点未写入 No anchor written.")
        return found
    report, _ = found
    return write_anchor(anchors, anchor_of(CHAIN, report.chain, now()), console, err_console)
