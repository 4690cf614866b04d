"""The synthetic city's generator: deterministic, calibrated to the plan, every state present."""

from __future__ import annotations

import numpy as np
import pytest

from shuangtan.accounts.models import ReportStatus
from shuangtan.accounts.uscc import validate_uscc
from shuangtan.demodata.generate import SyntheticCity, generate_city

# Published figures (src/shuangtan/data/cities/jiaxing/statistics.csv):
CITY_ENERGY_2020_TCE = 2181 * 10_000  # the plan §1.(1).2: 2181 ×10^4 tce
INDUSTRIAL_VALUE_ADDED_2020 = 2560.40 * 10_000  # 2560.40 ×10^8 CNY in 10^4 CNY
# The documented shares of the reporting industrial enterprises (generate.py docstring):
TARGET_ENERGY_2020_TCE = 0.70 * CITY_ENERGY_2020_TCE  # 15,267,000 tce
TARGET_VALUE_ADDED_2020 = 0.55 * INDUSTRIAL_VALUE_ADDED_2020  # 14,082,200 ×10^4 CNY


@pytest.fixture(scope="module")
def city() -> SyntheticCity:
    return generate_city()


def _annual(city: SyntheticCity, year: int, values: np.ndarray) -> np.ndarray:
    mask = city.report_year == year
    return np.bincount(
        city.report_entity[mask] - 1, weights=values[mask], minlength=len(city.entities)
    )


