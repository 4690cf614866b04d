"""Meter data at scale (计量数据汇总): readings in, daily and monthly energy, tce and CO2 out.

:func:`aggregate` reads interval readings (meter_id, timestamp, quantity, unit; Parquet or CSV,
a file or a directory) and a meter → entity map, checks them, and writes Parquet outputs:

==========================  =================================================================
``daily_entity``            per day, entity, carrier: quantity, tce, tCO2, readings, factor ids
``daily_industry``          the same summed by industry (行业)
``daily_county``            the same summed by county (县市区)
``monthly_entity``          per month, entity, carrier, with days that had readings
``monthly_industry``        by industry
``monthly_county``          by county
``month_to_date``           each entity's month projected to its end, against its report
``factors``                 every factor used, with its value, unit and source
``quality.json``            what was read, dropped and why
==========================  =================================================================

Rules for imperfect data (real meter data has gaps and duplicates):

- a reading of a meter that is not in the map → refused (:class:`UnknownMeter`), naming the
  meters: dropping them would understate the energy without anyone noticing;
- a reading in another unit than the map's unit of its meter → refused (:class:`WrongUnit`);
- a missing, negative, NaN or infinite quantity → refused (:class:`InvalidQuantity`), naming
  the meter and timestamp of the first five;
- a reading without a timestamp → refused (:class:`InvalidTimestamp`);
- the same reading twice (same meter, timestamp and quantity) → counted once; the number
  dropped is in ``quality.json``; the same meter and timestamp with two different quantities →
  refused (:class:`ConflictingDuplicates`);
- gaps (missing intervals or days) → not filled: each output row carries its ``readings`` and
  the monthly rows ``days_with_data``; the month-to-date projection divides by the days that
  have readings, so a missing day does not pull the projection down.

Timestamps are the start of the interval a reading covers, in local wall-clock time, without a
time zone: a reading stamped 2024-01-31 23:00 counts for 31 January.
"""

from __future__ import annotations

import calendar
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from shuangtan.accounting.units import UnitProblem, conversion_factor
from shuangtan.kit.progress import Progress

from . import pipeline, repository
from .backends import connect
from .errors import (
    ConflictingDuplicates,
    InputNotReadable,
    InvalidMap,
    InvalidQuantity,
    InvalidTimestamp,
    UnknownEntity,
    UnknownMeter,
    WrongUnit,
)
from .factors import (
    CarrierFactor,
    activity_of,
    factor_frame,
    known_carriers,
    provenance_frame,
    resolve_factors,
)

__all__ = ["OUTPUTS", "AggregateResult", "Quality", "aggregate", "load_meter_map"]


MAP_COLUMNS = ("meter_id", "entity_id", "carrier", "unit")
PLACE_COLUMNS = ("industry_code", "county_code")
OUTPUTS = (
    "daily_entity",
    "daily_industry",
    "daily_county",
    "monthly_entity",
    "monthly_industry",
    "monthly_county",
    "month_to_date",
)
_EXAMPLES = 5
_STEPS = 6 + len(OUTPUTS)


@dataclass(frozen=True)
class Quality:
    """数据质量 what was read, and what the rules did with it."""

    readings: int
    meters: int
    meter_days: int
    first_day: str | None
    last_day: str | None
    duplicate_meter_days: int
    duplicates_dropped: int
    rules: dict[str, str] = field(
        default_factory=lambda: {
            "unknown_meter": "refused",
            "wrong_unit": "refused",
            "invalid_quantity": "refused (missing, NaN, infinite or negative)",
            "missing_timestamp": "refused",
            "exact_duplicate": "counted once (same meter, timestamp and quantity)",
            "conflicting_duplicate": "refused (same meter and timestamp, other quantity)",
            "gap": "not filled; projection uses the days with readings",
        }
    )


@dataclass(frozen=True)
class AggregateResult:
    """汇总结果 where the outputs are, how many rows each has, and the factors used."""

    out: Path
    backend: str
    region: str
    quality: Quality
    rows: dict[str, int]
    factors: tuple[CarrierFactor, ...]

    def path(self, name: str) -> Path:
        """The Parquet file of an output (``daily_entity`` …)."""
        return self.out / f"{name}.parquet"


