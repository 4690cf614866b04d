"""Kaya scenario projection (卡亚恒等式情景预测) and its Monte Carlo uncertainty (蒙特卡洛不确定性).

Pure: no database, no web; numpy only. The Kaya identity (卡亚恒等式)

    C = P × (G/P) × (E/G) × (C/E)

population (人口, 10^4 persons) × GDP per capita (人均GDP, 10^4 CNY/person) × energy intensity
(能耗强度, tce/10^4 CNY) × carbon intensity of energy (能源碳强度, tCO2/tce). With these units
P × (G/P) is GDP in 10^8 CNY, E = P × (G/P) × (E/G) is energy in 10^4 tce and C is CO2 in
10^4 t.

A :class:`Scenario` gives each factor an annual growth rate (年均增速) per period, normally the
five-year plan periods (2021, 2025), (2026, 2030), … (2056, 2060). Every year t after the base
year follows ``factor_t = factor_{t−1} × (1 + rate of the period containing t)``; computed as
``base × cumprod(1 + rate)`` so that the deterministic projection and each Monte Carlo draw use
the very same arithmetic (spread 0 reproduces the projection bit for bit).

The peak (达峰) is the first maximum of C_t over the projected years, base year included —
unless that maximum is the horizon's last year: a path still rising at the horizon has not
peaked (未在预测期内达峰), and its peak year and value are ``None``, never the horizon. The Monte
Carlo counts such draws as not peaked: P(peaked by any year) then stays below 1.

``history`` (观测历史) gives the observed emissions of the consecutive years just before the
base year (the base year itself is observed: it is the base). The peak is then the first
maximum over history and projection together: an observed year is the peak only when the
observations put it above every later observed and projected year.

The three scenarios :data:`BASELINE`, :data:`POLICY` and :data:`ENHANCED` and the carbon intensity
of :func:`jiaxing_base_2020` are **illustrative assumptions for the demo** (演示用假设), not
Jiaxing's official scenarios; see ``docs/peak.md``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

FACTORS: tuple[str, str, str, str] = (
    "population",
    "gdp_per_capita",
    "energy_intensity",
    "carbon_intensity",
)
"""The four Kaya factors, in the order of :class:`KayaBase` and :class:`FactorRates`."""

PERCENTILES: tuple[int, int, int] = (5, 50, 95)

FloatArray = npt.NDArray[np.float64]


class KayaInputError(ValueError):
    """Input that cannot be projected (情景输入无效), with a Chinese and an English message."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(frozen=True)
class KayaBase:
    """The base year's four factors (基准年)."""

    year: int
    population: float = field(metadata={"unit": "10^4 persons", "zh": "常住人口(万人)"})
    gdp_per_capita: float = field(metadata={"unit": "10^4 CNY/person", "zh": "人均GDP(万元/人)"})
    energy_intensity: float = field(
        metadata={"unit": "tce/10^4 CNY", "zh": "能耗强度(吨标准煤/万元)"}
    )
    carbon_intensity: float = field(
        metadata={"unit": "tCO2/tce", "zh": "能源碳强度(吨二氧化碳/吨标准煤)"}
    )

    def __post_init__(self) -> None:
        for name in FACTORS:
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise KayaInputError(
                    f"基准年因素 {name} 必须是有限正数,收到 {value!r}。",
                    f"Base factor {name} must be a finite positive number, got {value!r}.",
                )

    @property
    def gdp(self) -> float:
        """GDP (地区生产总值) in 10^8 CNY."""
        return self.population * self.gdp_per_capita

    @property
    def energy(self) -> float:
        """Energy consumption (能源消费量) in 10^4 tce."""
        return self.gdp * self.energy_intensity

    @property
    def emissions(self) -> float:
        """CO2 emissions (二氧化碳排放量) in 10^4 t."""
        return self.energy * self.carbon_intensity


@dataclass(frozen=True)
class FactorRates:
    """Annual growth rates (年均增速) of the four factors in one period; −0.035 = −3.5 %/yr."""

    population: float
    gdp_per_capita: float
    energy_intensity: float
    carbon_intensity: float

    def __post_init__(self) -> None:
        for name in FACTORS:
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= -1:
                raise KayaInputError(
                    f"增速 {name} 必须是大于 −1 的有限数(−1 即下降100%),收到 {value!r}。",
                    f"Rate {name} must be a finite number above −1 (−1 is a 100 % fall), "
                    f"got {value!r}.",
                )

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.population, self.gdp_per_capita, self.energy_intensity, self.carbon_intensity)


