"""The inventory's demo data (清单演示数据): 2020–2025 (or ``years``) for Jiaxing's seven counties.

Published anchors (kept exact): the 2020 city energy consumption 2181 ×10^4 tce and the energy
intensity 0.427 tce per 10^4 CNY at 2015 prices (the plan, §1.(1)), hence GDP at 2015 prices in
2020 = 21,810,000 / 0.427 = 51,077,283 ×10^4 CNY (rounded to 10^4 CNY); GDP at current prices
2020 5563.58, 2021 6388.38, 2022 6739.45 ×10^8 CNY, the 2020 structure 2.3 : 51.9 : 45.8,
industrial value added 2020 2560.40 ×10^8 CNY, resident population 2021 551.60 and 2022 555.10
×10^4, the published 2020 GDP of Haining, Tongxiang and Jiashan (``statistics.csv``).

Everything else is a **demo assumption** (docs/inventory.md lists them): each county's energy
share, sector mix, industrial fuels, growth path and GDP where unpublished (:mod:`.demo_counties`),
the carrier splits of the other sectors, the growth path of 2021–2025 and after (extrapolated,
:data:`EXTRAPOLATION`), the local generation mix (excluding province-dispatched plants, as the
plan's renewable indicator), the fleets. With the synthetic city's accounts loaded, each county's
industry is set beside its verified entities with three planted outliers (:mod:`.demo_anchor`).
Each row's ``source_note`` says which it is.

Rows are written through :func:`shuangtan.city.inventory.entries.record` (the core computes
every tce and tCO2); a cell already holding the same value is left alone, so a second run
returns 0 changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, func, insert, select
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.kit.progress import Progress

from . import demo_anchor, demo_counties, series
from .catalogue import carriers
from .demo_activity import (
    ASSUMPTION,
    CLAIMS,
    SINK_FACTOR_SOURCE,
    SINK_FACTORS,
    activity_rows,
    fleet_rows,
)
from .entries import KINDS, prepare, record
from .models import (
    ActivityEntry,
    ClaimedReduction,
    EconomicStatistic,
    EnergyBalanceEntry,
    FleetEntry,
    GenerationEntry,
)

__all__ = [
    "CLAIMS",
    "DEMO_YEARS",
    "EXTRAPOLATION",
    "SINK_FACTORS",
    "SINK_FACTOR_SOURCE",
    "energy_tce",
    "load_demo_inventory",
]

DEMO_YEARS = (2020, 2021, 2022, 2023, 2024, 2025)

ENERGY_TCE = {  # city energy consumption, tce; 2020 the plan, later years a demo path
    2020: Decimal(21_810_000),
    2021: Decimal(23_010_000),  # +5.5 %
    2022: Decimal(23_580_000),  # +2.5 %
    2023: Decimal(24_520_000),  # +4.0 %
    2024: Decimal(25_380_000),  # +3.5 %
    2025: Decimal(26_140_000),  # +3.0 %
}
GDP_CURRENT_10K = {  # 10^4 CNY; 2020-2022 published (statistics.csv), later demo path
    2020: Decimal(55_635_800),
    2021: Decimal(63_883_800),
    2022: Decimal(67_394_500),
    2023: Decimal(70_624_500),
    2024: Decimal(74_700_000),
    2025: Decimal(79_200_000),
}
REAL_GROWTH = {2021: "1.085", 2022: "1.025", 2023: "1.074", 2024: "1.056", 2025: "1.055"}
"""GDP volume index on the previous year (demo assumption)."""
GDP_2015_PRICES_2020 = Decimal(51_077_283)  # 21,810,000 / 0.427, rounded to 10^4 CNY
POPULATION_10K = {
    2020: Decimal("540.09"),
    2021: Decimal("551.60"),
    2022: Decimal("555.10"),
    2023: Decimal("558.40"),
    2024: Decimal("561.20"),
    2025: Decimal("563.80"),
}
POPULATION_SOURCE = {
    2020: "第七次全国人口普查 7th census (2020-11-01): 5,400,868 persons",
    2021: "2021 嘉兴市国民经济和社会发展统计公报 Jiaxing statistical bulletin",
    2022: "2022 嘉兴市国民经济和社会发展统计公报 Jiaxing statistical bulletin",
}
STRUCTURE_2020 = (Decimal("0.023"), Decimal("0.519"), Decimal("0.458"))
INDUSTRY_VA_2020 = Decimal(25_604_000)  # 2560.40 ×10^8 CNY

CARRIER_SHARES: dict[str, dict[str, Decimal]] = {  # of each sector's tce (demo assumption)
    # industry's are each county's own (demo_counties.INDUSTRY_CARRIERS)
    "construction": {"diesel": Decimal("0.60"), "electricity": Decimal("0.40")},
    "transport": {
        "gasoline": Decimal("0.35"),
        "diesel": Decimal("0.50"),
        "fuel_oil": Decimal("0.05"),
        "natural_gas": Decimal("0.05"),
        "electricity": Decimal("0.05"),
    },
    "services": {
        "electricity": Decimal("0.70"),
        "natural_gas": Decimal("0.15"),
        "lpg": Decimal("0.10"),
        "diesel": Decimal("0.05"),
    },
    "residential": {
        "electricity": Decimal("0.60"),
        "natural_gas": Decimal("0.25"),
        "lpg": Decimal("0.15"),
    },
    "primary": {"diesel": Decimal("0.50"), "electricity": Decimal("0.50")},
}
LAST_REFERENCE_YEAR = 2025
EXTRAPOLATION = {
    "energy": Decimal("1.025"),
    "gdp_current": Decimal("1.050"),
    "gdp_volume": Decimal("1.050"),
    "population": Decimal("1.004"),
}
"""Years after 2025 (the demo's reference path) go on from 2025 at these yearly factors: energy
+2.5 %, GDP at current prices +5.0 %, GDP volume +5.0 %, resident population +0.4 % (demo
assumption, near the 2023–2025 pace; no published figure)."""


def _after(table: Mapping[int, Decimal], year: int, factor: Decimal, places: str) -> Decimal:
    """``table[year]``, or the last reference year's value carried on at ``factor`` a year."""
    if year in table:
        return table[year]
    return _q(table[LAST_REFERENCE_YEAR] * factor ** (year - LAST_REFERENCE_YEAR), places)


def energy_tce(year: int) -> Decimal:
    """The city's energy consumption of a demo year, tce (2020 the plan, later a demo path)."""
    return _after(ENERGY_TCE, year, EXTRAPOLATION["energy"], "1")


def _gdp_current(year: int) -> Decimal:
    return _after(GDP_CURRENT_10K, year, EXTRAPOLATION["gdp_current"], "1")


def _population(year: int) -> Decimal:
    return _after(POPULATION_10K, year, EXTRAPOLATION["population"], "0.01")


def _real_growth(year: int) -> Decimal:
    return Decimal(REAL_GROWTH.get(year, str(EXTRAPOLATION["gdp_volume"])))


ELECTRICITY_SHIFT = Decimal("0.01")
"""Each year after 2020 moves this share of every sector's fossil tce to electricity (assumed)."""
GENERATION_2020_MWH = {  # local generation excluding province-dispatched plants (assumed)
    "coal": Decimal(9_500_000),
    "gas": Decimal(1_500_000),
    "solar_pv": Decimal(2_600_000),  # ≈ 270.15 ×10^4 kW (plan §1.(1).2) × ~960 h
    "wind": Decimal(200_000),
    "biomass": Decimal(400_000),
    "waste_to_energy": Decimal(800_000),
}
GENERATION_GROWTH = {
    "coal": Decimal("0.97"),
    "gas": Decimal("1.03"),
    "solar_pv": Decimal("1.22"),
    "wind": Decimal("1.40"),
    "biomass": Decimal("1.02"),
    "waste_to_energy": Decimal("1.05"),
}
COAL_GCE_PER_KWH = Decimal("0.300")  # coal of local coal plants, tce/MWh (assumed)


def _q(value: Decimal, places: str = "0.000001") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


_split = demo_counties.split
"""``total`` split by ``weights``, rounded, the last key taking the rounding remainder."""


def _carrier_shares(code: str, sector: str, year: int) -> dict[str, Decimal]:
    """The county's carrier shares of a sector, ``ELECTRICITY_SHIFT`` a year moved to power."""
    shares = demo_counties.carrier_mix(code, sector, CARRIER_SHARES.get(sector, {}))
    shift = ELECTRICITY_SHIFT * (year - 2020)
    fossil = sum((v for k, v in shares.items() if k != "electricity"), Decimal(0))
    moved = min(shift, fossil / 2)
    return {
        k: (v + moved if k == "electricity" else v - moved * v / fossil) for k, v in shares.items()
    }


def _city_growth(year: int) -> dict[int, Decimal]:
    """The city's energy of each year on the year before, 2021..``year``."""
    return {y: energy_tce(y) / energy_tce(y - 1) for y in range(2021, year + 1)}


def _city_volume(year: int) -> dict[int, Decimal]:
    return {y: _real_growth(y) for y in range(2021, year + 1)}


def _gdp_weights(year: int) -> dict[str, Decimal]:
    return demo_counties.gdp_weights(year, _city_volume(year))


def _design(year: int) -> dict[tuple[str, str], Decimal]:
    """The design values of ``year`` by county and sector (:mod:`.demo_counties`)."""
    design: dict[tuple[str, str], Decimal] = {}
    weights = demo_counties.energy_weights(year, _city_growth(year))
    for code, tce in _split(energy_tce(year), weights, "1").items():
        for sector, cell in _split(tce, demo_counties.sector_mix(code, year), "0.000001").items():
            design[(code, sector)] = cell
    return design


def sector_energy(session: Session, year: int) -> tuple[dict[tuple[str, str], Decimal], bool]:
    """The year's energy (tce) by county and sector, summing exactly to the city's total, and
    whether it is set beside the verified entity accounts (:mod:`.demo_anchor`).

    A year whose entities are not a full city (few verified months yet) after one that is
    carries that year's cells on at the design growth of each cell, so that the series does not
    jump back to the design split; without any such year the design values stand.
    """
    total = energy_tce(year)
    design = _design(year)
    for earlier in range(year, DEMO_YEARS[0] - 1, -1):
        base = design if earlier == year else _design(earlier)
        total_then = energy_tce(earlier)
        anchored = demo_anchor.anchor(base, demo_anchor.entity_sums(session, earlier), total_then)
        if anchored is None:
            continue
        if earlier == year:
            return anchored, True
        grown = {k: anchored[k] * design[k] / base[k] for k in design}
        return _split(total, grown, "0.000001"), True
    return design, False


def _per_unit(session: Session, carrier: str, year: int) -> Decimal:
    """tce of one default unit of ``carrier``, computed by the core (for the demo quantities)."""
    from shuangtan.accounting import ActivityLine, calculate

    spec = carriers()[carrier]
    line = ActivityLine("u", spec.activity, 1.0, spec.default_unit, fuel=spec.fuel)
    result = calculate([line], context=series.context(session, year))
    return Decimal(repr(result.lines[0].tce))


def _energy_rows(session: Session, year: int) -> list[dict[str, Any]]:
    """The year's energy-balance cells, quantities chosen so that the city total is exact."""
    cells, anchored = sector_energy(session, year)
    note = f"{ASSUMPTION}: county, sector and carrier split of {year}"
    if anchored:
        note += "; industry set beside the verified entity accounts (demo_anchor)"
    rows: list[dict[str, Any]] = []
    for (code, sector), sector_tce in cells.items():
        shares = _carrier_shares(code, sector, year)
        for carrier, cell_tce in _split(sector_tce, shares, "0.000001").items():
            per_unit = _per_unit(session, carrier, year)
            rows.append(
                {
                    "year": year,
                    "area_code": code,
                    "sector": sector,
                    "carrier": carrier,
                    "quantity": _q(cell_tce / per_unit),
                    "unit": carriers()[carrier].default_unit,
                    "target_tce": cell_tce,
                    "source_note": note,
                }
            )
    return rows


def _exact_last(rows: list[dict[str, Any]], total: Decimal) -> None:
    """Move the last county's industrial electricity to the end, marked to close ``total``."""
    last = max(
        (r for r in rows if r["carrier"] == "electricity" and r["sector"] == "industry"),
        key=lambda r: r["area_code"],
    )
    rows.remove(last)
    last["exact_total"] = total
    rows.append(last)


def _exact_quantity(
    session: Session, row: dict[str, Any], total: Decimal, others: Decimal | None = None
) -> Decimal:
    """An electricity quantity whose core tce makes the year's stored cells sum to ``total``.

    Each cell's tce is what the core makes of its (6-decimal) quantity, so the other cells' sum
    is off the target by rounding; the remainder goes to this cell, whose quantity is searched
    in steps of 10^-6 MWh (1.229 × 10^-7 tce) until its tce is exactly the remainder.
    ``others`` is the other cells' sum when they are not stored yet (the bulk load).
    """
    if others is None:
        others = _stored_others(session, row)
    target = total - others
    guess = _q(target / _per_unit(session, "electricity", int(row["year"])))
    step = Decimal("0.000001")
    for offset in range(0, 60):
        for candidate in (guess + offset * step, guess - offset * step):
            trial = {**row, "quantity": candidate}
            if prepare(session=session, kind="energy", data=trial)["tce"] == target:
                return candidate
    return guess


def _stored_others(session: Session, row: dict[str, Any]) -> Decimal:
    """The stored tce of the year's other cells (all but ``row``'s)."""
    others = session.scalar(
        select(func.sum(EnergyBalanceEntry.tce)).where(
            EnergyBalanceEntry.year == row["year"],
            EnergyBalanceEntry.month == 0,
            ~and_(
                EnergyBalanceEntry.area_code == row["area_code"],
                EnergyBalanceEntry.sector == row["sector"],
                EnergyBalanceEntry.carrier == row["carrier"],
            ),
        )
    )
    return Decimal(others or 0)


def _economic_rows(year: int) -> list[dict[str, Any]]:
    gdp_weights = _gdp_weights(year)
    volume = Decimal(1)
    for y in range(2021, year + 1):
        volume *= _real_growth(y)
    gdp_2020 = _q(GDP_CURRENT_10K[2020] * volume, "1")
    gdp_2015 = _q(GDP_2015_PRICES_2020 * volume, "1")
    tertiary_gain = Decimal("0.006") * (year - 2020)
    structure = {
        "va_primary": STRUCTURE_2020[0] - Decimal("0.001") * (year - 2020),
        "va_secondary": STRUCTURE_2020[1] - tertiary_gain + Decimal("0.001") * (year - 2020),
        "va_tertiary": STRUCTURE_2020[2] + tertiary_gain,
    }
    city_values: dict[str, tuple[Decimal, str]] = {
        "gdp_current": (
            _gdp_current(year),
            "嘉兴市统计公报 Jiaxing statistical bulletin" if year <= 2022 else ASSUMPTION,
        ),
        "gdp_2015_prices": (
            gdp_2015,
            "能耗强度0.427（规划§1.(1)）反推 from the plan's intensity 0.427"
            if year == 2020
            else ASSUMPTION,
        ),
        "gdp_2020_prices": (gdp_2020, "= GDP current 2020" if year == 2020 else ASSUMPTION),
        "population": (
            _population(year),
            POPULATION_SOURCE.get(year, ASSUMPTION),
        ),
        "va_industry": (
            _q(INDUSTRY_VA_2020 * _gdp_current(year) / GDP_CURRENT_10K[2020], "1"),
            "2020 嘉兴市统计公报 statistical bulletin" if year == 2020 else ASSUMPTION,
        ),
    }
    for item, share in structure.items():
        city_values[item] = (
            _q(_gdp_current(year) * share, "1"),
            "2020 嘉兴市统计公报 structure 2.3:51.9:45.8" if year == 2020 else ASSUMPTION,
        )
    published = set(demo_counties.PUBLISHED_GDP_2020)
    rows: list[dict[str, Any]] = []
    for item, (value, source) in city_values.items():
        places = "0.01" if item == "population" else "1"
        weights, basis = demo_counties.item_weights(item, gdp_weights)
        for code, part in _split(value, weights, places).items():
            if item == "gdp_current" and year == 2020:
                note = (
                    "2020 嘉兴市统计公报 Jiaxing statistical bulletin (county figure)"
                    if code in published
                    else f"{ASSUMPTION}: the other counties share the rest of 5563.58"
                )
            else:
                note = f"{source}; county split by {basis} ({ASSUMPTION})"
            rows.append(
                {"year": year, "area_code": code, "item": item, "value": part, "source_note": note}
            )
    return rows


def _generation_rows(session: Session, year: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    coal_per_t = _per_unit(session, "bituminous_coal", year)
    for source, base in GENERATION_2020_MWH.items():
        mwh = _q(base * GENERATION_GROWTH[source] ** (year - 2020), "1")
        weights = demo_counties.generation_weights(source)
        for code, part in _split(mwh, weights, "1").items():
            row: dict[str, Any] = {
                "year": year,
                "area_code": code,
                "source": source,
                "generation_mwh": part,
                "source_note": f"{ASSUMPTION}: local generation excluding province-dispatched",
            }
            if source == "coal":
                row["fuel_carrier"] = "bituminous_coal"
                row["fuel_unit"] = "t"
                row["fuel_quantity"] = _q(part * COAL_GCE_PER_KWH / coal_per_t, "1")
            rows.append(row)
    return rows


def _same(existing: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> bool:
    return existing is not None and all(
        Decimal(str(getattr(existing, f))) == Decimal(str(data[f])) for f in fields
    )


def load_demo_inventory(
    *, session: Session, progress: Progress | None = None, years: Sequence[int] = DEMO_YEARS
) -> int:
    """Fill ``years`` (2020–2025 by default; a year after 2025 is extrapolated, see
    :data:`EXTRAPOLATION`) for the city's seven counties; the number of rows written (0 if
    done)."""
    if not years or min(years) < DEMO_YEARS[0]:
        raise ValueError(f"demo years start in {DEMO_YEARS[0]}: {list(years)}")
    changes = 0
    plans: list[tuple[str, list[dict[str, Any]]]] = []
    for year in sorted(set(years)):
        energy = _energy_rows(session, year)
        _exact_last(energy, energy_tce(year))
        plans += [("energy", energy), ("economic", _economic_rows(year))]
        plans += [("generation", _generation_rows(session, year)), ("fleet", fleet_rows(year))]
        plans += [("activity", activity_rows(year))]
    plans += [("claim", [dict(c) for c in CLAIMS if c["year"] in years])]
    tables: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {
        "energy": (EnergyBalanceEntry, ("sector", "carrier"), ("quantity",)),
        "economic": (EconomicStatistic, ("item",), ("value",)),
        "generation": (GenerationEntry, ("source",), ("generation_mwh",)),
        "fleet": (FleetEntry, ("vehicle_type", "power"), ("vehicles",)),
        "activity": (ActivityEntry, ("activity",), ("quantity",)),
        "claim": (ClaimedReduction, ("scheme", "reference"), ("amount_tco2e",)),
    }
    total = sum(len(rows) for _, rows in plans)
    if _fresh(session):
        return _bulk_load(session, plans, total, progress)
    done = 0
    for kind, rows in plans:
        table, key, compared = tables[kind]
        for data in rows:
            data.pop("target_tce", None)
            exact_total = data.pop("exact_total", None)
            if exact_total is not None:
                data["quantity"] = _exact_quantity(session, data, exact_total)
            existing = session.scalars(
                select(table).where(
                    table.year == data["year"],
                    table.month == 0,
                    table.area_code == data["area_code"],
                    *(getattr(table, k) == data[k] for k in key),
                )
            ).first()
            done += 1
            if _same(existing, data, compared):
                continue
            record(session=session, actor=None, kind=kind, data=data, via="demo")
            changes += 1
            if progress is not None and changes % 200 == 0:
                progress("inventory", done, total)
    # rows an earlier release stored under another rule (2020 at the national ETS factor)
    changes += sum(series.recalculate(session=session).values())
    if progress is not None:
        progress("inventory", total, total)
    return changes


def _fresh(session: Session) -> bool:
    """No statistics entered yet: the demo may be written in bulk."""
    tables = (EnergyBalanceEntry, EconomicStatistic, GenerationEntry, FleetEntry, ActivityEntry)
    return (
        all(session.scalar(select(func.count()).select_from(table)) == 0 for table in tables)
        and session.scalar(select(func.count()).select_from(ClaimedReduction)) == 0
    )


def _bulk_load(
    session: Session,
    plans: list[tuple[str, list[dict[str, Any]]]],
    total: int,
    progress: Progress | None,
) -> int:
    """Check every row through the same ``prepare`` as the doors, then insert each kind at once.

    Into an empty inventory only: nothing is replaced, so one audit entry per kind (with the row
    count) stands for its rows, as the synthetic city's loader does; one row at a time through
    ``record`` took about ten seconds, most of it the per-row audit.
    """
    prepared: dict[str, list[dict[str, Any]]] = {}
    year_tce: dict[int, Decimal] = {}
    done = 0
    for kind, rows in plans:
        for data in rows:
            data.pop("target_tce", None)
            exact_total = data.pop("exact_total", None)
            if exact_total is not None:
                others = year_tce.get(int(data["year"]), Decimal(0))
                data["quantity"] = _exact_quantity(session, data, exact_total, others)
            values = prepare(session=session, kind=kind, data=data)
            values["entered_by"] = "system"
            values["entered_via"] = "demo"
            prepared.setdefault(kind, []).append(values)
            if kind == "energy" and int(values["month"]) == 0:
                year = int(values["year"])
                year_tce[year] = year_tce.get(year, Decimal(0)) + Decimal(values["tce"])
            done += 1
            if progress is not None and done % 200 == 0:
                progress("inventory", done, total)
    for kind, values_list in prepared.items():
        table = KINDS[kind].table
        session.execute(insert(table), values_list)
        audit.record(
            session=session,
            actor=None,
            action=f"inventory.{kind}.demo_load",
            entity_type=table.__tablename__,
            entity_id="demo",
            before=None,
            after={"rows": len(values_list)},
        )
    session.flush()
    if progress is not None:
        progress("inventory", total, total)
    return sum(len(v) for v in prepared.values())
