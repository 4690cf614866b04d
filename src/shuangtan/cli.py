"""The ``shuangtan`` command (命令行): serve, demo, database, calculation, audit."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from shuangtan.config import get_settings

app = typer.Typer(help="双碳 shuangtan: a city's climate-programme platform.", no_args_is_help=True)
db_app = typer.Typer(help="Database: migrations, the application's role.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log: verify and anchor its chain.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(audit_app, name="audit")
meters_app = typer.Typer(help="Meter data: daily and monthly energy and CO2.", no_args_is_help=True)
app.add_typer(meters_app, name="meters")
inventory_app = typer.Typer(
    help="The city inventory: load meter data, recalculate the series.", no_args_is_help=True
)
app.add_typer(inventory_app, name="inventory")
ledger_app = typer.Typer(
    help="The ledger: verify its chain and balances, anchor its chain.", no_args_is_help=True
)
app.add_typer(ledger_app, name="ledger")

console = Console()
err_console = Console(stderr=True, soft_wrap=True, highlight=False)

HostOption = Annotated[str, typer.Option(help="Interface to listen on")]
PortOption = Annotated[int, typer.Option(envvar="PORT", help="Port to listen on")]


def _run_server(host: str, port: int) -> None:
    import uvicorn

    from shuangtan.app import create_app

    console.print(f"[bold green]双碳 shuangtan[/] → http://{host}:{port}  (API docs: /docs)")
    uvicorn.run(create_app(get_settings()), host=host, port=port, log_level="info")


@app.command()
def serve(host: HostOption = "127.0.0.1", port: PortOption = 8000) -> None:
    """Serve the web UI and the API."""
    _run_server(host, port)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every database migration (safe to run again)."""
    from shuangtan.migrations import current_revision, upgrade

    url = get_settings().resolved_database_url()
    upgrade(url)
    console.print(f"数据库已是最新 Database at revision [bold]{current_revision(url)}[/]")


TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="The demo's today, YYYY-MM-DD (default: the Beijing date now); the reports run to "
        "the last complete month before it",
    ),
]


def _demo_today(text: str | None) -> date:
    """The demo's today: ``--today`` checked, or the Beijing date now."""
    from shuangtan.demodata.clock import DemoClock
    from shuangtan.kit.beijing import today_in_beijing

    if text is None:
        return today_in_beijing(datetime.now(UTC))
    try:
        return DemoClock(date.fromisoformat(text)).today
    except ValueError as error:
        err_console.print(
            f"--today 须为 YYYY-MM-DD 格式、不早于 2020-02-01 的日期(如 2026-01-10),"
            f"收到“{escape(text)}” / --today must be a date YYYY-MM-DD, 2020-02-01 or later "
            f"(e.g. 2026-01-10), got '{escape(text)}'"
        )
        raise typer.Exit(2) from error


def _load_demo(today: date) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from shuangtan.db import make_engine, make_session_factory, session_scope
    from shuangtan.demo import load_demo
    from shuangtan.demodata.clock import DemoClock
    from shuangtan.migrations import upgrade

    settings = get_settings()
    url = settings.resolved_database_url()
    with console.status("升级数据库 Upgrading the database…"):
        upgrade(url)
    engine = make_engine(url)
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=console) as bar:
            tasks: dict[str, Any] = {}

            def progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(f"载入 Loading {step}", total=total)
                bar.update(tasks[step], completed=done, total=total)

            with session_scope(make_session_factory(engine)) as session:
                result = load_demo(
                    session=session,
                    city=settings.city,
                    synthetic=True,
                    progress=progress,
                    today=today,
                )
    finally:
        engine.dispose()
    last_year, last_month = DemoClock(today).last_month
    console.print(
        f"演示数据已载入 Demo data loaded ({result.changes} changes), "
        f"月报截至 reports through {last_year}-{last_month:02d}."
    )
    table = Table(title="演示账号 Demo logins")
    table.add_column("角色 Role")
    table.add_column("用户名 Username", style="bold")
    table.add_column("密码 Password")
    for username, password, role_label in result.logins:
        table.add_row(role_label, username, password)
    console.print(table)


@app.command()
def demo(
    host: HostOption = "127.0.0.1", port: PortOption = 8000, today: TodayOption = None
) -> None:
    """Upgrade the database, load the Jiaxing demo (idempotent), print the logins, serve."""
    _load_demo(_demo_today(today))
    _run_server(host, port)


