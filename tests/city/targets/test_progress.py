"""The progress rules, at their thresholds, with every figure derived by hand in the test."""

from __future__ import annotations

import pytest

from shuangtan.city.targets.progress import (
    DEFAULT_RULES,
    Assessment,
    ProgressRules,
    Status,
    assess,
    expected_value,
    linear_forecast,
    target_from_reduction,
)

# A 'down' indicator with a % reduction target: energy intensity 0.427 tce/10^4 CNY in 2020,
# an illustrative 14 % reduction by 2025 → target 0.427 × 0.86 = 0.36722.
BASE, TARGET = 0.427, 0.427 * 0.86


class TestTargetFromReduction:
    def test_a_14_percent_reduction_of_0_427_is_0_36722(self) -> None:
        assert target_from_reduction(0.427, 14) == pytest.approx(0.36722)


class TestExpectedValue:
    def test_2023_is_three_fifths_of_the_way(self) -> None:
        # 0.427 + (0.36722 − 0.427) × 3/5 = 0.427 − 0.05978 × 0.6 = 0.391132
        value = expected_value(
            baseline_year=2020, baseline=BASE, target_year=2025, target=TARGET, year=2023
        )
        assert value == pytest.approx(0.391132)

    def test_after_the_target_year_the_target_is_expected(self) -> None:
        assert expected_value(
            baseline_year=2020, baseline=0, target_year=2025, target=18, year=2027
        ) == pytest.approx(18)

    def test_a_target_year_before_the_baseline_is_refused(self) -> None:
        with pytest.raises(ValueError):
            expected_value(baseline_year=2025, baseline=0, target_year=2020, target=1, year=2022)


class TestLinearForecast:
    def test_a_straight_line_through_three_points(self) -> None:
        # points (2021, 10), (2022, 12), (2023, 17): x̄ = 2022, ȳ = 13,
        # Sxy = (−1)(−3) + 0 + (1)(4) = 7, Sxx = 2, slope 3.5 → 2025: 13 + 3.5 × 3 = 23.5
        assert linear_forecast([(2021, 10), (2022, 12), (2023, 17)], 2025) == pytest.approx(23.5)

    def test_one_point_is_insufficient_data(self) -> None:
        assert linear_forecast([(2021, 10)], 2025) is None

    def test_the_same_year_twice_counts_once(self) -> None:
        assert linear_forecast([(2021, 10), (2021, 11)], 2025) is None


def _assess(
    year: int,
    observations: list[tuple[int, float]],
    *,
    target: float,
    direction: str = "up",
    baseline: tuple[int, float] | None = None,
    rules: ProgressRules = DEFAULT_RULES,
) -> Assessment:
    """The assessment of ``year`` towards a 2025 target, from ``baseline`` (year, value)."""
    baseline_year, baseline_value = baseline or (None, None)
    return assess(
        year=year,
        direction=direction,
        baseline_year=baseline_year,
        baseline=baseline_value,
        target_year=2025,
        target=target,
        observations=observations,
        rules=rules,
    )


def _down(actual: float, year: int = 2023) -> Assessment:
    return _assess(year, [(year, actual)], target=TARGET, direction="down", baseline=(2020, BASE))


class TestAssessPath:
    def test_exactly_on_the_path_is_on_track(self) -> None:
        # expected 2023 = 0.391132: achieved reduction / expected reduction = 100 %
        result = _down(0.391132)
        assert result.status is Status.on_track
        assert result.share_pct == pytest.approx(100.0)

    def test_ninety_percent_of_the_expected_reduction_is_at_risk(self) -> None:
        # expected fall by 2023: 0.035868; 90 % of it = 0.0322812 → actual 0.3947188
        result = _down(0.427 - 0.0322812)
        assert result.share_pct == pytest.approx(90.0)
        assert result.status is Status.at_risk

    def test_just_under_ninety_percent_is_off_track(self) -> None:
        # 89.9 % of 0.035868 = 0.032245332 → actual 0.394754668
        result = _down(0.427 - 0.032245332)
        assert result.status is Status.off_track

    def test_just_under_the_path_is_at_risk_not_on_track(self) -> None:
        # 99.9 % of 0.035868 = 0.035832132
        assert _down(0.427 - 0.035832132).status is Status.at_risk

    def test_an_up_indicator_uses_the_same_share(self) -> None:
        # carbon-intensity reduction: 0 % (2020) → 18 % (2025); 2022 expects 7.2 %;
        # achieved 6.6 % → 6.6 / 7.2 = 91.67 % → at risk
        result = _assess(2022, [(2021, 3.0), (2022, 6.6)], target=18, baseline=(2020, 0))
        assert result.expected == pytest.approx(7.2)
        assert result.share_pct == pytest.approx(91.6667, abs=1e-4)
        assert result.status is Status.at_risk
        # forecast: slope 3.6/yr through (2021, 3.0), (2022, 6.6) → 2025: 6.6 + 3 × 3.6 = 17.4
        assert result.forecast == pytest.approx(17.4)
        assert result.forecast_meets_target is False

    def test_configurable_bands_change_the_status(self) -> None:
        # 6.6 / 7.2 = 91.67 %: at risk under the default 100/90 bands, on track under 90/80
        lenient = ProgressRules(on_track_pct=90.0, at_risk_pct=80.0)
        result = _assess(2022, [(2022, 6.6)], target=18, baseline=(2020, 0), rules=lenient)
        assert result.status is Status.on_track

    def test_later_observations_are_not_seen(self) -> None:
        result = _assess(2022, [(2022, 7.2), (2024, 1.0)], target=18, baseline=(2020, 0))
        assert result.status is Status.on_track and result.forecast is None

    def test_no_value_is_not_assessed(self) -> None:
        result = _assess(2022, [], target=18, baseline=(2020, 0))
        assert (result.status, result.reason) == (Status.not_assessed, "no_value")
        assert result.expected == pytest.approx(7.2)


