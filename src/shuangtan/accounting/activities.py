"""One function per activity (按活动类型核算): a checked line in, a :class:`LineResult` out.

Each function looks up the factors of the resolved context, converts the quantity to the
canonical unit of its formula (refusing a unit of another dimension), applies the steps of
:mod:`shuangtan.accounting.methods` and records every factor used, with notes on fallbacks and
overrides. A line that cannot be computed raises :class:`LineFailure` with its problems.
Fuel combustion lives in :mod:`~shuangtan.accounting.fuels`, purchased electricity in
:mod:`~shuangtan.accounting.electricity`; the steps they share in
:mod:`~shuangtan.accounting.line_steps`.
"""

from __future__ import annotations

from . import methods
from .electricity import electricity_line
from .fuels import fuel_line
from .library import FactorLibrary
from .line_steps import fail, quantity_in, result
from .model import ActivityLine, LineResult, ResolvedContext
from .units import Dimension

__all__ = ["COMPUTE", "gas_code"]


def _heat_line(line: ActivityLine, index: int, ctx: ResolvedContext) -> LineResult:
    """Purchased heat: E = GJ × 0.11 tCO2/GJ; tce = GJ × 0.03412."""
    heat = quantity_in(line, index, Dimension.ENERGY, "GJ")
    factor = ctx.library.heat[ctx.factor_set.heat_factor]
    coal = ctx.library.heat_standard_coal
    co2 = methods.heat_tco2(heat, factor.value)
    tce = methods.heat_tce(heat, coal.value)
    return result(line, co2, tce, [factor, coal], [], [], "E = AD × EF_heat", "CO2")


def _process_line(line: ActivityLine, index: int, ctx: ResolvedContext) -> LineResult:
    """Process CO2 of a carbonate or other input: E = t × EF; no energy (tce 0)."""
    if not line.material:
        raise fail(
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
        raise fail(
            line,
            index,
            "material",
            "accounting.unknown_material",
            f"第“{line.id}”行：未知原料“{line.material}”，可用：{known}",
            f"line '{line.id}': unknown material '{line.material}'; known: {known}",
        )
    mass = quantity_in(line, index, Dimension.MASS, "t")
    co2 = methods.process_tco2(mass, material.factor.value)
    return result(
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
        raise fail(
            line,
            index,
            "gas",
            "accounting.unknown_gas",
            f"第“{line.id}”行：未知温室气体“{line.gas}”，可用：{known}",
            f"line '{line.id}': unknown gas '{line.gas}'; known: {known}",
        )
    factor = lib.gwp.get((ctx.gwp, gas))
    if factor is None:
        raise fail(
            line,
            index,
            "gas",
            "accounting.no_factor",
            f"第“{line.id}”行：{ctx.gwp} 未给出 {gas} 的GWP",
            f"line '{line.id}': {ctx.gwp} gives no GWP for {gas}",
        )
    mass = quantity_in(line, index, Dimension.MASS, "t")
    co2e = methods.non_co2_tco2e(mass, factor.value)
    return result(line, co2e, 0.0, [factor], [], [], f"E = AD × GWP100 ({ctx.gwp})", gas)


COMPUTE = {
    "fuel_combustion": fuel_line,
    "purchased_electricity": electricity_line,
    "purchased_heat": _heat_line,
    "process": _process_line,
    "non_co2": _non_co2_line,
}
