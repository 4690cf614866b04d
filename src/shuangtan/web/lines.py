"""Choices of an activity-line editor (活动数据行): shared by the calculator and report forms.

The table markup lives in ``templates/_lines.html`` and its behaviour in ``static/js/lines.js``.
"""

from __future__ import annotations

from typing import Any

from shuangtan import accounting
from shuangtan.accounting.unit_names import unit_label


def line_choices() -> dict[str, Any]:
    """Activities (with their units) and the items each activity offers, zh and en names, and
    each unit's names (the option shows the name, the form sends the code)."""
    activities = accounting.list_activities()
    return {
        "activities": [
            {"code": a["code"], "zh": a["name_zh"], "en": a["name_en"], "units": a["units"]}
            for a in activities
        ],
        "unit_names": {
            unit: [unit_label(unit), unit_label(unit, "en")]
            for a in activities
            for unit in a["units"]
        },
        "items": {
            "fuel_combustion": [
                {"code": f["code"], "zh": f["name_zh"], "en": f["name_en"]}
                for f in accounting.list_fuels()
            ],
            "process": [
                {"code": m["code"], "zh": m["name_zh"], "en": m["name_en"]}
                for m in accounting.list_materials()
            ],
            "non_co2": [
                {"code": g["code"], "zh": g["code"], "en": g["code"]}
                for g in accounting.list_gases()
            ],
        },
    }
