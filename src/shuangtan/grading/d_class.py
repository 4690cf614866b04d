"""The D-class list as officials work from it (D类企业名单): search, filters, order, export.

:func:`d_class_view` reads the scoped list of :func:`~shuangtan.grading.per_mu.d_class_list`
(a county official sees only its county, whatever it asks for) and narrows it by a name or
credit-code search, a county and an industry, then orders it. The page and the Excel export
read the same view, so the export holds exactly the rows the page lists (all of them, not one
page). :func:`d_class_xlsx` writes it with the kit's workbook engine: Chinese headers with
English beneath, industry and county names beside their codes, a count row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.grading.per_mu import DClassRow, d_class_list
from shuangtan.kit.workbook import Column, new_workbook, to_bytes, write_notes, write_table
from shuangtan.place import repository as place_repository

__all__ = ["D_CLASS_COLUMNS", "DClassSort", "DClassView", "d_class_view", "d_class_xlsx"]

DClassSort = Literal["county", "score", "-score", "name", "-carbon"]
"""Orders of the list: by county then score (default), by score up or down, by name, by carbon
per value added, highest first."""

D_CLASS_COLUMNS = (
    Column("county_code", "区县代码", "County code", 10, "text"),
    Column("county", "区县", "County", 12, "text"),
    Column("name", "企业名称", "Enterprise", 30, "text"),
    Column("uscc", "统一社会信用代码", "Credit code", 22, "text"),
    Column("industry_code", "行业代码", "Industry code", 10, "text"),
    Column("industry", "行业", "Industry", 26, "text"),
    Column("score", "综合得分", "Score", 10, decimals=2),
    Column("va_per_mu", "亩均增加值 (万元/亩)", "Value added per mu", 16, decimals=2),
    Column("tax_per_mu", "亩均税收 (万元/亩)", "Tax per mu", 14, decimals=2),
    Column("energy", "单位增加值能耗 (吨标准煤/万元)", "Energy per value added", 18, decimals=3),
    Column("carbon", "单位增加值碳排放 (吨CO2e/万元)", "Carbon per value added", 18, decimals=3),
)


@dataclass(frozen=True, slots=True)
class DClassView:
    """D类企业名单 the rows listed after search, filters and order, with their industry names."""

    rows: list[DClassRow]
    industry_names: dict[str, tuple[str, str]]  # code -> (zh, en)
    industries: list[tuple[str, str, str]]  # (code, zh, en) of the industries in the scoped list

    @property
    def total(self) -> int:
        return len(self.rows)


def _matches(row: DClassRow, search: str) -> bool:
    text = search.strip()
    return text in row.name or (row.uscc is not None and row.uscc == text.upper())


def _ordered(rows: list[DClassRow], sort: DClassSort) -> list[DClassRow]:
    if sort == "score":
        return sorted(rows, key=lambda r: (r.score, r.entity_id))
    if sort == "-score":
        return sorted(rows, key=lambda r: (-r.score, r.entity_id))
    if sort == "name":
        return sorted(rows, key=lambda r: (r.name, r.entity_id))
    if sort == "-carbon":
        return sorted(rows, key=lambda r: (-r.carbon_per_value_added, r.entity_id))
    return sorted(rows, key=lambda r: (r.county_code, r.score, r.entity_id))


def d_class_view(
    *,
    session: Session,
    actor: Principal,
    year: int,
    county_code: str | None = None,
    industry_code: str | None = None,
    search: str | None = None,
    sort: DClassSort = "county",
) -> DClassView:
    """The D-class enterprises of ``year`` in the caller's scope, searched, filtered, ordered."""
    scoped = d_class_list(session=session, actor=actor, year=year, county_code=county_code)
    names = {
        code: (industry.name_zh, industry.name_en)
        for code, industry in place_repository.industries(session).items()
    }
    present = sorted({r.industry_code for r in scoped if r.industry_code})
    industries = [(code, *names.get(code, (code, code))) for code in present]
    rows = scoped
    if industry_code:
        rows = [r for r in rows if r.industry_code == industry_code]
    if search and search.strip():
        rows = [r for r in rows if _matches(r, search)]
    return DClassView(rows=_ordered(rows, sort), industry_names=names, industries=industries)


def d_class_xlsx(view: DClassView, *, year: int) -> bytes:
    """The listed rows as an Excel workbook: one sheet, headers in Chinese and English."""
    workbook, sheet = new_workbook("D类企业 D-class")
    rows = [
        (
            r.county_code,
            r.county_name_zh,
            r.name,
            r.uscc or "",
            r.industry_code or "",
            view.industry_names.get(r.industry_code or "", ("", ""))[0],
            float(r.score),
            float(r.value_added_per_mu),
            float(r.tax_per_mu),
            float(r.energy_per_value_added),
            float(r.carbon_per_value_added),
        )
        for r in view.rows
    ]
    write_table(sheet, D_CLASS_COLUMNS, rows)
    notes = workbook.create_sheet("说明 Notes")
    write_notes(
        notes,
        [
            [f"{year}年亩均评价D类企业名单", f"D-class enterprises of {year} (per-mu evaluation)"],
            ["企业数 Enterprises", view.total],
            ["评价方法为平台可配置的默认权重与阈值,非官方公式。"],
            ["Platform default weights and thresholds, not an official formula."],
        ],
        widths=(40, 60),
    )
    return to_bytes(workbook)
