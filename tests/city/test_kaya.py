"""Kaya projection (卡亚恒等式情景预测) against hand computations, and its Monte Carlo."""

from __future__ import annotations

import itertools
import math

import pytest

from shuangtan.city.kaya import (
    BASELINE,
    ENHANCED,
    POLICY,
    SCENARIOS,
    FactorRates,
    KayaBase,
    KayaInputError,
    Scenario,
    jiaxing_base_2020,
    peak_probabilities,
    project,
)

UNIT_BASE = KayaBase(
    year=2020, population=100.0, gdp_per_capita=1.0, energy_intensity=1.0, carbon_intensity=1.0
)
# P +1 %, G/P +5 %, E/G −4 %, C/E −2 % every year.
STEADY = Scenario(
    name="steady",
    name_zh="稳定",
    rates={(2021, 2030): FactorRates(0.01, 0.05, -0.04, -0.02)},
)


def two_phase(before: FactorRates, after: FactorRates) -> Scenario:
    return Scenario(
        name="two-phase",
        name_zh="两阶段",
        rates={(2021, 2025): before, (2026, 2030): after},
    )


GROW_2 = FactorRates(0.02, 0.0, 0.0, 0.0)  # C grows 2 %/yr
FALL_3 = FactorRates(0.0, 0.0, 0.0, -0.03)  # C falls 3 %/yr
SPREAD = {
    "population": 0.003,
    "gdp_per_capita": 0.01,
    "energy_intensity": 0.008,
    "carbon_intensity": 0.008,
}


class TestProject:
    def test_three_years_match_the_hand_computation(self) -> None:
        # One year multiplies C by 1.01 × 1.05 × 0.96 × 0.98 = 1.0605 × 0.9408 = 0.9977184.
        # C1 = 100 × 0.9977184 = 99.77184
        # C2 = 100 × 0.9977184² = 99.544201...  (0.9977184² = 0.99544200...)
        # C3 = 100 × 0.9977184³ = 99.317122...
        yearly = 1.01 * 1.05 * 0.96 * 0.98
        assert yearly == pytest.approx(0.9977184, abs=1e-12)
        projection = project(UNIT_BASE, STEADY, until=2023)
        assert projection.years == (2020, 2021, 2022, 2023)
        assert projection.emissions[0] == pytest.approx(100.0)
        assert projection.value(2021) == pytest.approx(99.77184, rel=1e-12)
        assert projection.value(2022) == pytest.approx(99.77184 * 0.9977184, rel=1e-12)
        assert projection.value(2023) == pytest.approx(99.77184 * 0.9977184**2, rel=1e-12)
        # Factors individually: P = 100 × 1.01³ = 103.0301; G/P = 1.05³ = 1.157625;
        # E/G = 0.96³ = 0.884736; C/E = 0.98³ = 0.941192.
        assert projection.population[-1] == pytest.approx(103.0301)
        assert projection.gdp_per_capita[-1] == pytest.approx(1.157625)
        assert projection.energy_intensity[-1] == pytest.approx(0.884736)
        assert projection.carbon_intensity[-1] == pytest.approx(0.941192)
        # E3 = 103.0301 × 1.157625 × 0.884736 = 105.523; GDP3 = 103.0301 × 1.157625.
        assert projection.gdp[-1] == pytest.approx(103.0301 * 1.157625)
        assert projection.energy_in(2023) == pytest.approx(103.0301 * 1.157625 * 0.884736)
        # It falls every year, so the peak is the base year.
        assert (projection.peak_year, projection.peak_value) == (2020, pytest.approx(100.0))

    def test_the_rates_switch_at_the_period_boundary(self) -> None:
        # 2021–2025: C × 1.02 a year; 2026–2030: C × 0.97 a year.
        # C2025 = 100 × 1.02⁵ = 110.40808032; C2026 = C2025 × 0.97 = 107.0958379...
        projection = project(UNIT_BASE, two_phase(GROW_2, FALL_3), until=2030)
        assert projection.value(2025) == pytest.approx(110.40808032)
        assert projection.value(2026) == pytest.approx(110.40808032 * 0.97)
        # 2025 still uses the first period's population rate, 2026 the second's (0 %).
        assert projection.population[5] == pytest.approx(100 * 1.02**5)
        assert projection.population[6] == projection.population[5]
        assert projection.carbon_intensity[5] == 1.0
        assert projection.carbon_intensity[6] == pytest.approx(0.97)

    def test_a_rise_then_fall_peaks_at_the_turn(self) -> None:
        # Rising 2 %/yr to 2025 then falling 3 %/yr: the maximum is C2025 = 100 × 1.02⁵.
        projection = project(UNIT_BASE, two_phase(GROW_2, FALL_3), until=2030)
        assert projection.peak_year == 2025
        assert projection.peak_value == pytest.approx(110.40808032)

    def test_a_plateau_peaks_at_its_first_year(self) -> None:
        flat = FactorRates(0.0, 0.0, 0.0, 0.0)
        projection = project(UNIT_BASE, two_phase(GROW_2, flat), until=2030)
        assert projection.peak_year == 2025

    def test_a_path_still_rising_at_the_horizon_has_not_peaked(self) -> None:
        # C grows 2 %/yr in both periods: the highest year is the horizon, 2030, with
        # 100 × 1.02¹⁰ = 121.8994; that is where the projection stops, not a peak.
        projection = project(UNIT_BASE, two_phase(GROW_2, GROW_2), until=2030)
        assert projection.value(2030) == pytest.approx(121.89944199947573)
        assert (projection.peak_year, projection.peak_value) == (None, None)

    def test_the_plan_2020_base_reproduces_2181_10k_tce(self) -> None:
        # GDP (2015 prices) = 2181 / 0.427 = 5107.728 ×10^8 CNY; × 0.427 = 2181 ×10^4 tce.
        # Population 540.0868 ×10^4 (7th census): GDP per capita = 5107.728 / 540.0868 = 9.4572.
        base = jiaxing_base_2020()
        assert base.population == pytest.approx(540.0868)
        assert base.gdp == pytest.approx(5107.728, abs=1e-3)
        assert base.gdp_per_capita == pytest.approx(9.4572, abs=1e-4)
        assert base.energy == pytest.approx(2181.0, rel=1e-12)
        # C2020 = 2181 × 2.1 (assumed tCO2/tce) = 4580.1 ×10^4 tCO2.
        assert base.emissions == pytest.approx(4580.1)
        projection = project(base, BASELINE)
        assert projection.energy_in(2020) == pytest.approx(2181.0, rel=1e-12)
        assert projection.years[-1] == 2060

    def test_the_illustrative_scenarios_peak_in_order(self) -> None:
        base = jiaxing_base_2020()
        peaks = {name: project(base, s).peak_year for name, s in SCENARIOS.items()}
        # Baseline: 2031–35 net ≈ +0.4 + 3.8 − 2.6 − 1.0 = +0.6 %/yr, 2036–40 ≈ −1.4 %/yr.
        # Enhanced: 2021–25 × 1.015 × 1.05 × 0.964 × 0.975 = 1.00170 (rising), 2026–30 falling.
        assert peaks == {"baseline": 2035, "policy": 2030, "enhanced": 2025}
        assert project(base, ENHANCED).peak_value < project(base, POLICY).peak_value

    def test_a_year_outside_the_projection_is_refused(self) -> None:
        projection = project(UNIT_BASE, STEADY, until=2023)
        with pytest.raises(KayaInputError):
            projection.value(2024)


