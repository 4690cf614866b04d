"""Fuel combustion (化石燃料燃烧): E = AD × NCV × CC × OF × 44/12, and its tce (GB/T 2589).

An enterprise's measured NCV, carbon content or oxidation rate overrides the default, and the
result says so.
"""

from __future__ import annotations

import math

from . import methods
from .errors import LineProblem
from .library import MEASURED_SOURCE, Factor, FactorLibrary, Fuel
from .line_steps import fail, quantity_in, result
from .model import ActivityLine, LineFailure, LineResult, Note, ResolvedContext, is_number
from .unit_names import unit_label
from .units import CANONICAL_UNITS, Dimension, UnitProblem, conversion_factor, dimension_of

__all__ = ["fuel_line"]

_COEFFICIENT_SCALE = {
    "kgce/kg": (Dimension.MASS, 1.0),
    "kgce/m3": (Dimension.VOLUME, 10.0),
}


def _measured(name: str, fuel: Fuel, value: float, unit: str) -> Factor:
    """A factor entry for a value the enterprise measured (实测值)."""
    return Factor(
        id=f"{name}.{fuel.code}.measured",
        value=value,
        unit=unit,
        document=MEASURED_SOURCE,
        status="measured",
    )


def _check_measured(line: ActivityLine, index: int) -> list[LineProblem]:
    """Measured values must be finite and in range (NCV > 0, CC > 0, 0 < OF ≤ 1)."""
    problems: list[LineProblem] = []
    for name, value, upper in (
        ("ncv", line.ncv, math.inf),
        ("carbon_content", line.carbon_content, math.inf),
        ("oxidation_rate", line.oxidation_rate, 1.0),
    ):
        if value is None:
            continue
        if not (is_number(value) and math.isfinite(value) and 0 < value <= upper):
            problems.append(
                LineProblem(
                    "accounting.invalid_value",
                    f"第“{line.id}”行：实测值 {name}={value!r} 无效"
                    f"（须为正数{'且不大于1' if upper == 1 else ''}）",
                    f"line '{line.id}': measured {name}={value!r} is invalid (must be positive"
                    f"{' and at most 1' if upper == 1 else ''})",
                    line.id,
                    f"/lines/{index}/{name}",
                )
            )
    return problems


def _ncv(line: ActivityLine, index: int, fuel: Fuel) -> tuple[Factor, float, Dimension]:
    """The NCV in GJ per canonical unit and the dimension it is per (measured or default)."""
    assert fuel.ncv is not None
    if line.ncv is None:
        return fuel.ncv, fuel.ncv.value, fuel.quantity_dimension
    ncv_unit = line.ncv_unit or fuel.ncv.unit
    parts = ncv_unit.split("/")
    per = None
    if len(parts) == 2:
        try:
            per = dimension_of(parts[1])
        except UnitProblem:
            per = None
    if per not in (Dimension.MASS, Dimension.VOLUME):
        raise fail(
            line,
            index,
            "ncv_unit",
            "accounting.unit_dimension",
            f"第“{line.id}”行：热值单位“{ncv_unit}”应"
            "为能量/质量或能量/体积（如 GJ/t、GJ/10^4 Nm3）",
            f"line '{line.id}': NCV unit '{ncv_unit}' must be energy per mass or per "
            "volume (GJ/t, GJ/10^4 Nm3)",
        )
    assert per is not None
    target = f"GJ/{CANONICAL_UNITS[per]}"
    try:
        scale = conversion_factor(ncv_unit, target)
    except UnitProblem as problem:
        raise fail(
            line,
            index,
            "ncv_unit",
            problem.code,
            f"第“{line.id}”行：{problem.message_zh}",
            f"line '{line.id}': {problem.message_en}",
        ) from None
    return _measured("ncv", fuel, line.ncv, ncv_unit), line.ncv * scale, per


