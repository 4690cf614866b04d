"""The synergy index's demo data (协同指数演示数据): 2020–2025 for the seven counties.

The energy, carbon and economic inputs are computed from the inventory's demo data
(:func:`shuangtan.city.inventory.demo.load_demo_inventory`, loaded first), marked ``computed``.
The pollutant inputs (PM2.5, good-air days, surface water, COD and NOx per GDP) are
**synthetic**: plausible values made up for the demo, not published statistics; each row's
source note says so. A computed input the inventory cannot give falls back to a synthetic
value, also marked. Each year is then scored with entropy weights under every shipped
definition version, oldest first, so the newest run of a year is the default (anchored) version's
and the re-normalising 2025.1 stays to compare with. A second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.inventory.demo import load_demo_inventory
from shuangtan.city.synergy import repository, service
from shuangtan.city.synergy.definition import versions
from shuangtan.city.synergy.inventory_inputs import Totals, computed_inputs
from shuangtan.kit.progress import Progress

__all__ = ["DEMO_YEARS", "SYNTHETIC", "load_demo_synergy", "synthetic_value"]

DEMO_YEARS = (2020, 2021, 2022, 2023, 2024, 2025)
SYNTHETIC = "合成演示数据 synthetic demo value, not a published statistic"
COUNTIES = ("330402", "330411", "330421", "330424", "330481", "330482", "330483")

# (2020 value by county in COUNTIES order, change per year, "add" or "mul")
_PATHS: dict[str, tuple[tuple[float, ...], float, str]] = {
    "pm25_concentration": ((28.0, 27.0, 26.0, 25.5, 29.0, 27.5, 30.0), -0.8, "add"),
    "good_air_days_share": ((86.0, 87.5, 88.5, 89.0, 85.0, 87.0, 84.5), 0.6, "add"),
    "surface_water_class_iii_share": ((70.0, 75.0, 82.0, 85.0, 72.0, 78.0, 68.0), 3.0, "add"),
    "cod_per_gdp": ((0.90, 1.10, 1.00, 1.30, 1.20, 1.05, 1.40), 0.94, "mul"),
    "nox_per_gdp": ((0.50, 0.70, 0.60, 0.90, 0.80, 0.65, 0.85), 0.93, "mul"),
    # fallbacks, used only where the inventory has no data
    "gdp_per_capita": ((130000, 95000, 108000, 112000, 117000, 121000, 110000), 1.06, "mul"),
    "services_share": ((60.0, 42.0, 40.0, 38.0, 44.0, 41.0, 43.0), 0.6, "add"),
    "energy_per_gdp": ((0.30, 0.45, 0.40, 0.60, 0.42, 0.50, 0.44), 0.97, "mul"),
    "renewable_generation_share": ((8.0, 14.0, 12.0, 6.0, 10.0, 9.0, 11.0), 2.0, "add"),
    "co2_per_gdp": ((0.62, 0.95, 0.85, 1.30, 0.90, 1.05, 0.93), 0.96, "mul"),
    "co2_per_capita": ((8.0, 9.0, 9.2, 14.5, 10.5, 12.7, 10.2), 1.01, "mul"),
}
_CAP = {"good_air_days_share": 98.0, "surface_water_class_iii_share": 100.0}


def synthetic_value(indicator_id: str, county_code: str, year: int) -> Decimal:
    """The synthetic demo value of an indicator for a county-year (deterministic)."""
    bases, step, kind = _PATHS[indicator_id]
    base = bases[COUNTIES.index(county_code)]
    years = year - DEMO_YEARS[0]
    value = base + step * years if kind == "add" else base * step**years
    value = min(value, _CAP.get(indicator_id, value))
    return Decimal(repr(round(value, 4)))


def _planned(totals: Totals, county: str, year: int) -> dict[str, tuple[Decimal, str, str]]:
    """indicator id -> (value, origin, note) the demo wants stored."""
    spec = service.definition()
    from_inventory = computed_inputs(totals, spec.indicator_ids)
    plan = {}
    for indicator_id in spec.indicator_ids:
        result = from_inventory.get(indicator_id)
        if result is not None:
            value, formula = result
            note = f"computed from the city inventory {year}: {formula}"
            plan[indicator_id] = (value.quantize(service.SIX_PLACES), "computed", note)
        else:
            plan[indicator_id] = (synthetic_value(indicator_id, county, year), "entered", SYNTHETIC)
    return plan


def load_demo_synergy(
    *, session: Session, progress: Progress | None = None, years: Sequence[int] = DEMO_YEARS
) -> int:
    """Inputs and entropy-weighted scores of ``years`` (2020–2025 by default); the number of
    rows written (0 if done)."""
    wanted = sorted(set(years))
    changes = load_demo_inventory(session=session, years=wanted)
    total = len(wanted) * len(COUNTIES)
    done = 0
    stale_years = []
    for year in wanted:
        before = changes
        for county in COUNTIES:
            totals = inventory_service.city_totals(
                session=session, year=year, county_code=county, with_inventory=False
            )
            plan = _planned(totals, county, year)
            stale = {
                i: item
                for i, item in plan.items()
                if (
                    row := repository.input_row(
                        session, county_code=county, year=year, indicator_id=i
                    )
                )
                is None
                or (row.value, row.origin, row.source_note)
                != (item[0].quantize(service.SIX_PLACES), item[1], item[2][: service.MAX_NOTE])
            }
            computed = {i for i, (_, origin, _) in stale.items() if origin == "computed"}
            if computed:
                stored, _ = service.store_computed_inputs(
                    session=session, actor=None, totals=totals, county_code=county
                )
                changes += len([r for r in stored if r.indicator_id in computed])
            entered = {
                i: (v, note) for i, (v, origin, note) in stale.items() if origin == "entered"
            }
            if entered:
                service.enter_inputs(
                    session=session, actor=None, year=year, county_code=county, values=entered
                )
                changes += len(entered)
            done += 1
            if progress is not None:
                progress("synergy", done, total)
        if changes > before:
            stale_years.append(year)
    # scores after every input is in: an anchored version reads its reference year's inputs
    reference_changed = any(service.definition(v).reference_year in stale_years for v in versions())
    for year in wanted:
        for version in versions():  # oldest first: the newest run is the default version's
            anchored_on = service.definition(version).reference_year
            if (
                year in stale_years
                or (anchored_on is not None and reference_changed)
                or repository.latest_run(session, year, version) is None
            ):
                service.compute_year(session=session, actor=None, year=year, version=version)
                changes += 1
    return changes
