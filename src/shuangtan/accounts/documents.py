"""The annual carbon report of an entity (企业年度碳排放报告): what it shows, read once.

:func:`annual_report_data` gathers what the platform stored for an entity-year (its monthly
reports, their lines with the accounting core's results and factors, the annual account and
the verifier) into one plain :class:`AnnualReportData`, after checking that the caller may see
it. Two forms draw that object and read nothing else, so both are pure and fast to test: the
PDF (:mod:`shuangtan.accounts.annual_pdf`, through the kit's document
engine) and the Excel workbook (:mod:`shuangtan.accounts.annual_xlsx`). No number of CO2e or
tce is computed here: every figure is one the core computed and the services stored, summed or
divided (intensity) for display.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan import accounting
from shuangtan.accounts import computation, repository
from shuangtan.accounts import service as accounts_service
from shuangtan.accounts.annual_compare import ReportPeriod, YearComparison, compare_same_months
from shuangtan.accounts.errors import EntityNotFound
from shuangtan.accounts.ets import EtsCoverage, ets_coverage
from shuangtan.accounts.models import (
    VERIFIED_STATES,
    ActivityReport,
    AnnualAccount,
    Entity,
    ReportLine,
    ReportStatus,
    VerifierAssignment,
    VerifierBody,
)
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.kit.beijing import beijing_text
from shuangtan.place.models import County, Industry

__all__ = [
    "AnnualReportData",
    "FactorRow",
    "MonthRow",
    "SourceRow",
    "annual_report_data",
    "annual_report_of",
]


STATUS_NAMES: dict[str, str] = {
    ReportStatus.draft: "草稿",
    ReportStatus.submitted: "已提交",
    ReportStatus.under_verification: "核查中",
    ReportStatus.returned: "已退回",
    ReportStatus.verified: "已核查",
    ReportStatus.recheck: "复查中",
    ReportStatus.confirmed: "复查确认",
    ReportStatus.corrected: "复查更正",
    ReportStatus.locked: "已锁定",
}
ACTIVITY_NAMES: dict[str, str] = {
    "fuel_combustion": "化石燃料燃烧",
    "purchased_electricity": "净购入电力",
    "purchased_heat": "净购入热力",
    "process": "工业生产过程",
    "non_co2": "非二氧化碳温室气体",
}
KIND_NAMES: dict[str, str] = {
    "industrial": "工业企业",
    "public_building": "公共机构/公共建筑",
    "transport": "交通运输企业",
    "farm": "农业经营主体",
}


@dataclass(frozen=True, slots=True)
class MonthRow:
    """One month of the report: its state, reported and verified CO2e, energy."""

    month: int
    status: str | None
    reported_tco2e: Decimal | None
    verified_tco2e: Decimal | None
    tce: Decimal | None
    value_added_10k_cny: Decimal | None = None

    @property
    def status_zh(self) -> str:
        return STATUS_NAMES.get(self.status or "", "未报告")

    @property
    def difference_tco2e(self) -> Decimal | None:
        """核查差异 verified minus reported, when both exist."""
        if self.reported_tco2e is None or self.verified_tco2e is None:
            return None
        return self.verified_tco2e - self.reported_tco2e


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One emission source (排放源): an activity and item over the year's reported lines."""

    activity: str
    item: str | None
    unit: str
    quantity: Decimal
    tco2e: Decimal
    tce: Decimal
    scope: int | None

    @property
    def activity_zh(self) -> str:
        return ACTIVITY_NAMES.get(self.activity, self.activity)

    @property
    def item_zh(self) -> str:
        if self.item is None:
            return "—"
        return _item_names().get(self.item, self.item)


@dataclass(frozen=True, slots=True)
class FactorRow:
    """One factor the core used (排放因子), with its source document, edition and table, its
    status and the emission sources (activity and item, in words) it was used for."""

    id: str
    value: float
    unit: str
    document: str
    edition: str
    table: str
    status: str
    used_for: tuple[str, ...] = ()

    @property
    def value_text(self) -> str:
        """The value as the source prints it: no float noise, no trailing ``.0``."""
        return f"{self.value:.10g}"

    @property
    def unit_text(self) -> str:
        """The unit, a dimensionless ratio (unit ``1``, an oxidation rate) shown as ``—``."""
        return "—" if self.unit in ("", "1") else self.unit

    @property
    def status_zh(self) -> str:
        return {"confirmed": "已核实", "assumption": "假设值"}.get(self.status, self.status or "—")

    @property
    def source_zh(self) -> str:
        """Document (edition), table: one line, the edition left out when the title has it."""
        text = self.document or "—"
        if self.edition and self.edition not in self.document:
            text += f"（{self.edition}）"
        if self.table:
            text += f"，{self.table}"
        return text


