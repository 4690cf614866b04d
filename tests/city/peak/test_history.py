"""Scenarios start from the last observed year (issue 11): the projection's base is that year's
observed value, the years before it are history, and a peak (deterministic or in the Monte
Carlo) falls in an observed year only where the observations put it there. Pure: no database.

Every number is derived by hand in the test."""

from __future__ import annotations

import pytest

from shuangtan.city import kaya
from shuangtan.city.peak import charts, demo
from shuangtan.city.peak.observed import history_before

# Base 2025: P 50 × G/P 2 × E/G 0.5 × C/E 2 = 100 (×10^4 t), the "observed 2025".
BASE_2025 = kaya.KayaBase(
    year=2025, population=50, gdp_per_capita=2, energy_intensity=0.5, carbon_intensity=2
)


def _one_period(gdp_per_capita: float) -> kaya.Scenario:
    """2026–2060 at one GDP-per-capita rate, every other factor constant."""
    return kaya.Scenario(
        name="hand",
        name_zh="手算",
        rates={(2026, 2060): kaya.FactorRates(0.0, gdp_per_capita, 0.0, 0.0)},
    )


class TestProjectionFromTheLastObservedYear:
    def test_2026_is_observed_2025_times_the_stated_annual_change(self) -> None:
        # observed 2025 = 100; stated change +3 %/yr from 2026: 2026 = 100 × 1.03 = 103,
        # 2027 = 103 × 1.03 = 106.09.
        projection = kaya.project(BASE_2025, _one_period(0.03))
        assert projection.years[0] == 2025
        assert projection.value(2025) == pytest.approx(100.0)
        assert projection.value(2026) == pytest.approx(103.0)
        assert projection.value(2027) == pytest.approx(106.09)

    def test_an_observed_year_above_the_whole_projection_is_the_peak(self) -> None:
        # Observed 2020–24: 90, 120, 110, 105, 102; 2025 = 100 then −1 %/yr: 2021 is the peak.
        history = [(2020, 90.0), (2021, 120.0), (2022, 110.0), (2023, 105.0), (2024, 102.0)]
        projection = kaya.project(BASE_2025, _one_period(-0.01), history=history)
        assert (projection.peak_year, projection.peak_value) == (2021, 120.0)

    def test_rising_observations_put_the_peak_in_the_base_year_or_later(self) -> None:
        # Observed 2020–24 rising (90 … 99) below 2025's 100, then −1 %/yr: peak 2025.
        history = [(2020, 90.0), (2021, 95.0), (2022, 97.0), (2023, 98.0), (2024, 99.0)]
        projection = kaya.project(BASE_2025, _one_period(-0.01), history=history)
        assert (projection.peak_year, projection.peak_value) == (2025, pytest.approx(100.0))

    def test_history_with_a_gap_before_the_base_year_is_refused(self) -> None:
        with pytest.raises(kaya.KayaInputError) as error:
            kaya.project(BASE_2025, _one_period(0.0), history=[(2022, 90.0), (2024, 95.0)])
        assert "连续" in error.value.message_zh


class TestMonteCarloWithHistory:
    def test_no_draw_peaks_in_2020_when_2021_was_higher(self) -> None:
        # Observed 2020 = 90 < 2021 = 95 < … < 2024 = 99 < 2025 = 100: no path through these
        # observations has its maximum in 2020–2024, whatever is drawn after 2025.
        history = [(2020, 90.0), (2021, 95.0), (2022, 97.0), (2023, 98.0), (2024, 99.0)]
        distribution = kaya.peak_probabilities(
            BASE_2025,
            _one_period(-0.01),
            spread={"gdp_per_capita": 0.02},
            n=4000,
            seed=7,
            history=history,
        )
        assert distribution.years[0] == 2020
        for year in range(2020, 2025):
            assert distribution.probability_peaked_by(year) == 0.0

    def test_an_observed_peak_has_the_probability_that_the_draws_stay_below_it(self) -> None:
        # Observed 2020–24: 90, 95, 99, 101, 100; 2025 = 100. One rate r ~ N(−1 %, 2 %) holds
        # 2026–60, so each path is monotone from 100: r < 0 keeps it below 101 (peak 2023);
        # r > 0 rises to the horizon (not peaked) unless 100 (1 + r)^35 ≤ 101, i.e.
        # r ≤ 0.000284, where 2023 is still the peak. P(2023) = Φ(0.5) + φ(0.5)/0.02 × 0.000284
        # = 0.6915 + 0.0050 = 0.6965; P(2020), P(2021), P(2022) = 0 (a later year is higher).
        history = [(2020, 90.0), (2021, 95.0), (2022, 99.0), (2023, 101.0), (2024, 100.0)]
        distribution = kaya.peak_probabilities(
            BASE_2025,
            _one_period(-0.01),
            spread={"gdp_per_capita": 0.02},
            n=10_000,
            seed=2026,
            history=history,
        )
        assert distribution.probability_peaked_by(2022) == 0.0
        assert distribution.peak_year_probability[2023] == pytest.approx(0.6965, abs=0.015)
        assert distribution.probability_peaked_by(2060) == pytest.approx(0.6965, abs=0.015)
        assert distribution.not_peaked == pytest.approx(1 - 0.6965, abs=0.015)


