"""Meter data as a source of the inventory (计量数据入清单): the pipeline's months, loaded.

``load_metered(session=..., actor=..., monthly_parquet=...)`` reads the ``monthly_entity``
Parquet of ``shuangtan meters aggregate`` (one row per year, month, entity, carrier and unit,
with quantity, tce and tCO2 already valued by the accounting core's factors), sums it by
county × sector × carrier × month and stores the sums in ``metered_energy`` with the file's
name and SHA-256. The sector is the entity's kind mapped as the reconciliation maps it
(:data:`~.reconciliation.KIND_SECTOR`).

Rules:

- **Replacement.** Loading a file replaces every stored row of the (year, month, county)
  combinations it holds; other months and counties are left as they are.
- **Refusals** (:class:`MeterFileRefused`, Chinese and English, nothing written): an unreadable
  file, a missing column, a malformed value (month outside 1–12, a missing, negative or
  non-finite number), a county that is not one of the city's, an entity the accounts do not
  hold, two units for one carrier in one cell.
- **Who.** An administrator or a city official; a county official only for a file whose rows
  are all of its own county (else :class:`OutsideScope`); ``actor`` ``None`` is the system
  (the command line). One audit entry per load, with the counts and the file's hash.

Meter data is a check and an early monthly signal beside the statistical energy balance,
which stays the inventory's basis: nothing loaded here is added to the inventory's totals.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.accounts import query as accounts_query
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.place import repository as place_repository

from .errors import MeterFileRefused, OutsideScope
from .models import MeteredEnergy
from .reconciliation import KIND_SECTOR

__all__ = ["COLUMNS", "LoadResult", "load_metered"]

COLUMNS = (
    "year",
    "month",
    "entity_id",
    "county_code",
    "carrier",
    "unit",
    "quantity",
    "tce",
    "tco2",
)
"""The columns of the pipeline's ``monthly_entity`` output that a load reads."""
_SIX = Decimal("0.000001")
_SHOWN = 5  # problems named in a refusal


@dataclass(frozen=True)
class LoadResult:
    """一次载入 what one load stored: rows, the months and counties replaced, the file."""

    source_file: str
    source_sha256: str
    entity_months: int  # rows of the file
    rows: int  # rows stored (county × sector × carrier × month)
    replaced: int  # rows of the same months and counties removed first
    months: tuple[tuple[int, int], ...] = field(default_factory=tuple)
    counties: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class _Cell:
    units: set[str] = field(default_factory=set)
    quantity: Decimal = Decimal(0)
    tce: Decimal = Decimal(0)
    tco2: Decimal = Decimal(0)
    entities: set[int] = field(default_factory=set)


def _refuse(zh: str, en: str, problems: list[tuple[str, str]] | None = None) -> MeterFileRefused:
    if problems:
        shown = problems[:_SHOWN]
        more = len(problems) - len(shown)
        zh += "：" + "；".join(p[0] for p in shown) + (f"（另有 {more} 处）" if more else "")
        en += ": " + "; ".join(p[1] for p in shown) + (f" (and {more} more)" if more else "")
    return MeterFileRefused(zh, en)


def _check_role(actor: Principal | None) -> None:
    if actor is None or actor.role in (Role.admin, Role.official):
        return
    raise OutsideScope(
        "只有市级、区县官员和管理员可以载入计量数据。",
        "Only officials and administrators may load meter data into the inventory.",
    )


