"""The denominators of each month (强度分母): value added and tax of the industrial
enterprises, physical output, and transport's passenger-km and tonne-km.

Value added follows the entity's annual value added and its month factor, calibrated so the
base year's total is the enterprises' share of the city's industrial value added
(:mod:`~shuangtan.demodata.calibration`); output and transport work follow the month's energy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from shuangtan.demodata.calibration import industrial_value_added_target
from shuangtan.demodata.city import FloatArray, IntArray
from shuangtan.demodata.entities import Population
from shuangtan.demodata.profiles import INDUSTRY

__all__ = ["Denominators", "month_denominators"]


@dataclass(frozen=True)
class Denominators:
    """Each report's denominators; NaN (None) where they do not apply."""

    value_added: FloatArray  # 10^4 CNY, industrial enterprises
    tax: FloatArray  # 10^4 CNY, industrial enterprises
    output: FloatArray
    output_unit: tuple[str | None, ...]
    passenger_km: FloatArray  # bus and coach companies
    tonne_km: FloatArray  # the other transport companies


def month_denominators(
    rng: np.random.Generator,
    *,
    population: Population,
    rows: IntArray,
    cols: IntArray,
    report_year: IntArray,
    base_year: int,
    factor: FloatArray,
    output_factor: FloatArray,
    va_factor: FloatArray,
    energy_month: FloatArray,
) -> Denominators:
    """The denominators of the reports (``rows`` entity, ``cols`` month); ``energy_month`` is
    each report's tce as entered."""
    report_count = len(rows)
    industrial = np.array([k == "industrial" for k in population.kinds])
    va_annual = population.value_added * va_factor
    va = va_annual[rows] / 12 * factor[rows, cols] * rng.lognormal(0, 0.05, report_count)
    in_va_base = industrial[rows] & (report_year == base_year)
    va_target = industrial_value_added_target(int(industrial.sum()))
    va = np.round(va * va_target / float(np.nansum(va[in_va_base])), 6)
    tax = np.round(va * rng.uniform(0.08, 0.16, report_count), 6)
    industries = population.industries
    per_tce = np.array([INDUSTRY[c].output_per_tce if c else np.nan for c in industries])
    unit_of = [INDUSTRY[c].output_unit if c else None for c in industries]
    output = np.round(energy_month * per_tce[rows] * output_factor[rows, cols], 3)
    passenger_km, tonne_km = _transport_work(population, rows, energy_month)
    return Denominators(
        value_added=np.where(industrial[rows], va, np.nan),
        tax=np.where(industrial[rows], tax, np.nan),
        output=output,
        output_unit=tuple(unit_of[i] for i in rows.tolist()),
        passenger_km=passenger_km,
        tonne_km=tonne_km,
    )


def _transport_work(
    population: Population, rows: IntArray, energy_month: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Passenger-km of bus and coach companies, tonne-km of the others, by the month's tce."""
    transport = np.array([k == "transport" for k in population.kinds])
    passengers: npt.NDArray[np.bool_] = np.array(
        [any(w in e.name for w in ("公交", "客运")) for e in population.records]
    )
    passenger_km = np.where(
        (transport & passengers)[rows], np.round(energy_month * 1.2e5, 0), np.nan
    )
    tonne_km = np.where((transport & ~passengers)[rows], np.round(energy_month * 2.5e4, 0), np.nan)
    return passenger_km, tonne_km
