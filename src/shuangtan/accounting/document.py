"""The public JSON contract (核算接口): calculate_document, list_fuels, list_factor_sets.

The web API (``POST /api/v1/accounting/calculate``) and the CLI (``shuangtan calc``) only call
these functions, so every check of the request happens here: JSON types first (a boolean is not
a number, a missing year is said to be missing), then the semantics in
:func:`~shuangtan.accounting.calculation.calculate`. All problems of all lines come back in one
:class:`~shuangtan.accounting.errors.AccountingError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .calculation import ActivityLine, CalculationContext, evaluate
from .errors import AccountingError, LineProblem
from .library import library

__all__ = [
    "CONTRACT_EXAMPLE",
    "MAX_LINES",
    "calculate_document",
    "list_activities",
    "list_factor_sets",
    "list_fuels",
    "list_gases",
    "list_materials",
    "list_regions",
]

_TOP_LEVEL = {
    "year",
    "region",
    "factor_set",
    "gwp",
    "lines",
    "electricity_tce_basis",
    "electricity_equal_value_kgce_per_kwh",
}
_STRING_FIELDS = (
    "id",
    "activity",
    "unit",
    "fuel",
    "material",
    "gas",
    "ncv_unit",
    "certificates_unit",
)
_NUMBER_FIELDS = (
    "quantity",
    "ncv",
    "carbon_content",
    "oxidation_rate",
    "green_certificates_mwh",
    "certificates",
)
_LINE_FIELDS = set(_STRING_FIELDS) | set(_NUMBER_FIELDS)
_REQUIRED = ("id", "activity", "quantity", "unit")

MAX_LINES = 2000
"""The most activity lines one document may hold (单次核算行数上限). An enterprise's year is a
few dozen lines (one per fuel, material, gas and purchased energy), and the accounts' monthly
import takes at most 500 lines a month; 2,000 leaves room for any real enterprise and keeps one
public request to well under a second of work. A longer document is refused before any line is
read."""


CONTRACT_EXAMPLE: dict[str, Any] = {
    "year": 2023,
    "region": "CN-ZJ",
    "factor_set": "cn-default",
    "gwp": "AR5",
    "lines": [
        {
            "id": "a",
            "activity": "fuel_combustion",
            "fuel": "natural_gas",
            "quantity": 120.5,
            "unit": "10^4 Nm3",
        },
        {"id": "b", "activity": "purchased_electricity", "quantity": 8000, "unit": "MWh"},
        {"id": "c", "activity": "purchased_heat", "quantity": 3000, "unit": "GJ"},
        {"id": "d", "activity": "process", "material": "limestone", "quantity": 1000, "unit": "t"},
        {"id": "e", "activity": "non_co2", "gas": "CH4", "quantity": 2, "unit": "t"},
    ],
}
"""The example of the public contract: a small enterprise's year (docs/api.md)."""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _problem(code: str, zh: str, en: str, pointer: str, line_id: str | None = None) -> LineProblem:
    return LineProblem(code, zh, en, line_id, pointer)


def _line(raw: object, index: int) -> tuple[ActivityLine | None, list[LineProblem]]:
    """An :class:`ActivityLine` from one JSON object, or the type problems found."""
    base = f"/lines/{index}"
    if not isinstance(raw, Mapping):
        return None, [
            _problem(
                "accounting.invalid_document",
                f"第{index + 1}行须为对象",
                f"line {index} must be an object",
                base,
            )
        ]
    line_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    problems: list[LineProblem] = []
    for name in sorted(set(raw) - _LINE_FIELDS, key=str):
        problems.append(
            _problem(
                "accounting.invalid_document",
                f"未知字段“{name}”，可用：{', '.join(sorted(_LINE_FIELDS))}",
                f"unknown field '{name}'; allowed: {', '.join(sorted(_LINE_FIELDS))}",
                f"{base}/{name}",
                line_id,
            )
        )
    for name in _REQUIRED:
        if raw.get(name) is None:
            problems.append(
                _problem(
                    "accounting.invalid_document",
                    f"缺少必填字段“{name}”",
                    f"required field '{name}' is missing",
                    f"{base}/{name}",
                    line_id,
                )
            )
    for name in _STRING_FIELDS:
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            problems.append(
                _problem(
                    "accounting.invalid_document",
                    f"字段“{name}”须为字符串",
                    f"field '{name}' must be a string",
                    f"{base}/{name}",
                    line_id,
                )
            )
    for name in _NUMBER_FIELDS:
        value = raw.get(name)
        if value is not None and not _is_number(value):
            code = (
                "accounting.invalid_quantity" if name == "quantity" else "accounting.invalid_value"
            )
            problems.append(
                _problem(
                    code,
                    f"字段“{name}”须为数值（不接受布尔值或字符串）：{value!r}",
                    f"field '{name}' must be a number (not a boolean or a string): {value!r}",
                    f"{base}/{name}",
                    line_id,
                )
            )
    if raw.get("green_certificates_mwh") is not None and raw.get("certificates") is not None:
        problems.append(
            _problem(
                "accounting.invalid_document",
                "green_certificates_mwh 与 certificates 只能给一个",
                "give either green_certificates_mwh or certificates, not both",
                f"{base}/certificates",
                line_id,
            )
        )
    for name in ("green_certificates_mwh", "certificates"):
        value = raw.get(name)
        if isinstance(value, int | float) and not (math.isfinite(value) and value >= 0):
            problems.append(
                _problem(
                    "accounting.invalid_quantity",
                    f"绿证电量 {name} 须为非负有限数：{value!r}",
                    f"'{name}' must be a finite number ≥ 0: {value!r}",
                    f"{base}/{name}",
                    line_id,
                )
            )
    if problems:
        return None, problems
    certificates, certificates_unit = raw.get("green_certificates_mwh"), "MWh"
    if raw.get("certificates") is not None:
        certificates = raw["certificates"]
        certificates_unit = raw.get("certificates_unit") or "MWh"
    return ActivityLine(
        id=raw["id"],
        activity=raw["activity"],
        quantity=raw["quantity"],
        unit=raw["unit"],
        fuel=raw.get("fuel"),
        material=raw.get("material"),
        gas=raw.get("gas"),
        ncv=raw.get("ncv"),
        ncv_unit=raw.get("ncv_unit"),
        carbon_content=raw.get("carbon_content"),
        oxidation_rate=raw.get("oxidation_rate"),
        green_certificates=certificates,
        green_certificates_unit=certificates_unit,
    ), []


