"""The range of numbers the core takes and gives (accounting.limits, issue 9 point 10).

A quantity is below 10^14 in its unit and a result below 10^12 t; a line beyond either is refused
naming the line (``accounting.invalid_quantity``, ``accounting.result_out_of_range``), so that a
result is never ``inf`` or ``NaN`` (answered as ``null``) nor larger than the platform stores.

The numbers: MEE and NBS announcement 2025 No. 47 gives Zhejiang's 2023 grid factor
0.4974 tCO2/MWh and the national residual (market-based) 0.6096 tCO2/MWh, so
- 1.5e12 MWh → 7.461e11 t location-based and 9.144e11 t market-based (both below 10^12 t);
- 2.1e12 MWh → 1.04454e12 t location-based (past 10^12 t).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from shuangtan.accounting import (
    AccountingError,
    ActivityLine,
    CalculationContext,
    calculate,
    calculate_batch,
    calculate_document,
)
from shuangtan.accounting.emission import emission
from shuangtan.accounting.limits import (
    MAX_QUANTITY,
    MAX_RESULT,
    plain_zero,
    quantity_fits,
    result_fits,
)

ZJ_2023 = CalculationContext(year=2023, region="CN-ZJ")


def electricity(quantity: float) -> ActivityLine:
    return ActivityLine(id="e", activity="purchased_electricity", quantity=quantity, unit="MWh")


def codes(error: AccountingError) -> set[str]:
    return {problem["code"] for problem in error.errors}


class TestTheRange:
    @pytest.mark.parametrize(
        ("value", "fits"),
        [
            (0.0, True),
            (9.9e13, True),
            (1e14, False),
            (-1.0, False),
            (math.inf, False),
            (math.nan, False),
        ],
    )
    def test_quantities(self, value: float, fits: bool) -> None:
        assert quantity_fits(value) is fits

    @pytest.mark.parametrize(
        ("value", "fits"),
        [
            (None, True),
            (-9.9e11, True),
            (9.9e11, True),
            (1e12, False),
            (-1e12, False),
            (math.inf, False),
            (-math.inf, False),
            (math.nan, False),
        ],
    )
    def test_results(self, value: float | None, fits: bool) -> None:
        assert result_fits(value) is fits

    def test_the_limits_are_what_the_columns_hold(self) -> None:
        # NUMERIC(20, 6) quantities hold < 10^14, NUMERIC(18, 6) tonnes < 10^12
        assert (MAX_QUANTITY, MAX_RESULT) == (1e14, 1e12)

    def test_a_negative_zero_is_answered_as_zero(self) -> None:
        assert math.copysign(1.0, plain_zero(-0.0)) == 1.0


class TestTheLinePath:
    def test_a_quantity_of_1e308_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            calculate([electricity(1e308)], context=ZJ_2023)
        assert codes(caught.value) == {"accounting.invalid_quantity"}
        assert caught.value.errors[0]["pointer"] == "/lines/0/quantity"

    def test_a_result_past_10_12_t_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            calculate([electricity(2.1e12)], context=ZJ_2023)
        assert codes(caught.value) == {"accounting.result_out_of_range"}
        assert caught.value.errors[0]["line_id"] == "e"

    def test_a_result_below_is_given_in_full(self) -> None:
        result = calculate([electricity(1.5e12)], context=ZJ_2023)
        assert result.total_tco2e == pytest.approx(7.461e11, rel=1e-12)
        assert result.scope2_market_tco2e == pytest.approx(9.144e11, rel=1e-12)

    def test_the_document_says_the_same(self) -> None:
        line = {"id": "e", "activity": "purchased_electricity", "quantity": 2.1e12, "unit": "MWh"}
        with pytest.raises(AccountingError) as caught:
            calculate_document({"year": 2023, "region": "CN-ZJ", "lines": [line]})
        assert codes(caught.value) == {"accounting.result_out_of_range"}


class TestTheBatchPath:
    def test_quantities_beyond_are_refused_by_row(self) -> None:
        with pytest.raises(AccountingError) as caught:
            calculate_batch(
                ["purchased_electricity"] * 3,
                ["-"] * 3,
                np.array([1.0, 1e14, np.inf]),
                region="CN-ZJ",
                year=2023,
                unit="MWh",
            )
        refused = [p for p in caught.value.errors if p["code"] == "accounting.invalid_quantity"]
        assert [p["pointer"] for p in refused] == ["/lines/1/quantity", "/lines/2/quantity"]

    def test_a_result_past_10_12_t_is_refused_by_row(self) -> None:
        with pytest.raises(AccountingError) as caught:
            calculate_batch(
                ["purchased_electricity"] * 2,
                ["-"] * 2,
                np.array([1.5e12, 2.1e12]),
                region="CN-ZJ",
                year=2023,
                unit="MWh",
            )
        assert codes(caught.value) == {"accounting.result_out_of_range"}
        assert [p["pointer"] for p in caught.value.errors] == ["/lines/1/quantity"]

    def test_a_result_below_is_given_in_full(self) -> None:
        result = calculate_batch(
            ["purchased_electricity"], ["-"], np.array([1.5e12]), region="CN-ZJ", year=2023
        )
        assert result.total_tco2e == pytest.approx(7.461e11, rel=1e-12)
        assert result.scope2_market_tco2e == pytest.approx(9.144e11, rel=1e-12)


class TestTheInventoryMethods:
    def test_a_gas_emission_beyond_is_refused_naming_the_line(self) -> None:
        with pytest.raises(AccountingError) as caught:
            emission("landfill", "CH4", math.inf, "test", ())
        assert caught.value.code == "accounting.result_out_of_range"
        assert caught.value.line_id == "landfill"

    def test_a_negative_zero_is_stored_as_zero(self) -> None:
        tonnes = emission("landfill", "CH4", -0.0, "test", ()).mass.magnitude
        assert math.copysign(1.0, tonnes) == 1.0
