"""Purchased electricity (净购入电力): location-based and market-based side by side, and tce.

Location-based: E = AD × EF_grid of the region and year (the latest earlier year when the year
has none, with a note). Market-based: green certificates at zero, the rest at the residual
factor (GHG Protocol Scope 2 Guidance). tce by the equivalent or the equal-value coefficient.
"""

from __future__ import annotations

import math

from . import methods
from .errors import LineProblem
from .library import REQUEST_SOURCE, Factor, GridChoice
from .line_steps import fail, quantity_in, result
from .model import ActivityLine, LineFailure, LineResult, Note, ResolvedContext, is_number
from .units import Dimension

__all__ = ["electricity_line"]

_GREEN_CERTIFICATE = Factor(
    id="instrument.green_certificate",
    value=0.0,
    unit="tCO2/MWh",
    document="GHG Protocol Scope 2 Guidance",
    edition="2015",
    table="market-based method, contractual instruments",
    note="green electricity certificates (绿证) carry a zero emission factor",
)


def _region_zh(ctx: ResolvedContext, code: str) -> str:
    """A grid region's Chinese name (华东电网), its code if the library has none."""
    region = ctx.library.regions.get(code)
    return region.name_zh if region is not None else code


def _region_en(code: str) -> str:
    """A grid region as English text names it (``east_china_grid`` → east china grid)."""
    return code.replace("_", " ")


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
                    f"{family} 仅有全国值，{_region_zh(ctx, ctx.region)} 采用全国因子",
                    f"{family} is published for the national grid only; the national "
                    f"value is used for {_region_en(ctx.region)}",
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
                f"{ctx.year}年 {_region_zh(ctx, region)} 的 {family} 因子尚未发布，"
                f"采用此前最近发布的因子（{used}年，{choice.factor.id}）",
                f"no {ctx.year} {family} factor has been published for {_region_en(region)}; "
                f"the latest published before it ({used}, {choice.factor.id}) is used",
            )
        )
    return choice, notes


def electricity_line(line: ActivityLine, index: int, ctx: ResolvedContext) -> LineResult:
    """Purchased electricity: location-based AD × EF_grid and market-based with certificates."""
    consumption = quantity_in(line, index, Dimension.ENERGY, "MWh")
    grid, notes = _grid(ctx, ctx.factor_set.electricity_family, line, index)
    location = methods.electricity_location_tco2(consumption, grid.factor.value)
    factors = [grid.factor]
    certificates = 0.0
    if line.green_certificates is not None:
        value = line.green_certificates
        if not (is_number(value) and math.isfinite(value) and value >= 0):
            raise fail(
                line,
                index,
                "green_certificates",
                "accounting.invalid_quantity",
                f"第“{line.id}”行：绿证电量须为非负有限数",
                f"line '{line.id}': green certificates must be a finite number ≥ 0",
            )
        certificates = quantity_in(
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
    return result(line, location, tce, factors, notes, [], method, "CO2", market=market)


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
            f"电力按等价值折标准煤：{choice.factor.value:g} kgce/kWh 为全国火电供电标准煤耗"
            "（每千瓦时供电，非发电），系凭记忆录入、未从官方统计核实的假设值；请以当年"
            "中电联/国家统计局公布值核对，或通过 electricity_equal_value_kgce_per_kwh 提供",
            f"electricity in tce on the equal-value basis: {choice.factor.value:g} kgce/kWh is "
            "the national thermal-power coal use per kWh supplied (not generated), recalled and "
            "not read from the official statistics, an assumption: check it against the CEC/NBS "
            "figure of the year or pass electricity_equal_value_kgce_per_kwh",
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
