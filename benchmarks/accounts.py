"""Benchmark of carbon accounts: a year of 10,000 entities recomputed, and the account pages.

Builds a database (SQLite under ``var/``; and PostgreSQL too when ``SHUANGTAN_TEST_POSTGRES_URL``
is set, in a database of its own that is dropped at the end) with the synthetic generator of
:mod:`shuangtan.demodata`: 10,000 entities × 12 months, each activity line split over two
sub-meters (about 11 lines a report). Then times

a. ``shuangtan.accounts.annual.recompute_year`` — the platform's recomputation of every annual
   account of the year from the stored monthly results (one aggregate query, one bulk upsert);
a2. the core's recomputation of every stored line of the year: read the lines from the database,
   ``calculate_batch`` them, and sum per entity (what a change of factor set would cost);
b. the account page ``GET /accounts/entities/{id}`` and the API ``GET
   /api/v1/accounts/entities/{id}`` through a live server (uvicorn in a thread, httpx client,
   bearer token of the demo city official), median and p95 over seeded entity ids.

Never fails for speed. Prints the machine and the figures.

    .venv/bin/python benchmarks/accounts.py [--entities 10000] [--requests 200]
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import uvicorn
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Float, cast, select

from shuangtan.accounting import calculate_batch
from shuangtan.accounts import annual
from shuangtan.accounts.models import VERIFIED_STATES, ActivityReport, ReportLine
from shuangtan.app import create_app
from shuangtan.config import Settings
from shuangtan.db import make_engine, make_session_factory, session_scope
from shuangtan.demo import load_demo
from shuangtan.demodata.generate import generate_city
from shuangtan.demodata.load import load_synthetic_city
from shuangtan.migrations import upgrade
from shuangtan.scratch import temporary_database

console = Console()
YEAR = 2024


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} cores visible, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, NumPy {np.__version__}, load average {load:.2f}"
    )


def postgres_database(admin_url: str) -> AbstractContextManager[str]:
    """A database of its own for the benchmark, dropped afterwards."""
    return temporary_database(admin_url, prefix="shuangtan_bench")


def build(url: str, entities: int, meters: int) -> dict[str, Any]:
    upgrade(url)
    engine = make_engine(url)
    city = generate_city(entities=entities, years=(YEAR,), meters=meters)
    with (
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar,
        session_scope(make_session_factory(engine)) as session,
    ):
        tasks: dict[str, Any] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(f"载入 loading {step}", total=total)
            bar.update(tasks[step], completed=done)

        result = load_demo(session=session)
        started = time.perf_counter()
        stats = load_synthetic_city(session=session, city=city, progress=progress, derive=False)
        loaded = time.perf_counter() - started
    engine.dispose()
    return {
        "logins": {u: p for u, p, _ in result.logins},
        "reports": stats.reports,
        "lines": stats.lines,
        "verified": sum(s in {v.value for v in VERIFIED_STATES} for s in city.report_status),
        "load_seconds": loaded,
    }


def time_recompute(url: str, runs: int) -> list[float]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    times = []
    for _ in range(runs):
        with session_scope(factory) as session:
            started = time.perf_counter()
            count = annual.recompute_year(session=session, year=YEAR)
            session.commit()
            times.append(time.perf_counter() - started)
    engine.dispose()
    console.print(f"  recompute_year wrote {count:,} annual accounts")
    return times


def time_core_recompute(url: str, runs: int) -> tuple[list[float], list[float]]:
    """Read every verified line of the year, compute it with the core, sum per entity."""
    engine = make_engine(url)
    statement = (
        select(
            ActivityReport.entity_id,
            ReportLine.activity,
            ReportLine.item,
            ReportLine.unit,
            cast(ReportLine.quantity, Float),
        )
        .join(ActivityReport, ActivityReport.id == ReportLine.report_id)
        .where(
            ActivityReport.year == YEAR,
            ActivityReport.status.in_([s.value for s in VERIFIED_STATES]),
        )
    )
    times, reads = [], []
    for _ in range(runs):
        started = time.perf_counter()
        with engine.connect() as conn:
            rows = conn.execute(statement).all()
        reads.append(time.perf_counter() - started)
        entity, activity, item, unit, quantity = (list(c) for c in zip(*rows, strict=True))
        result = calculate_batch(
            activity,
            [i or "" for i in item],
            np.array(quantity, dtype=np.float64),
            unit=unit,
            region="CN-ZJ",
            year=YEAR,
        )
        ids = np.array(entity, dtype=np.int64)
        per_entity = np.bincount(ids, weights=result.tco2e)
        times.append(time.perf_counter() - started)
    engine.dispose()
    console.print(
        f"  core recomputed {len(rows):,} lines of {np.count_nonzero(per_entity):,} entities"
    )
    return times, reads


@contextmanager
def live_server(url: str) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    settings = Settings(
        database_url=url,
        secret_key="benchmark-secret-key-not-for-production",
        var_dir=Path(tempfile.mkdtemp(prefix="bench")),
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def time_pages(url: str, logins: dict[str, str], entities: int, requests: int) -> dict[str, Any]:
    rng = np.random.default_rng(2024)
    ids = [1] + [int(i) for i in rng.integers(1, entities + 1, size=requests - 1)]
    out: dict[str, Any] = {}
    with live_server(url) as base, httpx.Client(base_url=base, timeout=60) as client:
        token = client.post(
            "/api/v1/auth/token",
            data={"username": "official", "password": logins["official"]},
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        targets: dict[str, Callable[[int], str]] = {
            "page /accounts/entities/{id}": lambda i: f"/accounts/entities/{i}?year={YEAR}",
            "API /api/v1/accounts/entities/{id}": lambda i: f"/api/v1/accounts/entities/{i}",
        }
        for name, path in targets.items():
            probe = client.get(path(1), headers=headers)
            if probe.status_code != 200:
                out[name] = f"HTTP {probe.status_code}: not timed"
                continue
            for i in ids[:5]:  # warm-up
                client.get(path(i), headers=headers)
            latencies = []
            for i in ids:
                started = time.perf_counter()
                response = client.get(path(i), headers=headers)
                latencies.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path(i), response.status_code)
            latencies.sort()
            out[name] = {
                "median_ms": statistics.median(latencies),
                "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
                "max_ms": latencies[-1],
                "n": len(latencies),
                "bytes": len(probe.content),
            }
    return out


def run(label: str, url: str, args: argparse.Namespace) -> None:
    console.rule(f"[bold]{label}")
    built = build(url, args.entities, args.meters)
    console.print(
        f"  loaded {args.entities:,} entities, {built['reports']:,} reports "
        f"({built['verified']:,} in verified states), {built['lines']:,} lines "
        f"({built['lines'] / built['reports']:.1f} a report) in {built['load_seconds']:.1f} s"
    )
    recompute = time_recompute(url, args.runs)
    core, reads = time_core_recompute(url, args.runs)
    pages = time_pages(url, built["logins"], args.entities, args.requests)
    table = Table(title=f"{label}: year {YEAR}, {args.entities:,} entities")
    table.add_column("measure")
    table.add_column("figure", justify="right")
    table.add_column("target", justify="right")
    table.add_row(
        "a. recompute_year (s, best / median)",
        f"{min(recompute):.2f} / {statistics.median(recompute):.2f}",
        "< 10 s",
    )
    table.add_row(
        "a2. core over every line (s, best / median; of which reading)",
        f"{min(core):.2f} / {statistics.median(core):.2f}; {min(reads):.2f}",
        "",
    )
    for name, figure in pages.items():
        if isinstance(figure, str):
            table.add_row(f"b. {name}", figure, "< 200 ms")
        else:
            table.add_row(
                f"b. {name} (ms, median / p95 / max, n={figure['n']})",
                f"{figure['median_ms']:.1f} / {figure['p95_ms']:.1f} / {figure['max_ms']:.1f}",
                "< 200 ms",
            )
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--meters", type=int, default=2, help="sub-meters per activity line")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    console.print(f"[bold]Machine[/]: {machine()}")
    console.print(f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    Path("var").mkdir(exist_ok=True)
    path = Path("var/bench-accounts.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    run("SQLite", f"sqlite:///{path}", args)
    admin = os.environ.get("SHUANGTAN_TEST_POSTGRES_URL")
    if admin and not args.no_postgres:
        with postgres_database(admin) as url:
            run("PostgreSQL", url, args)
    elif not args.no_postgres:
        console.print("PostgreSQL skipped: set SHUANGTAN_TEST_POSTGRES_URL to run it too")


if __name__ == "__main__":
    main()
