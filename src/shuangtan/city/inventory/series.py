"""The inventory's time series (清单时间序列一致性): one method and one factor family every year.

IPCC 2006 Vol. 1 Ch. 5 (time-series consistency) and the GPC (ch. 12, tracking over time) ask
that every year of a series be estimated with the same method and data sources, and that
earlier years be recalculated when the method or a factor changes; a change between two years
must then come from the activity, never from a switch of factors. The rule here:

- **One method.** Purchased electricity is valued location-based with the MEE/NBS provincial
  grid factors (the ``mee-nbs`` family of the ``cn-default`` factor set) for the city's
  province, in every year. The national ETS reporting factors (``cn-ets-reporting``: 0.6101
  for 2019–2020, 0.5810 for 2021–2022) are a reporting prescription of another method and are
  never mixed in; enterprises' own accounts keep their reporting rules (accounts room).
- **The vintage of a year.** A year the family publishes uses its own factor. A year before the
  first published one (2020 for Zhejiang, first published for 2021) is recalculated with the
  earliest published factor, held constant (IPCC Ch. 5 §5.3.3.4 trend extrapolation over one
  year, with a zero trend: no published provincial figure says more); a year after the latest
  uses the latest (the core says so) and is recalculated when its own factor is published.
  :func:`vintage` names the factor of each year and says why in both languages.
- **Recalculation.** Stored energy rows (and local generation's fuel) carry the factors that
  made them. A row stored under another method or with a factor whose shipped value has since
  changed is *stale*: every read (:func:`current`, :func:`current_generation`) recomputes it
  with today's rule, so the totals the dashboard, the targets and
  the LMDI read are consistent; :func:`recalculate` stores the recomputed values (audited).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.accounting import (
    AccountingError,
    ActivityLine,
    CalculationContext,
    calculate,
    library,
)
from shuangtan.auth.principal import Principal
from shuangtan.place.models import City
from shuangtan.web.units import unit_label

from .catalogue import carriers
from .models import EnergyBalanceEntry, GenerationEntry

__all__ = [
    "SERIES_FACTOR_SET",
    "Current",
    "Vintage",
    "context",
    "current",
    "current_generation",
    "recalculate",
    "region_of",
    "vintage",
]

SERIES_FACTOR_SET = "cn-default"
"""The core's factor set of every inventory year: MEE/NBS location-based grid factors."""
_SIX = Decimal("0.000001")


@dataclass(frozen=True, slots=True)
class Vintage:
    """所用电力因子 the grid factor an inventory year is computed with, and why."""

    year: int
    factor_set: str
    family: str
    region: str
    vintage_year: int  # the year of the published factor used
    factor_id: str
    value: float
    unit: str
    source: str
    first_published: int
    latest_published: int
    note_zh: str
    note_en: str

    @property
    def recalculated(self) -> bool:
        """True when the year is computed with another year's factor (a backcast or carry)."""
        return self.vintage_year != self.year

    @property
    def method_zh(self) -> str:
        return f"位置法：生态环境部/国家统计局 {self.region} 电力CO2排放因子（{self.family}）"

    @property
    def method_en(self) -> str:
        return f"location-based: MEE/NBS {self.region} electricity CO2 factor ({self.family})"


def region_of(session: Session) -> str:
    """The core's grid region of the city (its province, e.g. 浙江省 → CN-ZJ; else CN)."""
    cached = session.info.get("inventory.region")
    if cached is not None:
        return str(cached)
    province = session.scalars(select(City.province_zh)).first()
    region = library().resolve_region(province) if province else None
    if region:
        session.info["inventory.region"] = region
    return region or "CN"


def _region(session: Session, family: str) -> str:
    region = region_of(session)
    return region if (family, region) in library().grid else "CN"


