"""``shuangtan audit verify`` and ``audit anchor``, and what the ledger's commands share.

Kept here so that ``cli.py`` only wires the commands; the shell passes the database URL and the
anchor file. Exit statuses: 0 intact (anchor written), 1 a problem found in the chain (nothing
written), 2 the anchor file cannot be read or written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from sqlalchemy.orm import Session

from shuangtan.audit.anchors import (
    AnchorFileInvalid,
    anchor_line,
    anchor_of,
    append_anchor,
    read_anchors,
)
from shuangtan.audit.chain import Anchor, ChainReport
from shuangtan.audit.log import CHAIN, verify_chain
from shuangtan.audit.models import AuditChainHead
from shuangtan.db import make_engine, make_session_factory, session_scope, utcnow

__all__ = [
    "checking",
    "load_anchors",
    "print_problem",
    "run_anchor",
    "run_verify",
    "snapshot",
    "write_anchor",
]


@contextmanager
def snapshot(url: str) -> Iterator[Session]:
    """A read-only session on one snapshot of the database at ``url``.

    A chain is read record by record and its head last: under PostgreSQL's default isolation
    an append committed in between would look like a cut tail, so the whole check reads one
    ``REPEATABLE READ`` snapshot. SQLite's read transaction is a snapshot already.
    """
    engine = make_engine(url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            if engine.dialect.name == "postgresql":
                session.connection(
                    execution_options={
                        "isolation_level": "REPEATABLE READ",
                        "postgresql_readonly": True,
                    }
                )
            yield session
    finally:
        engine.dispose()


@contextmanager
def checking(err_console: Console, what: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on standard error (standard output keeps only the anchor line) while
    ``total`` records are checked; yields the function a verify reports its count to."""
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda done: bar.update(task, completed=done)


def _checked(session: Session, anchors: list[Anchor], err_console: Console) -> ChainReport:
    head = session.get(AuditChainHead, 1)
    total = head.entry_count if head is not None else 0
    with checking(err_console, "校验审计链 Verifying the audit chain", total) as progress:
        return verify_chain(session=session, anchors=anchors, progress=progress)


def print_problem(err_console: Console, zh: str, en: str) -> None:
    """A problem in both languages, on standard error."""
    err_console.print(f"[red]{escape(zh)}[/]\n{escape(en)}")


def load_anchors(
    path: Path | None, chain: str, err_console: Console, *, missing_ok: bool = False
) -> list[Anchor] | None:
    """The anchors of ``chain`` in ``path`` (none without a path, or a missing file when
    ``missing_ok``), or ``None`` after printing why the file cannot be read."""
    if path is None or (missing_ok and not path.exists()):
        return []
    try:
        return read_anchors(path, chain)
    except AnchorFileInvalid as error:
        print_problem(err_console, error.message_zh, error.message_en)
        return None


def write_anchor(path: Path | None, anchor: Anchor, console: Console, err_console: Console) -> int:
    """Append ``anchor`` to ``path`` and print its line on standard output (for publication or
    a timestamp authority); the exit status. Without a path the line is only printed."""
    if path is None:
        print(anchor_line(anchor))
        err_console.print(
            "[yellow]锚点未保存:未指定锚点文件[/] (--anchors 或 SHUANGTAN_ANCHOR_FILE)。\n"
            "The anchor was not saved: no anchor file (--anchors or SHUANGTAN_ANCHOR_FILE). "
            "Keep the line above somewhere the database cannot reach."
        )
        return 0
    try:
        line = append_anchor(path, anchor)
    except AnchorFileInvalid as error:
        print_problem(err_console, error.message_zh, error.message_en)
        return 2
    print(line)
    err_console.print(
        f"[green]已锚定 Anchored[/] {anchor.chain} #{anchor.seq} → {escape(str(path))}"
    )
    return 0


def run_verify(
    *,
    url: str,
    anchors: Path | None,
    console: Console,
    err_console: Console,
) -> int:
    """Verify the audit chain at ``url`` (against the anchors in ``anchors`` when given)."""
    pinned = load_anchors(anchors, CHAIN, err_console)
    if pinned is None:
        return 2
    with snapshot(url) as session:
        report = _checked(session, pinned, err_console)
    if not report.ok:
        print_problem(err_console, report.problem_zh, report.problem_en)
        return 1
    against = f", {report.anchors_checked}/{len(pinned)} 锚点 anchors agree" if pinned else ""
    console.print(
        f"[green]审计链完整 Audit chain intact[/]: {report.checked} entries checked{against}."
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
    """Verify the audit chain (against the anchors already in the file), then append its head
    as a new anchor; nothing is written when the chain is broken."""
    pinned = load_anchors(anchors, CHAIN, err_console, missing_ok=True)
    if pinned is None:
        return 2
    with snapshot(url) as session:
        report = _checked(session, pinned, err_console)
    if not report.ok:
        print_problem(err_console, report.problem_zh, report.problem_en)
        err_console.print("锚点未写入 No anchor written.")
        return 1
    return write_anchor(anchors, anchor_of(CHAIN, report, now()), console, err_console)