class TestAssessAllowance:
    # an energy cap above the base: 2181 (2020) → 2400 ×10^4 tce in 2025; 2023 path:
    # 2181 + 219 × 3/5 = 2312.4
    def _cap(self, actual: float) -> Status:
        return _assess(
            2023, [(2023, actual)], target=2400, direction="down", baseline=(2020, 2181)
        ).status

    def test_under_the_path_is_on_track(self) -> None:
        assert self._cap(2312.4) is Status.on_track

    def test_past_the_path_but_within_the_cap_is_at_risk(self) -> None:
        assert self._cap(2312.5) is Status.at_risk
        assert self._cap(2400) is Status.at_risk

    def test_beyond_the_cap_is_off_track(self) -> None:
        assert self._cap(2400.1) is Status.off_track


class TestAssessTargetOnly:
    def test_a_met_target_is_on_track(self) -> None:
        # green factories: 310 ≥ 300 → completion 310/300 = 103.33 %
        result = _assess(2023, [(2023, 310)], target=300)
        assert result.status is Status.on_track
        assert result.share_pct == pytest.approx(103.3333, abs=1e-4)

    def test_one_year_short_of_target_is_insufficient_data(self) -> None:
        result = _assess(2021, [(2021, 120)], target=300)
        assert (result.status, result.reason) == (Status.not_assessed, "insufficient_data")
        assert result.share_pct == pytest.approx(40.0)  # 120 / 300

    def test_the_forecast_decides_before_the_target_is_met(self) -> None:
        # (2021, 120), (2022, 170): slope 50 → 2025: 170 + 150 = 320 ≥ 300 → on track
        on = _assess(2022, [(2021, 120), (2022, 170)], target=300)
        assert on.forecast == pytest.approx(320) and on.status is Status.on_track
        # (2021, 120), (2022, 160): 2025 → 160 + 120 = 280 → 280/300 = 93.3 % → at risk
        risk = _assess(2022, [(2021, 120), (2022, 160)], target=300)
        assert risk.status is Status.at_risk

    def test_a_down_target_compares_target_over_actual(self) -> None:
        # pesticide 0.17 kg/mu: 2021 0.20, 2022 0.19 → 2025: 0.19 − 0.03 = 0.16 ≤ 0.17 → on track;
        # completion 2022 = 0.17 / 0.19 = 89.47 %
        result = _assess(2022, [(2021, 0.20), (2022, 0.19)], target=0.17, direction="down")
        assert result.share_pct == pytest.approx(89.4737, abs=1e-4)
        assert result.status is Status.on_track


class TestAssessNotAssessable:
    def test_no_target_is_not_assessed(self) -> None:
        result = assess(
            year=2022,
            direction="up",
            baseline_year=2020,
            baseline=270.15,
            target_year=None,
            target=None,
            observations=[(2022, 400)],
        )
        assert (result.status, result.reason) == (Status.not_assessed, "no_target")

    def test_no_direction_is_not_assessed(self) -> None:
        result = assess(
            year=2022,
            direction="none",
            baseline_year=2020,
            baseline=5000,
            target_year=None,
            target=None,
            observations=[],
        )
        assert (result.status, result.reason) == (Status.not_assessed, "no_direction")
