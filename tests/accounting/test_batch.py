"""The batch path gives the line path's numbers, and hand-derived ones."""

from __future__ import annotations

import numpy as np
import pytest

from shuangtan.accounting import (
    AccountingError,
    ActivityLine,
    CalculationContext,
    calculate,
    calculate_batch,
)
from shuangtan.accounting.batch import Categorical

# (activity, code, unit) drawn for the random sample: every method, mixed units
KINDS = [
    ("fuel_combustion", "natural_gas", "10^4 Nm3"),
    ("fuel_combustion", "natural_gas", "万立方米"),
    ("fuel_combustion", "natural_gas", "m3"),
    ("fuel_combustion", "diesel", "t"),
    ("fuel_combustion", "diesel", "kg"),
    ("fuel_combustion", "anthracite", "万吨"),
    ("fuel_combustion", "coke_oven_gas", "10^4 Nm3"),
    ("fuel_combustion", "lpg", "t"),
    ("fuel_combustion", "refinery_gas", "t"),
    ("purchased_electricity", "", "MWh"),
    ("purchased_electricity", "", "万千瓦时"),
    ("purchased_electricity", "", "kWh"),
    ("purchased_heat", "", "GJ"),
    ("purchased_heat", "", "TJ"),
    ("process", "limestone", "t"),
    ("process", "dolomite", "万吨"),
    ("non_co2", "CH4", "t"),
    ("non_co2", "N2O", "kg"),
    ("non_co2", "SF6", "t"),
]
REGIONS = ["CN-ZJ", "CN-SH", "east_china_grid", "CN"]
YEARS = [2021, 2022, 2023, 2024]


def sample(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(KINDS), n)
    return {
        "activity": np.array([KINDS[i][0] for i in pick]),
        "code": np.array([KINDS[i][1] for i in pick]),
        "unit": np.array([KINDS[i][2] for i in pick]),
        "quantity": rng.uniform(0, 1e4, n),
        "region": np.array(REGIONS)[rng.integers(0, len(REGIONS), n)],
        "year": np.array(YEARS)[rng.integers(0, len(YEARS), n)],
        "certificates": rng.uniform(0, 2e4, n),
    }


def scalar(columns: dict[str, np.ndarray], i: int, **options: object) -> tuple[float, ...]:
    activity = str(columns["activity"][i])
    code = str(columns["code"][i]) or None
    line = ActivityLine(
        id=str(i),
        activity=activity,
        quantity=float(columns["quantity"][i]),
        unit=str(columns["unit"][i]),
        fuel=code if activity == "fuel_combustion" else None,
        material=code if activity == "process" else None,
        gas=code if activity == "non_co2" else None,
        green_certificates=(
            float(columns["certificates"][i]) if activity == "purchased_electricity" else None
        ),
    )
    context = CalculationContext(
        year=int(columns["year"][i]), region=str(columns["region"][i]), **options
    )  # type: ignore[arg-type]
    result = calculate([line], context=context).lines[0]
    market = result.tco2e_market if result.tco2e_market is not None else result.tco2e
    return result.tco2e, market, result.tce, float(result.scope)