def _context(doc: Mapping[str, Any]) -> tuple[CalculationContext | None, list[LineProblem]]:
    problems: list[LineProblem] = []
    for name in sorted(set(doc) - _TOP_LEVEL, key=str):
        problems.append(
            _problem(
                "accounting.invalid_document",
                f"未知字段“{name}”",
                f"unknown field '{name}'; allowed: {', '.join(sorted(_TOP_LEVEL))}",
                f"/{name}",
            )
        )
    year, region = doc.get("year"), doc.get("region")
    if year is None:
        problems.append(
            _problem(
                "accounting.invalid_document",
                "缺少核算年份 year（必填）",
                "'year' is required (the accounting year)",
                "/year",
            )
        )
    elif not isinstance(year, int) or isinstance(year, bool):
        problems.append(
            _problem(
                "accounting.invalid_document",
                f"year 须为整数：{year!r}",
                f"'year' must be an integer: {year!r}",
                "/year",
            )
        )
    if region is None:
        problems.append(
            _problem(
                "accounting.invalid_document",
                "缺少区域 region（必填，如 CN-ZJ、east_china_grid、CN）",
                "'region' is required (e.g. CN-ZJ, east_china_grid, CN)",
                "/region",
            )
        )
    elif not isinstance(region, str):
        problems.append(
            _problem(
                "accounting.invalid_document",
                "region 须为字符串",
                "'region' must be a string",
                "/region",
            )
        )
    for name in ("factor_set", "gwp", "electricity_tce_basis"):
        if name in doc and not isinstance(doc[name], str):
            problems.append(
                _problem(
                    "accounting.invalid_document",
                    f"{name} 须为字符串",
                    f"'{name}' must be a string",
                    f"/{name}",
                )
            )
    equal = doc.get("electricity_equal_value_kgce_per_kwh")
    if equal is not None and not _is_number(equal):
        problems.append(
            _problem(
                "accounting.invalid_option",
                "发电煤耗（等价值）须为数值",
                "'electricity_equal_value_kgce_per_kwh' must be a number",
                "/electricity_equal_value_kgce_per_kwh",
            )
        )
    if problems:
        return None, problems
    assert isinstance(year, int) and isinstance(region, str)
    return CalculationContext(
        year=year,
        region=region,
        factor_set=doc.get("factor_set", "cn-default"),
        gwp=doc.get("gwp", "AR5"),
        electricity_tce_basis=doc.get("electricity_tce_basis", "equivalent"),
        electricity_equal_value_kgce_per_kwh=equal,
    ), []