def _read(path: Path) -> tuple[pa.Table, str]:
    try:
        content = path.read_bytes()
    except OSError as error:
        raise _refuse(
            f"无法读取计量数据文件 {path.name}（{error.strerror or error}）",
            f"Cannot read the meter file {path.name} ({error.strerror or error})",
        ) from error
    digest = hashlib.sha256(content).hexdigest()
    try:
        table = pq.read_table(pa.BufferReader(content))
    except (pa.ArrowException, OSError, ValueError) as error:
        raise _refuse(
            f"{path.name} 不是可读的 Parquet 文件（应为 meters aggregate 输出的 "
            "monthly_entity.parquet）",
            f"{path.name} is not a readable Parquet file (expected the monthly_entity.parquet "
            "written by `shuangtan meters aggregate`)",
        ) from error
    missing = [c for c in COLUMNS if c not in table.column_names]
    if missing:
        raise _refuse(
            f"{path.name} 缺少列 {', '.join(missing)}（应为按主体的月度输出 monthly_entity）",
            f"{path.name} lacks the columns {', '.join(missing)} (expected the monthly "
            "by-entity output, monthly_entity)",
        )
    return table, digest


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = float(value)
    if not math.isfinite(number) or number < 0:
        return None
    return Decimal(repr(number)) if isinstance(value, float) else Decimal(value)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _checked(table: pa.Table) -> list[dict[str, Any]]:
    """The file's rows with checked values, or the refusal naming the bad ones."""
    problems: list[tuple[str, str]] = []
    out: list[dict[str, Any]] = []
    for index, row in enumerate(table.select(list(COLUMNS)).to_pylist(), start=1):
        year, month, entity = row["year"], row["month"], row["entity_id"]
        values = {name: _number(row[name]) for name in ("quantity", "tce", "tco2")}
        texts = {name: _text(row[name]) for name in ("county_code", "carrier", "unit")}
        bad = [
            name
            for name, ok in (
                ("year", isinstance(year, int) and 1900 <= year <= 2200),
                ("month", isinstance(month, int) and 1 <= month <= 12),
                ("entity_id", isinstance(entity, int) and not isinstance(entity, bool)),
                *((name, value is not None) for name, value in texts.items()),
                *((name, value is not None) for name, value in values.items()),
            )
            if not ok
        ]
        if bad:
            problems.append(
                (f"第 {index} 行 {', '.join(bad)} 缺失或无效", f"row {index}: {', '.join(bad)}")
            )
            continue
        out.append({"year": year, "month": month, "entity_id": entity, **texts, **values})
    if problems:
        raise _refuse(
            "计量数据文件有缺失或无效的值（月份应为 1–12，数量、tce、tCO2 应为非负有限数）",
            "The meter file has missing or invalid values (month 1–12; quantity, tce and tCO2 "
            "non-negative finite numbers)",
            problems,
        )
    return out


def _sectors(session: Session, entity_ids: set[int]) -> dict[int, str]:
    places = accounts_query.entity_places(session, entity_ids)
    kinds = {entity_id: kind for entity_id, (kind, _, _) in places.items()}
    unknown = sorted(entity_ids - set(kinds))
    if unknown:
        raise _refuse(
            "账户中没有这些主体：" + ", ".join(map(str, unknown[:_SHOWN])),
            "The accounts hold no entities with the ids " + ", ".join(map(str, unknown[:_SHOWN])),
        )
    unmapped = sorted(i for i, kind in kinds.items() if kind not in KIND_SECTOR)
    if unmapped:
        raise _refuse(
            "这些主体的类型没有对应的部门：" + ", ".join(map(str, unmapped[:_SHOWN])),
            "No sector for the kind of the entities " + ", ".join(map(str, unmapped[:_SHOWN])),
        )
    return {i: KIND_SECTOR[kind] for i, kind in kinds.items()}


def _check_places(session: Session, actor: Principal | None, counties: set[str]) -> None:
    city_code, city_counties = place_repository.city_and_counties(session)
    unknown = sorted(counties - set(city_counties))
    if unknown:
        raise _refuse(
            f"未知区县代码 {', '.join(unknown)}（不是本市 {city_code} 的区县）",
            f"Unknown county codes {', '.join(unknown)} (not counties of the city {city_code})",
        )
    if actor is None or actor.scope.whole_city:
        return
    others = sorted(code for code in counties if not actor.scope.covers(code))
    if others:
        raise OutsideScope(
            f"您的职责范围（{actor.scope.code or '无'}）不含区县 {', '.join(others)}，"
            "不能载入其计量数据。",
            f"Your scope ({actor.scope.code or 'none'}) does not include the counties "
            f"{', '.join(others)}; you cannot load their meter data.",
        )


