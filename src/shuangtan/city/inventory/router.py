"""The inventory API (城市清单 API, ``/api/v1/inventory``): thin handlers over the services.

Private: the parent router requires login; officials and administrators only. Reads check the
area (a county official reads its own county); every write goes through
:func:`entries.record` (scope, checks, audit) and honours ``Idempotency-Key``.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, File, Query, Response, UploadFile

from shuangtan.auth.deps import Officials
from shuangtan.db import DbSession
from shuangtan.kit.idempotency import Once
from shuangtan.kit.params import Year, check_year
from shuangtan.kit.responses import XLSX, attachment, binary, problems

from . import entries, excel, gpc, reading, service
from .reconciliation import DEFAULT_THRESHOLD_PCT, reconcile
from .schemas import (
    CityTotalsRead,
    EntriesRead,
    EntryWrittenRead,
    InventoryImportRead,
    InventoryRead,
    InventoryReconciliationRead,
    entries_of,
)

__all__ = ["router"]

router = APIRouter(prefix="/inventory", tags=["inventory 城市清单"])

Kind = Literal["energy", "generation", "economic", "fleet", "activity", "notation", "claim"]


@router.get("/template.xlsx", response_class=Response, responses=binary(XLSX, refusals=()))
def template(actor: Officials) -> Response:
    """填报模板 the Excel template (one sheet per kind, Chinese headers with English beneath)."""
    del actor
    return attachment(excel.build_template(), XLSX, "inventory-template.xlsx")


@router.get("/years")
def years(actor: Officials, session: DbSession, county_code: str | None = None) -> list[int]:
    """有数据的年份 the years with entered data."""
    area = reading.check_read(session, actor, county_code)
    return service.years_with_data(session=session, county_code=area)


@router.get("/{year}/totals", responses=problems(403))
def totals(
    year: Year, actor: Officials, session: DbSession, county_code: str | None = None
) -> CityTotalsRead:
    """综合数 energy, CO2, GDP, population, shares of a year (city or county)."""
    area = reading.check_read(session, actor, county_code)
    return CityTotalsRead.of(
        service.city_totals(session=session, year=check_year(year), county_code=area)
    )


@router.get("/{year}", responses=problems(403))
def inventory(
    year: Year,
    actor: Officials,
    session: DbSession,
    county_code: str | None = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
) -> InventoryRead | None:
    """GPC清单 every GPC row with gases, notation keys, claims; BASIC/BASIC+; sinks beside.

    ``month`` (1–12) gives one month from the rows entered monthly (sinks are annual); null
    when the year has no data."""
    area = reading.check_read(session, actor, county_code)
    result = gpc.inventory(session=session, year=check_year(year), county_code=area, month=month)
    return None if result is None else InventoryRead.of(result)


@router.get("/{year}/reconciliation", responses=problems(403))
def reconciliation(
    year: Year,
    actor: Officials,
    session: DbSession,
    county_code: str | None = None,
    threshold_pct: Annotated[Decimal, Query(gt=0, le=100)] = DEFAULT_THRESHOLD_PCT,
) -> InventoryReconciliationRead:
    """核对 entity accounts against the statistics by county and sector; claims elsewhere."""
    area = reading.check_read(session, actor, county_code)
    result = reconcile(
        session=session, year=check_year(year), county_code=area, threshold_pct=threshold_pct
    )
    return InventoryReconciliationRead.of(result)


@router.get("/entries/{kind}/{year}")
def list_entries(
    kind: Kind, year: Year, actor: Officials, session: DbSession, county_code: str | None = None
) -> EntriesRead:
    """录入的数据 the entered rows of a kind and year, with source and who entered them."""
    rows = reading.list_entries(
        session=session, actor=actor, kind=kind, year=year, county_code=county_code
    )
    return entries_of(kind, rows)


@router.post("/entries/{kind}", status_code=201, responses=problems(403, 422))
def write_entry(
    kind: Kind,
    actor: Officials,
    session: DbSession,
    data: Annotated[dict[str, Any], Body(description="one entry: year, area_code, … source_note")],
    once: Once,
) -> EntryWrittenRead:
    """录入一条 write one entry (replaces the same cell); honours ``Idempotency-Key``."""

    def run() -> EntryWrittenRead:
        row: Any = entries.record(session=session, actor=actor, kind=kind, data=data, via="api")
        return EntryWrittenRead(kind=kind, id=row.id, entered_by=row.entered_by)

    return once(data, run)


@router.post("/import", responses=problems(403, 422))
def import_template(
    file: Annotated[UploadFile, File(description="填好的模板 the filled template")],
    actor: Officials,
    session: DbSession,
    once: Once,
) -> InventoryImportRead:
    """导入模板 every row written, or nothing and every problem listed by sheet/row/column."""
    data = file.file.read(excel.MAX_BYTES + 1)
    return once(
        {"sha256": hashlib.sha256(data).hexdigest()},
        lambda: InventoryImportRead.model_validate(
            excel.import_workbook(session=session, actor=actor, data=data)
        ),
    )
