"""A report's lines computed by the accounting core (报告核算): the one place that calls it.

Every tCO2e and tce of a report comes from :func:`shuangtan.accounting.calculate`; the core's
floats are quantised to 6 decimals (``Numeric(18, 6)``) when stored. The region is the
province of the entity's city (``浙江省`` → ``CN-ZJ``, resolved by the core's factor library),
so another city needs no code change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from shuangtan import accounting
from shuangtan.accounts import repository
from shuangtan.accounts.errors import ReportNotComputable
from shuangtan.accounts.models import ActivityReport, Entity, ReportLine

__all__ = ["activity_line", "compute_report", "factors_of", "quantize"]

SIX_PLACES = Decimal("0.000001")
_ITEM_FIELD = {"fuel_combustion": "fuel", "process": "material", "non_co2": "gas"}


def quantize(value: float) -> Decimal:
    """A core float as the stored decimal: 6 places, rounded half-even."""
    return Decimal(repr(value)).quantize(SIX_PLACES)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def activity_line(line: ReportLine) -> accounting.ActivityLine:
    """The core's line for a stored line; ``item`` is the fuel, material or gas code."""
    item_field = _ITEM_FIELD.get(line.activity)
    items = {item_field: line.item} if item_field and line.item else {}
    return accounting.ActivityLine(
        id=str(line.line_no),
        activity=line.activity,
        quantity=float(line.quantity),
        unit=line.unit,
        ncv=_float(line.ncv),
        ncv_unit=line.ncv_unit,
        carbon_content=_float(line.carbon_content),
        oxidation_rate=_float(line.oxidation_rate),
        green_certificates=_float(line.green_certificates_mwh),
        **items,
    )


def compute_report(session: Session, report: ActivityReport) -> accounting.Calculation:
    """Compute every line of ``report`` and store the results; refuse the whole report if any
    line is refused (:class:`ReportNotComputable`, 422, listing each line's problems)."""
    entity = session.get(Entity, report.entity_id)
    assert entity is not None
    context = accounting.CalculationContext(
        year=report.year,
        region=repository.province_of_entity(session, entity),
        factor_set=report.factor_set,
    )
    try:
        calculation = accounting.calculate(
            [activity_line(line) for line in report.lines], context=context
        )
    except accounting.AccountingError as error:
        raise ReportNotComputable(
            f"报告无法核算：{error.message_zh}",
            f"The report cannot be computed: {error.message_en}",
            errors=error.errors,
        ) from error
    by_no = {str(line.line_no): line for line in report.lines}
    for result in calculation.lines:
        stored = by_no[result.id]
        stored.tco2e = quantize(result.tco2e)
        stored.tce = quantize(result.tce)
        stored.scope = result.scope
        stored.factors = [factor.as_dict() for factor in result.factors]
    report.reported_tco2e = quantize(calculation.total_tco2e)
    report.reported_scope1_tco2e = quantize(calculation.scope1_tco2e)
    report.reported_scope2_tco2e = quantize(calculation.scope2_tco2e)
    report.reported_tce = quantize(calculation.energy_tce)
    return calculation


def factors_of(session: Session, report: ActivityReport) -> dict[int, list[dict[str, Any]]]:
    """The factors the core applies to each line of ``report`` (by line number), stored nothing.

    For lines written without provenance (the bulk-loaded demo years, computed on the
    vectorised path); submitted lines keep theirs in ``ReportLine.factors``.
    """
    entity = session.get(Entity, report.entity_id)
    if entity is None or not report.lines:
        return {}
    context = accounting.CalculationContext(
        year=report.year,
        region=repository.province_of_entity(session, entity),
        factor_set=report.factor_set,
    )
    try:
        calculation = accounting.calculate(
            [activity_line(line) for line in report.lines], context=context
        )
    except accounting.AccountingError:
        return {}
    return {int(r.id): [factor.as_dict() for factor in r.factors] for r in calculation.lines}