class TestGenerateCity:
    def test_the_same_seed_gives_the_same_city(self) -> None:
        first, second = generate_city(entities=60), generate_city(entities=60)
        assert first.entities[:5] == second.entities[:5]
        assert first.report_status == second.report_status
        assert np.array_equal(first.line_quantity, second.line_quantity)
        assert float(first.line_tco2e.sum()) == float(second.line_tco2e.sum())

    def test_another_seed_gives_another_city(self) -> None:
        first, other = generate_city(entities=60), generate_city(entities=60, seed=7)
        assert [e.name for e in first.entities[1:10]] != [e.name for e in other.entities[1:10]]

    def test_the_full_city_has_about_two_thousand_entities_of_every_kind(
        self, city: SyntheticCity
    ) -> None:
        kinds = [e.kind for e in city.entities]
        assert len(kinds) == 2000
        assert {k: kinds.count(k) for k in set(kinds)} == {
            "industrial": 1500,
            "public_building": 250,
            "transport": 150,
            "farm": 100,
        }
        assert {e.county_code for e in city.entities} == {
            "330402",
            "330411",
            "330421",
            "330424",
            "330481",
            "330482",
            "330483",
        }
        assert {e.industry_code for e in city.entities} >= {
            "C17",
            "C22",
            "C26",
            "C28",
            "C30",
            "C31",
        }

    def test_counties_are_weighted_by_their_gdp(self, city: SyntheticCity) -> None:
        # Haining 1030.78 + Tongxiang 1002.98 of 5563.58 ×10^8 CNY (2020 bulletin) = 36.6 %
        share = sum(e.county_code in ("330481", "330483") for e in city.entities) / 2000
        assert share == pytest.approx((1030.78 + 1002.98) / 5563.58, abs=0.04)

    def test_entity_one_is_a_mid_sized_textile_enterprise_in_tongxiang(
        self, city: SyntheticCity
    ) -> None:
        first = city.entities[0]
        got = (first.id, first.name, first.county_code, first.industry_code)
        assert got == (1, "嘉兴示范纺织有限公司", "330483", "C17")
        energy = _annual(city, 2020, np.nan_to_num(city.reported_tce))[0]
        assert 5000 <= energy < 10000  # a mandatory reporter, not a key energy user
        assert set(city.report_year[city.report_entity == 1].tolist()) == set(range(2020, 2026))

    def test_on_the_reference_day_entity_one_is_one_month_behind_in_2025(
        self, city: SyntheticCity
    ) -> None:
        # REFERENCE_TODAY is 10 January 2026: the last complete month is December 2025. Entity 1
        # has lag 1 (demodata/mrv.py): 3 or more months back verified, 2 back (October) under
        # verification, 1 back (November) submitted, 0 back (December) a draft, and its month 3
        # back (September) returned; 2024, the year before, verified; 2020–2023 locked.
        mine = city.report_entity == 1
        states = [
            (int(y), int(m), city.report_status[r])
            for r, y, m in zip(
                np.flatnonzero(mine), city.report_year[mine], city.report_month[mine], strict=True
            )
        ]
        assert len(states) == 72
        by_year: dict[int, list[str]] = {}
        for y, _, s in sorted(states):
            by_year.setdefault(y, []).append(s)
        assert {y: set(by_year[y]) for y in range(2020, 2025)} == {
            2020: {"locked"},
            2021: {"locked"},
            2022: {"locked"},
            2023: {"locked"},
            2024: {"verified"},
        }
        assert by_year[2025] == ["verified"] * 8 + [
            "returned",
            "under_verification",
            "submitted",
            "draft",
        ]

    def test_the_2020_industrial_energy_is_70_percent_of_the_city_energy(
        self, city: SyntheticCity
    ) -> None:
        actual = city.industrial_energy_tce(2020)
        assert abs(actual - TARGET_ENERGY_2020_TCE) / TARGET_ENERGY_2020_TCE < 0.02

    def test_the_2020_value_added_is_55_percent_of_the_industrial_value_added(
        self, city: SyntheticCity
    ) -> None:
        actual = city.industrial_value_added(2020)
        assert abs(actual - TARGET_VALUE_ADDED_2020) / TARGET_VALUE_ADDED_2020 < 0.02

    def test_the_energy_intensive_industries_use_over_80_percent_of_industrial_energy(
        self, city: SyntheticCity
    ) -> None:
        energy = _annual(city, 2020, np.nan_to_num(city.reported_tce))
        industry = np.array([e.industry_code or "" for e in city.entities])
        intensive = np.isin(industry, ["C17", "C22", "C26", "C28", "C30", "C31"])
        assert energy[intensive].sum() / energy[industry != ""].sum() > 0.80
        assert energy.max() > 50 * np.median(energy[industry != ""])  # a few very large users

    def test_every_workflow_state_appears(self, city: SyntheticCity) -> None:
        assert set(city.report_status) == {s.value for s in ReportStatus}
        statuses = np.array(city.report_status)
        assert set(statuses[city.report_year == 2025]) >= {
            "draft",
            "submitted",
            "under_verification",
            "returned",
            "verified",
        }
        assert set(statuses[city.report_year <= 2022]) == {"locked"}

    def test_returned_reports_carry_a_comment_and_drafts_no_computed_values(
        self, city: SyntheticCity
    ) -> None:
        for status, comment in zip(city.report_status, city.report_comment, strict=True):
            assert (comment is not None) == (status in ("returned", "corrected"))
        drafts = np.array(city.report_status) == "draft"
        assert np.isnan(city.reported_tco2e[drafts]).all()

    def test_a_correction_by_recheck_differs_from_the_verified_value(
        self, city: SyntheticCity
    ) -> None:
        corrected = np.array(city.report_status) == "corrected"
        assert corrected.any()
        assert (city.corrected_tco2e[corrected] < city.verified_tco2e[corrected]).all()
        outcomes = {r.outcome for r in city.rechecks}
        assert outcomes == {None, "confirmed", "corrected"}

    def test_verifiers_rotate_and_avoid_their_conflicts(self, city: SyntheticCity) -> None:
        conflicts = {(body, entity) for body, entity, _ in city.conflicts}
        assert conflicts
        bodies: dict[int, list[int]] = {}
        for a in city.assignments:
            assert (a.body, a.entity_id) not in conflicts
            bodies.setdefault(a.entity_id, []).append(a.body)
        for history in bodies.values():
            runs = [history[i : i + 4] for i in range(len(history) - 3)]
            assert not any(len(set(run)) == 1 for run in runs)  # never 4 years in a row
        assert bodies[1][-1] == 0  # the demo verifier's body verifies entity 1 in 2025

    def test_anomalies_are_planted_for_the_rules_to_find(self, city: SyntheticCity) -> None:
        assert all(city.planted[rule] for rule in ("mom_jump", "missing", "mismatch"))
        for entity_id, year, month in city.planted["missing"]:
            present = (
                (city.report_entity == entity_id)
                & (city.report_year == year)
                & (city.report_month == month)
            )
            assert not present.any()


# The verifiers' assumed pace (demodata/profiles.py VERIFIER_PROFILES): median days and σ of the
# lognormal; its mean is median × exp(σ²/2): 21 × e^0.045 = 21.97, 12 × e^0.10125 = 13.28,
# 28 × e^0.03125 = 28.89, 45 × e^0.06125 = 47.84, 33 × e^0.125 = 37.39.
MEAN_DAYS = (21.97, 13.28, 28.89, 47.84, 37.39)