def calculate_document(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Account for a JSON request document; the JSON-serialisable answer.

    In: ``{"year", "region", "factor_set"?, "gwp"?, "electricity_tce_basis"?,
    "electricity_equal_value_kgce_per_kwh"?, "lines": [{"id", "activity", "quantity", "unit",
    "fuel"|"material"|"gas", "ncv"?, "ncv_unit"?, "carbon_content"?, "oxidation_rate"?,
    "green_certificates_mwh"? | "certificates"? + "certificates_unit"?}]}``.
    Out: ``total_tco2e, scope1_tco2e, scope2_tco2e, scope2_market_tco2e, energy_tce,
    by_gas_tco2e, factor_set, factor_set_version, gwp, year, region, notes, lines[]`` with each
    line's ``id, activity, tco2e, tce, scope, gas, category, method, factors[], overridden,
    notes`` (and ``tco2e_market`` for electricity). Floats, unrounded.
    Raises :class:`AccountingError` with every problem found.
    """
    if not isinstance(doc, Mapping):
        raise AccountingError(
            "accounting.invalid_document",
            "请求须为 JSON 对象",
            "the request must be a JSON object",
            pointer="",
        )
    raw_lines = doc.get("lines")
    if isinstance(raw_lines, list) and len(raw_lines) > MAX_LINES:
        raise AccountingError(
            "accounting.too_many_lines",
            f"一次最多核算 {MAX_LINES} 行,收到 {len(raw_lines)} 行;请分成几份提交",
            f"at most {MAX_LINES} lines can be calculated at once, got {len(raw_lines)}; "
            "split the document",
            pointer="/lines",
        )
    context, problems = _context(doc)
    lines: list[ActivityLine] = []
    if not isinstance(raw_lines, list) or not raw_lines:
        problems.append(
            _problem(
                "accounting.invalid_document",
                "lines 须为非空数组",
                "'lines' must be a non-empty array",
                "/lines",
            )
        )
        raw_lines = []
    indices: list[int] = []
    for index, raw in enumerate(raw_lines):
        line, line_problems = _line(raw, index)
        problems += line_problems
        if line is not None:
            lines.append(line)
            indices.append(index)
    if context is None:
        raise AccountingError.from_problems(problems)
    return evaluate(lines, context, problems, indices).as_dict()


def list_fuels() -> list[dict[str, Any]]:
    """Every fuel with its names, default unit, NCV (value, unit, source) and other defaults."""
    out = []
    for fuel in library().fuels.values():
        out.append(
            {
                "code": fuel.code,
                "name_zh": fuel.name_zh,
                "name_en": fuel.name_en,
                "form": fuel.form,
                "default_unit": fuel.default_unit,
                "ncv": fuel.ncv.as_dict() if fuel.ncv else None,
                "carbon_content": fuel.carbon_content.as_dict() if fuel.carbon_content else None,
                "oxidation_rate": fuel.oxidation_rate.as_dict() if fuel.oxidation_rate else None,
                "standard_coal": fuel.standard_coal.as_dict() if fuel.standard_coal else None,
                "requires_measured": [
                    name
                    for name in ("carbon_content", "oxidation_rate")
                    if getattr(fuel, name) is None
                ],
            }
        )
    return out


def list_factor_sets() -> list[dict[str, Any]]:
    """The named, versioned factor sets: id, version, names, families and source."""
    return [factor_set.as_dict() for factor_set in library().factor_sets.values()]


def list_materials() -> list[dict[str, Any]]:
    """The process materials (工业生产过程原料) with their CO2 factor and its source."""
    return [
        {"code": m.code, "name_zh": m.name_zh, "name_en": m.name_en, "factor": m.factor.as_dict()}
        for m in library().materials.values()
    ]


def list_gases() -> list[dict[str, Any]]:
    """The greenhouse gases with a GWP in every shipped IPCC report (AR4/AR5/AR6 …)."""
    lib = library()
    return [
        {
            "code": gas,
            "gwp": {ar: lib.gwp[(ar, gas)].value for ar in lib.gwp_reports if (ar, gas) in lib.gwp},
        }
        for gas in lib.gases
    ]


def list_regions() -> list[dict[str, Any]]:
    """The regions with published grid factors: code and Chinese name."""
    return [{"code": r.code, "name_zh": r.name_zh} for r in library().regions.values()]


ACTIVITIES: tuple[dict[str, Any], ...] = (
    {
        "code": "fuel_combustion",
        "name_zh": "化石燃料燃烧",
        "name_en": "Fuel combustion",
        "item": "fuel",
        "units": ("t", "10^4 t", "kg", "10^4 Nm3", "Nm3"),
    },
    {
        "code": "purchased_electricity",
        "name_zh": "净购入电力",
        "name_en": "Purchased electricity",
        "item": None,
        "units": ("MWh", "kWh", "10^4 kWh"),
    },
    {
        "code": "purchased_heat",
        "name_zh": "净购入热力",
        "name_en": "Purchased heat",
        "item": None,
        "units": ("GJ", "MJ", "TJ"),
    },
    {
        "code": "process",
        "name_zh": "工业过程(碳酸盐)",
        "name_en": "Industrial process (carbonates)",
        "item": "material",
        "units": ("t", "10^4 t"),
    },
    {
        "code": "non_co2",
        "name_zh": "非二氧化碳温室气体",
        "name_en": "Non-CO2 greenhouse gases",
        "item": "gas",
        "units": ("t", "kg"),
    },
)
"""The activities of a line: names, which field names the item, and the usual units."""


def list_activities() -> list[dict[str, Any]]:
    """The activities a line may have, with the field naming its item and its usual units."""
    return [{**activity, "units": list(activity["units"])} for activity in ACTIVITIES]
