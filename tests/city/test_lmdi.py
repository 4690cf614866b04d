"""LMDI-I decomposition (Ang 2005): the exact identities, a published example derived by hand,
and the analytical limits of zero values (Ang, Zhang & Choi 1998, Table 2)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangtan.city.lmdi import LmdiInputError, decompose, logarithmic_mean

# Xu & Ang (2014, Energy Economics), as given in /work/shared/reference/methods.md: four
# sub-sectors with energy E and activity Q, decomposed as E = Q × (E/Q).
#   (1,1) E 20→30, Q 5→12  → intensity 4   → 2.5
#   (1,2) E 10→10, Q 5→8   → intensity 2   → 1.25
#   (2,1) E 8→15,  Q 10→30 → intensity 0.8 → 0.5
#   (2,2) E 12→9,  Q 30→30 → intensity 0.4 → 0.3
XU_ANG = {
    "factors": ["activity", "intensity"],
    "data": {
        "2019": {"11": [5, 4], "12": [5, 2], "21": [10, 0.8], "22": [30, 0.4]},
        "2020": {"11": [12, 2.5], "12": [8, 1.25], "21": [30, 0.5], "22": [30, 0.3]},
    },
}
# Hand derivation, L(a, b) = (a − b)/(ln a − ln b):
L11 = 10 / math.log(1.5)  # L(30, 20) = 24.663035
L12 = 10.0  # L(10, 10) = 10
L21 = 7 / math.log(15 / 8)  # L(15, 8) = 11.135704
L22 = 3 / math.log(12 / 9)  # L(9, 12) = 10.428178
L_TOTAL = 14 / math.log(64 / 50)  # L(64, 50) = 56.712289; V 50 → 64
# activity: L11·ln(12/5) + L12·ln(8/5) + L21·ln(3) + L22·ln(1)
#         = 21.591716 + 4.700036 + 12.233821 + 0 = 38.525573
ACTIVITY = L11 * math.log(12 / 5) + L12 * math.log(8 / 5) + L21 * math.log(3)
# intensity: L11·ln(2.5/4) + L12·ln(1.25/2) + L21·ln(0.5/0.8) + L22·ln(0.3/0.4)
#          = −11.591716 − 4.700036 − 5.233821 − 3 = −24.525573
INTENSITY = (
    L11 * math.log(0.625) + L12 * math.log(0.625) + L21 * math.log(0.625) + L22 * math.log(0.75)
)


class TestLogarithmicMean:
    def test_the_mean_of_two_equal_numbers_is_that_number(self) -> None:
        assert logarithmic_mean(7.5, 7.5) == 7.5

    def test_the_mean_is_the_difference_over_the_difference_of_logs(self) -> None:
        assert logarithmic_mean(30, 20) == pytest.approx(24.663035, abs=1e-6)
        assert logarithmic_mean(20, 30) == pytest.approx(24.663035, abs=1e-6)

    def test_close_arguments_keep_full_precision(self) -> None:
        a = 1e6
        b = a * (1 + 1e-12)
        assert logarithmic_mean(a, b) == pytest.approx((a + b) / 2, rel=1e-12)


class TestDecompose:
    def test_the_published_example_matches_the_hand_derivation(self) -> None:
        period = decompose(XU_ANG["factors"], XU_ANG["data"])["periods"][0]  # type: ignore[arg-type]
        assert (period["from"], period["to"]) == ("2019", "2020")
        assert period["total_change"] == pytest.approx(14)
        assert period["total_ratio"] == pytest.approx(1.28)
        assert pytest.approx(38.525573, abs=1e-6) == ACTIVITY
        assert pytest.approx(-24.525573, abs=1e-6) == INTENSITY
        assert period["additive"]["activity"] == pytest.approx(ACTIVITY, rel=1e-12)
        assert period["additive"]["intensity"] == pytest.approx(INTENSITY, rel=1e-12)
        # D_activity = exp(38.525573 / 56.712289) = 1.972528; D_intensity = 0.648913
        assert period["multiplicative"]["activity"] == pytest.approx(
            math.exp(ACTIVITY / L_TOTAL), rel=1e-12
        )
        assert period["multiplicative"]["activity"] == pytest.approx(1.972528, abs=1e-6)
        assert period["multiplicative"]["intensity"] == pytest.approx(0.648913, abs=1e-6)
        sub = period["by_subcategory"]
        assert sub["11"]["activity"] == pytest.approx(21.591716, abs=1e-6)
        assert sub["21"]["intensity"] == pytest.approx(-5.233821, abs=1e-6)
        assert sub["22"] == {"activity": 0.0, "intensity": pytest.approx(-3.0, rel=1e-12)}

    @settings(max_examples=200, deadline=None)
    @given(
        st.integers(min_value=1, max_value=4).flatmap(
            lambda n_factors: st.lists(
                st.lists(
                    st.lists(
                        st.floats(min_value=1e-3, max_value=1e3),
                        min_size=n_factors,
                        max_size=n_factors,
                    ),
                    min_size=3,
                    max_size=3,
                ),
                min_size=1,
                max_size=6,
            )
        )
    )
    def test_the_parts_sum_and_multiply_to_the_total_change(
        self, subs: list[list[list[float]]]
    ) -> None:
        n_factors = len(subs[0][0])
        factors = [f"f{k}" for k in range(n_factors)]
        data = {
            year: {f"s{i}": sub[j] for i, sub in enumerate(subs)}
            for j, year in enumerate(["2018", "2019", "2020"])
        }
        result = decompose(factors, data)
        assert [(p["from"], p["to"]) for p in result["periods"]] == [
            ("2018", "2019"),
            ("2019", "2020"),
        ]
        for j, period in enumerate(result["periods"]):
            v0 = math.fsum(math.prod(sub[j]) for sub in subs)
            vt = math.fsum(math.prod(sub[j + 1]) for sub in subs)
            # Exact up to rounding; relative to the size of the aggregate, since ΔV may be ~0.
            scale = max(abs(vt - v0), v0, vt)
            assert abs(math.fsum(period["additive"].values()) - (vt - v0)) <= 1e-9 * scale
            assert math.prod(period["multiplicative"].values()) == pytest.approx(vt / v0, rel=1e-9)
            for i, sub in enumerate(subs):
                parts = period["by_subcategory"][f"s{i}"].values()
                change = math.prod(sub[j + 1]) - math.prod(sub[j])
                assert abs(math.fsum(parts) - change) <= 1e-9 * scale

    def test_years_are_chained_in_numeric_order(self) -> None:
        data = {
            "2021": {"a": [3.0]},
            "2019": {"a": [1.0]},
            "2020": {"a": [2.0]},
        }
        periods = decompose(["x"], data)["periods"]
        assert [(p["from"], p["to"]) for p in periods] == [("2019", "2020"), ("2020", "2021")]
        assert [p["total_change"] for p in periods] == [1.0, 1.0]


class TestZeroValues:
    def test_an_appearing_subcategory_gives_its_whole_value_to_the_factor_that_appeared(
        self,
    ) -> None:
        data = {
            "2019": {"old": [10.0, 2.0], "new": [0.0, 3.0]},
            "2020": {"old": [10.0, 2.0], "new": [4.0, 5.0]},
        }
        period = decompose(["share", "intensity"], data)["periods"][0]
        assert period["by_subcategory"]["new"] == {"share": 20.0, "intensity": 0.0}
        assert period["additive"] == {"share": 20.0, "intensity": 0.0}
        assert period["total_change"] == 20.0
        # V 20 → 40: ln D_share = 20 / L(40, 20) = ln 2 → D_share = 2, D_intensity = 1
        assert period["multiplicative"]["share"] == pytest.approx(2.0, rel=1e-12)
        assert period["multiplicative"]["intensity"] == 1.0

    def test_a_vanishing_subcategory_gives_minus_its_value_to_the_factor_that_vanished(
        self,
    ) -> None:
        data = {
            "2019": {"old": [10.0, 2.0], "gone": [4.0, 5.0]},
            "2020": {"old": [10.0, 2.0], "gone": [4.0, 0.0]},
        }
        period = decompose(["share", "intensity"], data)["periods"][0]
        assert period["by_subcategory"]["gone"] == {"share": 0.0, "intensity": -20.0}
        assert period["additive"] == {"share": 0.0, "intensity": -20.0}

    def test_several_factors_appearing_together_share_the_value_equally(self) -> None:
        data = {"2019": {"new": [0.0, 0.0, 2.0]}, "2020": {"new": [3.0, 4.0, 2.0]}}
        period = decompose(["a", "b", "c"], data)["periods"][0]
        assert period["additive"] == {"a": 12.0, "b": 12.0, "c": 0.0}
        assert period["total_ratio"] is None
        assert period["multiplicative"] == {"a": None, "b": None, "c": None}

    def test_a_subcategory_zero_in_both_years_contributes_nothing(self) -> None:
        data = {
            "2019": {"a": [2.0, 3.0], "empty": [0.0, 7.0]},
            "2020": {"a": [2.0, 6.0], "empty": [0.0, 9.0]},
        }
        period = decompose(["x", "y"], data)["periods"][0]
        assert period["by_subcategory"]["empty"] == {"x": 0.0, "y": 0.0}
        assert period["additive"]["y"] == pytest.approx(6.0, rel=1e-12)


class TestRefusals:
    def test_a_negative_value_is_refused_naming_year_subcategory_and_factor(self) -> None:
        data = {"2019": {"steel": [1.0, -2.0]}, "2020": {"steel": [1.0, 2.0]}}
        with pytest.raises(LmdiInputError) as caught:
            decompose(["activity", "intensity"], data)
        for text in (caught.value.message_zh, caught.value.message_en):
            assert "2019" in text and "steel" in text and "intensity" in text
        assert "负" in caught.value.message_zh
        assert isinstance(caught.value, ValueError)

    def test_a_subcategory_missing_in_one_year_is_refused(self) -> None:
        data = {"2019": {"a": [1.0], "b": [1.0]}, "2020": {"a": [1.0]}}
        with pytest.raises(LmdiInputError, match="b"):
            decompose(["x"], data)

    @pytest.mark.parametrize(
        ("factors", "data"),
        [
            (["x"], {"2019": {"a": [1.0]}}),  # one year only
            (["x", "y"], {"2019": {"a": [1.0]}, "2020": {"a": [1.0, 2.0]}}),  # wrong length
            (["x"], {"2019": {"a": [math.inf]}, "2020": {"a": [1.0]}}),  # not finite
            (["x"], {"2019": {"a": [math.nan]}, "2020": {"a": [1.0]}}),  # not finite
            (["x"], {"2019": {"a": ["1"]}, "2020": {"a": [1.0]}}),  # not a number
            (["x"], {"2019": {"a": [True]}, "2020": {"a": [1.0]}}),  # not a number
            (["x"], {"last": {"a": [1.0]}, "2020": {"a": [1.0]}}),  # not a year
            ([], {"2019": {"a": []}, "2020": {"a": []}}),  # no factors
            (["x", "x"], {"2019": {"a": [1, 1]}, "2020": {"a": [1, 1]}}),  # repeated factor
            (["x"], [1, 2]),  # not an object
        ],
    )
    def test_malformed_input_is_refused_in_both_languages(
        self, factors: list[str], data: object
    ) -> None:
        with pytest.raises(LmdiInputError) as caught:
            decompose(factors, data)  # type: ignore[arg-type]
        assert caught.value.message_zh and caught.value.message_en