Period = tuple[int, int]


@dataclass(frozen=True)
class Scenario:
    """A named set of growth rates per period (情景): ``{(2021, 2025): FactorRates(...), …}``."""

    name: str
    name_zh: str
    rates: Mapping[Period, FactorRates]

    def __post_init__(self) -> None:
        periods = sorted(self.rates)
        if not periods:
            raise KayaInputError(
                f"情景 {self.name} 没有任何时期的增速。",
                f"Scenario {self.name} has no period rates.",
            )
        for first, last in periods:
            if first > last:
                raise KayaInputError(
                    f"时期 ({first}, {last}) 的起始年晚于结束年。",
                    f"Period ({first}, {last}) starts after it ends.",
                )
            if not isinstance(self.rates[(first, last)], FactorRates):
                raise KayaInputError(
                    f"时期 ({first}, {last}) 的增速必须是 FactorRates。",
                    f"The rates of period ({first}, {last}) must be FactorRates.",
                )
        for (a_first, a_last), (b_first, b_last) in itertools.pairwise(periods):
            if b_first <= a_last:
                raise KayaInputError(
                    f"时期 ({a_first}, {a_last}) 与 ({b_first}, {b_last}) 重叠。",
                    f"Periods ({a_first}, {a_last}) and ({b_first}, {b_last}) overlap.",
                )
        object.__setattr__(self, "rates", MappingProxyType(dict(sorted(self.rates.items()))))

    def period_of(self, year: int) -> Period:
        """The period containing ``year``; refuses a year no period covers."""
        for first, last in self.rates:
            if first <= year <= last:
                return (first, last)
        raise KayaInputError(
            f"情景 {self.name} 没有覆盖 {year} 年的时期。",
            f"Scenario {self.name} has no period covering the year {year}.",
        )


@dataclass(frozen=True)
class Projection:
    """A deterministic projection (情景预测结果) from the base year to ``until``, one value a year.

    Units: population 10^4 persons, gdp_per_capita 10^4 CNY/person, energy_intensity
    tce/10^4 CNY, carbon_intensity tCO2/tce, gdp 10^8 CNY, energy 10^4 tce, emissions 10^4 tCO2.
    """

    scenario: str
    years: tuple[int, ...]
    population: tuple[float, ...]
    gdp_per_capita: tuple[float, ...]
    energy_intensity: tuple[float, ...]
    carbon_intensity: tuple[float, ...]
    gdp: tuple[float, ...]
    energy: tuple[float, ...]
    emissions: tuple[float, ...]
    peak_year: int | None
    """The first maximum's year (an observed year of ``history`` included), or ``None`` when
    the path is still rising at the horizon."""
    peak_value: float | None
    history: tuple[tuple[int, float], ...] = ()
    """Observed (year, emissions) before the base year that the peak was sought over too."""

    def _index(self, year: int) -> int:
        if not self.years[0] <= year <= self.years[-1]:
            raise KayaInputError(
                f"{year} 年不在预测区间 {self.years[0]}–{self.years[-1]} 内。",
                f"{year} is outside the projection {self.years[0]}–{self.years[-1]}.",
            )
        return year - self.years[0]

    def value(self, year: int) -> float:
        """Emissions (排放量) of ``year`` in 10^4 tCO2."""
        return self.emissions[self._index(year)]

    def energy_in(self, year: int) -> float:
        """Energy consumption (能源消费量) of ``year`` in 10^4 tce."""
        return self.energy[self._index(year)]


@dataclass(frozen=True)
class PeakDistribution:
    """Monte Carlo distribution of the peak (达峰年份与峰值的概率分布).

    ``cumulative`` maps each year Y to P(peak year ≤ Y) (到该年已达峰的概率);
    ``peak_year_probability`` maps Y to P(peak year = Y); ``not_peaked`` is the share of draws
    still rising at the horizon (未在预测期内达峰). Percentiles are 5/50/95: a peak-year
    percentile that falls among the unpeaked draws is ``None``; the peak-value percentiles are
    of the draws that peaked (``None`` if none did).
    """

    scenario: str
    n: int
    seed: int | None
    years: tuple[int, ...]
    cumulative: Mapping[int, float]
    peak_year_probability: Mapping[int, float]
    peak_year_percentiles: Mapping[int, int | None]
    peak_value_percentiles: Mapping[int, float | None]
    not_peaked: float = 0.0

    def probability_peaked_by(self, year: int) -> float:
        """P(peak year ≤ ``year``); 0 before the base year; after the horizon, the share of
        draws that peaked within it (a draw still rising at the horizon never counts)."""
        if year < self.years[0]:
            return 0.0
        return self.cumulative[min(year, self.years[-1])]


