"""``shuangtan meters aggregate``: the pipeline from the command line, with a progress bar.

Kept in the room so that ``cli.py`` only wires the command. The region of the grid factors is
the province of the configured city (``SHUANGTAN_CITY``, Jiaxing → 浙江省 → CN-ZJ) unless
``--region`` names another; with ``--database`` (the default) the entities' industry and county
and their monthly reports are read from the platform's database, read-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from shuangtan.config import get_settings

from . import service
from .errors import MeterDataRefused

__all__ = ["run_aggregate"]


@contextmanager
def _database_session(use_database: bool) -> Iterator[Session | None]:
    if not use_database:
        yield None
        return
    from shuangtan.db import make_engine, make_session_factory, session_scope

    engine = make_engine(get_settings().resolved_database_url())
    try:
        with session_scope(make_session_factory(engine)) as session:
            yield session
            session.rollback()  # read-only: nothing to keep
    finally:
        engine.dispose()


def default_region() -> str:
    """The province of the configured city, as the accounts compute their reports."""
    from shuangtan.place.configuration import load_city

    return load_city(get_settings().city).province_zh


def run_aggregate(
    *,
    readings: str,
    meter_map: Path,
    out: Path,
    backend: str,
    region: str | None,
    use_database: bool,
    console: Console,
    err_console: Console,
) -> int:
    """Run the pipeline, print what it wrote; the exit status (0, or 1 when refused)."""
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with _database_session(use_database) as session, Progress(*columns, console=console) as bar:
            task = bar.add_task("汇总 Aggregating", total=1)

            def progress(step: str, done: int, total: int) -> None:
                bar.update(
                    task, description=f"汇总 Aggregating · {step}", completed=done, total=total
                )

            result = service.aggregate(
                readings=readings,
                meter_map=meter_map,
                out=out,
                region=region or default_region(),
                backend=backend,
                session=session,
                progress=progress,
            )
    except MeterDataRefused as refusal:
        err_console.print(f"[red]{escape(refusal.message_zh)}[/]\n{escape(refusal.message_en)}")
        return 1
    except SQLAlchemyError as error:
        err_console.print(
            "[red]无法读取数据库（未升级？可先运行 shuangtan db upgrade，"
            "或使用 --no-database）[/]\n"
            "Cannot read the database (not upgraded? run `shuangtan db upgrade`, or use "
            f"--no-database): {escape(type(error).__name__)}"
        )
        return 2
    table = Table(title=f"计量数据汇总 Meter aggregation · {result.backend} · {result.region}")
    table.add_column("输出 Output")
    table.add_column("行数 Rows", justify="right")
    for name, rows in result.rows.items():
        table.add_row(result.path(name).name, f"{rows:,}")
    console.print(table)
    console.print(f"输出目录 Written to {escape(str(result.out))}")
    quality = result.quality
    console.print(
        f"读数 Readings {quality.readings:,} · 计量点 meters {quality.meters:,} · "
        f"{quality.first_day} – {quality.last_day} · "
        f"重复读数剔除 exact duplicates dropped {quality.duplicates_dropped:,}"
    )
    return 0
