"""Steps every activity's computation shares (核算步骤): refusing a line, reading its quantity
in the unit of a formula, and building the line's result with its factors."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import LineProblem
from .library import Factor
from .model import CATEGORIES, SCOPES, ActivityLine, LineFailure, LineResult, Note
from .units import Dimension, UnitProblem, conversion_factor, dimension_of

__all__ = ["DIMENSION_TEXT", "fail", "quantity_in", "result"]

DIMENSION_TEXT = {
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


def fail(
    line: ActivityLine, index: int, field_name: str, code: str, zh: str, en: str
) -> LineFailure:
    pointer = f"/lines/{index}/{field_name}" if field_name else f"/lines/{index}"
    return LineFailure([LineProblem(code, zh, en, line.id, pointer)])


def quantity_in(
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
        raise fail(
            line,
            index,
            field_name,
            problem.code,
            f"第“{line.id}”行：{problem.message_zh}",
            f"line '{line.id}': {problem.message_en}",
        ) from None
    if given is not expected:
        expected_zh, expected_en = DIMENSION_TEXT[expected]
        given_zh, given_en = (
            DIMENSION_TEXT.get(given, ("其他量纲", "of another kind"))
            if given
            else ("其他量纲", "of another kind")
        )
        raise fail(
            line,
            index,
            field_name,
            "accounting.unit_dimension",
            f"第“{line.id}”行（{line.activity}）：单位“{unit}”是{given_zh}，此处需要{expected_zh}",
            f"line '{line.id}' ({line.activity}): unit '{unit}' is {given_en}, "
            f"but {expected_en} is expected",
        )
    return value * conversion_factor(unit, target)


def result(
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
