"""Monthly activity (月度活动数据): each entity's line templates, annual quantities and the
factors that turn them into months.

A template is one metered activity of an entity (electricity, gas, …) with its share of the
entity's energy; electricity and gas of large users are split over several meters. Months vary
by season, the first weeks of COVID-19 (2020), the city's growth and an entity's own drift.

The calendar ends at the demo clock's last complete month (:mod:`.clock`): the months after it
do not exist, and the last year's months may be fewer than twelve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from shuangtan.accounting import calculate_batch
from shuangtan.demodata.calibration import growth_factor
from shuangtan.demodata.city import FloatArray, IntArray
from shuangtan.demodata.entities import Population
from shuangtan.demodata.profiles import (
    CH4,
    COAL,
    COAL_LIKE,
    COAL_TREND,
    ELEC,
    GAS,
    GAS_TREND,
    ITEMS,
    LIMESTONE,
    LNG,
    MIX,
    MIX_KIND,
    MIX_OTHER,
    N2O,
    SEASON,
)

__all__ = [
    "Calendar",
    "Templates",
    "annual_quantities",
    "item_trends",
    "line_templates",
    "month_factors",
]


@dataclass(frozen=True)
class Templates:
    """Line templates (one per metered activity): entity index, item, share per year.

    A positive share is of the entity's energy (tce); a negative one is a quantity per tce of
    energy (limestone, CH4, N2O).
    """

    entity: IntArray
    item: IntArray
    share: FloatArray


@dataclass(frozen=True)
class Calendar:
    """The months generated, in order: the ``years``' months up to ``last`` (the last month)."""

    years: tuple[int, ...]
    months: list[tuple[int, int]]
    month_year: IntArray
    month_no: IntArray

    @classmethod
    def of(cls, years: tuple[int, ...], last: tuple[int, int] | None = None) -> Calendar:
        """The months of ``years``; with ``last``, none after it (T = 12 × years without)."""
        months = [(y, m) for y in years for m in range(1, 13) if last is None or (y, m) <= last]
        month_year = np.array([y for y, _ in months])
        month_no = np.array([m for _, m in months])
        return cls(years=years, months=months, month_year=month_year, month_no=month_no)

    @property
    def count(self) -> int:
        return len(self.months)

    @property
    def back(self) -> IntArray:
        """Each month's distance in months before the last month generated (0 for the last)."""
        back: IntArray = np.arange(self.count - 1, -1, -1, dtype=np.int64)
        return back


def line_templates(rng: np.random.Generator, population: Population, meters: int) -> Templates:
    """Every entity's templates, then (``meters`` > 1) each split over sub-meters (分表计量)."""
    t_entity: list[int] = []
    t_item: list[int] = []
    t_share: list[float] = []
    for i in range(len(population.kinds)):
        for item, share in _energy_templates(rng, population, i):
            t_entity.append(i)
            t_item.append(item)
            t_share.append(share)
        for item, share in _other_templates(population, i):
            t_entity.append(i)
            t_item.append(item)
            t_share.append(share)
    te = np.array(t_entity, dtype=np.int64)
    ti = np.array(t_item, dtype=np.int64)
    ts = np.array(t_share)
    if meters > 1:
        split = rng.dirichlet(np.full(meters, 4.0), len(ts)).reshape(-1)
        te, ti, ts = np.repeat(te, meters), np.repeat(ti, meters), np.repeat(ts, meters) * split
    return Templates(entity=te, item=ti, share=ts)


def _energy_templates(
    rng: np.random.Generator, population: Population, i: int
) -> list[tuple[int, float]]:
    """Entity ``i``'s energy items and shares: its mix, varied, with meters for large users."""
    kind, industry = population.kinds[i], population.industries[i]
    energy = population.base_energy[i]
    mix = dict(MIX.get(industry or "", MIX_OTHER) if kind == "industrial" else MIX_KIND[kind])
    coal_optional = kind == "industrial" and i != 0 and industry in ("C28", "C26")
    if coal_optional and COAL in mix and rng.random() < 0.6:  # coal for a few only
        mix[ELEC] += mix.pop(COAL)
    shares = np.array(list(mix.values())) * rng.lognormal(0, 0.25, len(mix))
    shares /= shares.sum()
    templates: list[tuple[int, float]] = []
    for item, share in zip(list(mix), shares, strict=True):
        count = 1  # meters of this item
        if item == ELEC:
            count = 1 + int(energy > 3000) + int(energy > 20000)
        elif item == GAS and energy > 10000:
            count = 2
        split = rng.dirichlet(np.full(count, 4.0))
        templates += [(item, float(share * part)) for part in split]
    return templates