def _timeline(base: KayaBase, scenario: Scenario, until: int) -> tuple[list[int], list[int]]:
    """Projected years and, for each year after the base, the index of its period."""
    if isinstance(until, bool) or not isinstance(until, int) or until <= base.year:
        raise KayaInputError(
            f"预测终止年 {until!r} 必须晚于基准年 {base.year}。",
            f"The last projected year {until!r} must come after the base year {base.year}.",
        )
    periods = list(scenario.rates)
    index = [periods.index(scenario.period_of(year)) for year in range(base.year + 1, until + 1)]
    return list(range(base.year, until + 1)), index


History = Sequence[tuple[int, float]]
"""Observed (year, emissions in 10^4 tCO2) of the consecutive years before the base year."""


def _history(base: KayaBase, history: History) -> tuple[list[int], FloatArray]:
    """The observed years and values; refused unless consecutive, ending the year before the
    base year, with finite positive values."""
    years = [int(y) for y, _ in history]
    if years != list(range(base.year - len(years), base.year)):
        raise KayaInputError(
            f"观测历史的年份须连续并止于基准年前一年({base.year - 1}),收到 {years}。",
            f"Observed years must be consecutive and end the year before the base year "
            f"({base.year - 1}), got {years}.",
        )
    values = np.array([float(v) for _, v in history], dtype=np.float64)
    if not np.all(np.isfinite(values) & (values > 0)):
        raise KayaInputError(
            "观测排放须是有限正数。", "Observed emissions must be finite positive numbers."
        )
    return years, values


def _paths(base: KayaBase, multipliers: FloatArray) -> tuple[FloatArray, ...]:
    """Factor paths from yearly multipliers (1 + rate) of shape (n, years − 1, 4).

    Returns four factor arrays of shape (n, years), base year first, then GDP, energy and
    emissions of the same shape.
    """
    n = multipliers.shape[0]
    factors: list[FloatArray] = []
    for k, name in enumerate(FACTORS):
        series = np.empty((n, multipliers.shape[1] + 1))
        series[:, 0] = getattr(base, name)
        series[:, 1:] = getattr(base, name) * np.cumprod(multipliers[:, :, k], axis=1)
        factors.append(series)
    gdp = factors[0] * factors[1]
    energy = gdp * factors[2]
    emissions = energy * factors[3]
    return (*factors, gdp, energy, emissions)


def _scenario_rates(scenario: Scenario) -> FloatArray:
    """Rates of shape (periods, 4) in period order."""
    return np.array([rates.as_tuple() for rates in scenario.rates.values()], dtype=np.float64)


def project(
    base: KayaBase, scenario: Scenario, *, until: int = 2060, history: History = ()
) -> Projection:
    """Project the four factors, energy and emissions from ``base.year`` to ``until``; the
    peak is sought over the observed ``history`` and the projection together."""
    years, index = _timeline(base, scenario, until)
    past_years, past = _history(base, history)
    multipliers = 1.0 + _scenario_rates(scenario)[index][np.newaxis, :, :]
    population, per_capita, intensity, carbon, gdp, energy, emissions = (
        tuple(float(x) for x in series[0]) for series in _paths(base, multipliers)
    )
    path = np.concatenate([past, np.asarray(emissions)])
    every_year = past_years + years
    peak = int(np.argmax(path))
    peaked = peak < len(path) - 1
    return Projection(
        scenario=scenario.name,
        years=tuple(years),
        population=population,
        gdp_per_capita=per_capita,
        energy_intensity=intensity,
        carbon_intensity=carbon,
        gdp=gdp,
        energy=energy,
        emissions=emissions,
        peak_year=every_year[peak] if peaked else None,
        peak_value=float(path[peak]) if peaked else None,
        history=tuple((y, float(v)) for y, v in zip(past_years, past, strict=True)),
    )