class TestCalculateBatch:
    @pytest.mark.parametrize("seed", [1, 2])
    @pytest.mark.parametrize(
        "options",
        [{}, {"factor_set": "cn-ets-reporting", "gwp": "AR6"}, {"electricity_tce_basis": "equal"}],
    )
    def test_a_random_mixed_sample_gives_the_line_paths_numbers(
        self, seed: int, options: dict[str, str]
    ) -> None:
        columns = sample(400, seed)
        batch = calculate_batch(
            columns["activity"],
            columns["code"],
            columns["quantity"],
            unit=columns["unit"],
            region=columns["region"],
            year=columns["year"],
            certificates_mwh=np.where(
                columns["activity"] == "purchased_electricity", columns["certificates"], 0.0
            ),
            **options,  # type: ignore[arg-type]
        )
        expected = np.array([scalar(columns, i, **options) for i in range(400)])
        # the same formula in the same order: equal floats, not merely close ones
        np.testing.assert_array_equal(batch.tco2e, expected[:, 0])
        np.testing.assert_array_equal(batch.tco2e_market, expected[:, 1])
        np.testing.assert_array_equal(batch.tce, expected[:, 2])
        np.testing.assert_array_equal(batch.scope, expected[:, 3])
        assert batch.total_tco2e == pytest.approx(expected[:, 0].sum(), rel=1e-12)
        assert batch.energy_tce == pytest.approx(expected[:, 2].sum(), rel=1e-12)

    def test_hand_derived_rows(self) -> None:
        batch = calculate_batch(
            [
                "fuel_combustion",
                "fuel_combustion",
                "purchased_electricity",
                "purchased_heat",
                "process",
                "non_co2",
            ],
            ["natural_gas", "diesel", "", "", "limestone", "CH4"],
            [100.0, 1000.0, 1000.0, 3000.0, 1000.0, 2.0],
            region="CN-ZJ",
            year=2023,
            certificates_mwh=[0, 0, 600.0, 0, 0, 0],
        )
        expected = [
            100 * 389.31 * 0.0153 * 0.99 * 44 / 12,  # Table C.1 natural gas
            1000 * 42.652 * 0.0202 * 0.98 * 44 / 12,  # Table C.1 diesel
            1000 * 0.4974,  # MEE/NBS 2023 Zhejiang
            3000 * 0.11,  # heat
            1000 * 0.440,  # limestone
            2 * 28,  # CH4 AR5
        ]
        np.testing.assert_allclose(batch.tco2e, expected, rtol=1e-12)
        assert round(batch.tco2e[0], 2) == 2162.19 and round(batch.tco2e[1], 2) == 3095.91
        assert batch.tco2e_market[2] == pytest.approx(400 * 0.6096, rel=1e-12)
        np.testing.assert_allclose(
            batch.tce,
            [100 * 12.143, 1000 * 1.4571, 1000 * 0.1229, 3000 * 0.03412, 0, 0],
            rtol=1e-12,
        )
        assert batch.scope.tolist() == [1, 1, 2, 2, 1, 1]
        assert batch.scope1_tco2e == pytest.approx(expected[0] + expected[1] + 440 + 56)
        assert batch.scope2_tco2e == pytest.approx(497.4 + 330)

    def test_categorical_columns_give_the_same_result(self) -> None:
        columns = sample(200, 7)
        plain = calculate_batch(
            columns["activity"],
            columns["code"],
            columns["quantity"],
            unit=columns["unit"],
            region=columns["region"],
            year=columns["year"],
        )
        coded = calculate_batch(
            Categorical.from_values(columns["activity"]),
            Categorical.from_values(columns["code"]),
            columns["quantity"],
            unit=Categorical.from_values(columns["unit"]),
            region=Categorical.from_values(columns["region"]),
            year=columns["year"],
        )
        np.testing.assert_array_equal(plain.tco2e, coded.tco2e)

    def test_bad_rows_are_refused_by_row_number(self) -> None:
        with pytest.raises(AccountingError) as caught:
            calculate_batch(
                ["fuel_combustion", "purchased_electricity", "non_co2"],
                ["natural_gas", "", "CH4"],
                [1.0, 1.0, -1.0],
                unit=["MWh", "MWh", "t"],
                region="CN-ZJ",
                year=2023,
            )
        codes = {(e["line_id"], e["code"]) for e in caught.value.errors}
        assert codes == {("0", "accounting.unit_dimension"), ("2", "accounting.invalid_quantity")}

    def test_raw_coal_without_measured_values_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            calculate_batch(["fuel_combustion"], ["raw_coal"], [1.0], region="CN", year=2023)
        assert caught.value.code == "accounting.measured_value_required"

    def test_a_year_before_any_factor_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            calculate_batch(["purchased_electricity"], [""], [1.0], region="CN-ZJ", year=2020)
        assert caught.value.code == "accounting.no_factor_for_year"


class TestCategoricalFromValues:
    def test_few_values_including_one_missed_by_the_sample(self) -> None:
        values = np.array(["t"] * 10_000 + ["kg"] + ["t"] * 10_000)
        categorical = Categorical.from_values(values)
        decoded = np.array(categorical.categories)[categorical.codes]
        np.testing.assert_array_equal(decoded, values)

    def test_many_values(self) -> None:
        values = np.array([f"region-{i % 100}" for i in range(5000)])
        categorical = Categorical.from_values(values)
        assert len(categorical.categories) == 100
        np.testing.assert_array_equal(np.array(categorical.categories)[categorical.codes], values)
