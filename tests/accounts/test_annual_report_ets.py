"""National ETS coverage of the annual report: the covered-sector table and the test (no database).

The rule (碳排放权交易管理办法（试行）, 2020; the MEE work plan of March 2025): an emitter is a
key emitting entity when its sector is covered for the year AND its annual emissions reach
26,000 tCO2e. Covered: power (GB/T 4754-2017 4411 火力发电, 4412 热电联产 in division D44) since
the 2019 emissions of the first compliance cycle; iron and steel (3110 炼铁, 3120 炼钢, C31),
cement (3011 水泥制造, C30) and aluminium smelting (3216 铝冶炼, C32) from 2024 emissions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from shuangtan.accounts.ets import covered_sectors, ets_coverage
from shuangtan.kit.beijing import beijing_text


class TestCoveredSectors:
    def test_the_four_sectors_with_their_classes_years_and_documents(self) -> None:
        rows = {s.sector: s for s in covered_sectors()}
        assert set(rows) == {"power", "steel", "cement", "aluminium"}
        got = {k: (s.division, s.classes, s.first_emission_year) for k, s in rows.items()}
        assert got == {
            "power": ("D44", ("4411", "4412"), 2019),
            "steel": ("C31", ("3110", "3120"), 2024),
            "cement": ("C30", ("3011",), 2024),
            "aluminium": ("C32", ("3216",), 2024),
        }
        assert all(s.threshold_tco2e == Decimal(26000) for s in rows.values())
        assert "碳排放权交易管理办法" in rows["power"].document
        for key in ("steel", "cement", "aluminium"):
            assert "全国碳排放权交易市场覆盖钢铁、水泥、铝冶炼行业工作方案" in rows[key].document
            assert "2025年3月" in rows[key].document
        assert rows["aluminium"].gases == ("CO2", "CF4", "C2F6")
        assert all(s.status in ("confirmed", "assumption") for s in rows.values())


class TestEtsCoverage:
    @pytest.mark.parametrize(
        ("code", "year", "tco2e", "covered"),
        [
            ("C17", 2024, "30000", False),  # textiles: above the threshold, not a covered sector
            ("C22", 2025, "1000000", False),  # paper: not covered at any size
            (None, 2024, "1000000", False),  # no industry: nothing to cover
            ("C30", 2024, "30000", True),  # cement from 2024 emissions
            ("C30", 2023, "30000", False),  # … not before
            ("C30", 2024, "25999.99", False),  # the threshold is 26,000 t
            ("C30", 2024, "26000", True),  # … inclusive
            ("C31", 2025, "40000", True),  # iron and steel
            ("C32", 2024, "26000", True),  # aluminium smelting
            ("D44", 2021, "26000", True),  # power
            ("D44", 2018, "26000", False),  # before the first compliance cycle's 2019
        ],
    )
    def test_sector_and_threshold_both_decide(
        self, code: str | None, year: int, tco2e: str, covered: bool
    ) -> None:
        coverage = ets_coverage(code, year, Decimal(tco2e))
        assert coverage.covered is covered
        assert (coverage.tag_zh is not None) is covered

    def test_a_textile_mill_above_the_threshold_is_told_why_not(self) -> None:
        coverage = ets_coverage("C17", 2024, Decimal(30000), industry_name="纺织业")
        assert coverage.tag_zh is None
        assert "C17 纺织业" in coverage.reason_zh
        assert "发电、钢铁、水泥、铝冶炼" in coverage.reason_zh  # the sectors covered in 2024
        assert ets_coverage("C17", 2023, Decimal(30000)).reason_zh.count("、") == 0  # power only

    def test_a_cement_plant_is_tagged_with_the_caveat_of_its_division(self) -> None:
        coverage = ets_coverage("C30", 2024, Decimal(30000))
        assert coverage.tag_zh == "全国碳市场覆盖（水泥行业，年直接排放≥26,000 tCO2e）"
        assert "3011" in coverage.reason_zh and "30,000.00 tCO2e" in coverage.reason_zh
        assert coverage.caveat_zh is not None and "生态环境部" in coverage.caveat_zh
        # a class code is exact: no caveat about the rest of the division
        assert ets_coverage("3011", 2024, Decimal(30000)).caveat_zh is None
        # glass (3041, division C30) given as a class is not cement
        assert not ets_coverage("3041", 2024, Decimal(30000)).covered


class TestBeijingTime:
    @pytest.mark.parametrize(
        ("moment", "text"),
        [
            # 17:30 UTC on New Year's Eve is 01:30 the next day in Beijing (UTC+8)
            (datetime(2024, 12, 31, 17, 30, tzinfo=UTC), "2025-01-01 01:30 北京时间"),
            # a naive time is UTC, as SQLite keeps it
            (datetime(2024, 3, 1, 0, 0), "2024-03-01 08:00 北京时间"),
        ],
    )
    def test_times_print_in_beijing_time(self, moment: datetime, text: str) -> None:
        assert beijing_text(moment) == text