def fuel_line(line: ActivityLine, index: int, ctx: ResolvedContext) -> LineResult:
    """Fuel combustion: E = AD × NCV × CC × OF × 44/12, and tce by GB/T 2589."""
    lib = ctx.library
    if not line.fuel:
        raise fail(
            line,
            index,
            "fuel",
            "accounting.invalid_document",
            f"第“{line.id}”行：燃料燃烧须给出 fuel",
            f"line '{line.id}': fuel_combustion needs 'fuel'",
        )
    fuel = lib.fuels.get(line.fuel.strip())
    if fuel is None:
        raise fail(
            line,
            index,
            "fuel",
            "accounting.unknown_fuel",
            f"第“{line.id}”行：未知燃料“{line.fuel}”",
            f"line '{line.id}': unknown fuel '{line.fuel}' (see list_fuels())",
        )
    problems = _check_measured(line, index)
    if problems:
        raise LineFailure(problems)
    ncv_factor, ncv_value, per = _ncv(line, index, fuel)
    quantity = quantity_in(line, index, per, CANONICAL_UNITS[per])
    overridden = ["ncv"] if line.ncv is not None else []
    factors = [ncv_factor]
    notes: list[Note] = []
    energy = methods.fuel_energy_gj(quantity, ncv_value)
    if ctx.factor_set.fuel_parameters == "ipcc-2006":
        if line.carbon_content is not None or line.oxidation_rate is not None:
            raise fail(
                line,
                index,
                "carbon_content",
                "accounting.override_not_applicable",
                f"第“{line.id}”行：ipcc-2006 因子"
                "集使用单位热值CO2排放因子，不接受实测含碳量或氧化率",
                f"line '{line.id}': the ipcc-2006 set uses CO2 per TJ; measured carbon "
                "content or oxidation rate do not apply (use cn-default)",
            )
        if fuel.ipcc_co2 is None:
            raise fail(
                line,
                index,
                "fuel",
                "accounting.no_factor",
                f"第“{line.id}”行：IPCC 2006 表2.2 无“{fuel.name_zh}”的缺省因子",
                f"line '{line.id}': IPCC 2006 Table 2.2 has no default for '{fuel.code}'",
            )
        co2 = methods.fuel_co2_from_emission_factor_t(energy, fuel.ipcc_co2.value)
        factors.append(fuel.ipcc_co2)
        method = "E = AD × NCV × EF_CO2 / 10^6 (IPCC 2006 Vol.2 Ch.2 Tier 1)"
    else:
        carbon_content = (
            _measured("carbon_content", fuel, line.carbon_content, "tC/TJ")
            if line.carbon_content is not None
            else fuel.carbon_content
        )
        oxidation = (
            _measured("oxidation_rate", fuel, line.oxidation_rate, "1")
            if line.oxidation_rate is not None
            else fuel.oxidation_rate
        )
        missing = [
            name
            for name, factor in (("carbon_content", carbon_content), ("oxidation_rate", oxidation))
            if factor is None
        ]
        if missing:
            raise fail(
                line,
                index,
                missing[0],
                "accounting.measured_value_required",
                f"第“{line.id}”行：{fuel.name_zh}无公认缺省值，须提供实测 {'、'.join(missing)}"
                "（或按煤种填报）",
                f"line '{line.id}': {fuel.code} has no confirmed default; supply measured "
                f"{', '.join(missing)} (or report the coal by type)",
            )
        assert carbon_content is not None and oxidation is not None
        overridden += [
            name for name in ("carbon_content", "oxidation_rate") if getattr(line, name) is not None
        ]
        carbon = methods.fuel_carbon_tc(energy, carbon_content.value)
        co2 = methods.fuel_co2_from_carbon_t(carbon, oxidation.value)
        factors += [carbon_content, oxidation]
        method = "E = AD × NCV × CC × OF × 44/12 (GB/T 32150, GB/T 32151 series)"
    tce, tce_factor, tce_note = _fuel_tce(fuel, quantity, per, energy, line.ncv is not None, lib)
    factors.append(tce_factor)
    if tce_note:
        notes.append(tce_note)
    basis_note = _two_heat_values_note(ncv_factor, tce_factor, lib)
    if basis_note:
        notes.append(basis_note)
    if overridden:
        notes.append(
            Note(
                f"实测值替代缺省值：{'、'.join(overridden)}",
                f"measured values replace the defaults: {', '.join(overridden)}",
            )
        )
    return result(line, co2, tce, factors, notes, overridden, method, "CO2", code=fuel.code)