class TestInputErrors:
    def test_a_year_without_a_period_is_refused(self) -> None:
        with pytest.raises(KayaInputError) as error:
            project(UNIT_BASE, STEADY, until=2031)
        assert "2031" in error.value.message_zh and "2031" in error.value.message_en

    def test_a_gap_between_periods_is_refused(self) -> None:
        gap = Scenario(
            name="gap",
            name_zh="缺口",
            rates={(2021, 2024): GROW_2, (2026, 2030): FALL_3},
        )
        with pytest.raises(KayaInputError, match="2025"):
            project(UNIT_BASE, gap, until=2030)

    def test_overlapping_periods_are_refused(self) -> None:
        with pytest.raises(KayaInputError, match="overlap"):
            Scenario(name="x", name_zh="重叠", rates={(2021, 2025): GROW_2, (2025, 2030): FALL_3})

    def test_a_period_ending_before_it_starts_is_refused(self) -> None:
        with pytest.raises(KayaInputError):
            Scenario(name="x", name_zh="倒序", rates={(2025, 2021): GROW_2})

    @pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf])
    def test_non_positive_or_non_finite_base_factors_are_refused(self, value: float) -> None:
        with pytest.raises(KayaInputError) as error:
            KayaBase(
                year=2020,
                population=1.0,
                gdp_per_capita=1.0,
                energy_intensity=value,
                carbon_intensity=1.0,
            )
        assert "energy_intensity" in error.value.message_zh

    @pytest.mark.parametrize("value", [-1.0, -1.5, math.nan])
    def test_rates_at_or_below_minus_one_are_refused(self, value: float) -> None:
        with pytest.raises(KayaInputError):
            FactorRates(0.0, 0.0, 0.0, value)

    def test_an_horizon_not_after_the_base_year_is_refused(self) -> None:
        with pytest.raises(KayaInputError):
            project(UNIT_BASE, STEADY, until=2020)

    def test_the_error_is_a_value_error(self) -> None:
        assert issubclass(KayaInputError, ValueError)


