"""The synthetic city as table rows (表行): one ``dict`` per row, ids given explicitly.

Pure: :mod:`~shuangtan.demodata.load` inserts what these build. Numbers are quantized to 6
decimals (:class:`~decimal.Decimal` for PostgreSQL, the rounded float for SQLite); NaN is NULL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangtan.accounts.models import ActivityReport
from shuangtan.demodata.city import SyntheticCity
from shuangtan.demodata.verifiers import SUBMITTED_DAY

__all__ = [
    "assignment_rows",
    "bank_rows",
    "conflict_rows",
    "consent_rows",
    "entity_rows",
    "line_rows",
    "numbers",
    "recheck_rows",
    "report_rows",
    "verifier_body_rows",
]

Row = dict[str, Any]


def numbers(values: npt.NDArray[np.float64], native_decimal: bool) -> list[Any]:
    """Column values quantized to 6 decimals; NaN is NULL.

    PostgreSQL gets :class:`~decimal.Decimal`; SQLite, which stores NUMERIC as REAL and whose
    driver converts a Decimal to a float anyway, gets the float rounded to 6 decimals.
    """
    rounded = np.round(values.astype(np.float64), 6).tolist()
    if native_decimal:
        return [None if v != v else Decimal(f"{v:.6f}") for v in rounded]
    return [None if v != v else v for v in rounded]


def _month_end(year: int, month: int, days: int) -> datetime:
    first_next = datetime(year + month // 12, month % 12 + 1, 1, 9, tzinfo=UTC)
    return first_next + timedelta(days=days)


def entity_rows(city: SyntheticCity, now: datetime) -> list[Row]:
    """The emitters (``entities``), active, created ``now``."""
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "name": e.name,
            "uscc": e.uscc,
            "county_code": e.county_code,
            "industry_code": e.industry_code,
            "address": e.address,
            "land_area_mu": e.land_area_mu,
            "floor_area_m2": e.floor_area_m2,
            "sown_area_mu": e.sown_area_mu,
            "livestock_head": e.livestock_head,
            "is_active": True,
            "created_at": now,
        }
        for e in city.entities
    ]


def verifier_body_rows(city: SyntheticCity) -> list[Row]:
    """The verification bodies (``verifier_bodies``), ids from 1."""
    return [
        {"id": k + 1, "name": name, "uscc": uscc, "is_active": True}
        for k, (name, uscc) in enumerate(city.verifier_bodies)
    ]


def bank_rows(city: SyntheticCity) -> list[Row]:
    """The banks (``banks``), ids from 1."""
    return [{"id": k + 1, "name": name, "uscc": uscc} for k, (name, uscc) in enumerate(city.banks)]


def _report_numbers(city: SyntheticCity, native: bool) -> dict[str, list[Any]]:
    """The reports' number columns (the corrected ones if the table has them yet)."""
    columns = {
        "value_added_10k_cny": numbers(city.report_value_added, native),
        "tax_10k_cny": numbers(city.report_tax, native),
        "output_quantity": numbers(city.report_output, native),
        "passenger_km": numbers(city.report_passenger_km, native),
        "tonne_km": numbers(city.report_tonne_km, native),
        "reported_tco2e": numbers(city.reported_tco2e, native),
        "reported_scope1_tco2e": numbers(city.reported_scope1_tco2e, native),
        "reported_scope2_tco2e": numbers(city.reported_scope2_tco2e, native),
        "reported_tce": numbers(city.reported_tce, native),
        "verified_tco2e": numbers(city.verified_tco2e, native),
        "verified_tce": numbers(city.verified_tce, native),
    }
    if "corrected_tco2e" in ActivityReport.__table__.c:
        columns["corrected_tco2e"] = numbers(city.corrected_tco2e, native)
        columns["corrected_tce"] = numbers(city.corrected_tce, native)
    return columns


