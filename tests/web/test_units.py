"""The one unit display table (web/units.py): every stored unit has its Chinese and English."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from shuangtan.web.units import UNITS, amount, fuel_name, gpc_level, unit_label, yes_no

DATA = Path(__file__).resolve().parents[2] / "src/shuangtan/data"


def stored_units() -> set[str]:
    """Every unit the shipped city configuration, statistics and synergy definitions store."""
    found = set()
    for name in ("cities/jiaxing/indicators.csv", "cities/jiaxing/statistics.csv"):
        with (DATA / name).open(encoding="utf-8") as handle:
            found |= {row["unit"] for row in csv.DictReader(handle)}
    for definition in (DATA / "synergy").glob("*.yaml"):
        spec = yaml.safe_load(definition.read_text(encoding="utf-8"))
        found |= {i["unit"] for i in spec["indicators"]}
    for name in ("inventory/activities.csv",):
        with (DATA / name).open(encoding="utf-8") as handle:
            found |= {row["unit"] for row in csv.DictReader(handle)}
    return found


class TestTheTable:
    def test_every_stored_unit_is_in_the_table(self) -> None:
        assert stored_units() - set(UNITS) == set()

    @pytest.mark.parametrize(
        ("code", "zh", "en"),
        [
            ("10^4 tce", "万吨标准煤", "10⁴ tce"),
            ("tce/10^4 CNY", "吨标准煤/万元", "tce per 10⁴ CNY"),
            ("10^8 CNY", "亿元", "10⁸ CNY"),
            ("10^4 persons", "万人", "10⁴ persons"),
            ("kg/mu", "千克/亩", "kg per mu"),
            ("count", "个", "count"),
            ("tCO2e", "吨二氧化碳当量", "t CO₂e"),
        ],
    )
    def test_a_unit_in_each_language(self, code: str, zh: str, en: str) -> None:
        assert (unit_label(code, "zh-CN"), unit_label(code, "en")) == (zh, en)

    def test_a_ratio_of_known_units_is_composed(self) -> None:
        assert unit_label("GJ/10^4 Nm3") == "吉焦/万立方米"
        assert unit_label("GJ/10^4 Nm3", "en") == "GJ per 10⁴ Nm³"

    def test_an_unknown_unit_has_its_powers_of_ten_written_out(self) -> None:
        assert unit_label("10^4 t CH4") == "万t CH4"
        assert unit_label("10^4 t CH4", "en") == "10⁴ t CH4"


class TestFigures:
    def test_a_count_is_a_whole_number(self) -> None:
        assert amount(300, "count") == "300"  # not 300.000
        assert amount(4186.4, "count", "en") == "4,186"

    def test_other_units_keep_their_decimals(self) -> None:
        assert amount(2181, "10^4 tce") == "2,181.00"
        assert amount(0.427, "tce/10^4 CNY") == "0.427"

    def test_yes_no_in_words(self) -> None:
        assert [amount(1, "yes/no"), amount(0, "yes/no"), amount(None, "yes/no")] == [
            "是",
            "否",
            "—",
        ]
        assert yes_no(True, "en") == "yes"


class TestCodes:
    def test_a_fuel_by_its_name_in_the_factor_library(self) -> None:
        # GB/T 32151.22-2024 Table C.1 names: 烟煤 bituminous coal, 天然气 natural gas
        assert fuel_name("bituminous_coal") == "烟煤"
        assert fuel_name("natural_gas", "en") == "natural gas"

    def test_gpc_levels(self) -> None:
        assert [gpc_level(x, "en") for x in ("basic", "basic+", "territorial")] == [
            "BASIC",
            "BASIC+",
            "territorial",
        ]
        assert gpc_level("territorial") == "辖区"


class TestTheLineEditor:
    def test_every_unit_an_activity_offers_has_its_names(self) -> None:
        """The line editor's unit options show these names (static/js/lines.js); the form
        still sends the code."""
        from shuangtan.web.lines import line_choices

        choices = line_choices()
        offered = {unit for a in choices["activities"] for unit in a["units"]}
        assert set(choices["unit_names"]) == offered
        assert choices["unit_names"]["10^4 Nm3"] == ["万立方米", "10⁴ Nm³"]
        assert all("^" not in zh for zh, _en in choices["unit_names"].values())