_HEAT_BASIS_TOLERANCE = 0.01
"""Relative gap between the NCV of the CO2 formula and the heat implied by the tce coefficient
above which a line says that the two are different standards' values (natural gas: 9 %)."""


def _two_heat_values_note(ncv: Factor, coefficient: Factor, lib: FactorLibrary) -> Note | None:
    """A note when CO2 and tce rest on two published heat values of the fuel, both as printed.

    Natural gas: CO2 uses 389.31 GJ/10^4 Nm3 (38.931 MJ/m3, GB/T 32151.22-2024 Table C.1), tce
    uses 1.2143 kgce/m3 (35.544 MJ/m3, GB/T 2589 gas-field gas). Each is its standard's own
    value; neither is converted into the other, so the line says so rather than look like a bug.
    """
    scale = _COEFFICIENT_SCALE.get(coefficient.unit)
    if scale is None or ncv.document == MEASURED_SOURCE or ncv.value <= 0:
        return None
    implied = coefficient.value * scale[1] * lib.gj_per_tce.value  # GJ per unit of the NCV
    gap = abs(implied - ncv.value) / ncv.value
    if gap <= _HEAT_BASIS_TOLERANCE:
        return None
    ncv_zh, ncv_en = unit_label(ncv.unit), unit_label(ncv.unit, "en")
    coefficient_zh = unit_label(coefficient.unit)
    coefficient_en = unit_label(coefficient.unit, "en")
    return Note(
        f"CO2按低位发热量 {ncv.value:g} {ncv_zh}（{ncv.source}）计算；折标准煤按 "
        f"{coefficient.value:g} {coefficient_zh}（{coefficient.source}，相当于 "
        f"{implied:.2f} {ncv_zh}）计算：两者均为各自标准的原值，相差 {gap:.1%}，并非错误",
        f"CO2 uses the NCV {ncv.value:g} {ncv_en} ({ncv.source}); tce uses "
        f"{coefficient.value:g} {coefficient_en} ({coefficient.source}, i.e. "
        f"{implied:.2f} {ncv_en}): each is its standard's own value, {gap:.1%} apart, "
        "and neither is an error",
    )


def _fuel_tce(
    fuel: Fuel,
    quantity: float,
    per: Dimension,
    energy_gj: float,
    measured_ncv: bool,
    lib: FactorLibrary,
) -> tuple[float, Factor, Note | None]:
    """tce by the GB/T 2589 coefficient of the fuel, or from heat when measured or untabulated."""
    coefficient = fuel.standard_coal
    scale = _COEFFICIENT_SCALE.get(coefficient.unit) if coefficient else None
    if coefficient is not None and scale is not None and scale[0] is per and not measured_ncv:
        return (
            methods.tce_from_coefficient(quantity, coefficient.value * scale[1]),
            coefficient,
            None,
        )
    note = (
        Note(
            "按实测热值折标准煤：吨标准煤 = 热量(吉焦) / 29.3076 吉焦/吨标准煤",
            "standard coal from the measured NCV: tce = heat / 29.3076 GJ/tce",
        )
        if measured_ncv
        else Note(
            f"GB/T 2589-2020 无“{fuel.name_zh}”的折标系数，按热值折算："
            "吨标准煤 = 热量(吉焦) / 29.3076 吉焦/吨标准煤",
            f"GB/T 2589-2020 lists no coefficient for {fuel.name_en}; tce = heat / 29.3076 GJ/tce",
        )
    )
    return methods.tce_from_energy(energy_gj, lib.gj_per_tce.value), lib.gj_per_tce, note
