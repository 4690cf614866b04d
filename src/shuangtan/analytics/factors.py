"""The factor table of the pipeline (因子表): per carrier, unit and year, from the core.

The pipeline multiplies metered quantities by two numbers per (carrier, unit, year): standard
coal per unit (tce) and CO2 per unit (t). Neither is written here: each is what the accounting
core (:func:`shuangtan.accounting.calculate`) gives for one unit of the carrier in the region
and year, with the factor set's rules (grid factor of the year or the latest published before
it; electricity at its equivalent value 当量值 0.1229 kgce/kWh, GB/T 2589-2020 Table A.1). The
core's answer is linear in the quantity, so ``quantity × (result for 1 unit)`` is the core's
result for the quantity. Each row keeps the ids of the factors that made it, and the core's
notes (a fallback year, for instance).

Carriers (能源品种): ``electricity`` (purchased electricity, location-based CO2), ``heat``
(purchased heat) and any fuel code of the core's fuel table (``natural_gas``, ``diesel``, …),
burnt on site.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from shuangtan import accounting

from .errors import FactorUnavailable

__all__ = ["FACTOR_COLUMNS", "CarrierFactor", "activity_of", "factor_frame", "resolve_factors"]

FACTOR_COLUMNS = ("carrier", "unit", "year", "tce_per_unit", "tco2_per_unit", "factor_ids")

_ACTIVITIES = {"electricity": "purchased_electricity", "heat": "purchased_heat"}


@dataclass(frozen=True, slots=True)
class CarrierFactor:
    """折标系数与排放因子 the tce and CO2 of one unit of a carrier in a region and year."""

    carrier: str
    unit: str
    year: int
    region: str
    tce_per_unit: float
    tco2_per_unit: float
    factors: tuple[accounting.Factor, ...]
    notes_en: tuple[str, ...] = ()

    @property
    def factor_ids(self) -> str:
        """The ids of the factors used, ``;``-separated (as stored in the outputs)."""
        return ";".join(factor.id for factor in self.factors)


def activity_of(carrier: str) -> str | None:
    """The core's activity of a carrier, or None when the core does not know the carrier."""
    if carrier in _ACTIVITIES:
        return _ACTIVITIES[carrier]
    return "fuel_combustion" if carrier in accounting.library().fuels else None


def known_carriers() -> tuple[str, ...]:
    """Every carrier the map may name: electricity, heat and the core's fuels."""
    return (*_ACTIVITIES, *accounting.library().fuels)


def resolve_factors(
    pairs: Iterable[tuple[str, str]],
    years: Iterable[int],
    *,
    region: str,
    factor_set: str = "cn-default",
) -> tuple[CarrierFactor, ...]:
    """One :class:`CarrierFactor` per (carrier, unit) pair and year, computed by the core.

    Raises :class:`FactorUnavailable` with the core's own messages when the core refuses one
    (unknown carrier, a unit of the wrong dimension, no grid factor for the region and year).
    """
    lib = accounting.library()
    chosen = lib.factor_sets.get(factor_set)
    residual_prefix = f"grid.{chosen.residual_family}." if chosen else "\0"
    out: list[CarrierFactor] = []
    for carrier, unit in sorted(set(pairs)):
        activity = activity_of(carrier)
        if activity is None:
            raise FactorUnavailable(
                f"未知能源品种“{carrier}”；可用：electricity、heat 或核算核心的燃料代码",
                f"unknown carrier '{carrier}'; use electricity, heat or a fuel code of the core",
                carrier=carrier,
            )
        fuel = carrier if activity == "fuel_combustion" else None
        for year in sorted(set(years)):
            line = accounting.ActivityLine(
                id=f"{carrier}:{unit}", activity=activity, quantity=1.0, unit=unit, fuel=fuel
            )
            context = accounting.CalculationContext(year=year, region=region, factor_set=factor_set)
            try:
                result = accounting.calculate([line], context=context).lines[0]
            except accounting.AccountingError as error:
                raise FactorUnavailable(
                    f"核算核心无法为 {carrier}（{unit}）{year}年 {region} 给出因子："
                    + "；".join(p.message_zh for p in error.problems),
                    f"the accounting core has no factor for {carrier} in {unit}, {year}, "
                    f"{region}: " + "; ".join(p.message_en for p in error.problems),
                    carrier=carrier,
                    unit=unit,
                    year=year,
                ) from error
            used = tuple(f for f in result.factors if not f.id.startswith(residual_prefix))
            out.append(
                CarrierFactor(
                    carrier=carrier,
                    unit=unit,
                    year=year,
                    region=region,
                    tce_per_unit=result.tce,
                    tco2_per_unit=result.tco2e,
                    factors=used,
                    notes_en=tuple(note.en for note in result.notes),
                )
            )
    return tuple(out)


def factor_frame(factors: Iterable[CarrierFactor]) -> pd.DataFrame:
    """The factor table the Ibis expression joins: one row per (carrier, unit, year)."""
    rows = [
        (f.carrier, f.unit, f.year, f.tce_per_unit, f.tco2_per_unit, f.factor_ids) for f in factors
    ]
    frame = pd.DataFrame(rows, columns=list(FACTOR_COLUMNS))
    return frame.astype(
        {
            "carrier": "string",
            "unit": "string",
            "year": "int64",
            "tce_per_unit": "float64",
            "tco2_per_unit": "float64",
            "factor_ids": "string",
        }
    )


def provenance_frame(factors: Iterable[CarrierFactor]) -> pd.DataFrame:
    """Every factor used, with its value, unit and source (written beside the outputs)."""
    rows = [
        {
            "carrier": f.carrier,
            "unit": f.unit,
            "year": f.year,
            "region": f.region,
            "tce_per_unit": f.tce_per_unit,
            "tco2_per_unit": f.tco2_per_unit,
            "factor_id": factor.id,
            "factor_value": factor.value,
            "factor_unit": factor.unit,
            "source": factor.source,
            "status": factor.status,
            "notes": " | ".join(f.notes_en),
        }
        for f in factors
        for factor in f.factors
    ]
    return pd.DataFrame(rows)