def _cells(
    rows: list[dict[str, Any]], sectors: dict[int, str]
) -> dict[tuple[int, int, str, str, str], _Cell]:
    cells: dict[tuple[int, int, str, str, str], _Cell] = defaultdict(_Cell)
    for row in rows:
        key = (row["year"], row["month"], row["county_code"], sectors[row["entity_id"]])
        cell = cells[(*key, row["carrier"])]
        cell.units.add(row["unit"])
        cell.quantity += row["quantity"]
        cell.tce += row["tce"]
        cell.tco2 += row["tco2"]
        cell.entities.add(row["entity_id"])
    mixed = [
        (
            f"{k[0]}-{k[1]:02d} {k[2]} {k[3]} {k[4]}（{'、'.join(sorted(c.units))}）",
            f"{k[0]}-{k[1]:02d} {k[2]} {k[3]} {k[4]} ({', '.join(sorted(c.units))})",
        )
        for k, c in cells.items()
        if len(c.units) > 1
    ]
    if mixed:
        raise _refuse(
            "同一区县、部门、能源品种的月度数据有多个单位，无法相加",
            "One county, sector and carrier has several units in a month and cannot be summed",
            mixed,
        )
    return cells


def _round(value: Decimal) -> Decimal:
    return value.quantize(_SIX, rounding=ROUND_HALF_UP)


def load_metered(*, session: Session, actor: Principal | None, monthly_parquet: Path) -> LoadResult:
    """Load the pipeline's monthly by-entity Parquet into ``metered_energy`` (flushes only)."""
    _check_role(actor)
    table, digest = _read(monthly_parquet)
    rows = _checked(table)
    if not rows:
        raise _refuse(f"{monthly_parquet.name} 没有数据行", f"{monthly_parquet.name} has no rows")
    _check_places(session, actor, {r["county_code"] for r in rows})
    cells = _cells(rows, _sectors(session, {r["entity_id"] for r in rows}))
    places = sorted({(k[0], k[1], k[2]) for k in cells})
    replaced = 0
    for chunk in range(0, len(places), 200):
        condition = or_(
            *(
                and_(
                    MeteredEnergy.year == year,
                    MeteredEnergy.month == month,
                    MeteredEnergy.area_code == county,
                )
                for year, month, county in places[chunk : chunk + 200]
            )
        )
        replaced += len(session.scalars(select(MeteredEnergy.id).where(condition)).all())
        session.execute(delete(MeteredEnergy).where(condition))
    loaded_by = actor.username if actor is not None else "system"
    name = monthly_parquet.name[:255]
    session.add_all(
        MeteredEnergy(
            year=year,
            month=month,
            area_code=county,
            sector=sector,
            carrier=carrier,
            quantity=_round(cell.quantity),
            unit=next(iter(cell.units)),
            tce=_round(cell.tce),
            tco2=_round(cell.tco2),
            entities=len(cell.entities),
            source_file=name,
            source_sha256=digest,
            loaded_by=loaded_by,
        )
        for (year, month, county, sector, carrier), cell in sorted(cells.items())
    )
    session.flush()
    result = LoadResult(
        source_file=name,
        source_sha256=digest,
        entity_months=len(rows),
        rows=len(cells),
        replaced=replaced,
        months=tuple(sorted({(k[0], k[1]) for k in cells})),
        counties=tuple(sorted({k[2] for k in cells})),
    )
    audit.record(
        session=session,
        actor=actor,
        action="inventory.meters.load",
        entity_type=MeteredEnergy.__tablename__,
        entity_id=digest[:16],
        before={"rows": replaced} if replaced else None,
        after={
            "source_file": name,
            "source_sha256": digest,
            "entity_months": result.entity_months,
            "rows": result.rows,
            "months": [f"{y}-{m:02d}" for y, m in result.months],
            "counties": list(result.counties),
        },
    )
    return result
