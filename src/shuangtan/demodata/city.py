"""The generated city's records (合成城市): entities, reports and lines as columns, MRV records.

Plain frozen values; :func:`~shuangtan.demodata.generate.generate_city` builds them and
:mod:`~shuangtan.demodata.load` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

__all__ = [
    "Assignment",
    "FloatArray",
    "IntArray",
    "Recheck",
    "SyntheticCity",
    "SyntheticEntity",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class SyntheticEntity:
    """合成排放主体 one generated emitter (ids start at 1, in order)."""

    id: int
    kind: str
    name: str
    uscc: str | None
    county_code: str
    industry_code: str | None
    address: str
    land_area_mu: float | None
    floor_area_m2: float | None
    sown_area_mu: float | None
    livestock_head: int | None


@dataclass(frozen=True, slots=True)
class Assignment:
    """核查任务分配 body (index into ``verifier_bodies``) verifying an entity's year."""

    entity_id: int
    year: int
    body: int
    method: str
    seed: int | None
    due_date: date


@dataclass(frozen=True, slots=True)
class Recheck:
    """复查抽取 an entity-year drawn for re-check, and its outcome (None: pending)."""

    entity_id: int
    year: int
    reason: str
    probability: float | None
    outcome: str | None
    corrected_tco2e: float | None


@dataclass(frozen=True)
class SyntheticCity:
    """合成城市 the generated city: entities, reports and lines as columns, MRV records.

    Report arrays are indexed by report (0-based; the database id is index + 1); line arrays by
    line, ``line_report`` pointing into the reports. NaN marks an absent number.
    """

    seed: int
    years: tuple[int, ...]
    entities: tuple[SyntheticEntity, ...]
    report_entity: IntArray
    report_year: IntArray
    report_month: IntArray
    report_status: tuple[str, ...]
    report_comment: tuple[str | None, ...]
    report_factor_set: tuple[str, ...]
    report_value_added: FloatArray
    report_tax: FloatArray
    report_output: FloatArray
    report_output_unit: tuple[str | None, ...]
    report_passenger_km: FloatArray
    report_tonne_km: FloatArray
    reported_tco2e: FloatArray
    reported_scope1_tco2e: FloatArray
    reported_scope2_tco2e: FloatArray
    reported_tce: FloatArray
    verified_tco2e: FloatArray
    verified_tce: FloatArray
    corrected_tco2e: FloatArray
    corrected_tce: FloatArray
    report_body: IntArray  # index into verifier_bodies, -1 when not verified
    report_verify_days: FloatArray  # days from submission to verification, NaN when not verified
    line_report: IntArray
    line_no: IntArray
    line_activity: tuple[str, ...]
    line_item: tuple[str | None, ...]
    line_unit: tuple[str, ...]
    line_quantity: FloatArray
    line_tco2e: FloatArray
    line_tce: FloatArray
    line_scope: npt.NDArray[np.int8]
    verifier_bodies: tuple[tuple[str, str], ...]  # (name, uscc)
    banks: tuple[tuple[str, str], ...]
    assignments: tuple[Assignment, ...]
    conflicts: tuple[tuple[int, int, str], ...]  # (body index, entity id, reason)
    rechecks: tuple[Recheck, ...]
    planted: dict[str, tuple[tuple[int, int, int], ...]] = field(default_factory=dict)

    def industrial_energy_tce(self, year: int) -> float:
        """Σ tce of the industrial enterprises' lines of ``year`` (as stored)."""
        industrial = np.array([e.kind == "industrial" for e in self.entities])
        reports = (self.report_year == year) & industrial[self.report_entity - 1]
        return float(self.line_tce[reports[self.line_report]].sum())

    def industrial_value_added(self, year: int) -> float:
        """Σ value added (10^4 CNY) of the industrial enterprises' reports of ``year``."""
        industrial = np.array([e.kind == "industrial" for e in self.entities])
        reports = (self.report_year == year) & industrial[self.report_entity - 1]
        return float(np.nansum(self.report_value_added[reports]))
