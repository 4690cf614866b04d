"""What the calculator page offers, and how its form becomes the public JSON contract."""

from __future__ import annotations

from datetime import date
from typing import Any

from shuangtan import accounting
from shuangtan.web.lines import line_choices

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

ITEM_KEY = {a["code"]: a["item"] for a in accounting.list_activities() if a["item"]}
"""Which field of a line names its item, by activity."""


FIRST_YEAR = 2019
"""The first year the calculator offers (the earliest year of the shipped factor sets)."""


def form_options(today: date) -> dict[str, Any]:
    """Choices of the page: activities with their items and units, regions, sets, GWPs, and the
    years from 2019 to ``today``'s (a year after the latest published factors uses the latest,
    with a note on the result)."""
    return {
        **line_choices(),
        "regions": [
            {**r, "name_en": REGION_NAMES_EN.get(r["code"], r["code"])}
            for r in accounting.list_regions()
        ],
        "factor_sets": accounting.list_factor_sets(),
        "gwps": ["AR4", "AR5", "AR6"],
        "years": list(range(FIRST_YEAR, today.year + 1)),
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