def vintage(session: Session, year: int) -> Vintage:
    """The grid factor of the inventory's ``year``: its own, else the nearest published one."""
    lib = library()
    family = lib.factor_sets[SERIES_FACTOR_SET].electricity_family
    region = _region(session, family)
    rows = lib.grid[(family, region)]
    published = sorted({row.valid_from for row in rows if row.valid_from is not None})
    first, latest = published[0], published[-1]
    choice = lib.grid_factor(family, region, max(year, first))
    assert choice is not None  # max(year, first) is at or after the first published year
    factor = choice.factor
    used = factor.valid_from or first
    if year < first:
        note_zh = (
            f"{year}年尚无生态环境部/国家统计局发布的{region}电力排放因子（最早为{first}年）："
            f"为保持时间序列一致，{year}年按{first}年因子 {factor.value:g} {factor.unit} 重算"
            f"（IPCC 2006 第1卷第5章 时间序列一致性，外推），不换用其他方法的因子"
            f"（如全国碳市场报告因子），以免因子切换造成虚假的年际变化。"
        )
        note_en = (
            f"MEE/NBS publish no {region} electricity factor for {year} (the first is for "
            f"{first}): to keep the series consistent, {year} is recalculated with the {first} "
            f"factor {factor.value:g} {factor.unit} (IPCC 2006 Vol. 1 Ch. 5, time-series "
            "consistency, extrapolation) instead of switching to another method's factor "
            "(such as the national ETS reporting factor), which would make a false change "
            "between years."
        )
    elif used < year:
        note_zh = (
            f"{year}年的{region}电力排放因子尚未发布，暂按最近发布的{used}年因子 "
            f"{factor.value:g} {unit_label(factor.unit)} 计算；发布后本年将按新因子重算。"
        )
        note_en = (
            f"the {year} {region} electricity factor is not published yet: the latest, for "
            f"{used} ({factor.value:g} {factor.unit}), is used; the year will be recalculated "
            "when its own factor is published."
        )
    else:
        note_zh = f"{year}年采用当年发布的{region}电力排放因子 {factor.value:g} {factor.unit}。"
        note_en = (
            f"{year} uses the {region} electricity factor published for the year "
            f"({factor.value:g} {factor.unit})."
        )
    return Vintage(
        year=year,
        factor_set=SERIES_FACTOR_SET,
        family=family,
        region=region,
        vintage_year=used,
        factor_id=factor.id,
        value=factor.value,
        unit=factor.unit,
        source=factor.source,
        first_published=first,
        latest_published=latest,
        note_zh=note_zh,
        note_en=note_en,
    )


def context(session: Session, year: int, *, gwp: str = "AR5") -> CalculationContext:
    """The core's context of an inventory year: the series' factor set and the year's vintage.

    Only the grid factors and the equal-value coal per kWh depend on the context's year in the
    core; the inventory values electricity in tce on the equivalent basis, so moving a year
    before the first published one to that year changes the grid factor alone.
    """
    first = vintage(session, year).first_published
    region = _region(session, library().factor_sets[SERIES_FACTOR_SET].electricity_family)
    return CalculationContext(
        year=max(year, first), region=region, factor_set=SERIES_FACTOR_SET, gwp=gwp
    )


@dataclass(frozen=True, slots=True)
class Current:
    """A stored energy row's figures under today's rule (recomputed when the row was stale)."""

    tce: Decimal
    co2_t: Decimal
    factors: tuple[Mapping[str, Any], ...]
    recomputed: bool


def _stale_factors(factors: Iterable[Mapping[str, Any]], expected: Vintage) -> bool:
    """A grid factor of the family other than the year's, or a factor whose value changed."""
    shipped = library().factors
    grid_prefix = f"grid.{expected.family}."
    for factor in factors:
        factor_id = str(factor.get("id", ""))
        if factor_id.startswith(grid_prefix) and factor_id != expected.factor_id:
            return True
        known = shipped.get(factor_id)
        if known is None:
            if factor.get("status") != "caller-supplied" and not factor_id.startswith(
                "instrument."
            ):
                return True
            continue
        if known.value != factor.get("value"):
            return True
    return False


def _stale(row: EnergyBalanceEntry, expected: Vintage) -> bool:
    """Stored under another factor set, with another grid vintage or a changed factor value."""
    return row.factor_set != SERIES_FACTOR_SET or _stale_factors(row.factors or [], expected)