class TestHistoryBefore:
    def test_the_consecutive_observed_years_just_before_the_base_year(self) -> None:
        path = ((2018, 1.0), (2020, 2.0), (2021, 3.0), (2022, 4.0), (2023, 5.0))
        assert history_before(path, 2023) == ((2020, 2.0), (2021, 3.0), (2022, 4.0))
        assert history_before(path, 2020) == ()


class TestDemoRatesAfterTheBaseYear:
    def test_rates_are_stated_from_the_year_after_the_base_year(self) -> None:
        # ENHANCED's periods are 2021–25, 2026–30, …; from a 2022 base the first period is
        # 2023–25 (its 2021–25 rates), from a 2025 base the first is 2026–30.
        after_2022 = demo.periods_after(kaya.ENHANCED, industry=False, base_year=2022)
        assert (after_2022[0].first_year, after_2022[0].last_year) == (2023, 2025)
        assert after_2022[0].energy_intensity == pytest.approx(-0.036)
        after_2025 = demo.periods_after(kaya.ENHANCED, industry=False, base_year=2025)
        assert [(p.first_year, p.last_year) for p in after_2025][:2] == [(2026, 2030), (2031, 2035)]
        assert after_2025[-1].last_year == 2060


class _Row:
    """The fields of a saved scenario the charts read (test data)."""

    id = 1
    name = "手算"


class TestChartsShowHistoryThenProjection:
    def test_the_observed_line_ends_where_the_dashed_projection_begins(self) -> None:
        from shuangtan.city.peak.results import ScenarioResult

        history = [(2023, 90.0), (2024, 95.0)]
        result = ScenarioResult(
            scenario=_Row(),  # type: ignore[arg-type]
            projection=kaya.project(BASE_2025, _one_period(-0.01), history=history),
            distribution=kaya.peak_probabilities(
                BASE_2025, _one_period(-0.01), spread={}, n=10, seed=1, history=history
            ),
        )
        observed = [*history, (2025, 100.0)]
        option = charts.projection_chart(
            [result],
            unit="万吨二氧化碳",
            peak_label="峰值",
            observed=observed,
            observed_label="实际观测",
            projection_label="预测",
        )
        assert option["xAxis"]["data"][:3] == ["2023", "2024", "2025"]
        scenario, seen = option["series"]
        assert seen["data"][:3] == [90.0, 95.0, 100.0] and seen["data"][3] is None
        assert scenario["data"][:3] == [None, None, 100.0]  # the projection starts in 2025
        assert scenario["lineStyle"]["type"] == "dashed"
        history_band, projection_band = scenario["markArea"]["data"]
        assert history_band[0]["name"] == "实际观测" and history_band[1]["xAxis"] == "2025"
        assert projection_band[0] == {
            "name": "预测",
            "xAxis": "2025",
            "label": {"position": "insideTopRight"},
        }
        # no draw can peak in 2023 or 2024 (2025 is higher): 0 there, 1 from 2025 (spread 0)
        chance = charts.probability_chart([result], unit="%", projection_label="预测")
        assert chance["xAxis"]["data"][:3] == ["2023", "2024", "2025"]
        assert chance["series"][0]["data"][:3] == [0.0, 0.0, 100.0]