class TestPeakProbabilities:
    def test_the_same_seed_gives_identical_results(self) -> None:
        base = jiaxing_base_2020()
        first = peak_probabilities(base, POLICY, spread=SPREAD, n=2_000, seed=42)
        second = peak_probabilities(base, POLICY, spread=SPREAD, n=2_000, seed=42)
        assert first == second
        other = peak_probabilities(base, POLICY, spread=SPREAD, n=2_000, seed=43)
        assert other.peak_value_percentiles != first.peak_value_percentiles

    @pytest.mark.parametrize("scenario", [BASELINE, POLICY, ENHANCED], ids=lambda s: s.name)
    def test_zero_spread_is_a_step_at_the_deterministic_peak(self, scenario: Scenario) -> None:
        base = jiaxing_base_2020()
        peak = project(base, scenario).peak_year
        distribution = peak_probabilities(base, scenario, spread={}, n=500, seed=1)
        for year, probability in distribution.cumulative.items():
            assert probability == (1.0 if year >= peak else 0.0)
        assert distribution.peak_year_probability == {peak: 1.0}
        assert set(distribution.peak_year_percentiles.values()) == {peak}
        assert distribution.peak_value_percentiles[50] == project(base, scenario).peak_value

    def test_zero_spread_on_the_hand_example_steps_at_2025(self) -> None:
        distribution = peak_probabilities(
            UNIT_BASE, two_phase(GROW_2, FALL_3), spread={}, n=10, seed=0, until=2030
        )
        assert distribution.probability_peaked_by(2024) == 0.0
        assert distribution.probability_peaked_by(2025) == 1.0
        assert distribution.probability_peaked_by(2019) == 0.0
        assert distribution.probability_peaked_by(2099) == 1.0

    def test_draws_still_rising_at_the_horizon_never_count_as_peaked(self) -> None:
        rising = peak_probabilities(
            UNIT_BASE, two_phase(GROW_2, GROW_2), spread={}, n=10, seed=0, until=2030
        )
        assert rising.not_peaked == 1.0
        assert rising.probability_peaked_by(2030) == 0.0
        assert rising.probability_peaked_by(2099) == 0.0  # not "1 after the horizon"
        assert rising.peak_year_probability == {}
        assert set(rising.peak_year_percentiles.values()) == {None}
        assert set(rising.peak_value_percentiles.values()) == {None}

    def test_half_the_draws_peak_when_the_later_rate_is_centred_on_zero(self) -> None:
        # 2021–25: P +2 %/yr and C/E ~ N(0, 0.5 %): 1.02 × (1 + r) > 1 unless r < −1.96 %
        # (3.9 σ, p ≈ 5e-5 a draw): rising. 2026–30: P flat, C/E ~ N(0, 0.5 %): a draw with
        # r < 0 peaks in 2025, r > 0 is still rising in 2030 (not peaked): P = 1/2 each.
        flat = FactorRates(0.0, 0.0, 0.0, 0.0)
        distribution = peak_probabilities(
            UNIT_BASE,
            two_phase(GROW_2, flat),
            spread={"carbon_intensity": 0.005},
            n=20_000,
            seed=3,
            until=2030,
        )
        # binomial(20 000, 1/2): σ = 0.0035, so ±0.02 is more than 5 σ
        assert distribution.not_peaked == pytest.approx(0.5, abs=0.02)
        peaked = 1 - distribution.not_peaked
        assert distribution.probability_peaked_by(2030) == pytest.approx(peaked)
        assert distribution.probability_peaked_by(2099) == pytest.approx(peaked)
        assert distribution.peak_year_probability[2025] == pytest.approx(peaked, abs=0.001)
        assert distribution.peak_year_percentiles[5] == 2025
        assert distribution.peak_year_percentiles[95] is None

    def test_cumulative_probabilities_never_decrease_and_end_at_one(self) -> None:
        distribution = peak_probabilities(
            jiaxing_base_2020(), BASELINE, spread=SPREAD, n=5_000, seed=7
        )
        values = list(distribution.cumulative.values())
        assert all(a <= b for a, b in itertools.pairwise(values))
        assert values[-1] == 1.0
        assert sum(distribution.peak_year_probability.values()) == pytest.approx(1.0)
        low, mid, high = (distribution.peak_value_percentiles[q] for q in (5, 50, 95))
        assert low <= mid <= high
        # With uncertainty the peak is spread around the deterministic 2035.
        assert 0.0 < distribution.probability_peaked_by(2034) < 1.0

    def test_unknown_or_negative_spreads_are_refused(self) -> None:
        base = jiaxing_base_2020()
        with pytest.raises(KayaInputError, match="Unknown"):
            peak_probabilities(base, POLICY, spread={"gdp": 0.01}, seed=0)
        with pytest.raises(KayaInputError):
            peak_probabilities(base, POLICY, spread={"population": -0.01}, seed=0)

    def test_a_non_positive_number_of_draws_is_refused(self) -> None:
        with pytest.raises(KayaInputError):
            peak_probabilities(jiaxing_base_2020(), POLICY, spread={}, n=0, seed=0)