def _rounded(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(_SIX)


def _compute(
    carrier_key: str, quantity: Decimal, unit: str | None, ctx: CalculationContext
) -> Current | None:
    """The core's tce, tCO2 and factors of a quantity of a carrier, or None when refused."""
    carrier = carriers().get(carrier_key)
    if carrier is None:
        return None
    line = ActivityLine(
        id="entry",
        activity=carrier.activity,
        quantity=float(quantity),
        unit=unit or carrier.default_unit,
        fuel=carrier.fuel,
    )
    try:
        computed = calculate([line], context=ctx).lines[0]
    except AccountingError:
        return None
    return Current(
        _rounded(computed.tce),
        _rounded(computed.tco2e),
        tuple(factor.as_dict() for factor in computed.factors),
        True,
    )


def current(session: Session, rows: Sequence[EnergyBalanceEntry]) -> dict[int, Current]:
    """Each row's tce, tCO2 and factors by id: as stored, or recomputed when stale.

    A stale row whose quantity the core now refuses keeps its stored figures (and is counted
    as not recomputed); the entry form would refuse it too, so an official re-enters it.
    """
    out: dict[int, Current] = {}
    vintages: dict[int, Vintage] = {}
    contexts: dict[int, CalculationContext] = {}
    for row in rows:
        if row.year not in vintages:
            vintages[row.year] = vintage(session, row.year)
        kept = Current(Decimal(row.tce), Decimal(row.co2_t), tuple(row.factors or ()), False)
        out[row.id] = kept
        if _stale(row, vintages[row.year]):
            if row.year not in contexts:
                contexts[row.year] = context(session, row.year)
            ctx = contexts[row.year]
            out[row.id] = _compute(row.carrier, row.quantity, row.unit, ctx) or kept
    return out


def current_generation(session: Session, rows: Sequence[GenerationEntry]) -> dict[int, Current]:
    """The fuel tce and tCO2 of local generation rows that burnt fuel (I.4.4), by id.

    As :func:`current`: stored, or recomputed when a stored fuel factor's value has changed.
    """
    out: dict[int, Current] = {}
    for row in rows:
        if row.fuel_carrier is None or row.fuel_co2_t is None or row.fuel_quantity is None:
            continue
        stored = tuple(row.factors or ())
        kept = Current(Decimal(row.fuel_tce or 0), Decimal(row.fuel_co2_t), stored, False)
        out[row.id] = kept
        if _stale_factors(stored, vintage(session, row.year)):
            ctx = context(session, row.year)
            out[row.id] = _compute(row.fuel_carrier, row.fuel_quantity, row.fuel_unit, ctx) or kept
    return out


def recalculate(
    *, session: Session, actor: Principal | None = None, years: Iterable[int] | None = None
) -> dict[int, int]:
    """Store today's figures in every stale energy and generation-fuel row; rows by year.

    One audit entry per year changed, with the rows' tCO2 before and after. Flushes, never
    commits.
    """
    wanted = None if years is None else set(years)
    energy_statement = select(EnergyBalanceEntry).order_by(EnergyBalanceEntry.id)
    generation_statement = select(GenerationEntry).order_by(GenerationEntry.id)
    if wanted is not None:
        energy_statement = energy_statement.where(EnergyBalanceEntry.year.in_(wanted))
        generation_statement = generation_statement.where(GenerationEntry.year.in_(wanted))
    energy = session.scalars(energy_statement).all()
    generation = session.scalars(generation_statement).all()
    changed: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    figures = current(session, energy)
    for row in energy:
        now = figures[row.id]
        if now.recomputed:
            changed[row.year][f"energy:{row.id}"] = (str(row.co2_t), str(now.co2_t))
            row.tce, row.co2_t = now.tce, now.co2_t
            row.factor_set = SERIES_FACTOR_SET
            row.factors = [dict(f) for f in now.factors]
    fuels = current_generation(session, generation)
    for plant in generation:
        fuel = fuels.get(plant.id)
        if fuel is not None and fuel.recomputed:
            changed[plant.year][f"generation:{plant.id}"] = (str(plant.fuel_co2_t), str(fuel.co2_t))
            plant.fuel_tce, plant.fuel_co2_t = fuel.tce, fuel.co2_t
            plant.factors = [dict(f) for f in fuel.factors]
    session.flush()
    for year, members in sorted(changed.items()):
        audit.record(
            session=session,
            actor=actor,
            action="inventory.recalculate",
            entity_type="inventory",
            entity_id=str(year),
            before={key: old for key, (old, _) in members.items()},
            after={
                "factor_set": SERIES_FACTOR_SET,
                "grid_factor": vintage(session, year).factor_id,
                "rows": {key: new for key, (_, new) in members.items()},
            },
        )
    return {year: len(members) for year, members in sorted(changed.items())}
