"""``shuangtan inventory load-meters FILE`` and ``recalculate``: the inventory's commands.

``load-meters`` loads meter data; ``recalculate`` stores today's figures in every energy row
that was stored under an older method or factor (:func:`.series.recalculate`; the pages and
the API already recompute such rows on every read).

Kept in the room so that ``cli.py`` only wires the command. The command line acts as the system
(audit actor ``None``, ``loaded_by`` "system"): whoever runs it already holds the database.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import SQLAlchemyError

from shuangtan.config import get_settings
from shuangtan.errors import DomainError

from .meters import load_metered
from .series import recalculate

__all__ = ["run_load_meters", "run_recalculate"]


def run_load_meters(*, path: Path, console: Console, err_console: Console) -> int:
    """Load one monthly by-entity Parquet; the exit status (0, 1 when refused, 2 database)."""
    from shuangtan.db import make_engine, make_session_factory, session_scope

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    engine = make_engine(get_settings().resolved_database_url())
    try:
        with Progress(*columns, console=console) as bar:
            bar.add_task(f"载入计量数据 Loading meter data · {escape(path.name)}", total=None)
            with session_scope(make_session_factory(engine)) as session:
                result = load_metered(session=session, actor=None, monthly_parquet=path)
    except DomainError as refusal:
        err_console.print(f"[red]{escape(refusal.message_zh)}[/]\n{escape(refusal.message_en)}")
        return 1
    except SQLAlchemyError as error:
        err_console.print(
            "[red]无法写入数据库（未升级？可先运行 shuangtan db upgrade）[/]\n"
            f"Cannot write to the database (not upgraded? run `shuangtan db upgrade`): "
            f"{escape(type(error).__name__)}"
        )
        return 2
    finally:
        engine.dispose()
    months = ", ".join(f"{y}-{m:02d}" for y, m in result.months)
    console.print(
        f"[green]已载入 Loaded[/] {result.rows:,} 行 rows (区县×部门×品种×月 county × sector × "
        f"carrier × month) from {result.entity_months:,} entity-months · "
        f"替换 replaced {result.replaced:,}\n月份 Months {months} · "
        f"区县 Counties {', '.join(result.counties)}\nSHA-256 {result.source_sha256}"
    )
    return 0


def run_recalculate(*, console: Console, err_console: Console) -> int:
    """Recalculate the stale energy rows in one transaction; the exit status (0, 2 database)."""
    from shuangtan.db import make_engine, make_session_factory, session_scope

    engine = make_engine(get_settings().resolved_database_url())
    try:
        with session_scope(make_session_factory(engine)) as session:
            changed = recalculate(session=session, actor=None)
    except SQLAlchemyError as error:
        err_console.print(
            "[red]无法写入数据库（未升级？可先运行 shuangtan db upgrade）[/]\n"
            f"Cannot write to the database (not upgraded? run `shuangtan db upgrade`): "
            f"{escape(type(error).__name__)}"
        )
        return 2
    finally:
        engine.dispose()
    if not changed:
        console.print(
            "[green]无需重算 Nothing to recalculate[/]: 所有能源行已按现行方法存储 "
            "every energy row is stored under today's method"
        )
        return 0
    years = ", ".join(f"{year}: {rows}" for year, rows in changed.items())
    console.print(f"[green]已重算 Recalculated[/] 行数 rows by year {years}")
    return 0