@app.command("load-demo")
def load_demo_command(today: TodayOption = None) -> None:
    """Upgrade the database and load the demo data, without serving."""
    _load_demo(_demo_today(today))


@app.command()
def calc(
    file: Annotated[Path, typer.Argument(help="Calculation document (JSON); '-' for stdin")],
    format: Annotated[str, typer.Option("--format", help="json or table")] = "table",
) -> None:
    """Compute a calculation document, the same JSON as POST /api/v1/accounting/calculate."""
    from shuangtan.calculator import service
    from shuangtan.calculator.errors import CalculationRefused

    if format not in ("json", "table"):
        err_console.print("--format 只能是 json 或 table / must be json or table")
        raise typer.Exit(2)
    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        document = json.loads(text)
    except (OSError, json.JSONDecodeError) as error:
        err_console.print(f"无法读取计算文件 Cannot read the document: {error}")
        raise typer.Exit(2) from error
    if not isinstance(document, dict):
        err_console.print("计算文件必须是 JSON 对象 The document must be a JSON object")
        raise typer.Exit(2)
    try:
        answer = service.calculate(document=document)
    except CalculationRefused as refusal:
        problem = refusal.problem()
        if format == "json":
            print(json.dumps(problem, ensure_ascii=False, indent=2))
        err_console.print(f"[red]{escape(refusal.message_zh)}[/]\n{escape(refusal.message_en)}")
        for item in problem.get("errors", []):
            err_console.print(
                escape(f"  [{item.get('line_id')}] {item['message_zh']} / {item['message_en']}")
            )
        raise typer.Exit(1) from refusal
    if format == "json":
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)


def _print_answer(answer: dict[str, Any]) -> None:
    table = Table(title=f"核算结果 Result · {answer['factor_set']}")
    for column in ("行 Line", "范围 Scope", "tCO2e", "tce", "因子 Factors"):
        table.add_column(column, justify="right" if column in ("tCO2e", "tce") else "left")
    for line in answer["lines"]:
        factors = "; ".join(f"{f['id']}={f['value']:g} {f['unit']}" for f in line["factors"])
        table.add_row(
            str(line["id"]),
            str(line["scope"]),
            f"{line['tco2e']:,.3f}",
            f"{line['tce']:,.3f}",
            factors,
        )
    console.print(table)
    console.print(
        f"合计 Total {answer['total_tco2e']:,.3f} tCO2e "
        f"(范围一 scope 1 {answer['scope1_tco2e']:,.3f}; "
        f"范围二 scope 2 {answer['scope2_tco2e']:,.3f}); "
        f"能耗 energy {answer['energy_tce']:,.3f} tce"
    )


AnchorsOption = Annotated[
    Path | None,
    typer.Option(
        "--anchors",
        envvar="SHUANGTAN_ANCHOR_FILE",
        help="Anchor file (JSON Lines) of heads kept outside the database",
    ),
]


@audit_app.command("verify")
def audit_verify(anchors: AnchorsOption = None) -> None:
    """Check the audit log's hash chain (and its anchors); exit 1 if history was changed."""
    from shuangtan.audit.command import run_verify

    url = get_settings().resolved_database_url()
    status = run_verify(url=url, anchors=anchors, console=console, err_console=err_console)
    if status:
        raise typer.Exit(status)


@audit_app.command("anchor")
def audit_anchor(anchors: AnchorsOption = None) -> None:
    """Verify the audit chain, then append its head to the anchor file and print it."""
    from shuangtan.audit.command import run_anchor

    url = get_settings().resolved_database_url()
    status = run_anchor(url=url, anchors=anchors, console=console, err_console=err_console)
    if status:
        raise typer.Exit(status)


@ledger_app.command("verify")
def ledger_verify(anchors: AnchorsOption = None) -> None:
    """Check the ledger's hash chain (and its anchors), balanced transactions and balances;
    exit 1 on a problem."""
    from shuangtan.ledger.command import run_verify

    url = get_settings().resolved_database_url()
    status = run_verify(url=url, anchors=anchors, console=console, err_console=err_console)
    if status:
        raise typer.Exit(status)


