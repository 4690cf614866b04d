"""The LMDI tool's limits for a public request (issue 9, point 7): each refused in Chinese and
English before any number is read, the largest allowed request still decomposed."""

from __future__ import annotations

import pytest

from shuangtan.city import lmdi


def _data(years: int, subs: int, factors: int) -> dict[str, dict[str, list[float]]]:
    return {str(2000 + y): {f"s{i}": [1.0] * factors for i in range(subs)} for y in range(years)}


def _refusal(factors: int, years: int, subs: int) -> lmdi.LmdiInputError:
    names = [f"f{k}" for k in range(factors)]
    with pytest.raises(lmdi.LmdiInputError) as caught:
        lmdi.decompose(names, _data(years, subs, factors))
    assert caught.value.message_zh and caught.value.message_en
    return caught.value


class TestLimits:
    def test_eleven_factors_are_refused(self) -> None:
        assert "11" in _refusal(11, 2, 1).message_en

    def test_102_years_are_refused(self) -> None:
        assert "102" in _refusal(2, 102, 1).message_en

    def test_501_sub_categories_a_year_are_refused(self) -> None:
        assert "501" in _refusal(1, 2, 501).message_en

    def test_more_than_100000_numbers_are_refused(self) -> None:
        # 10 factors × 500 sub-categories × 21 years = 105,000 numbers
        error = _refusal(10, 21, 500)
        assert "105000" in error.message_en and "100000" in error.message_zh

    def test_the_largest_request_is_decomposed(self) -> None:
        # 10 × 500 × 20 = 100,000 numbers; every factor constant at 1: no change, no effect
        answer = lmdi.decompose([f"f{k}" for k in range(10)], _data(20, 500, 10))
        assert len(answer["periods"]) == 19
        assert all(p["total_change"] == 0 for p in answer["periods"])
