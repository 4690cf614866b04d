"""Rules of the peak service that need no database: Jiashan's observed verdict, the six
industries of the plan."""

from __future__ import annotations

import csv
from pathlib import Path

import shuangtan
from shuangtan.city.peak.industries import SIX_INDUSTRIES
from shuangtan.city.peak.service import _observed_verdict


class TestObservedVerdict:
    def test_a_maximum_in_2023_with_lower_years_after_it_has_peaked(self) -> None:
        observed = [(2020, 90.0), (2021, 95.0), (2023, 99.0), (2024, 98.0), (2025, 97.5)]
        assert _observed_verdict(observed) == (2023, "peaked")

    def test_a_path_still_rising_in_its_last_year_has_not_peaked(self) -> None:
        observed = [(2020, 90.0), (2024, 95.0), (2025, 96.0)]
        assert _observed_verdict(observed) == (2025, "not_yet")

    def test_a_maximum_after_2025_is_not_the_plan_s_early_peak(self) -> None:
        observed = [(2025, 90.0), (2026, 95.0), (2027, 94.0)]
        assert _observed_verdict(observed) == (2026, "not_yet")

    def test_a_single_year_cannot_show_a_peak(self) -> None:
        assert _observed_verdict([(2021, 10.0)]) == (2021, "not_yet")

    def test_no_data_says_so(self) -> None:
        assert _observed_verdict([]) == (None, "no_data")


class TestSixIndustries:
    def test_they_are_the_plan_key_industries_of_the_city_file_all_energy_intensive(self) -> None:
        path = Path(shuangtan.__file__).parent / "data/cities/jiaxing/industries.csv"
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        keyed = {r["code"] for r in rows if r["plan_key_industry"]}
        assert keyed == set(SIX_INDUSTRIES) == {"C17", "C22", "C26", "C28", "C30", "C31"}
        assert all(r["energy_intensive"] == "yes" for r in rows if r["code"] in keyed)
