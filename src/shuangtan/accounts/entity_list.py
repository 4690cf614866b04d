"""The list of entities officials work from (排放主体列表): search, filters, order, a page and
its total, each row's county and industry names, verified total and latest report's state.

Every read goes through the scoped statements of :mod:`~shuangtan.accounts.repository`
(``readable_entities``, ``readable_annual_accounts``, ``readable_reports``): a county official
lists only its county, a verifier only its assigned entity-years' totals and reports, an
enterprise itself; ordering by the verified total joins only the accounts the caller may read,
so the order reveals nothing the rows do not. The page and the Excel export read the same
:func:`entity_list`; the export takes every row (up to :data:`EXPORT_LIMIT`), not one page.

The carbon-efficiency grade is the grading room's, above this one in the layers, so the list
shows the latest report's state and the verified total; the grades are listed on
``/grading/{year}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.accounts import repository
from shuangtan.accounts.models import ActivityReport, AnnualAccount, Entity
from shuangtan.auth.principal import Principal
from shuangtan.kit.workbook import Column, new_workbook, to_bytes, write_table
from shuangtan.place import repository as place_repository

__all__ = [
    "ENTITY_COLUMNS",
    "EXPORT_LIMIT",
    "EntityFilter",
    "EntityRow",
    "EntitySort",
    "entity_list",
    "entity_xlsx",
]

EntitySort = Literal["id", "name", "county", "-tco2e"]
"""Orders of the list: as registered (default), by name, by county, largest verified first."""
EXPORT_LIMIT = 5000
"""Rows an export holds at most (the demo city has under a thousand entities)."""

KIND_ZH = {  # as the pages' catalogue says them
    "industrial": "工业企业",
    "public_building": "公共机构/公共建筑",
    "transport": "交通运输企业",
    "farm": "农业经营主体",
}
STATUS_ZH = {
    "draft": "草稿",
    "submitted": "已提交",
    "under_verification": "核查中",
    "returned": "已退回",
    "verified": "已核查",
    "recheck": "复查中",
    "confirmed": "复查确认",
    "corrected": "复查更正",
    "locked": "已锁定",
}


@dataclass(frozen=True, slots=True)
class EntityFilter:
    """What the list is narrowed to: a search, a county, an industry, a kind; and its year."""

    year: int
    search: str | None = None
    county_code: str | None = None
    industry_code: str | None = None
    kind: str | None = None
    sort: EntitySort = "id"


@dataclass(frozen=True, slots=True)
class EntityRow:
    """排放主体 one row: the entity, its names, its year's verified total and latest report."""

    entity: Entity
    county_zh: str
    county_en: str
    industry_zh: str | None
    industry_en: str | None
    tco2e: Decimal | None
    energy_tce: Decimal | None
    latest_month: int | None
    latest_status: str | None
    months_verified: int | None = None  # of the year's account: fewer than 12 is a part-year


def entity_list(
    *, session: Session, actor: Principal, where: EntityFilter, offset: int, limit: int
) -> tuple[list[EntityRow], int]:
    """One page of the entities ``actor`` may see, narrowed and ordered, and their number."""
    statement = repository.readable_entities(actor)
    if where.county_code:
        statement = statement.where(Entity.county_code == where.county_code)
    if where.industry_code:
        statement = statement.where(Entity.industry_code == where.industry_code)
    if where.kind:
        statement = statement.where(Entity.kind == where.kind)
    if where.search and where.search.strip():
        text = where.search.strip()
        statement = statement.where(Entity.name.contains(text) | (Entity.uscc == text.upper()))
    total = session.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    totals = (
        repository.readable_annual_accounts(actor)
        .where(AnnualAccount.year == where.year)
        .with_only_columns(AnnualAccount.entity_id, AnnualAccount.tco2e)
        .subquery()
    )
    if where.sort == "name":
        statement = statement.order_by(Entity.name, Entity.id)
    elif where.sort == "county":
        statement = statement.order_by(Entity.county_code, Entity.id)
    elif where.sort == "-tco2e":
        statement = statement.outerjoin(totals, totals.c.entity_id == Entity.id).order_by(
            totals.c.tco2e.desc().nulls_last(), Entity.id
        )
    else:
        statement = statement.order_by(Entity.id)
    entities = list(session.scalars(statement.offset(offset).limit(limit)))
    return _rows(session, actor, where.year, entities), int(total)


def _rows(session: Session, actor: Principal, year: int, entities: list[Entity]) -> list[EntityRow]:
    ids = [e.id for e in entities]
    accounts = repository.annual_accounts(session, actor, year, ids)
    latest: dict[int, tuple[int, str]] = {}
    reports = repository.readable_reports(actor).where(
        ActivityReport.entity_id.in_(ids), ActivityReport.year == year
    )
    for report in session.scalars(reports):
        if report.entity_id not in latest or latest[report.entity_id][0] < report.month:
            latest[report.entity_id] = (report.month, report.status)
    counties = place_repository.counties(session)
    industries = place_repository.industries(session)
    rows = []
    for e in entities:
        county = counties.get(e.county_code)
        industry = industries.get(e.industry_code or "")
        account = accounts.get(e.id)
        month, status = latest.get(e.id, (None, None))
        rows.append(
            EntityRow(
                entity=e,
                county_zh=county.name_zh if county else e.county_code,
                county_en=county.name_en if county else e.county_code,
                industry_zh=industry.name_zh if industry else None,
                industry_en=industry.name_en if industry else None,
                tco2e=account.tco2e if account else None,
                energy_tce=account.energy_tce if account else None,
                latest_month=month,
                latest_status=status,
                months_verified=account.months_verified if account else None,
            )
        )
    return rows


ENTITY_COLUMNS = (
    Column("name", "名称", "Name", 30, "text"),
    Column("uscc", "统一社会信用代码", "Credit code", 22, "text"),
    Column("kind", "类型", "Kind", 14, "text"),
    Column("county_code", "区县代码", "County code", 10, "text"),
    Column("county", "区县", "County", 12, "text"),
    Column("industry_code", "行业代码", "Industry code", 10, "text"),
    Column("industry", "行业", "Industry", 24, "text"),
    Column("tco2e", "核查排放量 (吨CO2e)", "Verified tCO2e", 16, decimals=2),
    Column("tce", "综合能耗 (吨标准煤)", "Energy tce", 16, decimals=2),
    Column("month", "最新报告月份", "Latest report month", 12, "month"),
    Column("status", "最新报告状态", "Latest report state", 14, "text"),
    Column("months", "已核查月数", "Months verified", 12, "integer"),
)


def entity_xlsx(rows: list[EntityRow], *, year: int) -> bytes:
    """The listed entities as an Excel workbook, names beside codes, a total row."""
    workbook, sheet = new_workbook(f"排放主体 {year}")
    write_table(
        sheet,
        ENTITY_COLUMNS,
        [
            (
                r.entity.name,
                r.entity.uscc or "",
                KIND_ZH.get(r.entity.kind, r.entity.kind),
                r.entity.county_code,
                r.county_zh,
                r.entity.industry_code or "",
                r.industry_zh or "",
                None if r.tco2e is None else float(r.tco2e),
                None if r.energy_tce is None else float(r.energy_tce),
                r.latest_month,
                STATUS_ZH.get(r.latest_status or "", "未填报"),
                r.months_verified,
            )
            for r in rows
        ],
        totals=("tco2e", "tce"),
    )
    return to_bytes(workbook)
