"""The shapes of the accounting core (核算数据结构): lines in, results out, all frozen."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .errors import LineProblem
from .library import (
    Factor,
    FactorLibrary,
    FactorSet,
)

__all__ = [
    "ACTIVITIES",
    "ActivityLine",
    "Calculation",
    "CalculationContext",
    "LineResult",
    "Note",
]

ACTIVITIES = (
    "fuel_combustion",
    "purchased_electricity",
    "purchased_heat",
    "process",
    "non_co2",
)
SCOPES = {
    "fuel_combustion": 1,
    "process": 1,
    "non_co2": 1,
    "purchased_electricity": 2,
    "purchased_heat": 2,
}
CATEGORIES = {
    "fuel_combustion": ("fossil_fuel_combustion", "化石燃料燃烧"),
    "purchased_electricity": ("purchased_electricity", "净购入电力"),
    "purchased_heat": ("purchased_heat", "净购入热力"),
    "process": ("industrial_process", "工业生产过程"),
    "non_co2": ("non_co2_gas", "非二氧化碳温室气体"),
}
ELECTRICITY_TCE_BASES = {
    "equivalent": "equivalent",
    "当量值": "equivalent",
    "equal": "equal",
    "等价值": "equal",
}
GWP_ALIASES = {"AR2": "SAR", "SAR": "SAR", "AR4": "AR4", "AR5": "AR5", "AR6": "AR6"}


@dataclass(frozen=True, slots=True)
class Note:
    """A remark on a result in both languages (说明)."""

    zh: str
    en: str

    def as_dict(self) -> dict[str, str]:
        """``{"zh": ..., "en": ...}``."""
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True, slots=True)
class ActivityLine:
    """One line of activity data (活动数据) to account for.

    ``quantity`` in ``unit`` (any spelling the unit registry knows). Optional measured values
    supplied by the enterprise override the defaults of this line only: ``ncv`` in ``ncv_unit``
    (default: the fuel's table unit, GJ/t or GJ/10^4 Nm3), ``carbon_content`` in tC/TJ,
    ``oxidation_rate`` as a fraction. Electricity may carry ``green_certificates`` in
    ``green_certificates_unit`` (default MWh).
    """

    id: str
    activity: str
    quantity: float
    unit: str
    fuel: str | None = None
    material: str | None = None
    gas: str | None = None
    ncv: float | None = None
    ncv_unit: str | None = None
    carbon_content: float | None = None
    oxidation_rate: float | None = None
    green_certificates: float | None = None
    green_certificates_unit: str = "MWh"


@dataclass(frozen=True, slots=True)
class CalculationContext:
    """What a calculation is for: year, region, factor set, GWP basis, tce basis (核算口径).

    ``year`` picks the grid factor of that year or the latest published before it (for
    ``cn-ets-reporting`` it is the reporting year). ``electricity_tce_basis`` is
    ``"equivalent"`` (当量值 0.1229 kgce/kWh, the default) or ``"equal"`` (等价值: the year's
    coal per kWh supplied, or ``electricity_equal_value_kgce_per_kwh`` when given).
    """

    year: int
    region: str
    factor_set: str = "cn-default"
    gwp: str = "AR5"
    electricity_tce_basis: str = "equivalent"
    electricity_equal_value_kgce_per_kwh: float | None = None


@dataclass(frozen=True, slots=True)
class LineResult:
    """The result of one activity line with the factors that made it (核算结果行)."""

    id: str
    activity: str
    category: str
    category_zh: str
    method: str
    scope: int
    gas: str
    quantity: float
    unit: str
    tco2e: float
    tce: float
    factors: tuple[Factor, ...]
    notes: tuple[Note, ...] = ()
    overridden: tuple[str, ...] = ()
    tco2e_market: float | None = None
    code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of a line in :func:`calculate_document`'s answer."""
        out: dict[str, Any] = {
            "id": self.id,
            "activity": self.activity,
            "tco2e": self.tco2e,
            "tce": self.tce,
            "scope": self.scope,
            "gas": self.gas,
            "category": self.category,
            "category_zh": self.category_zh,
            "method": self.method,
            "quantity": self.quantity,
            "unit": self.unit,
            "factors": [factor.as_dict() for factor in self.factors],
            "overridden": list(self.overridden),
            "notes": [note.as_dict() for note in self.notes],
        }
        if self.code is not None:
            key = {"fuel_combustion": "fuel", "process": "material"}.get(self.activity)
            if key:
                out[key] = self.code
        if self.activity == "purchased_electricity":
            out["tco2e_market"] = self.tco2e_market
        return out


@dataclass(frozen=True)
class Calculation:
    """A whole calculation: every line, totals by scope, and what it was computed with (核算)."""

    lines: tuple[LineResult, ...]
    year: int
    region: str
    factor_set: str
    factor_set_version: str
    gwp: str
    electricity_tce_basis: str
    notes: tuple[Note, ...] = ()
    scope1_tco2e: float = field(init=False)
    scope2_tco2e: float = field(init=False)
    scope2_market_tco2e: float | None = field(init=False)
    total_tco2e: float = field(init=False)
    energy_tce: float = field(init=False)

    def __post_init__(self) -> None:
        scope1 = math.fsum(line.tco2e for line in self.lines if line.scope == 1)
        scope2 = math.fsum(line.tco2e for line in self.lines if line.scope == 2)
        market_parts = [
            line.tco2e_market if line.activity == "purchased_electricity" else line.tco2e
            for line in self.lines
            if line.scope == 2
        ]
        market = (
            None
            if any(part is None for part in market_parts)
            else math.fsum(part for part in market_parts if part is not None)
        )
        object.__setattr__(self, "scope1_tco2e", scope1)
        object.__setattr__(self, "scope2_tco2e", scope2)
        object.__setattr__(self, "scope2_market_tco2e", market)
        object.__setattr__(self, "total_tco2e", math.fsum(line.tco2e for line in self.lines))
        object.__setattr__(self, "energy_tce", math.fsum(line.tce for line in self.lines))

    def by_gas(self) -> dict[str, float]:
        """tCO2e by gas, location-based."""
        totals: dict[str, list[float]] = {}
        for line in self.lines:
            totals.setdefault(line.gas, []).append(line.tco2e)
        return {gas: math.fsum(values) for gas, values in totals.items()}

    def as_dict(self) -> dict[str, Any]:
        """The JSON answer of :func:`calculate_document` (floats, nothing rounded)."""
        return {
            "total_tco2e": self.total_tco2e,
            "scope1_tco2e": self.scope1_tco2e,
            "scope2_tco2e": self.scope2_tco2e,
            "scope2_market_tco2e": self.scope2_market_tco2e,
            "energy_tce": self.energy_tce,
            "by_gas_tco2e": self.by_gas(),
            "factor_set": self.factor_set,
            "factor_set_version": self.factor_set_version,
            "gwp": self.gwp,
            "year": self.year,
            "region": self.region,
            "electricity_tce_basis": self.electricity_tce_basis,
            "notes": [note.as_dict() for note in self.notes],
            "lines": [line.as_dict() for line in self.lines],
        }


class LineFailure(Exception):
    def __init__(self, problems: list[LineProblem]) -> None:
        super().__init__(problems[0].message_en)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class ResolvedContext:
    library: FactorLibrary
    year: int
    region: str
    factor_set: FactorSet
    gwp: str
    tce_basis: str
    equal_value: float | None


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
