"""One function per activity (按活动类型核算): a checked line in, a :class:`LineResult` out.

Each function looks up the factors of the resolved context, converts the quantity to the
canonical unit of its formula (refusing a unit of another dimension), applies the steps of
:mod:`shuangtan.accounting.methods` and records every factor used, with notes on fallbacks and
overrides. A line that cannot be computed raises :class:`LineFailure` with its problems.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from . import methods
from .errors import LineProblem
from .library import (
    MEASURED_SOURCE,
    REQUEST_SOURCE,
    Factor,
    FactorLibrary,
    Fuel,
    GridChoice,
)
from .model import (
    CATEGORIES,
    SCOPES,
    ActivityLine,
    LineFailure,
    LineResult,
    Note,
    ResolvedContext,
    is_number,
)
from .units import CANONICAL_UNITS, Dimension, UnitProblem, conversion_factor, dimension_of

__all__ = ["COMPUTE", "gas_code"]

_DIMENSION_TEXT = {
    Dimension.MASS: ("质量单位（如 t、kg、万吨）", "a mass unit (t, kg, 10^4 t)"),
    Dimension.VOLUME: ("体积单位（如 Nm3、m3、万立方米）", "a volume unit (Nm3, m3, 10^4 Nm3)"),
    Dimension.ENERGY: (
        "能量单位（如 kWh、MWh、万千瓦时、GJ）",
        "an energy unit (kWh, MWh, 10^4 kWh, GJ)",
    ),
    Dimension.STANDARD_COAL: ("标准煤单位（tce）", "a standard-coal unit (tce)"),
    Dimension.CURRENCY: ("货币单位（万元）", "a currency unit (10^4 CNY)"),
}
#: GB/T 2589 coefficient unit → (dimension of the activity, factor to tce per canonical unit)
_COEFFICIENT_SCALE = {
    "kgce/kg": (Dimension.MASS, 1.0),
    "kgce/m3": (Dimension.VOLUME, 10.0),
}
_GREEN_CERTIFICATE = Factor(
    id="instrument.green_certificate",
    value=0.0,
    unit="tCO2/MWh",
    document="GHG Protocol Scope 2 Guidance",
    edition="2015",
    table="market-based method, contractual instruments",
    note="green electricity certificates (绿证) carry a zero emission factor",
)


def _fail(
    line: ActivityLine, index: int, field_name: str, code: str, zh: str, en: str
) -> LineFailure:
    pointer = f"/lines/{index}/{field_name}" if field_name else f"/lines/{index}"
    return LineFailure([LineProblem(code, zh, en, line.id, pointer)])


def _quantity_in(
    line: ActivityLine,
    index: int,
    expected: Dimension,
    target: str,
    *,
    value: float | None = None,
    unit: str | None = None,
    field_name: str = "unit",
) -> float:
    """The line's quantity in ``target``; refuses a unit of another dimension."""
    unit = line.unit if unit is None else unit
    value = line.quantity if value is None else value
    try:
        given = dimension_of(unit)
    except UnitProblem as problem:
        raise _fail(
            line,
            index,
            field_name,
            problem.code,
            f"第“{line.id}”行：{problem.message_zh}",
            f"line '{line.id}': {problem.message_en}",
        ) from None
    if given is not expected:
        expected_zh, expected_en = _DIMENSION_TEXT[expected]
        given_zh, given_en = (
            _DIMENSION_TEXT.get(given, ("其他量纲", "of another kind"))
            if given
            else ("其他量纲", "of another kind")
        )
        raise _fail(
            line,
            index,
            field_name,
            "accounting.unit_dimension",
            f"第“{line.id}”行（{line.activity}）：单位“{unit}”是{given_zh}，此处需要{expected_zh}",
            f"line '{line.id}' ({line.activity}): unit '{unit}' is {given_en}, "
            f"but {expected_en} is expected",
        )
    return value * conversion_factor(unit, target)


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
        raise _fail(
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
        raise _fail(
            line,
            index,
            "ncv_unit",
            problem.code,
            f"第“{line.id}”行：{problem.message_zh}",
            f"line '{line.id}': {problem.message_en}",
        ) from None
    return _measured("ncv", fuel, line.ncv, ncv_unit), line.ncv * scale, per


def _fuel_line(line: ActivityLine, index: int, ctx: ResolvedContext) -> LineResult:
    """Fuel combustion: E = AD × NCV × CC × OF × 44/12, and tce by GB/T 2589."""
    lib = ctx.library
    if not line.fuel:
        raise _fail(
            line,
            index,
            "fuel",
            "accounting.invalid_document",
            f"第“{line.id}”行：燃料燃烧须给出 fuel",
            f"line '{line.id}': fuel_combustion needs 'fuel'",
        )
    fuel = lib.fuels.get(line.fuel.strip())
    if fuel is None:
        raise _fail(
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
    quantity = _quantity_in(line, index, per, CANONICAL_UNITS[per])
    overridden = ["ncv"] if line.ncv is not None else []
    factors = [ncv_factor]
    notes: list[Note] = []
    energy = methods.fuel_energy_gj(quantity, ncv_value)
    if ctx.factor_set.fuel_parameters == "ipcc-2006":
        if line.carbon_content is not None or line.oxidation_rate is not None:
            raise _fail(
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
            raise _fail(
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
            raise _fail(
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
    if overridden:
        notes.append(
            Note(
                f"实测值替代缺省值：{'、'.join(overridden)}",
                f"measured values replace the defaults: {', '.join(overridden)}",
            )
        )
    return _result(line, co2, tce, factors, notes, overridden, method, "CO2", code=fuel.code)


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
            "按实测热值折标准煤：tce = 热量 / 29.3076 GJ/tce",
            "standard coal from the measured NCV: tce = heat / 29.3076 GJ/tce",
        )
        if measured_ncv
        else Note(
            f"GB/T 2589-2020 无“{fuel.name_zh}”的折标系数，按热值折算：tce = 热量 / 29.3076 GJ/tce",
            f"GB/T 2589-2020 lists no coefficient for {fuel.code}; tce = heat / 29.3076 GJ/tce",
        )
    )
    return methods.tce_from_energy(energy_gj, lib.gj_per_tce.value), lib.gj_per_tce, note


def _grid(
    ctx: ResolvedContext,
    family: str,
    line: ActivityLine,
    index: int,
    *,
    national_only_note: bool = True,
) -> tuple[GridChoice, list[Note]]:
    """The grid factor of the family for the region and year, with notes on any fallback."""
    lib = ctx.library
    notes: list[Note] = []
    region = ctx.region
    if (
        (family, region) not in lib.grid
        and (family, "CN") in lib.grid
        and (family in ("cn-ets-reporting", "mee-nbs-residual", "mee-nbs-fossil"))
    ):
        region = "CN"
        if national_only_note and ctx.region != "CN":
            notes.append(
                Note(
                    f"{family} 仅有全国值，{ctx.region} 采用全国因子",
                    f"{family} is published for the national grid only; the national "
                    f"value is used for {ctx.region}",
                )
            )
    if (family, region) not in lib.grid:
        known = ", ".join(sorted(r for (f, r) in lib.grid if f == family))
        raise LineFailure(
            [
                LineProblem(
                    "accounting.unknown_region",
                    f"因子族 {family} 没有区域“{region}”的电网因子，可用：{known}",
                    f"no {family} grid factor for region '{region}'; available: {known}",
                    None,
                    "/region",
                )
            ]
        )
    choice = lib.grid_factor(family, region, ctx.year)
    if choice is None:
        first = lib.first_year(family, region)
        raise LineFailure(
            [
                LineProblem(
                    "accounting.no_factor_for_year",
                    f"{ctx.year}年及以前没有已发布的 {family} {region} 电网因子（最早为{first}年）",
                    f"no {family} grid factor for {region} published for {ctx.year} or earlier "
                    f"(the first is for {first})",
                    None,
                    "/year",
                )
            ]
        )
    if choice.fallback_from_year is not None:
        used = choice.factor.valid_to or choice.factor.valid_from
        notes.append(
            Note(
                f"{ctx.year}年 {region} 的 {family} 因子尚未发布，"
                f"采用此前最近发布的因子（{used}年，{choice.factor.id}）",
                f"no {ctx.year} {family} factor has been published for {region}; the latest "
                f"published before it ({used}, {choice.factor.id}) is used",
            )
        )
    return choice, notes


def _electricity_line(line: ActivityLine, index: int, ctx: ResolvedContext) -> LineResult:
    """Purchased electricity: location-based AD × EF_grid and market-based with certificates."""
    consumption = _quantity_in(line, index, Dimension.ENERGY, "MWh")
    grid, notes = _grid(ctx, ctx.factor_set.electricity_family, line, index)
    location = methods.electricity_location_tco2(consumption, grid.factor.value)
    factors = [grid.factor]
    certificates = 0.0
    if line.green_certificates is not None:
        value = line.green_certificates
        if not (is_number(value) and math.isfinite(value) and value >= 0):
            raise _fail(
                line,
                index,
                "green_certificates",
                "accounting.invalid_quantity",
                f"第“{line.id}”行：绿证电量须为非负有限数",
                f"line '{line.id}': green certificates must be a finite number ≥ 0",
            )
        certificates = _quantity_in(
            line,
            index,
            Dimension.ENERGY,
            "MWh",
            value=value,
            unit=line.green_certificates_unit,
            field_name="green_certificates_unit",
        )
    market: float | None
    try:
        residual, residual_notes = _grid(ctx, ctx.factor_set.residual_family, line, index)
    except LineFailure:
        market = None
        notes.append(
            Note(
                f"{ctx.year}年无剩余因子，未计算市场法排放",
                f"no residual factor for {ctx.year}: market-based emissions not computed",
            )
        )
    else:
        covered = methods.certificates_covered_mwh(certificates, consumption)
        market = methods.electricity_market_tco2(consumption, covered, residual.factor.value)
        factors.append(residual.factor)
        notes += residual_notes
        if line.green_certificates is not None:
            factors.append(_GREEN_CERTIFICATE)
        if certificates > consumption:
            notes.append(
                Note(
                    "绿证电量超过用电量，超出部分不计入",
                    "certificates exceed consumption; the excess is not counted",
                )
            )
    tce, tce_factor, tce_notes = _electricity_tce(consumption, ctx)
    factors.append(tce_factor)
    notes += tce_notes
    method = (
        "location: E = AD × EF_grid; market: E = (AD − min(certificates, AD)) × EF_residual"
        " (GHG Protocol Scope 2 Guidance)"
    )
    return _result(line, location, tce, factors, notes, [], method, "CO2", market=market)


def _electricity_tce(
    consumption_mwh: float, ctx: ResolvedContext
) -> tuple[float, Factor, list[Note]]:
    """tce of electricity on the equivalent (0.1229) or equal-value basis."""
    lib = ctx.library
    if ctx.tce_basis == "equivalent":
        factor = lib.electricity_equivalent
        return methods.electricity_tce(consumption_mwh, factor.value), factor, []
    if ctx.equal_value is not None:
        factor = Factor(
            "tce.electricity.equal.request",
            ctx.equal_value,
            "kgce/kWh",
            REQUEST_SOURCE,
            status="caller-supplied",
        )
        return methods.electricity_tce(consumption_mwh, factor.value), factor, []
    choice = lib.equal_value(ctx.year)
    if choice is None:
        raise LineFailure(
            [
                LineProblem(
                    "accounting.no_factor_for_year",
                    f"{ctx.year}年及以前无等价值发电煤耗，请通过 electr"
                    "icity_equal_value_kgce_per_kwh 提供",
                    f"no equal-value coal per kWh for {ctx.year} or earlier; pass "
                    "electricity_equal_value_kgce_per_kwh",
                    None,
                    "/electricity_tce_basis",
                )
            ]
        )
    notes = [
        Note(
            "电力按等价值折标准煤（假设值，见 docs/data-sources.md）",
            "electricity in tce on the equal-value basis (an assumption row; see "
            "docs/data-sources.md)",
        )
    ]
    if choice.fallback_from_year is not None:
        notes.append(
            Note(
                f"{ctx.year}年等价值未收录，采用{choice.factor.valid_from}年值",
                f"no equal value shipped for {ctx.year}; the "
                f"{choice.factor.valid_from} value is used",
            )
        )
    return methods.electricity_tce(consumption_mwh, choice.factor.value), choice.factor, notes


def _heat_line(line: ActivityLine, index: int, ctx: ResolvedContext) -> LineResult:
    """Purchased heat: E = GJ × 0.11 tCO2/GJ; tce = GJ × 0.03412."""
    heat = _quantity_in(line, index, Dimension.ENERGY, "GJ")
    factor = ctx.library.heat[ctx.factor_set.heat_factor]
    coal = ctx.library.heat_standard_coal
    co2 = methods.heat_tco2(heat, factor.value)
    tce = methods.heat_tce(heat, coal.value)
    return _result(line, co2, tce, [factor, coal], [], [], "E = AD × EF_heat", "CO2")


def _process_line(line: ActivityLine, index: int, ctx: ResolvedContext) -> LineResult:
    """Process CO2 of a carbonate or other input: E = t × EF; no energy (tce 0)."""
    if not line.material:
        raise _fail(
            line,
            index,
            "material",
            "accounting.invalid_document",
            f"第“{line.id}”行：工业过程须给出 material",
            f"line '{line.id}': process needs 'material'",
        )
    material = ctx.library.materials.get(line.material.strip())
    if material is None:
        known = ", ".join(ctx.library.materials)
        raise _fail(
            line,
            index,
            "material",
            "accounting.unknown_material",
            f"第“{line.id}”行：未知原料“{line.material}”，可用：{known}",
            f"line '{line.id}': unknown material '{line.material}'; known: {known}",
        )
    mass = _quantity_in(line, index, Dimension.MASS, "t")
    co2 = methods.process_tco2(mass, material.factor.value)
    return _result(
        line, co2, 0.0, [material.factor], [], [], "E = AD × EF_process", "CO2", code=material.code
    )


def gas_code(text: str, lib: FactorLibrary) -> str | None:
    def key(name: str) -> str:
        return name.replace("-", "").replace("_", "").replace(" ", "").upper()

    wanted = key(text)
    return next((gas for gas in lib.gases if key(gas) == wanted), None)


def _non_co2_line(line: ActivityLine, index: int, ctx: ResolvedContext) -> LineResult:
    """A non-CO2 gas: E = t gas × GWP100 of the chosen assessment report; tce 0."""
    lib = ctx.library
    gas = gas_code(line.gas, lib) if line.gas else None
    if gas is None:
        known = ", ".join(lib.gases)
        raise _fail(
            line,
            index,
            "gas",
            "accounting.unknown_gas",
            f"第“{line.id}”行：未知温室气体“{line.gas}”，可用：{known}",
            f"line '{line.id}': unknown gas '{line.gas}'; known: {known}",
        )
    factor = lib.gwp.get((ctx.gwp, gas))
    if factor is None:
        raise _fail(
            line,
            index,
            "gas",
            "accounting.no_factor",
            f"第“{line.id}”行：{ctx.gwp} 未给出 {gas} 的GWP",
            f"line '{line.id}': {ctx.gwp} gives no GWP for {gas}",
        )
    mass = _quantity_in(line, index, Dimension.MASS, "t")
    co2e = methods.non_co2_tco2e(mass, factor.value)
    return _result(line, co2e, 0.0, [factor], [], [], f"E = AD × GWP100 ({ctx.gwp})", gas)


def _result(
    line: ActivityLine,
    tco2e: float,
    tce: float,
    factors: Iterable[Factor],
    notes: Iterable[Note],
    overridden: Iterable[str],
    method: str,
    gas: str,
    *,
    market: float | None = None,
    code: str | None = None,
) -> LineResult:
    category, category_zh = CATEGORIES[line.activity]
    return LineResult(
        id=line.id,
        activity=line.activity,
        category=category,
        category_zh=category_zh,
        method=method,
        scope=SCOPES[line.activity],
        gas=gas,
        quantity=float(line.quantity),
        unit=line.unit,
        tco2e=float(tco2e),
        tce=float(tce),
        factors=tuple(factors),
        notes=tuple(notes),
        overridden=tuple(overridden),
        tco2e_market=None if market is None else float(market),
        code=code,
    )


COMPUTE = {
    "fuel_combustion": _fuel_line,
    "purchased_electricity": _electricity_line,
    "purchased_heat": _heat_line,
    "process": _process_line,
    "non_co2": _non_co2_line,
}
