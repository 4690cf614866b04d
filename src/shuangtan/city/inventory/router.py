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
from shuangtan.kit.params import check_year

from . import entries, excel, gpc, reading, service
from .reconciliation import DEFAULT_THRESHOLD_PCT, reconcile

__all__ = ["router"]

router = APIRouter(prefix="/inventory", tags=["inventory 城市清单"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PROBLEM = {"description": "Problem document (RFC 9457)"}
Kind = Literal["energy", "generation", "economic", "fleet", "activity", "notation", "claim"]


@router.get("/template.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}}})  # fmt: skip
def template(actor: Officials) -> Response:
    """填报模板 the Excel template (one sheet per kind, Chinese headers with English beneath)."""
    del actor
    return Response(
        excel.build_template(),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="inventory-template.xlsx"'},
    )


@router.get("/years")
def years(actor: Officials, session: DbSession, county_code: str | None = None) -> list[int]:
    """有数据的年份 the years with entered data."""
    area = reading.check_read(session, actor, county_code)
    return service.years_with_data(session=session, county_code=area)


@router.get("/{year}/totals", responses={403: _PROBLEM})
def totals(
    year: int, actor: Officials, session: DbSession, county_code: str | None = None
) -> dict[str, Any]:
    """综合数 energy, CO2, GDP, population, shares of a year (city or county)."""
    area = reading.check_read(session, actor, county_code)
    result = service.city_totals(session=session, year=check_year(year), county_code=area)
    return reading.totals_view(result)


@router.get("/{year}", responses={403: _PROBLEM})
def inventory(
    year: int,
    actor: Officials,
    session: DbSession,
    county_code: str | None = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
) -> dict[str, Any] | None:
    """GPC清单 every GPC row with gases, notation keys, claims; BASIC/BASIC+; sinks beside.

    ``month`` (1–12) gives one month from the rows entered monthly (sinks are annual)."""
    area = reading.check_read(session, actor, county_code)
    result = gpc.inventory(session=session, year=check_year(year), county_code=area, month=month)
    return reading.inventory_view(result) if result is not None else None


@router.get("/{year}/reconciliation", responses={403: _PROBLEM})
def reconciliation(
    year: int,
    actor: Officials,
    session: DbSession,
    county_code: str | None = None,
    threshold_pct: Annotated[Decimal, Query(gt=0, le=100)] = DEFAULT_THRESHOLD_PCT,
) -> dict[str, Any]:
    """核对 entity accounts against the statistics by county and sector; claims elsewhere."""
    area = reading.check_read(session, actor, county_code)
    result = reconcile(session=session, year=check_year(year), county_code=area,
                       threshold_pct=threshold_pct)  # fmt: skip
    return {
        "year": result.year,
        "threshold_pct": str(result.threshold_pct),
        "rows": [
            {k: (str(v) if isinstance(v, Decimal) else v) for k, v in vars(row).items()}
            for row in result.rows
        ],
        "claims_elsewhere": [
            {k: (str(v) if isinstance(v, Decimal) else v) for k, v in vars(c).items()}
            for c in result.claims
        ],
    }


@router.get("/entries/{kind}/{year}")
def list_entries(
    kind: Kind, year: int, actor: Officials, session: DbSession,
    county_code: str | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """录入的数据 the entered rows of a kind and year, with source and who entered them."""
    return reading.list_entries(session=session, actor=actor, kind=kind, year=year,
                                county_code=county_code)  # fmt: skip


@router.post("/entries/{kind}", status_code=201, responses={403: _PROBLEM, 422: _PROBLEM})
def write_entry(
    kind: Kind,
    actor: Officials,
    session: DbSession,
    data: Annotated[dict[str, Any], Body(description="one entry: year, area_code, … source_note")],
    once: Once,
) -> dict[str, Any]:
    """录入一条 write one entry (replaces the same cell); honours ``Idempotency-Key``."""

    def run() -> dict[str, Any]:
        row: Any = entries.record(session=session, actor=actor, kind=kind, data=data, via="api")
        return {"kind": kind, "id": row.id, "entered_by": row.entered_by}

    return once(data, run)


@router.post("/import", responses={403: _PROBLEM, 422: _PROBLEM})
def import_template(
    file: Annotated[UploadFile, File(description="填好的模板 the filled template")],
    actor: Officials,
    session: DbSession,
    once: Once,
) -> dict[str, Any]:
    """导入模板 every row written, or nothing and every problem listed by sheet/row/column."""
    data = file.file.read(excel.MAX_BYTES + 1)
    return once(
        {"sha256": hashlib.sha256(data).hexdigest()},
        lambda: excel.import_workbook(session=session, actor=actor, data=data),
    )
