"""What the calculator page offers, and how its form becomes the public JSON contract."""

from __future__ import annotations

from typing import Any

from shuangtan import accounting

DEFAULTS: dict[str, Any] = {
    "year": 2023,
    "region": "CN-ZJ",
    "factor_set": "cn-default",
    "gwp": "AR5",
}

EXAMPLE_LINES: list[dict[str, Any]] = [
    {
        "id": "a",
        "activity": "fuel_combustion",
        "item": "natural_gas",
        "quantity": 120.5,
        "unit": "10^4 Nm3",
    },
    {"id": "b", "activity": "purchased_electricity", "item": "", "quantity": 8000, "unit": "MWh"},
    {"id": "c", "activity": "purchased_heat", "item": "", "quantity": 3000, "unit": "GJ"},
    {"id": "d", "activity": "process", "item": "limestone", "quantity": 1000, "unit": "t"},
    {"id": "e", "activity": "non_co2", "item": "CH4", "quantity": 2, "unit": "t"},
]
"""A small enterprise's year: the example of the public contract."""

REGION_NAMES_EN = {
    "CN": "China (national average)",
    "east_china_grid": "East China grid",
    "CN-ZJ": "Zhejiang",
    "CN-SH": "Shanghai",
    "CN-JS": "Jiangsu",
    "CN-AH": "Anhui",
}
"""English names of the regions of the grid-factor tables (the tables carry the Chinese)."""

ITEM_KEY = {"fuel_combustion": "fuel", "process": "material", "non_co2": "gas"}
"""Which field of a line names its item, by activity."""

ACTIVITIES: list[dict[str, Any]] = [
    {
        "code": "fuel_combustion",
        "zh": "化石燃料燃烧",
        "en": "Fuel combustion",
        "units": ["t", "10^4 t", "kg", "10^4 Nm3", "Nm3"],
    },
    {
        "code": "purchased_electricity",
        "zh": "净购入电力",
        "en": "Purchased electricity",
        "units": ["MWh", "kWh", "10^4 kWh"],
    },
    {
        "code": "purchased_heat",
        "zh": "净购入热力",
        "en": "Purchased heat",
        "units": ["GJ", "MJ", "TJ"],
    },
    {
        "code": "process",
        "zh": "工业过程(碳酸盐)",
        "en": "Industrial process (carbonates)",
        "units": ["t", "10^4 t"],
    },
    {
        "code": "non_co2",
        "zh": "非二氧化碳温室气体",
        "en": "Non-CO2 greenhouse gases",
        "units": ["t", "kg"],
    },
]


def form_options() -> dict[str, Any]:
    """Choices of the page: activities with their items and units, regions, sets, GWPs."""
    items = {
        "fuel_combustion": [
            {
                "code": f["code"],
                "zh": f["name_zh"],
                "en": f["name_en"],
                "unit": f.get("default_unit"),
            }
            for f in accounting.list_fuels()
        ],
        "process": [
            {"code": m["code"], "zh": m["name_zh"], "en": m["name_en"]}
            for m in accounting.list_materials()
        ],
        "non_co2": [
            {"code": g["code"], "zh": g["code"], "en": g["code"]} for g in accounting.list_gases()
        ],
    }
    return {
        "activities": ACTIVITIES,
        "items": items,
        "regions": [
            {**r, "name_en": REGION_NAMES_EN.get(r["code"], r["code"])}
            for r in accounting.list_regions()
        ],
        "factor_sets": accounting.list_factor_sets(),
        "gwps": ["AR4", "AR5", "AR6"],
        "years": list(range(2019, 2027)),
    }


def _number(text: str) -> float | str:
    """The quantity typed, as a number when it is one (else the core refuses it by line)."""
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        return text


def document_from_form(
    *, year: str, region: str, factor_set: str, gwp: str, rows: list[tuple[str, ...]]
) -> dict[str, Any]:
    """The public JSON contract built from the page's form fields."""
    lines = []
    for index, (line_id, activity, item, quantity, unit) in enumerate(rows, start=1):
        line: dict[str, Any] = {
            "id": line_id.strip() or str(index),
            "activity": activity,
            "quantity": _number(quantity),
            "unit": unit,
        }
        if activity in ITEM_KEY:
            line[ITEM_KEY[activity]] = item
        lines.append(line)
    return {
        "year": int(year) if year.strip().isdigit() else year,
        "region": region,
        "factor_set": factor_set,
        "gwp": gwp,
        "lines": lines,
    }


def chart_option(answer: dict[str, Any], *, scope_names: tuple[str, str]) -> dict[str, Any]:
    """An ECharts option: tCO2e of each line, one stacked series per scope, with a legend."""
    colours = ("#0f7b5f", "#3a6fd8")
    series = []
    for scope, (name, colour) in enumerate(zip(scope_names, colours, strict=True), start=1):
        series.append(
            {
                "name": name,
                "type": "bar",
                "stack": "scope",
                "itemStyle": {"color": colour},
                "data": [
                    round(float(line["tco2e"]), 3) if int(line["scope"]) == scope else None
                    for line in answer["lines"]
                ],
            }
        )
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 70, "right": 20, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": [str(line["id"]) for line in answer["lines"]]},
        "yAxis": {"type": "value", "name": "tCO2e"},
        "series": series,
    }