def report_rows(city: SyntheticCity, native: bool, now: datetime) -> list[Row]:
    """The monthly reports (``activity_reports``): submitted on the 10th of the month after,
    verified the body's days later (``report_verify_days``); a returned or corrected report is
    at version 2."""
    columns = _report_numbers(city, native)
    entity_ids = city.report_entity.tolist()
    years = city.report_year.tolist()
    months = city.report_month.tolist()
    bodies = city.report_body.tolist()
    days = city.report_verify_days.tolist()
    rows: list[Row] = []
    for r in range(len(city.report_entity)):
        status = city.report_status[r]
        year, month = years[r], months[r]
        row = {name: values[r] for name, values in columns.items()}
        submitted = _month_end(year, month, SUBMITTED_DAY - 1)
        row.update(
            id=r + 1,
            entity_id=entity_ids[r],
            year=year,
            month=month,
            status=status,
            version=2 if status in ("returned", "corrected") else 1,
            output_unit=city.report_output_unit[r],
            factor_set=city.report_factor_set[r],
            comment=city.report_comment[r],
            submitted_at=None if status == "draft" else submitted,
            verified_at=submitted + timedelta(days=days[r]) if bodies[r] >= 0 else None,
            verified_by_body_id=bodies[r] + 1 if bodies[r] >= 0 else None,
            updated_at=now,
        )
        rows.append(row)
    return rows


def line_rows(city: SyntheticCity, native: bool, batch: int) -> Iterator[list[Row]]:
    """The report lines (``report_lines``), ``batch`` rows at a time to keep memory flat."""
    line_count = len(city.line_report)
    quantity = numbers(city.line_quantity, native)
    tco2e = numbers(city.line_tco2e, native)
    tce = numbers(city.line_tce, native)
    report_ids = (city.line_report + 1).tolist()
    line_nos = city.line_no.tolist()
    scopes = city.line_scope.tolist()
    for start in range(0, line_count, batch):
        stop = min(start + batch, line_count)
        yield [
            {
                "id": k + 1,
                "report_id": report_ids[k],
                "line_no": line_nos[k],
                "activity": city.line_activity[k],
                "item": city.line_item[k],
                "quantity": quantity[k],
                "unit": city.line_unit[k],
                "tco2e": tco2e[k],
                "tce": tce[k],
                "scope": scopes[k],
            }
            for k in range(start, stop)
        ]


def assignment_rows(city: SyntheticCity, official_id: int | None) -> list[Row]:
    """The verifier assignments, made on 15 January; ``official_id`` made the hand-picked ones."""
    return [
        {
            "id": k + 1,
            "entity_id": a.entity_id,
            "year": a.year,
            "verifier_body_id": a.body + 1,
            "method": a.method,
            "seed": a.seed,
            "assigned_by_user_id": official_id if a.method == "assigned" else None,
            "assigned_at": datetime(a.year, 1, 15, 9, tzinfo=UTC),
            "due_date": a.due_date,
        }
        for k, a in enumerate(city.assignments)
    ]


def conflict_rows(city: SyntheticCity) -> list[Row]:
    """The verifiers' conflicts of interest."""
    return [
        {"id": k + 1, "verifier_body_id": body + 1, "entity_id": entity_id, "reason": reason}
        for k, (body, entity_id, reason) in enumerate(city.conflicts)
    ]


def recheck_rows(city: SyntheticCity) -> list[Row]:
    """The re-check selections: drawn on 10 May of the next year, decided by 31 August."""
    return [
        {
            "id": k + 1,
            "entity_id": c.entity_id,
            "year": c.year,
            "reason": c.reason,
            "seed": None if c.reason == "tier" else city.seed * 100 + c.year - 2000,
            "probability": None if c.probability is None else Decimal(str(c.probability)),
            "selected_at": datetime(c.year + 1, 5, 10, 9, tzinfo=UTC),
            "outcome": c.outcome,
            "corrected_tco2e": None
            if c.corrected_tco2e is None
            else Decimal(f"{c.corrected_tco2e:.6f}"),
            "decided_at": None if c.outcome is None else datetime(c.year + 1, 8, 31, 9, tzinfo=UTC),
        }
        for k, c in enumerate(city.rechecks)
    ]


def consent_rows(city: SyntheticCity, user_id: int) -> list[Row]:
    """Entity 1's consents, given by ``user_id``: to the first bank, and to the second granted
    and later withdrawn (the history stays)."""
    consents: list[Row] = [
        {"id": 1, "entity_id": 1, "bank_id": 1, "granted_at": datetime(2024, 3, 1, tzinfo=UTC)}
    ]
    if len(city.banks) > 1:
        consents.append(
            {
                "id": 2,
                "entity_id": 1,
                "bank_id": 2,
                "granted_at": datetime(2023, 6, 1, tzinfo=UTC),
                "withdrawn_at": datetime(2024, 6, 1, tzinfo=UTC),
            }
        )
    for consent in consents:
        consent.setdefault("withdrawn_at", None)
        consent["granted_by_user_id"] = user_id
    return consents
