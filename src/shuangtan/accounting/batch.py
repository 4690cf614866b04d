"""The batch path (批量核算): a whole city's year of activity lines, vectorised with NumPy.

Columnar input: per line an activity code, a fuel/material/gas code, a quantity, and optionally a
unit, a region, a year and green certificates. Codes may be plain arrays of strings or
:class:`Categorical` (categories + integer codes, as a data frame keeps them), which skips the
factorisation. Every per-line parameter is looked up in small tables indexed by category, and the
formulas are the same functions of :mod:`shuangtan.accounting.methods` applied to whole arrays
in the same order as the line path, so both paths give the same floats.

Not in the batch path: measured per-line overrides (NCV, carbon content, oxidation rate): lines
that carry them go through :func:`~shuangtan.accounting.calculation.calculate`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from . import methods
from .activities import gas_code
from .errors import AccountingError, LineProblem
from .library import FactorLibrary, FactorSet, GridChoice, library
from .limits import MAX_QUANTITY, MAX_RESULT
from .model import ELECTRICITY_TCE_BASES, GWP_ALIASES, SCOPES
from .units import CANONICAL_UNITS, Dimension, UnitProblem, conversion_factor, dimension_of

__all__ = ["BatchResult", "Categorical", "calculate_batch"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_KINDS = ("fuel_combustion", "purchased_electricity", "purchased_heat", "process", "non_co2")
_FUEL, _ELECTRICITY, _HEAT, _PROCESS, _NON_CO2 = range(5)
#: canonical targets of quantities: index into this tuple
_TARGETS = (
    (Dimension.MASS, "t"),
    (Dimension.VOLUME, CANONICAL_UNITS[Dimension.VOLUME]),
    (Dimension.ENERGY, "MWh"),
    (Dimension.ENERGY, "GJ"),
)
_MAX_REPORTED = 20
_FEW_CATEGORIES = 24


@dataclass(frozen=True)
class Categorical:
    """Values stored as categories and integer codes (分类编码), like a data frame column."""

    categories: tuple[str, ...]
    codes: IntArray

    @classmethod
    def from_values(cls, values: Any) -> Categorical:
        """Factorise an array of strings, in order of first appearance.

        Few distinct values (the usual case: activity, unit, region columns) are found by one
        vectorised comparison per value; many by one dictionary pass. Both beat sorting.
        """
        array = np.asarray(values)
        if array.dtype.kind not in "UO":
            array = array.astype(str)
        array = array.reshape(-1)
        step = max(1, len(array) // 4096)
        seen = list(dict.fromkeys(str(v) for v in array[::step].tolist()))
        if len(seen) <= _FEW_CATEGORIES:
            codes = np.full(len(array), -1, dtype=np.intp)
            for index, category in enumerate(seen):
                codes[array == category] = index
            rest = codes < 0
            if rest.any():
                extra, extra_codes = np.unique(array[rest].astype(str), return_inverse=True)
                codes[rest] = extra_codes.reshape(-1) + len(seen)
                seen += [str(v) for v in extra]
            return cls(tuple(seen), codes)
        mapping: dict[str, int] = {}
        codes = np.fromiter(
            (mapping.setdefault(str(v), len(mapping)) for v in array.tolist()),
            dtype=np.intp,
            count=len(array),
        )
        return cls(tuple(mapping), codes)


@dataclass(frozen=True)
class BatchResult:
    """Per-line arrays and totals of a batch (批量核算结果).

    ``tco2e`` is location-based; ``tco2e_market`` equals ``tco2e`` except for electricity lines,
    where it is market-based (NaN when no residual factor exists for the year).
    """

    tco2e: FloatArray
    tco2e_market: FloatArray
    tce: FloatArray
    scope: npt.NDArray[np.int8]
    total_tco2e: float
    scope1_tco2e: float
    scope2_tco2e: float
    scope2_market_tco2e: float | None
    energy_tce: float
    factor_set: str
    factor_set_version: str
    gwp: str


def _categorical(values: Any, n: int, name: str) -> Categorical:
    if isinstance(values, Categorical):
        if len(values.codes) != n:
            raise _shape_error(name, n)
        return values
    if isinstance(values, str | int | np.integer):
        return Categorical((str(values),), np.zeros(n, dtype=np.intp))
    result = Categorical.from_values(values)
    if len(result.codes) != n:
        raise _shape_error(name, n)
    return result


def _shape_error(name: str, n: int) -> AccountingError:
    return AccountingError(
        "accounting.invalid_document",
        f"列 {name} 的长度须为 {n}",
        f"column '{name}' must have {n} values",
        pointer=f"/{name}",
    )


@dataclass(frozen=True)
class _ItemTables:
    valid: npt.NDArray[np.bool_]
    problem: list[list[LineProblem | None]]
    kind: npt.NDArray[np.int8]
    target: IntArray
    ncv: FloatArray
    carbon_content: FloatArray
    oxidation: FloatArray
    simple_factor: FloatArray
    tce_coefficient: FloatArray
    tce_from_coefficient: npt.NDArray[np.bool_]
    simple_tce: FloatArray


def _item_tables(
    activity: Categorical, code: Categorical, factor_set: FactorSet, gwp: str, lib: FactorLibrary
) -> _ItemTables:
    """Per (activity, code) pair: kind, canonical target and the factors of the formula."""
    shape = (len(activity.categories), len(code.categories))
    valid = np.zeros(shape, dtype=bool)
    problem: list[list[LineProblem | None]] = [[None] * shape[1] for _ in range(shape[0])]
    kind = np.zeros(shape, dtype=np.int8)
    target = np.zeros(shape, dtype=np.intp)
    ncv, cc, ox, simple, tce_coef, simple_tce = (np.zeros(shape) for _ in range(6))
    uses_coefficient = np.zeros(shape, dtype=bool)
    ipcc = factor_set.fuel_parameters == "ipcc-2006"
    heat = lib.heat[factor_set.heat_factor]
    for a, activity_name in enumerate(activity.categories):
        for c, code_name in enumerate(code.categories):

            def refuse(error_code: str, en: str, zh: str, a: int = a, c: int = c) -> None:
                problem[a][c] = LineProblem(error_code, zh, en)

            if activity_name not in _KINDS:
                refuse(
                    "accounting.unknown_activity",
                    f"unknown activity '{activity_name}'",
                    f"未知活动类型“{activity_name}”",
                )
                continue
            k = _KINDS.index(activity_name)
            kind[a, c] = k
            if k == _FUEL:
                fuel = lib.fuels.get(code_name)
                if fuel is None or fuel.ncv is None:
                    refuse(
                        "accounting.unknown_fuel",
                        f"unknown fuel '{code_name}'",
                        f"未知燃料“{code_name}”",
                    )
                    continue
                per = fuel.quantity_dimension
                target[a, c] = 0 if per is Dimension.MASS else 1
                ncv[a, c] = fuel.ncv.value
                if ipcc:
                    if fuel.ipcc_co2 is None:
                        refuse(
                            "accounting.no_factor",
                            f"IPCC 2006 has no default for {code_name}",
                            f"IPCC 2006 无“{code_name}”的缺省因子",
                        )
                        continue
                    cc[a, c] = fuel.ipcc_co2.value
                elif fuel.carbon_content is None or fuel.oxidation_rate is None:
                    refuse(
                        "accounting.measured_value_required",
                        f"{code_name} needs measured carbon content and oxidation rate "
                        "(use the line path)",
                        f"{fuel.name_zh}须提供实测含碳量和氧化率",
                    )
                    continue
                else:
                    cc[a, c] = fuel.carbon_content.value
                    ox[a, c] = fuel.oxidation_rate.value
                coefficient = fuel.standard_coal
                scale = {"kgce/kg": (Dimension.MASS, 1.0), "kgce/m3": (Dimension.VOLUME, 10.0)}.get(
                    coefficient.unit if coefficient else ""
                )
                if coefficient is not None and scale is not None and scale[0] is per:
                    uses_coefficient[a, c] = True
                    tce_coef[a, c] = coefficient.value * scale[1]
            elif k == _ELECTRICITY:
                target[a, c] = 2
            elif k == _HEAT:
                target[a, c] = 3
                simple[a, c] = heat.value
                simple_tce[a, c] = lib.heat_standard_coal.value
            elif k == _PROCESS:
                material = lib.materials.get(code_name)
                if material is None:
                    refuse(
                        "accounting.unknown_material",
                        f"unknown material '{code_name}'",
                        f"未知原料“{code_name}”",
                    )
                    continue
                simple[a, c] = material.factor.value
            else:
                gas = gas_code(code_name, lib)
                gwp_factor = lib.gwp.get((gwp, gas)) if gas else None
                if gwp_factor is None:
                    refuse(
                        "accounting.unknown_gas",
                        f"no {gwp} GWP for gas '{code_name}'",
                        f"{gwp} 无气体“{code_name}”的GWP",
                    )
                    continue
                simple[a, c] = gwp_factor.value
            valid[a, c] = True
    return _ItemTables(
        valid, problem, kind, target, ncv, cc, ox, simple, tce_coef, uses_coefficient, simple_tce
    )


def _unit_table(unit: Categorical) -> FloatArray:
    """Conversion factor of each unit category to each canonical target (NaN: wrong dimension)."""
    table = np.full((len(unit.categories), len(_TARGETS)), np.nan)
    for u, text in enumerate(unit.categories):
        try:
            dimension = dimension_of(text)
        except UnitProblem:
            continue
        for t, (target_dimension, target_unit) in enumerate(_TARGETS):
            if dimension is target_dimension:
                table[u, t] = conversion_factor(text, target_unit)
    return table


def _grid_choice(lib: FactorLibrary, family: str, region: str, year: int) -> GridChoice | None:
    """As the line path: national-only families fall back to CN; latest factor ≤ year."""
    if (family, region) not in lib.grid and family != "mee-nbs":
        region = "CN"
    return lib.grid_factor(family, region, year)


def _region_year_tables(
    region: Categorical,
    years: IntArray,
    factor_set: FactorSet,
    tce_basis: str,
    equal_override: float | None,
    lib: FactorLibrary,
) -> tuple[FloatArray, FloatArray, FloatArray, int, list[str | None]]:
    """Grid, residual and electricity-tce factors per (region category, year − first year)."""
    first, last = (int(years.min()), int(years.max())) if len(years) else (0, 0)
    span = last - first + 1
    grid = np.full((len(region.categories), span), np.nan)
    residual = np.full((len(region.categories), span), np.nan)
    elec_tce = np.full(span, np.nan)
    resolved = [lib.resolve_region(text) for text in region.categories]
    for y in range(span):
        year = first + y
        if tce_basis == "equivalent":
            elec_tce[y] = lib.electricity_equivalent.value
        elif equal_override is not None:
            elec_tce[y] = equal_override
        else:
            choice = lib.equal_value(year)
            elec_tce[y] = choice.factor.value if choice else np.nan
        for r, code in enumerate(resolved):
            if code is None:
                continue
            location = _grid_choice(lib, factor_set.electricity_family, code, year)
            market = _grid_choice(lib, factor_set.residual_family, code, year)
            grid[r, y] = location.factor.value if location else np.nan
            residual[r, y] = market.factor.value if market else np.nan
    return grid, residual, elec_tce, first, resolved


def _as_float(values: Any, n: int, name: str) -> FloatArray:
    array = np.asarray(values)
    if array.dtype == np.bool_ or not np.issubdtype(array.dtype, np.number):
        raise AccountingError(
            "accounting.invalid_quantity",
            f"列 {name} 须为数值",
            f"column '{name}' must be numeric (not boolean)",
            pointer=f"/{name}",
        )
    array = array.astype(np.float64, copy=False).reshape(-1)
    if len(array) != n:
        raise _shape_error(name, n)
    return array


def _rows_problems(
    mask: npt.NDArray[np.bool_], code: str, zh: str, en: str, field: str
) -> list[LineProblem]:
    rows = np.flatnonzero(mask)
    out = [
        LineProblem(code, f"第{row}行：{zh}", f"row {row}: {en}", str(row), f"/lines/{row}/{field}")
        for row in rows[:_MAX_REPORTED]
    ]
    if len(rows) > _MAX_REPORTED:
        out.append(
            LineProblem(
                code,
                f"另有{len(rows) - _MAX_REPORTED}行同样错误",
                f"{len(rows) - _MAX_REPORTED} more rows with the same problem",
            )
        )
    return out


def calculate_batch(
    activity: Any,
    code: Any,
    quantity: Any,
    *,
    region: Any,
    year: Any,
    unit: Any = None,
    certificates_mwh: Any = None,
    factor_set: str = "cn-default",
    gwp: str = "AR5",
    electricity_tce_basis: str = "equivalent",
    electricity_equal_value_kgce_per_kwh: float | None = None,
) -> BatchResult:
    """Account for many lines at once; the same numbers as the line path.

    ``activity``, ``code`` (fuel, material or gas; anything for electricity and heat),
    ``unit`` and ``region``: arrays of strings, a :class:`Categorical`, or one value for all.
    ``quantity``: floats; with ``unit=None`` already in the canonical unit of the line (fuels: t
    or 10^4 Nm3 as their NCV; electricity MWh; heat GJ; process and gases t). ``year``: ints or
    one int. ``certificates_mwh``: green certificates per line (electricity only).
    Raises :class:`AccountingError` listing the first rows of every kind of problem.
    """
    lib = library()
    quantities = _as_float(quantity, int(np.size(quantity)), "quantity")
    n = len(quantities)
    fs = lib.factor_sets.get(factor_set)
    gwp_code = GWP_ALIASES.get(gwp.upper())
    basis = ELECTRICITY_TCE_BASES.get(electricity_tce_basis)
    if fs is None or gwp_code is None or basis is None:
        raise AccountingError(
            "accounting.invalid_option"
            if fs and gwp_code
            else "accounting.unknown_factor_set"
            if fs is None
            else "accounting.unknown_gwp",
            "因子集、GWP 或折标口径无效",
            f"unknown factor set '{factor_set}', gwp '{gwp}' or "
            f"electricity_tce_basis '{electricity_tce_basis}'",
        )
    activities = _categorical(activity, n, "activity")
    codes = _categorical(code, n, "code")
    units = _categorical(unit, n, "unit") if unit is not None else None
    regions = _categorical(region, n, "region")
    years = (
        np.full(n, int(year), dtype=np.intp)
        if isinstance(year, int | np.integer)
        else np.asarray(year).astype(np.intp).reshape(-1)
    )
    if len(years) != n:
        raise _shape_error("year", n)

    items = _item_tables(activities, codes, fs, gwp_code, lib)
    a_idx, c_idx = activities.codes, codes.codes
    problems: list[LineProblem] = []
    bad_item = ~items.valid[a_idx, c_idx]
    if bad_item.any():
        for a, c in {
            (int(a), int(c)) for a, c in zip(a_idx[bad_item], c_idx[bad_item], strict=True)
        }:
            p = items.problem[a][c]
            assert p is not None
            problems += _rows_problems(
                bad_item & (a_idx == a) & (c_idx == c), p.code, p.message_zh, p.message_en, "code"
            )
    bad_quantity = ~np.isfinite(quantities) | (quantities < 0) | (quantities >= MAX_QUANTITY)
    if bad_quantity.any():
        problems += _rows_problems(
            bad_quantity,
            "accounting.invalid_quantity",
            "数量须为小于 10^14 的非负有限数",
            "quantity must be a finite number ≥ 0 and below 10^14",
            "quantity",
        )
    kind = items.kind[a_idx, c_idx]
    target = items.target[a_idx, c_idx]
    if units is not None:
        scale = _unit_table(units)[units.codes, target]
        bad_unit = np.isnan(scale) & ~bad_item
        if bad_unit.any():
            problems += _rows_problems(
                bad_unit,
                "accounting.unit_dimension",
                "单位量纲与活动不符",
                "unit of the wrong dimension for the activity",
                "unit",
            )
        q = quantities * scale
    else:
        q = quantities

    is_fuel, is_elec = kind == _FUEL, kind == _ELECTRICITY
    grid, residual, elec_tce_by_year, first_year, resolved = _region_year_tables(
        regions, years, fs, basis, electricity_equal_value_kgce_per_kwh, lib
    )
    year_idx = years - first_year
    grid_line = grid[regions.codes, year_idx]
    residual_line = residual[regions.codes, year_idx]
    elec_tce_line = elec_tce_by_year[year_idx]
    if is_elec.any():
        unknown = np.array([r is None for r in resolved] or [False])[regions.codes] & is_elec
        if unknown.any():
            problems += _rows_problems(
                unknown, "accounting.unknown_region", "未知区域", "unknown region", "region"
            )
        missing = is_elec & np.isnan(grid_line) & ~unknown
        if missing.any():
            problems += _rows_problems(
                missing,
                "accounting.no_factor_for_year",
                "该区域该年及以前无电网因子",
                "no grid factor for the region in or before the year",
                "year",
            )
        if np.isnan(elec_tce_line[is_elec]).any():
            problems += _rows_problems(
                is_elec & np.isnan(elec_tce_line),
                "accounting.no_factor_for_year",
                "该年无等价值发电煤耗",
                "no equal-value coal per kWh for the year",
                "year",
            )
    if problems:
        raise AccountingError.from_problems(problems)

    # the formulas, in the order of the line path
    ncv, cc, ox = (
        items.ncv[a_idx, c_idx],
        items.carbon_content[a_idx, c_idx],
        items.oxidation[a_idx, c_idx],
    )
    energy = methods.fuel_energy_gj(q, ncv)
    if fs.fuel_parameters == "ipcc-2006":
        fuel_co2 = methods.fuel_co2_from_emission_factor_t(energy, cc)
    else:
        fuel_co2 = methods.fuel_co2_from_carbon_t(methods.fuel_carbon_tc(energy, cc), ox)
    location = methods.electricity_location_tco2(q, np.where(is_elec, grid_line, 0.0))
    simple = q * items.simple_factor[a_idx, c_idx]
    tco2e = np.where(is_fuel, fuel_co2, np.where(is_elec, location, simple))

    certificates = (
        np.zeros(n)
        if certificates_mwh is None
        else _as_float(certificates_mwh, n, "certificates_mwh")
    )
    covered = methods.certificates_covered_mwh(certificates, q)
    market_elec = methods.electricity_market_tco2(q, covered, residual_line)
    tco2e_market = np.where(is_elec, market_elec, tco2e)

    fuel_tce = np.where(
        items.tce_from_coefficient[a_idx, c_idx],
        methods.tce_from_coefficient(q, items.tce_coefficient[a_idx, c_idx]),
        methods.tce_from_energy(energy, np.asarray(lib.gj_per_tce.value)),
    )
    elec_tce = methods.electricity_tce(q, np.where(is_elec, elec_tce_line, 0.0))
    tce = np.where(
        is_fuel, fuel_tce, np.where(is_elec, elec_tce, q * items.simple_tce[a_idx, c_idx])
    )
    scope = np.array([SCOPES[name] for name in _KINDS], dtype=np.int8)[kind]
    out_of_range = np.zeros(n, dtype=bool)
    for figures in (tco2e, tce, np.where(np.isnan(tco2e_market), 0.0, tco2e_market)):
        out_of_range |= ~(np.isfinite(figures) & (np.abs(figures) < MAX_RESULT))
    if out_of_range.any():
        raise AccountingError.from_problems(
            _rows_problems(
                out_of_range,
                "accounting.result_out_of_range",
                "计算结果超出可计算范围（须为小于 10^12 t 的有限数），请检查数量和单位",
                "the result is out of range (it must be a finite number below 10^12 t); "
                "check the quantity and the unit",
                "quantity",
            )
        )
    tco2e, tco2e_market, tce = tco2e + 0.0, tco2e_market + 0.0, tce + 0.0  # no negative zero

    in_scope2 = scope == 2
    market_total = float(tco2e_market[in_scope2].sum())
    return BatchResult(
        tco2e=tco2e,
        tco2e_market=tco2e_market,
        tce=tce,
        scope=scope,
        total_tco2e=float(tco2e.sum()),
        scope1_tco2e=float(tco2e[~in_scope2].sum()),
        scope2_tco2e=float(tco2e[in_scope2].sum()),
        scope2_market_tco2e=None if math.isnan(market_total) else market_total,
        energy_tce=float(tce.sum()),
        factor_set=fs.id,
        factor_set_version=fs.version,
        gwp=gwp_code,
    )