@ledger_app.command("anchor")
def ledger_anchor(anchors: AnchorsOption = None) -> None:
    """Verify the ledger, then append its chain's head to the anchor file and print it."""
    from shuangtan.ledger.command import run_anchor

    url = get_settings().resolved_database_url()
    status = run_anchor(url=url, anchors=anchors, console=console, err_console=err_console)
    if status:
        raise typer.Exit(status)


@db_app.command("grant-app-role")
def db_grant_app_role(
    role: Annotated[str, typer.Argument(help="The application's PostgreSQL role (must exist)")],
    check_only: Annotated[
        bool, typer.Option("--check-only", help="Only report what the role may do")
    ] = False,
    create: Annotated[
        bool, typer.Option("--create", help="Create ROLE (login, no password) if missing")
    ] = False,
) -> None:
    """As the schema's owner: let ROLE append to the audit log and the ledger but never
    rewrite them (full rights elsewhere); then check it. Exit 1 if a check fails."""
    from shuangtan.audit.roles import AUDIT_TABLES, AppRoleRefused, check_app_role
    from shuangtan.audit.roles import create_app_role as create_role
    from shuangtan.audit.roles import grant_app_role as grant
    from shuangtan.db import make_engine
    from shuangtan.ledger.command import LEDGER_TABLES

    guarded = (AUDIT_TABLES, LEDGER_TABLES)
    engine = make_engine(get_settings().resolved_database_url())
    try:
        with err_console.status("检查应用角色 Checking the role…"), engine.begin() as conn:
            if create and not check_only and create_role(conn, role):
                err_console.print(
                    f"已创建角色 Role created: {escape(role)} "
                    "(口令用 psql \\password 设置 / set its password with psql \\password)"
                )
            if check_only:
                findings = check_app_role(conn, role, guarded)
            else:
                findings = grant(conn, role, guarded)
    except AppRoleRefused as refusal:
        err_console.print(f"[red]{escape(refusal.message_zh)}[/]\n{escape(refusal.message_en)}")
        raise typer.Exit(1) from refusal
    finally:
        engine.dispose()
    table = Table(title=f"应用角色 Application role {escape(role)}")
    for column in ("对象 Object", "权限 Allowed", "", "说明 Note"):
        table.add_column(column)
    for finding in findings:
        note = " / ".join(n for n in (finding.note_zh, finding.note_en) if n)
        mark = "[green]✓[/]" if finding.ok else "[red]✗[/]"
        table.add_row(escape(finding.subject), finding.allowed, mark, escape(note))
    console.print(table)
    if not all(finding.ok for finding in findings):
        raise typer.Exit(1)


@meters_app.command("aggregate")
def meters_aggregate(
    readings: Annotated[str, typer.Argument(help="Readings: Parquet/CSV file, folder or URI")],
    meter_map: Annotated[Path, typer.Option("--map", help="Meter → entity map (CSV/Parquet)")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet outputs")],
    backend: Annotated[str, typer.Option(help="duckdb or spark")] = "duckdb",
    region: Annotated[str | None, typer.Option(help="Grid region; default: the city's")] = None,
    database: Annotated[
        bool, typer.Option("--database/--no-database", help="Read entities and reports")
    ] = True,
) -> None:
    """Aggregate meter readings into daily and monthly energy, tce and CO2 (Parquet)."""
    from shuangtan.analytics.command import run_aggregate

    status = run_aggregate(
        readings=readings,
        meter_map=meter_map,
        out=out,
        backend=backend,
        region=region,
        use_database=database,
        console=console,
        err_console=err_console,
    )
    if status:
        raise typer.Exit(status)


@inventory_app.command("load-meters")
def inventory_load_meters(
    path: Annotated[Path, typer.Argument(help="monthly_entity.parquet of `meters aggregate`")],
) -> None:
    """Load the meter pipeline's monthly output into the inventory (a check, not added)."""
    from shuangtan.city.inventory.command import run_load_meters

    status = run_load_meters(path=path, console=console, err_console=err_console)
    if status:
        raise typer.Exit(status)


@inventory_app.command("recalculate")
def inventory_recalculate() -> None:
    """Store the inventory's energy rows recomputed under today's method and factor vintages."""
    from shuangtan.city.inventory.command import run_recalculate

    status = run_recalculate(console=console, err_console=err_console)
    if status:
        raise typer.Exit(status)


if __name__ == "__main__":  # pragma: no cover
    app()
