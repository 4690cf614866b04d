"""The typed line path (逐行核算): activity lines in, a frozen calculation with provenance out.

``calculate(lines, context=...)`` checks every line, computes each with the methods of
:mod:`shuangtan.accounting.methods` and the factors of the chosen factor set, and returns a
:class:`Calculation`. A line that cannot be computed fails the whole calculation: every problem
of every line is collected into one :class:`~shuangtan.accounting.errors.AccountingError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .activities import COMPUTE
from .errors import AccountingError, LineProblem
from .library import (
    library,
)
from .limits import plain_zero, quantity_fits, result_fits
from .model import (
    ACTIVITIES,
    ELECTRICITY_TCE_BASES,
    GWP_ALIASES,
    SCOPES,
    ActivityLine,
    Calculation,
    CalculationContext,
    LineFailure,
    LineResult,
    Note,
    ResolvedContext,
    is_number,
)

__all__ = [
    "ACTIVITIES",
    "ELECTRICITY_TCE_BASES",
    "GWP_ALIASES",
    "SCOPES",
    "ActivityLine",
    "Calculation",
    "CalculationContext",
    "LineResult",
    "Note",
    "calculate",
    "evaluate",
]


def _resolve_context(
    context: CalculationContext,
) -> tuple[ResolvedContext | None, list[LineProblem]]:
    """Check the context; the resolved codes or the problems found."""
    lib = library()
    problems: list[LineProblem] = []
    year = context.year
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
        problems.append(
            LineProblem(
                "accounting.invalid_document",
                f"年份“{year!r}”无效，应为整数年份",
                f"year {year!r} is not a valid integer year",
                None,
                "/year",
            )
        )
    region = lib.resolve_region(context.region) if isinstance(context.region, str) else None
    if region is None:
        known = ", ".join(sorted(lib.regions))
        problems.append(
            LineProblem(
                "accounting.unknown_region",
                f"未知区域“{context.region}”，可用：{known}",
                f"unknown region '{context.region}'; known regions: {known}",
                None,
                "/region",
            )
        )
    factor_set = lib.factor_sets.get(str(context.factor_set).strip().lower())
    if factor_set is None:
        known = ", ".join(lib.factor_sets)
        problems.append(
            LineProblem(
                "accounting.unknown_factor_set",
                f"未知因子集“{context.factor_set}”，可用：{known}",
                f"unknown factor set '{context.factor_set}'; known: {known}",
                None,
                "/factor_set",
            )
        )
    gwp = GWP_ALIASES.get(str(context.gwp).strip().upper())
    if gwp is None:
        problems.append(
            LineProblem(
                "accounting.unknown_gwp",
                f"未知GWP评估报告“{context.gwp}”，可用：SAR、AR4、AR5、AR6",
                f"unknown GWP basis '{context.gwp}'; use SAR, AR4, AR5 or AR6",
                None,
                "/gwp",
            )
        )
    basis = ELECTRICITY_TCE_BASES.get(str(context.electricity_tce_basis).strip())
    if basis is None:
        problems.append(
            LineProblem(
                "accounting.invalid_option",
                f"electricity_tce_basis“{context.electricity_tce_basis}"
                "”无效，应为 equivalent 或 equal",
                f"electricity_tce_basis '{context.electricity_tce_basis}' must be 'equivalent' or "
                "'equal'",
                None,
                "/electricity_tce_basis",
            )
        )
    equal = context.electricity_equal_value_kgce_per_kwh
    if equal is not None and not (is_number(equal) and math.isfinite(equal) and equal > 0):
        problems.append(
            LineProblem(
                "accounting.invalid_option",
                "发电煤耗（等价值）须为正数",
                "electricity_equal_value_kgce_per_kwh must be a positive number",
                None,
                "/electricity_equal_value_kgce_per_kwh",
            )
        )
    if problems or region is None or factor_set is None or gwp is None or basis is None:
        return None, problems
    return ResolvedContext(
        lib, year, region, factor_set, gwp, basis, float(equal) if equal is not None else None
    ), []


def _check_line(line: ActivityLine, index: int, seen: set[str]) -> list[LineProblem]:
    """Shape checks shared by every activity: id, activity, quantity."""
    problems: list[LineProblem] = []
    base = f"/lines/{index}"
    if not isinstance(line.id, str) or not line.id.strip():
        problems.append(
            LineProblem(
                "accounting.invalid_document",
                "行 id 须为非空字符串",
                "line id must be a non-empty string",
                None,
                f"{base}/id",
            )
        )
    elif line.id in seen:
        problems.append(
            LineProblem(
                "accounting.duplicate_line_id",
                f"行 id“{line.id}”重复",
                f"duplicate line id '{line.id}'",
                line.id,
                f"{base}/id",
            )
        )
    else:
        seen.add(line.id)
    if line.activity not in COMPUTE:
        problems.append(
            LineProblem(
                "accounting.unknown_activity",
                f"第“{line.id}”行：未知活动类型“{line.activity}”，可用：{', '.join(ACTIVITIES)}",
                f"line '{line.id}': unknown activity '{line.activity}"
                f"'; known: {', '.join(ACTIVITIES)}",
                line.id,
                f"{base}/activity",
            )
        )
    quantity = line.quantity
    if not is_number(quantity) or not math.isfinite(quantity) or quantity < 0:
        problems.append(
            LineProblem(
                "accounting.invalid_quantity",
                f"第“{line.id}”行：数量“{quantity!r}”无效，须为非负有限数（不接受布尔值）",
                f"line '{line.id}': quantity {quantity!r} m"
                "ust be a finite number ≥ 0 (not a boolean)",
                line.id,
                f"{base}/quantity",
            )
        )
    elif not quantity_fits(quantity):
        problems.append(
            LineProblem(
                "accounting.invalid_quantity",
                f"第“{line.id}”行：数量 {quantity!r} 过大（须小于 10^14），请检查数量和单位",
                f"line '{line.id}': quantity {quantity!r} is too large (it must be below "
                "10^14); check the quantity and the unit",
                line.id,
                f"{base}/quantity",
            )
        )
    if not isinstance(line.unit, str):
        problems.append(
            LineProblem(
                "accounting.unit_unknown",
                f"第“{line.id}”行：单位须为字符串",
                f"line '{line.id}': unit must be a string",
                line.id,
                f"{base}/unit",
            )
        )
    return problems


def _checked(result: LineResult, index: int) -> LineResult:
    """``result`` if every figure is a finite number in range (negative zeros made zero), else
    a refusal of the line: never a result that would be answered as ``null`` or not stored."""
    figures = {"tco2e": result.tco2e, "tce": result.tce, "tco2e_market": result.tco2e_market}
    wrong = [name for name, value in figures.items() if not result_fits(value)]
    if wrong:
        raise LineFailure(
            [
                LineProblem(
                    "accounting.result_out_of_range",
                    f"第“{result.id}”行：计算结果（{'、'.join(wrong)}）超出可计算范围"
                    "（须为小于 10^12 t 的有限数），请检查数量和单位",
                    f"line '{result.id}': the result ({', '.join(wrong)}) is out of range (it "
                    "must be a finite number below 10^12 t); check the quantity and the unit",
                    result.id,
                    f"/lines/{index}/quantity",
                )
            ]
        )
    market = result.tco2e_market
    return replace(
        result,
        quantity=plain_zero(result.quantity),
        tco2e=plain_zero(result.tco2e),
        tce=plain_zero(result.tce),
        tco2e_market=None if market is None else plain_zero(market),
    )


def _dedupe(problems: Iterable[LineProblem]) -> list[LineProblem]:
    """Document-level problems (region, year) once, however many lines they hit."""
    out: list[LineProblem] = []
    seen: set[tuple[str, str | None, str]] = set()
    for problem in problems:
        key = (problem.code, problem.pointer, problem.message_en)
        if problem.line_id is None and key in seen:
            continue
        seen.add(key)
        out.append(problem)
    return out


def evaluate(
    lines: Sequence[ActivityLine],
    context: CalculationContext,
    extra_problems: Sequence[LineProblem] = (),
    indices: Sequence[int] | None = None,
) -> Calculation:
    """Calculate or raise one :class:`AccountingError` with every problem (also ``extra``).

    ``indices`` are the positions of the lines in the request document (for JSON pointers)
    when some lines were already refused for their shape.
    """
    resolved, problems = _resolve_context(context)
    problems = list(extra_problems) + problems
    if not lines and not extra_problems:
        problems.append(
            LineProblem(
                "accounting.invalid_document",
                "没有活动数据行",
                "the document has no activity lines",
                None,
                "/lines",
            )
        )
    results: list[LineResult] = []
    seen: set[str] = set()
    for position, line in enumerate(lines):
        index = indices[position] if indices is not None else position
        shape = _check_line(line, index, seen)
        if shape:
            problems += shape
            continue
        if resolved is None:
            continue
        try:
            results.append(_checked(COMPUTE[line.activity](line, index, resolved), index))
        except LineFailure as failure:
            problems += [
                p
                if p.line_id is not None
                or p.pointer in ("/region", "/year", "/electricity_tce_basis")
                else LineProblem(p.code, p.message_zh, p.message_en, line.id, p.pointer)
                for p in failure.problems
            ]
    if problems or resolved is None:
        raise AccountingError.from_problems(_dedupe(problems))
    calculation = Calculation(
        lines=tuple(results),
        year=resolved.year,
        region=resolved.region,
        factor_set=resolved.factor_set.id,
        factor_set_version=resolved.factor_set.version,
        gwp=resolved.gwp,
        electricity_tce_basis=resolved.tce_basis,
        notes=_calculation_notes(results),
    )
    totals = (calculation.total_tco2e, calculation.energy_tce, calculation.scope2_market_tco2e)
    if not all(total is None or math.isfinite(total) for total in totals):
        raise AccountingError(  # pragma: no cover - lines below 10^12 t sum to a finite total
            "accounting.result_out_of_range",
            "合计超出可计算范围，请检查数量和单位",
            "the totals are out of range; check the quantities and the units",
            pointer="/lines",
        )
    return calculation


def _calculation_notes(results: Sequence[LineResult]) -> tuple[Note, ...]:
    notes = [
        Note(
            "范围二合计按基于位置法；基于市场法的范围二另列",
            "scope 2 totals are location-based; the market-based scope 2 is given separately",
        )
    ]
    assumed = sorted({f.id for line in results for f in line.factors if f.status == "assumption"})
    if assumed:
        notes.append(
            Note(
                f"使用了标注为假设值的因子：{'、'.join(assumed)}",
                f"factors marked as assumptions were used: {', '.join(assumed)}",
            )
        )
    return tuple(notes)


def calculate(lines: Sequence[ActivityLine], *, context: CalculationContext) -> Calculation:
    """Account for activity lines: each line's tCO2e, tce, scope and factors, and the totals.

    Raises :class:`AccountingError` carrying every problem when any line cannot be computed.
    """
    return evaluate(lines, context)
