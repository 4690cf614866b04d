"""The GPC inventory (GPC城市温室气体清单) of a year and area, computed from the entered data.

Every tCO2e comes from the accounting core: the energy balance rows were computed on entry
(their stored tCO2 and factors are read; a row stored under an older method or factor is
recomputed under the series rule of :mod:`.series`, one method and the year's grid vintage);
transport fuel sales and grid-supplied electricity of transport go through
:func:`shuangtan.accounting.calculate` here; every gas mass of agriculture, waste and sinks is
computed by the core's methods
(:mod:`shuangtan.accounting.waste`, :mod:`shuangtan.accounting.agriculture`) with the factors
of the core's library named in ``data/inventory/activities.csv``, and turned into CO2e by
``calculate`` (``non_co2`` with the GWP100 of AR5). The methods (docs/inventory.md):

- **Stationary energy (I)** — the statistical energy balance: residential → I.1, services →
  I.2, industry and construction → I.3, primary → I.5; fuels are scope 1 (I.x.1), electricity
  and heat scope 2 (I.x.2); with a grid loss rate r (%), scope 3 T&D losses (I.x.3) =
  electricity CO2 × r / (100 − r). Local power plants' fuel is I.4.4 (territorial, outside
  BASIC).
- **Transport (II)** — fuel sales by mode where entered (II.1 road … II.5 off-road); otherwise
  the energy balance's transport sector goes to II.1.
- **Waste (III)** — landfill CH4 by the mass-balance method (IPCC 1996 Revised Guidelines, as
  in the provincial guideline) = (W × MCF × DOC × DOCf × F × 16/12 − R) × (1 − OX);
  composting W × EF; incineration fossil CO2 = W × CC × FCF × burn-out × 44/12 and N2O = W × EF;
  wastewater CH4 = COD × Bo × MCF, N2O = N × EF × 44/28.
- **IPPU (IV.1)** — the process and non-CO2 lines of verified entity reports of the area.
- **AFOLU (V)** — livestock head × (enteric + manure CH4, manure N2O); rice area × EF;
  fertiliser N × (EF1 + FracGASF × EF4 + FracLEACH × EF5) × 44/28.
- **Sinks** — forest, wetland and urban green area × the sequestration factor an official
  entered for the year with its source (activity kinds of method ``sink_factor``; the county's
  own, else the city's), reported beside the emissions and never netted into BASIC or BASIC+.
  No factor is shipped (a rate depends on the stands measured): without an entered factor the
  sink is not computed and :attr:`Inventory.sinks_not_computed` says why.

Rows without a number carry a notation key (NO / IE / NE / C) with its reason: the one an
official entered for the area and year, else the city configuration's default, else NE
("no activity data entered"). C hides a number that still counts in the totals. Reductions
claimed elsewhere (carbon points, offsets) are listed beside their cell and never subtracted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.accounting import (
    ActivityLine,
    Factor,
    GasEmission,
    agriculture,
    calculate,
    library,
    quantity,
    waste,
)
from shuangtan.place import repository as place_repository

from . import repository, series
from .catalogue import (
    ActivityKind,
    GpcRow,
    activity_kinds,
    carriers,
    gpc_rows,
    notation_defaults,
)
from .models import (
    ActivityEntry,
    ClaimedReduction,
    EnergyBalanceEntry,
    GenerationEntry,
    NotationKeyEntry,
)
from .selection import for_area, pick_months
from .sinks import (
    SINK_FACTOR_METHOD,
    SINK_KINDS,
    SINK_NAMES,
    SinkLine,
    SinkWithoutFactor,
    sink_factors,
    sink_removals,
)

__all__ = ["GWP", "Cell", "Claim", "Inventory", "SinkLine", "SinkWithoutFactor", "inventory"]

GWP = "AR5"
"""GWP100 basis of the inventory (the core's default; docs/inventory.md)."""
_SIX = Decimal("0.000001")
SECTOR_CELLS = {  # energy-balance sector → (scope-1 ref, scope-2 ref, scope-3 ref)
    "residential": ("I.1.1", "I.1.2", "I.1.3"),
    "services": ("I.2.1", "I.2.2", "I.2.3"),
    "industry": ("I.3.1", "I.3.2", "I.3.3"),
    "construction": ("I.3.1", "I.3.2", "I.3.3"),
    "primary": ("I.5.1", "I.5.2", "I.5.3"),
    "transport": ("II.1.1", "II.1.2", "II.1.3"),
}
LOSS_CELL = {  # scope-2 cell → its T&D loss cell
    "I.1.2": "I.1.3",
    "I.2.2": "I.2.3",
    "I.3.2": "I.3.3",
    "I.5.2": "I.5.3",
    "II.1.2": "II.1.3",
    "II.2.2": "II.2.3",
    "II.3.2": "II.3.3",
}
MODE_CELLS = ("II.2.1", "II.2.2", "II.3.1", "II.3.2", "II.4.1", "II.4.2", "II.5.1", "II.5.2")
"""Transport rows by mode other than road: IE when the balance's transport sector is in II.1."""


@dataclass(frozen=True)
class Claim:
    """已在别处计入的减排量 a reduction claimed elsewhere, marked beside its cell."""

    id: int
    gpc_ref: str
    scheme: str
    reference: str
    amount_tco2e: Decimal
    description: str
    area_code: str


@dataclass(frozen=True)
class Cell:
    """清单单元 one GPC row of the inventory: tCO2e by gas, or a notation key with its reason."""

    row: GpcRow
    tco2e_by_gas: Mapping[str, Decimal]
    tco2e: Decimal | None  # None when the row has no number; hidden (None) when confidential
    counted_tco2e: Decimal  # what the row adds to the totals (a C row still counts)
    notation_key: str | None = None
    reason_zh: str = ""
    reason_en: str = ""
    sources: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()

    @property
    def claimed_tco2e(self) -> Decimal:
        return sum((c.amount_tco2e for c in self.claims), Decimal(0))


@dataclass(frozen=True)
class Inventory:
    """GPC清单 the inventory of one year and area (``county_code`` None = the whole city)."""

    year: int
    county_code: str | None
    gwp: str
    cells: tuple[Cell, ...]
    basic_tco2e: Decimal | None
    basic_plus_tco2e: Decimal | None
    territorial_tco2e: Decimal | None
    sinks: tuple[SinkLine, ...]
    sinks_tco2: Decimal | None
    factors: tuple[dict[str, Any], ...] = field(default=())
    month: int | None = None
    sinks_not_computed: tuple[SinkWithoutFactor, ...] = field(default=())
    vintage: series.Vintage | None = None  # the year's grid factor and the recalculation note
    recomputed_rows: int = 0  # stored energy rows recomputed on this read (stored stale)

    def cell(self, ref: str) -> Cell:
        """The cell of a GPC reference number."""
        return next(c for c in self.cells if c.row.ref == ref)

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(claim for cell in self.cells for claim in cell.claims)

    def by_sector(self) -> dict[str, Decimal]:
        """Counted tCO2e by GPC sector (I … VI), all levels except territorial and other."""
        out: dict[str, Decimal] = defaultdict(Decimal)
        for cell in self.cells:
            if cell.row.level in ("basic", "basic+"):
                out[cell.row.ref.split(".")[0]] += cell.counted_tco2e
        return dict(out)


def _rounded(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(_SIX)


class _Ledger:
    """Collects tCO2e per (cell, gas), the sources and the factors used."""

    def __init__(self) -> None:
        self.amounts: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        self.sources: dict[str, set[str]] = defaultdict(set)
        self.factors: dict[str, dict[str, Any]] = {}

    def add(self, ref: str, gas: str, tco2e: Decimal, source: str) -> None:
        self.amounts[ref][gas] += tco2e
        self.sources[ref].add(source)

    def use(self, factors: Sequence[Mapping[str, Any]]) -> None:
        for factor in factors:
            self.factors[str(factor["id"])] = dict(factor)


def _selected(
    session: Session,
    table: Any,
    months_key: tuple[str, ...],
    year: int,
    area: tuple[str, list[str], str | None],
    *,
    per: str | None = None,
    month: int | None = None,
) -> list[Any]:
    """The rows of ``table`` that make the area's year, or one month of it (area rule per
    ``per`` group if given)."""
    city_code, counties, county_code = area
    statement = select(table).where(table.year == year)
    if month is not None:
        statement = statement.where(table.month == month)
    rows = session.scalars(statement).all()
    groups: dict[object, list[Any]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, per) if per else None].append(row)
    chosen: list[Any] = []
    for members in groups.values():
        chosen += pick_months(
            for_area(members, city_code=city_code, counties=counties, county_code=county_code),
            months_key,
        )
    return chosen


_LIVESTOCK = (
    ("enteric", agriculture.enteric_ch4),
    ("manure_ch4", agriculture.manure_ch4),
    ("manure_n2o", agriculture.manure_n2o),
)


def _emissions(kind: ActivityKind, amount: Any, recovered: Any) -> list[GasEmission]:
    """The gas masses of one kind of activity, by the core method ``kind.method`` names.

    ``amount`` and ``recovered`` (landfill CH4 recovered) are pint quantities; the factors
    are the library's rows named in ``activities.csv``.
    """
    f = {name: library().factor(factor_id) for name, factor_id in kind.factors.items()}
    line = kind.key
    match kind.method:
        case "livestock":
            return [
                engine(population=amount, factor=f[name], line=line)
                for name, engine in _LIVESTOCK
                if name in f
            ]
        case "rice":
            return [agriculture.rice_ch4(area=amount, factor=f["factor"], line=line)]
        case "fertiliser":
            fertiliser = agriculture.fertiliser_n2o(
                nitrogen=amount,
                ef1=f["ef1"],
                frac_gasf=f["frac_gasf"],
                ef4=f["ef4"],
                frac_leach=f["frac_leach"],
                ef5=f["ef5"],
                line=line,
            )
            return [fertiliser]
        case "landfill_mass_balance":
            landfill = waste.landfill_mass_balance_ch4(
                waste=amount,
                recovered=recovered,
                mcf=f["mcf"],
                doc=f["doc"],
                docf=f["docf"],
                f=f["f"],
                ox=f["ox"],
                line=line,
            )
            return [landfill]
        case "composting":
            return [
                waste.composting_ch4(waste=amount, factor=f["ch4"], line=line),
                waste.composting_n2o(waste=amount, factor=f["n2o"], line=line),
            ]
        case "incineration":
            fossil = waste.incineration_fossil_co2(
                waste=amount,
                carbon_content=f["carbon_content"],
                fossil_fraction=f["fossil_fraction"],
                burnout=f["burnout"],
                line=line,
            )
            return [fossil, waste.incineration_n2o(waste=amount, factor=f["n2o"], line=line)]
        case "wastewater_ch4":
            return [waste.wastewater_ch4(cod=amount, bo=f["bo"], mcf=f["mcf"], line=line)]
        case "wastewater_n2o":
            return [waste.wastewater_n2o(nitrogen=amount, factor=f["factor"], line=line)]
    return []


def _activity_masses(
    quantities: Mapping[str, Decimal], ledger: _Ledger
) -> list[tuple[str, GasEmission, str]]:
    """(cell, gas mass, source) of agriculture and waste activities, computed by the core."""
    kinds = activity_kinds()
    recovered = quantity(
        float(quantities.get("landfill_ch4_recovered", Decimal(0))),
        kinds["landfill_ch4_recovered"].unit,
    )
    out: list[tuple[str, GasEmission, str]] = []
    for key, amount in quantities.items():
        kind = kinds[key]
        if kind.method in (
            "fuel",
            "electricity",
            "sink",
            SINK_FACTOR_METHOD,
            "loss_rate",
            "recovered",
        ):
            continue
        source = f"{kind.name_zh} {kind.name_en}: {amount} {kind.unit}"
        for mass in _emissions(kind, quantity(float(amount), kind.unit), recovered):
            ledger.use([factor.as_dict() for factor in mass.factors])
            out.append((kind.gpc_ref, mass, source))
    return out


def _notation(
    session: Session, year: int, area_code: str, city_code: str
) -> dict[str, tuple[str, str, str]]:
    """Notation keys by ref: the city's defaults, overridden by what officials entered."""
    keys = {
        d.gpc_ref: (d.notation_key, d.reason_zh, d.reason_en)
        for d in notation_defaults()
        if d.city_code == city_code
    }
    entered = session.scalars(
        select(NotationKeyEntry).where(
            NotationKeyEntry.year == year, NotationKeyEntry.area_code == area_code
        )
    ).all()
    for row in sorted(entered, key=lambda r: r.month):
        keys[row.gpc_ref] = (row.notation_key, row.reason, row.reason)
    return keys


def _claims(
    session: Session, year: int, area: tuple[str, list[str], str | None]
) -> dict[str, list[Claim]]:
    city_code, counties, county_code = area
    codes = [county_code] if county_code else [city_code, *counties]
    rows = session.scalars(
        select(ClaimedReduction)
        .where(ClaimedReduction.year == year, ClaimedReduction.area_code.in_(codes))
        .order_by(ClaimedReduction.id)
    ).all()
    out: dict[str, list[Claim]] = defaultdict(list)
    for row in rows:
        out[row.gpc_ref].append(
            Claim(
                row.id,
                row.gpc_ref,
                row.scheme,
                row.reference,
                Decimal(row.amount_tco2e),
                row.description,
                row.area_code,
            )
        )
    return out


def inventory(
    *, session: Session, year: int, county_code: str | None = None, month: int | None = None
) -> Inventory | None:
    """The GPC inventory of ``year`` and area, or None when no data of any kind was entered.

    With ``month`` (1–12): only the rows entered for that month, and the verified reports of
    that month; the grid loss rate is the year's; sinks are annual and left out.
    """
    city_code, counties = place_repository.city_and_counties(session)
    area = (city_code, counties, county_code)
    ledger = _Ledger()
    context = series.context(session, year, gwp=GWP)
    energy = _selected(session, EnergyBalanceEntry, ("sector", "carrier"), year, area, month=month)
    figures = series.current(session, energy)  # a stale row is recomputed (one method)
    activities = _selected(
        session, ActivityEntry, ("activity",), year, area, per="activity", month=month
    )
    generation = _selected(session, GenerationEntry, ("source",), year, area, month=month)
    quantities: dict[str, Decimal] = defaultdict(Decimal)
    for row in activities:
        method = activity_kinds()[row.activity].method
        if method == SINK_FACTOR_METHOD:
            continue  # a factor, read by _sink_factors, never summed
        if month is None or method not in ("sink", "loss_rate"):
            quantities[row.activity] += Decimal(row.quantity)
    if month is not None:
        for row in _selected(session, ActivityEntry, ("activity",), year, area, per="activity"):
            if row.activity == "grid_loss_rate" and row.month == 0:
                quantities["grid_loss_rate"] += Decimal(row.quantity)
    kinds = activity_kinds()
    transport_sales = any(kinds[k].gpc_ref.startswith("II.") for k in quantities)
    electricity_by_cell: dict[str, Decimal] = defaultdict(Decimal)
    for row in energy:
        if row.sector == "transport" and transport_sales:
            continue
        s1, s2, _ = SECTOR_CELLS[row.sector]
        ref = s1 if row.scope == 1 else s2
        now = figures[row.id]
        ledger.add(ref, "CO2", now.co2_t, "统计能源平衡表 statistical energy balance")
        ledger.use(now.factors)
        if row.carrier == "electricity":
            electricity_by_cell[ref] += now.co2_t
    fuels = series.current_generation(session, generation)
    for row in generation:
        if (burnt := fuels.get(row.id)) is not None:
            ledger.add("I.4.4", "CO2", burnt.co2_t, "本地发电燃料 local generation fuel")
            ledger.use(burnt.factors)
    # transport fuel sales and their electricity, through the core
    lines: list[tuple[str, ActivityLine]] = []
    for key, amount in quantities.items():
        kind = kinds[key]
        if kind.method == "fuel":
            fuel = carriers()[str(kind.item)].fuel
            line = ActivityLine(key, "fuel_combustion", float(amount), kind.unit, fuel=fuel)
            lines.append((kind.gpc_ref, line))
        elif kind.method == "electricity":
            line = ActivityLine(key, "purchased_electricity", float(amount), kind.unit)
            lines.append((kind.gpc_ref, line))
    masses = _activity_masses(quantities, ledger)
    for index, (ref, mass, _) in enumerate(masses):
        lines.append((ref, mass.as_line(f"m{index}")))
    entered = {} if month is not None else sink_factors(session, year, city_code, county_code)
    removals, sinks_refused = sink_removals(quantities, entered, year)
    sink_lines: list[tuple[str, Decimal, Factor]] = []
    for key, hectares, factor, removal in removals:
        ledger.use([f.as_dict() for f in removal.factors])
        sink_lines.append((key, hectares, factor))
        lines.append(("SINK:" + key, removal.as_line(f"s-{key}")))
    sinks: list[SinkLine] = []
    if lines:
        result = calculate([line for _, line in lines], context=context)
        source_of = {f"m{i}": s for i, (_, _, s) in enumerate(masses)}
        for (ref, line), computed in zip(lines, result.lines, strict=True):
            ledger.use([f.as_dict() for f in computed.factors])
            value = _rounded(computed.tco2e)
            if ref.startswith("SINK:"):
                key = ref.removeprefix("SINK:")
                area_ha, factor = next((q, f) for k, q, f in sink_lines if k == key)
                sink = SINK_KINDS[key]
                sinks.append(SinkLine(sink, key, *SINK_NAMES[sink], area_ha, factor, value))
                continue
            if line.activity == "purchased_electricity":
                electricity_by_cell[ref] += value
            kind_source = (
                source_of.get(line.id) or f"{kinds[line.id].name_zh} {kinds[line.id].name_en}"
            )
            ledger.add(ref, computed.gas, value, kind_source)
    loss = quantities.get("grid_loss_rate")
    if loss is not None and Decimal(0) <= loss < Decimal(100):
        for ref, co2 in electricity_by_cell.items():
            if ref in LOSS_CELL:
                ledger.add(
                    LOSS_CELL[ref],
                    "CO2",
                    (co2 * loss / (100 - loss)).quantize(_SIX),
                    f"线损率 grid loss rate {loss} %",
                )
    process, process_lines = repository.process_emissions(
        session, year=year, county_codes=[county_code] if county_code else counties, month=month
    )
    if process_lines:
        ledger.add(
            "IV.1",
            "CO2e",
            process,
            f"核查后的主体报告（工业过程行 {process_lines} 行） verified entity reports",
        )
    nothing = not (energy or activities or generation or process_lines)
    if nothing:
        return None
    transport_from_balance = not transport_sales and any(r.sector == "transport" for r in energy)
    keys = _notation(session, year, county_code or city_code, city_code)
    claims = _claims(session, year, area)
    cells: list[Cell] = []
    for ref, row in gpc_rows().items():
        amounts = ledger.amounts.get(ref)
        mark = keys.get(ref)
        if amounts:
            cell_total = sum(amounts.values(), Decimal(0))
            hidden = mark is not None and mark[0] == "C"
            cells.append(
                Cell(
                    row=row,
                    tco2e_by_gas={} if hidden else dict(amounts),
                    tco2e=None if hidden else cell_total,
                    counted_tco2e=cell_total,
                    notation_key="C" if hidden else None,
                    reason_zh=mark[1] if hidden and mark else "",
                    reason_en=mark[2] if hidden and mark else "",
                    sources=tuple(sorted(ledger.sources[ref])),
                    claims=tuple(claims.get(ref, ())),
                )
            )
            continue
        if mark is None and ref in MODE_CELLS and transport_from_balance:
            mark = (
                "IE",
                "统计能源平衡表的交通运输部门未按方式拆分，已计入II.1",
                "the statistical transport sector is not split by mode; included in II.1",
            )
        if mark is None:
            mark = ("NE", "未录入活动数据", "no activity data entered")
        cells.append(
            Cell(
                row=row,
                tco2e_by_gas={},
                tco2e=None,
                counted_tco2e=Decimal(0),
                notation_key=mark[0],
                reason_zh=mark[1],
                reason_en=mark[2],
                claims=tuple(claims.get(ref, ())),
            )
        )

    def total(levels: tuple[str, ...]) -> Decimal | None:
        chosen = [c for c in cells if c.row.level in levels and ledger.amounts.get(c.row.ref)]
        return sum((c.counted_tco2e for c in chosen), Decimal(0)) if chosen else None

    return Inventory(
        year=year,
        county_code=county_code,
        month=month,
        gwp=GWP,
        cells=tuple(cells),
        basic_tco2e=total(("basic",)),
        basic_plus_tco2e=total(("basic", "basic+")),
        territorial_tco2e=total(("territorial",)),
        sinks=tuple(sinks),
        sinks_tco2=sum((s.tco2 for s in sinks), Decimal(0)) if sinks else None,
        factors=tuple(ledger.factors[k] for k in sorted(ledger.factors)),
        sinks_not_computed=tuple(sinks_refused),
        vintage=series.vintage(session, year),
        recomputed_rows=sum(1 for f in (*figures.values(), *fuels.values()) if f.recomputed),
    )