def _progress(progress: Progress | None, step: str, done: int) -> None:
    if progress is not None:
        progress(step, done, _STEPS)


def _read_small(path: Path) -> pd.DataFrame:
    """The map file (CSV with a header, or Parquet) as text columns."""
    if not path.is_file():
        raise InputNotReadable(f"找不到文件 {path}", f"file not found: {path}", file=str(path))
    try:
        if path.suffix.lower() == ".parquet":
            return pd.read_parquet(path).astype("string")
        return pd.read_csv(path, dtype="string", keep_default_na=False)
    except (OSError, ValueError, pa.ArrowException) as error:
        raise InputNotReadable(
            f"无法读取 {path}：{error}", f"cannot read {path}: {error}", file=str(path)
        ) from error


def _row_label(path: Path, index: int) -> tuple[str, str]:
    """Where a map row is: its line in a CSV (header is line 1), its row in Parquet."""
    if path.suffix.lower() == ".parquet":
        return f"{path.name} 第{index + 1}行", f"{path.name} row {index + 1}"
    return f"{path.name} 第{index + 2}行", f"{path.name} line {index + 2}"


def load_meter_map(path: Path) -> pd.DataFrame:
    """The meter → entity map, checked: one row per meter, a whole entity id, a known carrier
    (electricity, heat or a fuel of the core) and a unit. Optional ``industry_code`` and
    ``county_code`` columns give the entity's place instead of the accounts tables."""
    frame = _read_small(path)
    missing = [c for c in MAP_COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidMap(
            f"{path.name} 缺少列：{'、'.join(missing)}（须有 {', '.join(MAP_COLUMNS)}）",
            f"{path.name} lacks columns: {', '.join(missing)} (needs {', '.join(MAP_COLUMNS)})",
            file=str(path),
        )
    frame = frame.copy()
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    known = set(known_carriers())
    checks = (
        (frame["meter_id"] == "", "计量点编号为空", "empty meter_id"),
        (
            ~frame["entity_id"].str.fullmatch(r"[0-9]+").fillna(False).astype(bool),
            "主体编号“{entity_id}”不是整数",
            "entity_id '{entity_id}' is not a whole number",
        ),
        (
            ~frame["carrier"].isin(known),
            "计量点 {meter_id} 的能源品种“{carrier}”未知（electricity、heat 或核算核心的燃料代码）",
            "meter {meter_id} has unknown carrier '{carrier}' "
            "(electricity, heat or a fuel code of the core)",
        ),
        (frame["unit"] == "", "计量点 {meter_id} 未填单位", "meter {meter_id} has no unit"),
    )
    for mask, zh, en in checks:
        bad = mask.fillna(True).astype(bool)
        if bad.any():
            position = int(bad.to_numpy().nonzero()[0][0])
            row = {k: str(v) for k, v in frame.iloc[position].to_dict().items()}
            where_zh, where_en = _row_label(path, position)
            raise InvalidMap(
                f"{where_zh}：{zh.format(**row)}",
                f"{where_en}: {en.format(**row)}",
                meter_id=row["meter_id"],
            )
    repeated = frame["meter_id"][frame["meter_id"].duplicated()]
    if len(repeated):
        meter = repeated.iloc[0]
        where_zh, where_en = _row_label(
            path, int(frame["meter_id"].duplicated().to_numpy().argmax())
        )
        raise InvalidMap(
            f"{where_zh}：计量点 {meter} 在对照表中出现两次",
            f"{where_en}: meter {meter} appears twice in the map",
            meter_id=meter,
        )
    frame["entity_id"] = frame["entity_id"].astype("int64")
    return frame


def _with_places(meters: pd.DataFrame, path: Path, session: Session | None) -> pd.DataFrame:
    """The map with each entity's industry and county: from the file, or from the accounts."""
    has_places = all(c in meters.columns for c in PLACE_COLUMNS)
    known: dict[int, tuple[str | None, str]] | None = None
    if session is not None:
        known = repository.entity_attributes(
            session=session, entity_ids=meters["entity_id"].tolist()
        )
        unknown = sorted(set(meters["entity_id"].tolist()) - set(known))
        if unknown:
            shown = ", ".join(str(e) for e in unknown[:_EXAMPLES])
            raise UnknownEntity(
                f"{path.name}：主体 {shown} 不在排放主体名录中（共{len(unknown)}个）",
                f"{path.name}: entities {shown} are not in the accounts ({len(unknown)} in all)",
                entity_ids=unknown[:_EXAMPLES],
            )
    if not has_places:
        if known is None:
            raise InvalidMap(
                f"{path.name} 无 industry_code、county_code 列，且未连接数据库读取主体信息",
                f"{path.name} has no industry_code and county_code columns, and no database "
                "was given to read the entities from",
                file=str(path),
            )
        meters = meters.copy()
        meters["industry_code"] = [known[e][0] for e in meters["entity_id"]]
        meters["county_code"] = [known[e][1] for e in meters["entity_id"]]
    out = meters[["meter_id", "entity_id", "carrier", "unit", *PLACE_COLUMNS]].copy()
    for column in ("meter_id", "carrier", "unit", *PLACE_COLUMNS):
        out[column] = out[column].astype("string").replace("", pd.NA)
    return out


@contextmanager
def _temporary_tables(con: Any) -> Iterator[Callable[[str, pd.DataFrame], ir.Table]]:
    """Register small data frames as temporary tables of ``con``; drop them afterwards."""
    names: list[str] = []

    def register(stem: str, frame: pd.DataFrame) -> ir.Table:
        name = f"shuangtan_{stem}_{uuid.uuid4().hex[:12]}"
        names.append(name)
        if con.name == "pyspark":  # Spark has temporary views, not temporary tables
            return con.create_view(name, ibis.memtable(frame), overwrite=True)
        return con.create_table(name, frame, temp=True, overwrite=True)

    try:
        yield register
    finally:
        for name in names:
            with suppress(Exception):  # cleaning up must not hide the real error
                if con.name == "pyspark":
                    con.drop_view(name, force=True)
                else:
                    con.drop_table(name, force=True)


def _one_row(expr: ir.Table) -> dict[str, Any]:
    frame = expr.to_pyarrow().to_pandas()
    return {k: (None if pd.isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}


def _check_readings(
    readings: ir.Table, days: ir.Table, meters: ir.Table, source: str, map_name: str
) -> dict[str, Any]:
    """Refuse what the rules refuse; the totals of what was read otherwise."""
    mapped = meters.select(map_meter_id="meter_id", map_unit="unit")
    checked = days.left_join(mapped, days.meter_id == mapped.map_meter_id)
    known = checked.map_meter_id.notnull()
    totals = _one_row(  # every check in one query: one job on Spark
        checked.aggregate(
            readings=checked.readings.sum(),
            invalid=checked.invalid.sum(),
            undated=checked.readings.sum(where=checked.day.isnull()),
            meters=checked.meter_id.nunique(),
            meter_days=checked.count(),
            first_day=checked.day.min(),
            last_day=checked.day.max(),
            unknown=checked.count(where=~known),
            wrong=checked.count(where=known & (checked.unit != checked.map_unit)),
            suspects=checked.count(
                where=(checked.low_sum != checked.low_or) | (checked.high_sum != checked.high_or)
            ),
        )
    )
    if totals["undated"]:
        examples = readings.filter(readings.timestamp.isnull()).select("meter_id").distinct()
        shown = ", ".join(str(m) for m in examples.limit(_EXAMPLES).execute()["meter_id"])
        raise InvalidTimestamp(
            f"{source}：{totals['undated']}条读数缺少时间戳（计量点 {shown}）",
            f"{source}: {totals['undated']} readings have no timestamp (meters {shown})",
        )
    unknown = (
        days.anti_join(meters, "meter_id")
        .group_by("meter_id")
        .aggregate(readings=lambda t: t.readings.sum())
    )
    if totals["unknown"]:
        count = int(unknown.count().execute())
        shown_rows = unknown.order_by("meter_id").limit(_EXAMPLES).execute()
        shown = ", ".join(
            f"{r.meter_id} ({r.readings})" for r in shown_rows.itertuples(index=False)
        )
        raise UnknownMeter(
            f"{source}：{count}个计量点不在对照表 {map_name} 中：{shown}（括号内为读数条数）",
            f"{source}: {count} meters are not in the map {map_name}: {shown} "
            "(readings in brackets)",
            meter_ids=list(shown_rows["meter_id"]),
        )
    wrong = (
        days.join(meters, [days.meter_id == meters.meter_id, days.unit != meters.unit])
        .select(meter_id=days.meter_id, unit=days.unit, expected=meters.unit)
        .distinct()
    )
    if totals["wrong"]:
        count = int(wrong.count().execute())
        rows = wrong.order_by("meter_id", "unit").limit(_EXAMPLES).execute()
        shown_zh = "；".join(
            f"{r.meter_id} 读数单位“{r.unit}”，对照表为“{r.expected}”"
            for r in rows.itertuples(index=False)
        )
        shown_en = "; ".join(
            f"{r.meter_id} reads '{r.unit}', the map says '{r.expected}'"
            for r in rows.itertuples(index=False)
        )
        raise WrongUnit(
            f"{source}：{count}个计量点的读数单位与对照表不符：{shown_zh}",
            f"{source}: {count} meters read in a unit other than the map's: {shown_en}",
            meter_ids=list(rows["meter_id"]),
        )
    if totals["invalid"]:
        bad = readings.filter(pipeline.invalid_quantity(readings.quantity))
        rows = bad.order_by("meter_id", "timestamp").limit(_EXAMPLES).execute()
        examples = [f"{r.meter_id} @ {r.timestamp}: {r.quantity}" for r in rows.itertuples()]
        raise InvalidQuantity(
            f"{source}：{int(totals['invalid'])}条读数的数量缺失、为负或非有限数："
            + "；".join(examples),
            f"{source}: {int(totals['invalid'])} readings have a missing, negative or "
            f"non-finite quantity: {'; '.join(examples)}",
            meter_ids=list(rows["meter_id"]),
        )
    return totals


def _as_date(value: Any) -> date:
    """A day as the engines return it (date or timestamp)."""
    return value if type(value) is date else pd.Timestamp(value).date()


def _calendar_frame(first: date, last: date) -> pd.DataFrame:
    """Year, month and days in the month, for every month from ``first`` to ``last``."""
    rows = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        rows.append((year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return pd.DataFrame(rows, columns=["year", "month", "days_in_month"]).astype("int64")


def _reported_frame(
    meters: pd.DataFrame, session: Session | None, years: list[int]
) -> pd.DataFrame:
    """Reported quantities per entity, month and metered (carrier, unit), in the meter's unit."""
    columns = ["entity_id", "year", "month", "carrier", "unit", "reported_quantity"]
    empty = pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
    empty = empty.astype({"entity_id": "int64", "year": "int64", "month": "int64"})
    empty[["carrier", "unit"]] = empty[["carrier", "unit"]].astype("string")
    empty["report_status"] = pd.Series(dtype="string")
    if session is None:
        return empty
    pairs = meters[["entity_id", "carrier", "unit"]].drop_duplicates()
    wanted: dict[int, list[tuple[str, str]]] = {}
    for entity_id, carrier, unit in pairs.itertuples(index=False):
        wanted.setdefault(int(entity_id), []).append((str(carrier), str(unit)))
    totals: dict[tuple[int, int, int, str, str], float] = {}
    statuses: dict[tuple[int, int, int, str, str], str] = {}
    for line in repository.reported_lines(session=session, entity_ids=list(wanted), years=years):
        for carrier, unit in wanted.get(line.entity_id, []):
            activity = activity_of(carrier)
            if line.activity != activity or (
                activity == "fuel_combustion" and line.item != carrier
            ):
                continue
            try:
                scale = conversion_factor(line.unit, unit)
            except UnitProblem:
                continue
            key = (line.entity_id, line.year, line.month, carrier, unit)
            totals[key] = totals.get(key, 0.0) + float(line.quantity) * scale
            statuses[key] = line.status
    if not totals:
        return empty
    frame = pd.DataFrame(
        [(*key, value, statuses[key]) for key, value in totals.items()],
        columns=[*columns, "report_status"],
    )
    frame = frame.astype({"entity_id": "int64", "year": "int64", "month": "int64"})
    frame[["carrier", "unit", "report_status"]] = frame[
        ["carrier", "unit", "report_status"]
    ].astype("string")
    return frame


_ORDER = {
    "daily_entity": ("day", "entity_id", "carrier", "unit"),
    "daily_industry": ("day", "industry_code", "carrier", "unit"),
    "daily_county": ("day", "county_code", "carrier", "unit"),
    "monthly_entity": ("year", "month", "entity_id", "carrier", "unit"),
    "monthly_industry": ("year", "month", "industry_code", "carrier", "unit"),
    "monthly_county": ("year", "month", "county_code", "carrier", "unit"),
    "month_to_date": ("year", "month", "entity_id", "carrier", "unit"),
}


def _write(expr: ir.Table, name: str, out: Path) -> int:
    table = expr.order_by(*_ORDER[name]).to_pyarrow()
    pq.write_table(table, out / f"{name}.parquet")
    return int(table.num_rows)


def aggregate(
    *,
    readings: Path | str,
    meter_map: Path,
    out: Path,
    region: str,
    backend: str = "duckdb",
    con: Any = None,
    session: Session | None = None,
    factor_set: str = "cn-default",
    progress: Progress | None = None,
) -> AggregateResult:
    """Check and aggregate ``readings`` with ``meter_map``; write the outputs to ``out``.

    ``region`` picks the grid factors (a code or name the core resolves: ``CN-ZJ``, ``浙江省``).
    ``con`` is an Ibis connection to run on (else one of ``backend`` is opened). ``session``
    (optional, read-only) gives the entities' industry and county when the map has no such
    columns, checks that the entities exist, and gives the reported quantities of the
    month-to-date comparison; without it ``reported_quantity`` and ``gap_pct`` stay empty.
    """
    meter_map, out = Path(meter_map), Path(out)
    remote = "://" in str(readings)  # hdfs://, s3a://: read by the engine, not checked here
    readings = str(readings) if remote else Path(readings)
    if isinstance(readings, Path) and not readings.exists():
        raise InputNotReadable(
            f"找不到读数文件 {readings}", f"readings not found: {readings}", file=str(readings)
        )
    meters_frame = _with_places(load_meter_map(meter_map), meter_map, session)
    _progress(progress, "map", 1)
    con = con if con is not None else connect(backend)
    source = readings.name if isinstance(readings, Path) else readings
    try:
        raw = pipeline.read_table(con, readings)
    except Exception as error:  # the engines raise their own types for unreadable files
        raise InputNotReadable(
            f"无法读取读数 {readings}：{error}", f"cannot read the readings {readings}: {error}"
        ) from error
    absent = [c for c in pipeline.READING_COLUMNS if c not in raw.columns]
    if absent:
        raise InputNotReadable(
            f"{source} 缺少列：{'、'.join(absent)}（须有 meter_id, timestamp, quantity, unit）",
            f"{source} lacks columns: {', '.join(absent)} "
            "(needs meter_id, timestamp, quantity, unit)",
            file=str(readings),
        )
    table = pipeline.readings_of(raw)
    out.mkdir(parents=True, exist_ok=True)
    with _temporary_tables(con) as register, pipeline.meter_days(table).cache() as days:
        _progress(progress, "scan", 2)
        meters = register("meters", meters_frame)
        totals = _check_readings(table, days, meters, source, meter_map.name)
        _progress(progress, "check", 3)
        suspects = pipeline.duplicate_suspects(days)
        duplicate_days = int(totals["suspects"] or 0)
        dropped = 0
        clean: ir.Table = days.select("meter_id", "unit", "day", "quantity", "readings")
        if duplicate_days:
            corrected, conflicts = pipeline.duplicate_readings(table, suspects)
            count = int(conflicts.count().execute())
            if count:
                rows = conflicts.order_by("meter_id", "timestamp").limit(_EXAMPLES).execute()
                shown = [
                    f"{r.meter_id} @ {r.timestamp}: {r.smallest} / {r.largest}"
                    for r in rows.itertuples()
                ]
                raise ConflictingDuplicates(
                    f"{source}：{count}处同一计量点同一时刻有不同读数：{'；'.join(shown)}",
                    f"{source}: {count} times a meter has two different readings for the same "
                    f"timestamp: {'; '.join(shown)}",
                    meter_ids=list(rows["meter_id"]),
                )
            dropped = int(corrected.dropped.sum().execute() or 0)
            clean = pipeline.replace_days(days, corrected)
        _progress(progress, "duplicates", 4)
        first_day, last_day = _as_date(totals["first_day"]), _as_date(totals["last_day"])
        years = list(range(first_day.year, last_day.year + 1))
        pairs = list(
            meters_frame[["carrier", "unit"]].drop_duplicates().itertuples(index=False, name=None)
        )
        factors = resolve_factors(pairs, years, region=region, factor_set=factor_set)
        factor_table = register("factors", factor_frame(factors))
        _progress(progress, "factors", 5)
        with pipeline.daily_entity(clean, meters, factor_table).cache() as daily:
            monthly = pipeline.monthly_entity(daily)
            calendar_table = register("calendar", _calendar_frame(first_day, last_day))
            reported = register("reported", _reported_frame(meters_frame, session, years))
            _progress(progress, "daily", 6)
            day_period = ("day",)
            month_period = ("year", "month")
            exprs = {
                "daily_entity": pipeline.with_factor_ids(daily, factor_table),
                "daily_industry": pipeline.with_factor_ids(
                    pipeline.rollup(daily, period=day_period, by="industry_code"), factor_table
                ),
                "daily_county": pipeline.with_factor_ids(
                    pipeline.rollup(daily, period=day_period, by="county_code"), factor_table
                ),
                "monthly_entity": pipeline.with_factor_ids(monthly, factor_table),
                "monthly_industry": pipeline.with_factor_ids(
                    pipeline.rollup(monthly, period=month_period, by="industry_code"),
                    factor_table,
                ),
                "monthly_county": pipeline.with_factor_ids(
                    pipeline.rollup(monthly, period=month_period, by="county_code"),
                    factor_table,
                ),
                "month_to_date": pipeline.month_to_date(monthly, calendar_table, reported),
            }
            written: dict[str, int] = {}
            for done, (name, expr) in enumerate(exprs.items(), start=7):
                written[name] = _write(expr, name, out)
                _progress(progress, name, done)
    provenance_frame(factors).to_parquet(out / "factors.parquet", index=False)

    def iso(value: Any) -> str | None:
        return value.isoformat() if isinstance(value, date) else None

    quality = Quality(
        readings=int(totals["readings"] or 0),
        meters=int(totals["meters"] or 0),
        meter_days=int(totals["meter_days"] or 0),
        first_day=iso(totals["first_day"]),
        last_day=iso(totals["last_day"]),
        duplicate_meter_days=duplicate_days,
        duplicates_dropped=dropped,
    )
    (out / "quality.json").write_text(
        json.dumps(
            {
                "readings_file": str(readings),
                "map_file": str(meter_map),
                "backend": con.name,
                "region": region,
                **asdict(quality),
                "rows": written,
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    _progress(progress, "done", _STEPS)
    return AggregateResult(
        out=out,
        backend=str(con.name),
        region=region,
        quality=quality,
        rows=written,
        factors=factors,
    )
