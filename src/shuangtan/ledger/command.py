"""``shuangtan ledger verify``: check the ledger from the command line (exit 1 on a problem).

Kept in the room so that ``cli.py`` only wires the command; the shell passes the database URL,
so the ledger does not read the settings itself.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from shuangtan.db import make_engine, make_session_factory, session_scope
from shuangtan.ledger.verification import verify

__all__ = ["run_verify"]


def run_verify(*, url: str, console: Console, err_console: Console) -> int:
    """Verify the ledger at ``url``; the exit status (0 intact, 1 a problem found)."""
    engine = make_engine(url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            report = verify(session=session)
    finally:
        engine.dispose()
    if report.ok:
        console.print(
            f"[green]账本完整 Ledger intact[/]: {report.transactions} 笔交易 transactions "
            f"(hash chain checked), {report.accounts} 个账户 accounts balanced against "
            "their postings."
        )
        return 0
    for zh, en in report.problems():
        err_console.print(f"[red]{escape(zh)}[/]\n{escape(en)}")
    return 1