class TestVerifiersDiffer:
    def test_each_body_verifies_at_its_own_pace(self, city: SyntheticCity) -> None:
        # 2021–2024: no month near the clock's today, so no day is capped; about 4,800 reports
        # a body a year, so the mean is within 1 % of the lognormal's (σ ≤ 0.5)
        for year in range(2021, 2025):
            for body, expected in enumerate(MEAN_DAYS):
                mine = (city.report_year == year) & (city.report_body == body)
                assert float(np.mean(city.report_verify_days[mine])) == pytest.approx(
                    expected, rel=0.03
                )
        assert np.isnan(city.report_verify_days[city.report_body < 0]).all()

    def test_a_careless_body_is_corrected_more_often_than_a_careful_one(
        self, city: SyntheticCity
    ) -> None:
        # correction rates per re-checked entity-year: body 1 30 %, body 3 3 % (profiles.py);
        # about 22 re-checks a body a year, 12 months each
        corrected = ~np.isnan(city.corrected_tco2e) & (city.report_year <= 2023)
        counts = np.bincount(city.report_body[corrected], minlength=5)
        assert counts[1] > 3 * counts[3]
        assert (counts > 0).sum() >= 3


class TestUscc:
    def test_every_generated_code_passes_the_gb_32100_check(self, city: SyntheticCity) -> None:
        codes = [e.uscc for e in city.entities if e.uscc] + [u for _, u in city.verifier_bodies]
        assert len(codes) == len(set(codes)) >= 1650
        for code in codes:
            assert validate_uscc(code) == code

    def test_entity_one_code_checks_by_hand(self, city: SyntheticCity) -> None:
        code = city.entities[0].uscc
        assert code is not None and code.startswith("91330483")  # enterprise, Tongxiang
        charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]  # 3^i mod 31
        total = sum(charset.index(c) * w for c, w in zip(code[:17], weights, strict=True))
        assert charset.index(code[17]) == (31 - total % 31) % 31
        org = code[8:17]  # GB 11714: weights 3 7 9 10 5 8 4 2, C9 = 11 − Σ mod 11
        org_weights = [3, 7, 9, 10, 5, 8, 4, 2]
        org_sum = sum(int(c, 36) * w for c, w in zip(org[:8], org_weights, strict=True))
        expected = {10: "X", 11: "0"}.get(11 - org_sum % 11, str(11 - org_sum % 11))
        assert org[8] == expected


class TestLinesComeFromTheCore:
    def _line(self, city: SyntheticCity, item: str | None, activity: str, year: int) -> int:
        years = city.report_year[city.line_report]
        for k in np.flatnonzero(years == year):
            if city.line_item[k] == item and city.line_activity[k] == activity:
                return int(k)
        raise AssertionError("no such line")

    def test_a_natural_gas_line_matches_the_hand_derivation(self, city: SyntheticCity) -> None:
        k = self._line(city, "natural_gas", "fuel_combustion", 2023)
        # GB/T 32151.22-2024 Table C.1: 389.31 GJ/10^4 Nm3, 15.3 tC/TJ, oxidation 0.99
        per_unit = 389.31 * 0.0153 * 0.99 * 44 / 12
        assert city.line_tco2e[k] == pytest.approx(city.line_quantity[k] * per_unit, rel=1e-9)
        # 1.2143 kgce/m3 → 12.143 tce per 10^4 Nm3 (GB/T 2589-2008 Table A.1, gas-field gas)
        assert city.line_tce[k] == pytest.approx(city.line_quantity[k] * 12.143, rel=1e-9)

    def test_electricity_uses_the_zhejiang_factor_and_the_ets_factor_in_2020(
        self, city: SyntheticCity
    ) -> None:
        k23 = self._line(city, None, "purchased_electricity", 2023)
        assert city.line_tco2e[k23] == pytest.approx(city.line_quantity[k23] * 0.4974)
        k20 = self._line(city, None, "purchased_electricity", 2020)
        assert city.line_tco2e[k20] == pytest.approx(city.line_quantity[k20] * 0.6101)
        assert city.line_tce[k20] == pytest.approx(city.line_quantity[k20] * 0.1229)  # tce/MWh