def _other_templates(population: Population, i: int) -> list[tuple[int, float]]:
    """Entity ``i``'s process and non-CO2 items, as quantities per tce of its energy."""
    industry, energy = population.industries[i], population.base_energy[i]
    livestock, sown = population.livestock[i], population.sown[i]
    templates: list[tuple[int, float]] = []
    if industry in ("C30", "C31"):  # limestone: t per tce of energy
        templates.append((LIMESTONE, -(1.2 if industry == "C30" else 0.15)))
    if livestock > 0:  # CH4 of enteric fermentation and manure, t/head/yr (assumed)
        templates.append((CH4, -0.004 * livestock / energy))
    if sown > 0:  # N2O from fertiliser, t/mu/yr (assumed)
        templates.append((N2O, -0.00012 * sown / energy))
        templates.append((CH4, -0.012 * sown / energy))  # paddy rice CH4, t/mu/yr (assumed)
    return templates


def annual_quantities(templates: Templates, base_energy: FloatArray) -> FloatArray:
    """Each template's quantity a year in its item's unit: energy lines through the core's tce
    per unit (2021, ``cn-default``), the others per tce of the entity's energy."""
    unit_tce = calculate_batch(
        [a for a, _, _ in ITEMS],
        [c for _, c, _ in ITEMS],
        np.ones(len(ITEMS)),
        region="CN-ZJ",
        year=2021,
    ).tce
    te, ti, ts = templates.entity, templates.item, templates.share
    energy_line = ts > 0
    quantity: FloatArray = np.where(
        energy_line,
        base_energy[te] * np.abs(ts) / np.where(unit_tce[ti] > 0, unit_tce[ti], 1.0),
        base_energy[te] * np.abs(ts),
    )
    return quantity


def month_factors(rng: np.random.Generator, kinds: Sequence[str], calendar: Calendar) -> FloatArray:
    """Month factors per entity (N × T): season × COVID × growth × own drift × noise."""
    n, t_count = len(kinds), calendar.count
    month_year, month_no, years = calendar.month_year, calendar.month_no, calendar.years
    by_kind = {k: np.array(v)[month_no - 1] / np.mean(v) for k, v in SEASON.items()}
    season = np.stack([by_kind[k] for k in kinds]) if kinds else np.ones((0, t_count))
    covid = np.ones(t_count)  # the first weeks of 2020: February and March low
    covid[(month_year == 2020) & (month_no == 2)] = 0.55
    covid[(month_year == 2020) & (month_no == 3)] = 0.9
    growth = np.array([growth_factor(int(y)) for y in month_year])
    drift = np.exp(np.cumsum(rng.normal(0, 0.03, (n, len(years))), axis=1))
    drift /= drift[:, :1]
    year_idx = month_year - years[0]
    factor: FloatArray = (
        season * covid * growth * drift[:, year_idx] * rng.lognormal(0, 0.04, (n, t_count))
    )
    return factor


def item_trends(calendar: Calendar) -> FloatArray:
    """Per item and month (items × T): coal down, gas up, farming flat against the city's
    growth; 1 for the rest."""
    month_year = calendar.month_year
    growth = np.array([growth_factor(int(y)) for y in month_year])
    coal_trend = np.array([COAL_TREND.get(y, COAL_TREND[max(COAL_TREND)]) for y in month_year])
    gas_trend = np.array([GAS_TREND.get(y, GAS_TREND[max(GAS_TREND)]) for y in month_year])
    trend = np.ones((len(ITEMS), calendar.count))
    for item in COAL_LIKE:
        trend[item] = coal_trend
    trend[GAS] = gas_trend
    trend[LNG] = gas_trend
    trend[CH4] = trend[N2O] = 1.0 / growth  # farming does not grow with industry
    return trend