def _spread_vector(spread: Mapping[str, float]) -> FloatArray:
    unknown = sorted(set(spread) - set(FACTORS))
    if unknown:
        raise KayaInputError(
            f"未知的因素:{', '.join(unknown)};可用:{', '.join(FACTORS)}。",
            f"Unknown factors: {', '.join(unknown)}; known: {', '.join(FACTORS)}.",
        )
    values = []
    for name in FACTORS:
        value = spread.get(name, 0.0)
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise KayaInputError(
                f"因素 {name} 的标准差必须是非负有限数,收到 {value!r}。",
                f"The standard deviation of {name} must be finite and non-negative, got {value!r}.",
            )
        values.append(float(value))
    return np.array(values, dtype=np.float64)


def peak_probabilities(
    base: KayaBase,
    scenario: Scenario,
    *,
    spread: Mapping[str, float],
    n: int = 10_000,
    seed: int | None = None,
    until: int = 2060,
    history: History = (),
) -> PeakDistribution:
    """Monte Carlo over the growth rates: the probability of peaking by each year.

    Each draw takes, for every period and factor, one annual rate from a normal distribution
    around the scenario's rate with standard deviation ``spread[factor]`` (missing factors: 0),
    held for the whole period. A drawn rate at or below −1 would make a factor non-positive; it
    is floored at −0.999999 (with any sensible spread, a draw of −100 %/yr never occurs).
    Vectorised: arrays of shape (n, years); ``numpy.random.default_rng(seed)``. With an
    observed ``history`` each draw's peak is sought over the history and the draw together, so
    its years start at the first observed year and an observed year gets a probability only
    where the observations stand above the draw.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise KayaInputError(
            f"抽样次数 n 必须是正整数,收到 {n!r}。",
            f"The number of draws n must be a positive integer, got {n!r}.",
        )
    sd = _spread_vector(spread)
    projected, index = _timeline(base, scenario, until)
    past_years, past = _history(base, history)
    years = past_years + projected
    mean = _scenario_rates(scenario)  # (periods, 4)
    rng = np.random.default_rng(seed)
    drawn = mean[np.newaxis] + sd * rng.standard_normal((n, *mean.shape))
    drawn[:, :, sd == 0] = mean[:, sd == 0]  # exactly the scenario's rate where spread is 0
    multipliers = np.maximum(1.0 + drawn[:, index, :], 1e-6)  # (n, years − 1, 4)
    emissions = np.concatenate(
        [np.broadcast_to(past, (n, past.size)), _paths(base, multipliers)[-1]], axis=1
    )
    peak_index = np.argmax(emissions, axis=1)  # first maximum of each draw
    last = len(years) - 1
    peaked = peak_index < last  # a maximum at the horizon is a path still rising
    peak_value = emissions[np.arange(n), peak_index][peaked]
    counts = np.bincount(peak_index[peaked], minlength=len(years))
    cumulative = np.cumsum(counts) / n
    beyond = years[-1] + 1  # the unpeaked draws sort after every projected year
    peak_years = np.where(peaked, np.asarray(years)[peak_index], beyond)
    return PeakDistribution(
        scenario=scenario.name,
        n=n,
        seed=seed,
        years=tuple(years),
        cumulative=MappingProxyType(
            {year: float(p) for year, p in zip(years, cumulative, strict=True)}
        ),
        peak_year_probability=MappingProxyType(
            {year: float(c) / n for year, c in zip(years, counts, strict=True) if c}
        ),
        peak_year_percentiles=MappingProxyType(
            {q: _year_or_none(peak_years, q, beyond) for q in PERCENTILES}
        ),
        peak_value_percentiles=MappingProxyType(
            {
                q: float(np.percentile(peak_value, q)) if peak_value.size else None
                for q in PERCENTILES
            }
        ),
        not_peaked=float(np.count_nonzero(~peaked)) / n,
    )


def _year_or_none(peak_years: npt.NDArray[np.int64], q: int, beyond: int) -> int | None:
    """The ``q``-th percentile of the peak years; ``None`` where it falls among unpeaked draws."""
    year = int(np.percentile(peak_years, q, method="inverted_cdf"))
    return None if year == beyond else year


# ---------------------------------------------------------------------------------------------
# Jiaxing: the 2020 base and three ILLUSTRATIVE scenarios (演示用示例情景, not official).
# ---------------------------------------------------------------------------------------------

JIAXING_ENERGY_2020 = 2181.0
"""Energy consumption 2020, 10^4 tce: the plan, §1.(1).2 (2020年全市能源消费量2181万吨标准煤)."""
JIAXING_ENERGY_INTENSITY_2020 = 0.427
"""Energy intensity 2020, tce/10^4 CNY at 2015 prices: the plan, §1.(1)."""
JIAXING_POPULATION_2020 = 540.0868
"""Resident population 2020-11-01, 10^4 persons: 5,400,868 (嘉兴市第七次全国人口普查公报)."""
JIAXING_CARBON_INTENSITY_2020 = 2.1
"""ASSUMPTION (假设), tCO2/tce: a coal-heavy mix; see docs/peak.md. Not a published figure."""


def jiaxing_base_2020() -> KayaBase:
    """Jiaxing's 2020 base: GDP (2015 prices) derived as energy / intensity = 5107.7 ×10^8 CNY."""
    gdp = JIAXING_ENERGY_2020 / JIAXING_ENERGY_INTENSITY_2020  # 10^8 CNY (2015 prices)
    return KayaBase(
        year=2020,
        population=JIAXING_POPULATION_2020,
        gdp_per_capita=gdp / JIAXING_POPULATION_2020,
        energy_intensity=JIAXING_ENERGY_INTENSITY_2020,
        carbon_intensity=JIAXING_CARBON_INTENSITY_2020,
    )