@dataclass(frozen=True, slots=True)
class AnnualReportData:
    """企业年度碳排放报告 what the annual report shows: read once, drawn as PDF or Excel."""

    entity_id: int
    name: str
    uscc: str | None
    kind: str
    county: str
    industry: str | None
    year: int
    ets: EtsCoverage
    months: tuple[MonthRow, ...]
    sources: tuple[SourceRow, ...]
    factors: tuple[FactorRow, ...]
    total_tco2e: Decimal
    scope1_tco2e: Decimal
    scope2_tco2e: Decimal
    energy_tce: Decimal
    reported_tco2e: Decimal
    verified_tco2e: Decimal | None
    value_added_10k_cny: Decimal | None
    basis: str  # "verified" (annual account of verified months) or "reported"
    verifier: str | None
    period: ReportPeriod
    comparison: YearComparison
    notes: tuple[str, ...] = ()
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def kind_zh(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    @property
    def generated_zh(self) -> str:
        """When the document was generated, in Beijing time."""
        return beijing_text(self.generated_at)

    @property
    def intensity(self) -> Decimal | None:
        """碳排放强度 tCO2e per 10^4 CNY of value added, when value added is known."""
        if not self.value_added_10k_cny:
            return None
        return self.total_tco2e / self.value_added_10k_cny

    @property
    def difference_tco2e(self) -> Decimal | None:
        """核查差异 verified minus reported over the months that have both."""
        both = [m.difference_tco2e for m in self.months if m.difference_tco2e is not None]
        return _sum(both) if both else None

    @property
    def months_verified(self) -> int:
        return sum(1 for m in self.months if m.status in VERIFIED_STATES)

    @property
    def months_reported(self) -> int:
        return sum(1 for m in self.months if m.status is not None)

    @property
    def status_zh(self) -> str:
        """The year's state in words: how many months are reported and verified."""
        if self.months_verified == 12:
            return "全年已核查"
        return f"已报告 {self.months_reported}/12 个月，已核查 {self.months_verified}/12 个月"

    @property
    def status_en(self) -> str:
        if self.months_verified == 12:
            return "all twelve months verified"
        return f"{self.months_reported}/12 months reported, {self.months_verified}/12 verified"

    @property
    def title_zh(self) -> str:
        """``2024年度碳排放报告``; a part-year names its months: ``2025年1–8月碳排放报告``."""
        if self.period.part_year:
            return f"{self.period.label_zh}碳排放报告（部分年度）"
        return f"{self.year}年度碳排放报告"

    @property
    def period_note_zh(self) -> str:
        """What the figures hold, said once beside them (``""`` for a full year)."""
        if not self.period.part_year:
            return ""
        return (
            f"部分年度：本报告各项合计仅含{self.period.label_zh}"
            f"（{len(self.period.months)}个月），不是全年合计。"
        )

    @property
    def basis_zh(self) -> str:
        return "核查值（年度碳账户）" if self.basis == "verified" else "报告值（尚未全部核查）"


@lru_cache(maxsize=1)
def _item_names() -> dict[str, str]:
    names = {f["code"]: f["name_zh"] for f in accounting.list_fuels()}
    names |= {m["code"]: m["name_zh"] for m in accounting.list_materials()}
    return names


# ------------------------------------------------------------------------------- permission


def _readable_entity(session: Session, actor: Principal, entity_id: int, year: int) -> Entity:
    """The entity, if ``actor`` may read its report for ``year`` (else 404).

    Scoping is the accounts service's (own enterprise, officials of its county or city,
    administrators, verifiers of an assigned body) narrowed for verifiers to the assigned
    year. A bank reads nothing here: it reads through ``finance``, which checks the
    enterprise's consent, audits the read and then calls :func:`annual_report_of`.
    """
    entity = accounts_service.get_entity(session=session, actor=actor, entity_id=entity_id)
    if actor.role is Role.verifier:
        assigned = repository.assignment(session, entity_id, year)
        bodies = repository.body_ids_of(session, actor.user_id)
        if assigned is None or assigned.verifier_body_id not in bodies:
            raise EntityNotFound(f"排放主体 {entity_id} 不存在。", f"No entity {entity_id}.")
    return entity


# ------------------------------------------------------------------------------------- read


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _factor_row(raw: dict[str, Any], used_for: list[str]) -> FactorRow:
    return FactorRow(
        id=str(raw["id"]),
        value=float(raw.get("value") or 0),
        unit=str(raw.get("unit") or ""),
        document=str(raw.get("document") or raw.get("source") or ""),
        edition=str(raw.get("edition") or ""),
        table=str(raw.get("table") or ""),
        status=str(raw.get("status") or ""),
        used_for=tuple(used_for),
    )


def _line_factors(
    session: Session, reports: Sequence[ActivityReport], lines: Sequence[ReportLine]
) -> dict[int, list[dict[str, Any]]]:
    """The factors of each line (by line id): those stored with it at submission, else those
    the core applies to it now (:func:`~shuangtan.accounts.computation.factors_of`, for the
    bulk-loaded demo years written without provenance), so no used factor goes unlisted."""
    stored = {line.id: list(line.factors) for line in lines if line.factors}
    missing = {line.report_id for line in lines if not line.factors}
    for report in reports:
        if report.id not in missing:
            continue
        derived = computation.factors_of(session, report)
        for line in report.lines:
            if line.id not in stored and derived.get(line.line_no):
                stored[line.id] = derived[line.line_no]
    return stored


def _sources(
    session: Session, reports: Sequence[ActivityReport]
) -> tuple[list[SourceRow], list[FactorRow]]:
    if not reports:
        return [], []
    lines = session.scalars(
        select(ReportLine)
        .where(ReportLine.report_id.in_([r.id for r in reports]), ReportLine.tco2e.is_not(None))
        .order_by(ReportLine.report_id, ReportLine.line_no)
    ).all()
    line_factors = _line_factors(session, reports, lines)
    groups: dict[tuple[str, str | None, str], list[ReportLine]] = {}
    raw_factors: dict[str, dict[str, Any]] = {}
    used: dict[str, list[str]] = {}
    for line in lines:
        groups.setdefault((line.activity, line.item, line.unit), []).append(line)
        where = (
            _item_names().get(line.item, line.item)
            if line.item
            else ACTIVITY_NAMES.get(line.activity, line.activity)
        )
        for raw in line_factors.get(line.id, []):
            if not raw.get("id"):
                continue
            raw_factors.setdefault(str(raw["id"]), raw)
            if where not in used.setdefault(str(raw["id"]), []):
                used[str(raw["id"])].append(where)
    sources = [
        SourceRow(
            activity=activity,
            item=item,
            unit=unit,
            quantity=_sum(line.quantity for line in group),
            tco2e=_sum(line.tco2e for line in group),
            tce=_sum(line.tce for line in group),
            scope=group[0].scope,
        )
        for (activity, item, unit), group in groups.items()
    ]
    sources.sort(key=lambda s: s.tco2e, reverse=True)
    factors = [_factor_row(raw_factors[key], used[key]) for key in sorted(raw_factors)]
    return sources, factors


def _verified(report: ActivityReport) -> Decimal | None:
    """The verified value, or the re-check's correction of it (复查更正) when there is one."""
    return report.corrected_tco2e if report.corrected_tco2e is not None else report.verified_tco2e


def _energy(report: ActivityReport) -> Decimal | None:
    for value in (report.corrected_tce, report.verified_tce, report.reported_tce):
        if value is not None:
            return value
    return None


def _notes(
    account: AnnualAccount | None,
    months: Sequence[MonthRow],
    ets: EtsCoverage,
    period: ReportPeriod,
) -> list[str]:
    notes = []
    if account is None:
        notes.append("尚无年度碳账户（须全年各月经核查后生成）；汇总数为各月报告值之和。")
    else:
        held = f"（{period.months_zh}）" if period.part_year else ""
        notes.append(
            f"年度碳账户按已核查的 {account.months_verified} 个月{held}计算，"
            f"计算时间 {beijing_text(account.computed_at)}。"
        )
    if period.part_year:
        notes.append(
            f"部分年度：各项合计仅含{period.label_zh}，不是全年合计；"
            "全国碳市场的纳入判断按这些月份的直接排放计，全年排放可能更高。"
        )
    flags = [
        name
        for name, on in (
            ("重点用能单位（≥10000 tce）", account is not None and account.key_energy_user),
            ("强制报告单位（≥5000 tce）", account is not None and account.mandatory_reporter),
        )
        if on
    ]
    if ets.tag_zh:
        flags.append(ets.tag_zh)
    if flags:
        notes.append("主体属性：" + "、".join(flags) + "。")
    notes.append("全国碳市场：" + ets.reason_zh + (ets.caveat_zh or ""))
    missing = [m.month for m in months if m.status is None]
    if missing:
        notes.append("未报告月份：" + "、".join(f"{m}月" for m in missing) + "。")
    notes.append(
        "排放量与能耗由平台核算核心按“排放因子及来源”所列因子计算，排放源按各月报告的活动数据汇总。"
    )
    return notes


def annual_report_data(
    *, session: Session, actor: Principal, entity_id: int, year: int
) -> AnnualReportData:
    """The annual report of ``entity_id`` for ``year``, if ``actor`` may read it.

    Raises :class:`~shuangtan.accounts.errors.EntityNotFound` (404) when the entity does not
    exist or is not one the caller may see (the two are not told apart).
    """
    return _report(session, _readable_entity(session, actor, entity_id, year), year)


def annual_report_of(*, session: Session, entity_id: int, year: int) -> AnnualReportData:
    """The annual report of ``entity_id`` for ``year``, UNCHECKED: for a room that checked the
    caller's access itself (``finance``, for a bank the enterprise consented to)."""
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise EntityNotFound(f"排放主体 {entity_id} 不存在。", f"No entity {entity_id}.")
    return _report(session, entity, year)


def _report(session: Session, entity: Entity, year: int) -> AnnualReportData:
    entity_id = entity.id
    reports = {
        r.month: r
        for r in session.scalars(
            select(ActivityReport).where(
                ActivityReport.entity_id == entity_id, ActivityReport.year == year
            )
        )
    }
    months = [
        MonthRow(
            month=m,
            status=reports[m].status if m in reports else None,
            reported_tco2e=reports[m].reported_tco2e if m in reports else None,
            verified_tco2e=_verified(reports[m]) if m in reports else None,
            tce=_energy(reports[m]) if m in reports else None,
            value_added_10k_cny=reports[m].value_added_10k_cny if m in reports else None,
        )
        for m in range(1, 13)
    ]
    account = session.scalar(
        select(AnnualAccount).where(
            AnnualAccount.entity_id == entity_id, AnnualAccount.year == year
        )
    )
    sources, factors = _sources(session, [reports[m] for m in sorted(reports)])
    county = session.get(County, entity.county_code)
    industry = session.get(Industry, entity.industry_code) if entity.industry_code else None
    body_id = session.scalar(
        select(VerifierAssignment.verifier_body_id).where(
            VerifierAssignment.entity_id == entity_id, VerifierAssignment.year == year
        )
    ) or next((r.verified_by_body_id for r in reports.values() if r.verified_by_body_id), None)
    body = session.get(VerifierBody, body_id) if body_id else None
    reported = _sum(m.reported_tco2e for m in months)
    verified = (
        _sum(m.verified_tco2e for m in months)
        if any(m.verified_tco2e is not None for m in months)
        else None
    )
    present = list(reports.values())
    if account is not None:
        total, scope1, scope2 = account.tco2e, account.scope1_tco2e, account.scope2_tco2e
        energy, value_added = account.energy_tce, account.value_added_10k_cny
    else:
        total = reported
        scope1 = _sum(r.reported_scope1_tco2e for r in present)
        scope2 = _sum(r.reported_scope2_tco2e for r in present)
        energy = _sum(r.reported_tce for r in present)
        value_added = (
            _sum(r.value_added_10k_cny for r in present)
            if any(r.value_added_10k_cny is not None for r in present)
            else None
        )
    # the national market covers direct emissions (fuel combustion and process, scope 1), not
    # purchased electricity and heat: the threshold is tested on scope 1
    ets = ets_coverage(
        entity.industry_code, year, scope1, industry_name=industry.name_zh if industry else None
    )
    counted = {s.value for s in VERIFIED_STATES}
    period = ReportPeriod(
        year,
        tuple(
            m.month
            for m in months
            if (m.status in counted if account is not None else m.status is not None)
        ),
    )
    comparison = compare_same_months(
        session,
        entity_id=entity_id,
        period=period,
        tco2e=total,
        energy_tce=energy,
        verified=account is not None,
    )
    return AnnualReportData(
        entity_id=entity.id,
        name=entity.name,
        uscc=entity.uscc,
        kind=entity.kind,
        county=county.name_zh if county else entity.county_code,
        industry=f"{industry.code} {industry.name_zh}" if industry else None,
        year=year,
        ets=ets,
        months=tuple(months),
        sources=tuple(sources),
        factors=tuple(factors),
        total_tco2e=total,
        scope1_tco2e=scope1,
        scope2_tco2e=scope2,
        energy_tce=energy,
        reported_tco2e=reported,
        verified_tco2e=verified,
        value_added_10k_cny=value_added,
        basis="verified" if account is not None else "reported",
        verifier=body.name if body else None,
        period=period,
        comparison=comparison,
        notes=tuple(_notes(account, months, ets, period)),
    )