FIVE_YEAR_PERIODS: tuple[Period, ...] = tuple((y, y + 4) for y in range(2021, 2061, 5))
"""(2021, 2025), (2026, 2030), …, (2056, 2060): the 14th to the 21st five-year plan."""


def _scenario(
    name: str,
    name_zh: str,
    population: tuple[float, ...],
    gdp_per_capita: tuple[float, ...],
    energy_intensity: tuple[float, ...],
    carbon_intensity: tuple[float, ...],
) -> Scenario:
    rows = zip(population, gdp_per_capita, energy_intensity, carbon_intensity, strict=True)
    return Scenario(
        name=name,
        name_zh=name_zh,
        rates={
            period: FactorRates(p / 100, g / 100, e / 100, c / 100)
            for period, (p, g, e, c) in zip(FIVE_YEAR_PERIODS, rows, strict=True)
        },
    )


# Rates in %/yr per five-year period, 2021–25 … 2056–60. Population and GDP per capita are shared.
_POPULATION = (1.5, 0.8, 0.4, 0.0, -0.2, -0.3, -0.4, -0.5)
_GDP_PER_CAPITA = (5.0, 4.5, 3.8, 3.2, 2.8, 2.4, 2.0, 1.8)

BASELINE = _scenario(
    "baseline",
    "基准情景",
    _POPULATION,
    _GDP_PER_CAPITA,
    (-2.5, -2.5, -2.6, -2.6, -2.4, -2.2, -2.0, -2.0),
    (-0.5, -1.0, -1.0, -2.0, -3.0, -4.0, -5.0, -6.0),
)
"""Illustrative (示例): trends continue; emissions peak at the end of 2031–35."""

POLICY = _scenario(
    "policy",
    "政策情景",
    _POPULATION,
    _GDP_PER_CAPITA,
    (-3.2, -3.2, -3.0, -2.8, -2.6, -2.4, -2.2, -2.0),
    (-1.0, -1.8, -3.0, -4.0, -5.0, -6.0, -7.0, -8.0),
)
"""Illustrative (示例): the plan's dual-control path; emissions peak around 2030."""

ENHANCED = _scenario(
    "enhanced",
    "强化情景",
    _POPULATION,
    _GDP_PER_CAPITA,
    (-3.6, -3.6, -3.4, -3.2, -3.0, -2.8, -2.6, -2.4),
    (-2.5, -3.5, -4.5, -5.5, -6.5, -7.5, -8.5, -9.5),
)
"""Illustrative (示例): faster efficiency and clean energy; emissions peak around 2025."""

SCENARIOS: Mapping[str, Scenario] = MappingProxyType(
    {s.name: s for s in (BASELINE, POLICY, ENHANCED)}
)
