"""The synergy arithmetic against hand derivations (the arithmetic is written beside each
number) and the published check of reference/methods.md (U1 0.6, U2 0.4)."""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np
import pytest

from shuangtan.city.synergy.computation import (
    ReferenceIncomplete,
    WeightsInvalid,
    check_official_weights,
    coupling_coordination,
    entropy_weights,
    modified_coupling_degree,
    normalise_bounds,
    normalise_min_max,
    reference_bounds,
    score_year,
    weighted_mean,
)
from shuangtan.city.synergy.definition import Definition, parse_definition

LN3 = 1.0986122886681098  # ln 3


def tiny_definition(**changes: Any) -> Definition:
    """Four indicators, one per dimension; U1 = [poll], U2 = [carb, ener]."""
    bands = [
        {"upper": round(0.1 * k, 1), "name_zh": f"z{k}", "name_en": f"e{k}"} for k in range(1, 11)
    ]
    document: dict[str, Any] = {
        "version": "2099.1",
        "title_zh": "测试",
        "title_en": "test",
        "source": "test",
        "dimensions": [
            {"id": d, "name_zh": d, "name_en": d}
            for d in ("economy", "pollutants", "energy", "carbon")
        ],
        "methods": {
            "normalisation": {"source": "s"},
            "weighting": {"default": "entropy", "source": "s"},
            "coupling": {"alpha": 0.5, "beta": 0.5, "source": "s"},
            "bands": {"source": "s", "classes": bands},
        },
        "subsystems": {"pollution_reduction": ["poll"], "carbon_reduction": ["carb", "ener"]},
        "indicators": [
            {"id": "econ", "dimension": "economy", "direction": "+"},
            {"id": "poll", "dimension": "pollutants", "direction": "-"},
            {"id": "carb", "dimension": "carbon", "direction": "+"},
            {"id": "ener", "dimension": "energy", "direction": "-"},
        ],
    }
    for row in document["indicators"]:
        row.update(
            name_zh=row["id"], name_en=row["id"], unit="u", normalisation="min_max", source="test"
        )
    document.update(changes)
    return parse_definition(document)


class TestNormaliseMinMax:
    def test_a_positive_indicator_scales_from_the_smallest_to_the_largest(self) -> None:
        # (x - 10) / (30 - 10): 10 → 0, 20 → 0.5, 30 → 1
        result = normalise_min_max(np.array([10.0, 20.0, 30.0]), positive=True)
        assert result.tolist() == [0.0, 0.5, 1.0]

    def test_a_negative_indicator_scores_the_smallest_value_best(self) -> None:
        # (4 - x) / (4 - 2): 4 → 0, 2 → 1, 3 → 0.5
        result = normalise_min_max(np.array([4.0, 2.0, 3.0]), positive=False)
        assert result.tolist() == [0.0, 1.0, 0.5]

    def test_a_column_where_every_county_is_equal_scores_everyone_one_half(self) -> None:
        result = normalise_min_max(np.array([7.0, 7.0, 7.0]), positive=True)
        assert result.tolist() == [0.5, 0.5, 0.5]


class TestNormaliseBounds:
    def test_values_outside_the_bounds_are_clipped(self) -> None:
        # PM2.5 with GB 3095-2012 bounds 15 and 35, negative: (35 - x) / 20
        # 10 → clipped 1, 25 → 0.5, 40 → clipped 0, 31 → 0.2
        result = normalise_bounds(
            np.array([10.0, 25.0, 40.0, 31.0]), bounds=(15, 35), positive=False
        )
        assert result == pytest.approx([1.0, 0.5, 0.0, 0.2])


class TestEntropyWeights:
    def test_the_weights_of_a_three_by_three_matrix_match_the_hand_derivation(self) -> None:
        # Columns (already normalised): j1 = [0, 0.5, 1], j2 = [0, 1, 1], j3 = [0.5, 0.5, 0.5]
        # n = 3, k = 1 / ln 3 = 1 / 1.098612 = 0.910239
        # j1: p = [0, 1/3, 2/3]; Σ p ln p = (1/3) ln(1/3) + (2/3) ln(2/3)
        #     = -0.366204 - 0.270310 = -0.636514; e1 = 0.636514 / 1.098612 = 0.579380
        # j2: p = [0, 1/2, 1/2]; Σ p ln p = ln(1/2) = -0.693147; e2 = 0.693147 / 1.098612 = 0.630930
        # j3: p = [1/3, 1/3, 1/3]; e3 = ln 3 / ln 3 = 1
        # d = [0.420620, 0.369070, 0]; Σd = 0.789690
        # w = [0.420620 / 0.789690, 0.369070 / 0.789690, 0] = [0.532639, 0.467361, 0]
        matrix = np.array([[0.0, 0.0, 0.5], [0.5, 1.0, 0.5], [1.0, 1.0, 0.5]])
        result = entropy_weights(matrix)
        assert result.entropy == pytest.approx([0.579380, 0.630930, 1.0], abs=1e-6)
        assert result.divergence == pytest.approx([0.420620, 0.369070, 0.0], abs=1e-6)
        assert result.weights == pytest.approx([0.532639, 0.467361, 0.0], abs=1e-6)
        assert not result.degenerate

    def test_the_entropy_is_one_over_ln_n_times_the_shannon_entropy(self) -> None:
        # one column p = [0.25, 0.75] of n = 2: e = -(0.25 ln 0.25 + 0.75 ln 0.75) / ln 2
        #   = (0.346574 + 0.215762) / 0.693147 = 0.811278
        result = entropy_weights(np.array([[1.0, 0.0], [3.0, 0.0]]))
        assert result.entropy[0] == pytest.approx(0.811278, abs=1e-6)
        assert result.entropy[1] == 1.0  # all zero: no information

    def test_no_varying_column_falls_back_to_equal_weights(self) -> None:
        result = entropy_weights(np.array([[0.5, 1.0], [0.5, 1.0], [0.5, 1.0]]))
        assert result.weights.tolist() == [0.5, 0.5]
        assert result.degenerate

    def test_one_county_is_refused(self) -> None:
        with pytest.raises(ValueError, match="two counties"):
            entropy_weights(np.array([[0.5, 1.0]]))


class TestCheckOfficialWeights:
    def test_weights_summing_to_one_come_back_in_indicator_order(self) -> None:
        weights = check_official_weights({"b": 0.25, "a": 0.75}, ["a", "b"])
        assert weights.tolist() == [0.75, 0.25]

    def test_weights_not_summing_to_one_are_refused_in_both_languages(self) -> None:
        with pytest.raises(WeightsInvalid) as error:
            check_official_weights({"a": 0.5, "b": 0.4}, ["a", "b"])
        assert "0.900000" in error.value.message_en and "之和须为 1" in error.value.message_zh

    def test_a_missing_or_unknown_indicator_is_refused(self) -> None:
        with pytest.raises(WeightsInvalid, match=r"missing \['b'\], unknown \['c'\]"):
            check_official_weights({"a": 0.5, "c": 0.5}, ["a", "b"])

    def test_a_negative_weight_is_refused(self) -> None:
        with pytest.raises(WeightsInvalid, match="≥ 0"):
            check_official_weights({"a": 1.5, "b": -0.5}, ["a", "b"])


class TestWeightedMean:
    def test_weights_that_are_all_zero_give_the_plain_mean(self) -> None:
        assert weighted_mean(np.array([0.2, 0.6]), np.array([0.0, 0.0])) == pytest.approx(0.4)


class TestCouplingCoordination:
    def test_the_reference_check_u1_0_6_u2_0_4(self) -> None:
        # C = 2 √(0.6 × 0.4) / (0.6 + 0.4) = 2 × √0.24 / 1 = 2 × 0.489898 = 0.979796
        # T = 0.5 × 0.6 + 0.5 × 0.4 = 0.5
        # D = √(0.979796 × 0.5) = √0.489898 = 0.699927
        result = coupling_coordination(0.6, 0.4)
        assert result.c == pytest.approx(0.979796, abs=1e-6)
        assert result.t == pytest.approx(0.5, abs=1e-12)
        assert result.d == pytest.approx(0.699927, abs=1e-6)

    def test_equal_subsystems_are_perfectly_coupled(self) -> None:
        # C = 2 √(0.3²) / 0.6 = 1, T = 0.3, D = √0.3 = 0.547723
        result = coupling_coordination(0.3, 0.3)
        assert (result.c, result.t) == (pytest.approx(1.0), pytest.approx(0.3))
        assert result.d == pytest.approx(0.547723, abs=1e-6)

    def test_both_subsystems_at_zero_have_zero_coupling_not_an_error(self) -> None:
        assert coupling_coordination(0.0, 0.0).d == 0.0

    def test_weights_alpha_and_beta_shift_t(self) -> None:
        # T = 0.7 × 0.6 + 0.3 × 0.4 = 0.54; D = √(0.979796 × 0.54) = √0.529090 = 0.727386
        result = coupling_coordination(0.6, 0.4, alpha=0.7, beta=0.3)
        assert result.t == pytest.approx(0.54)
        assert result.d == pytest.approx(0.727386, abs=1e-6)


class TestScoreYear:
    # Raw inputs of three counties:        econ(+)  poll(-)  carb(+)  ener(-)
    INPUTS: ClassVar[dict[str, dict[str, float]]] = {
        "A": {"econ": 10.0, "poll": 4.0, "carb": 7.0, "ener": 3.0},
        "B": {"econ": 20.0, "poll": 2.0, "carb": 7.0, "ener": 2.0},
        "C": {"econ": 30.0, "poll": 2.0, "carb": 7.0, "ener": 1.0},
    }
    # x': econ [0, .5, 1]; poll (4 - x)/2 = [0, 1, 1]; carb constant [.5, .5, .5];
    # ener (3 - x)/2 = [0, .5, 1].
    # Entropy (as in TestEntropyWeights): e = [0.579380, 0.630930, 1, 0.579380],
    # d = [0.420620, 0.369070, 0, 0.420620], Σd = 1.210310,
    # w = [0.347531, 0.304939, 0, 0.347531].
    W_ECON = W_ENER = 0.420620 / 1.210310
    W_POLL = 0.369070 / 1.210310

    def test_the_index_is_one_hundred_times_the_weighted_sum(self) -> None:
        result = score_year(tiny_definition(), self.INPUTS)
        by_county = {s.county_code: s for s in result.scores}
        # C: 100 (0.347531 × 1 + 0.304939 × 1 + 0 + 0.347531 × 1) = 100
        # B: 100 (0.347531 × .5 + 0.304939 × 1 + 0 + 0.347531 × .5) = 65.2469
        # A: 100 × 0 = 0
        assert by_county["C"].index == pytest.approx(100.0, abs=1e-4)
        assert by_county["B"].index == pytest.approx(100 * (self.W_ECON + self.W_POLL), abs=1e-4)
        assert by_county["B"].index == pytest.approx(65.2469, abs=1e-3)
        assert by_county["A"].index == pytest.approx(0.0, abs=1e-9)
        assert [s.county_code for s in result.scores] == ["C", "B", "A"]
        assert result.weights == pytest.approx(
            {"econ": 0.347531, "poll": 0.304939, "carb": 0.0, "ener": 0.347531}, abs=1e-6
        )

    def test_contributions_add_up_to_the_index_and_subsystems_couple(self) -> None:
        result = score_year(tiny_definition(), self.INPUTS)
        b = next(s for s in result.scores if s.county_code == "B")
        contributions = {i.indicator_id: i.contribution for i in b.indicators}
        # econ 100 × 0.347531 × 0.5 = 17.3766; poll 100 × 0.304939 × 1 = 30.4939; carb 0
        assert contributions["econ"] == pytest.approx(17.3766, abs=1e-3)
        assert contributions["poll"] == pytest.approx(30.4939, abs=1e-3)
        assert contributions["carb"] == 0.0
        assert sum(contributions.values()) == pytest.approx(b.index)
        # U1 = x'(poll) = 1; U2 = (0 × 0.5 + 0.347531 × 0.5) / 0.347531 = 0.5
        # C = 2 √0.5 / 1.5 = 0.942809; T = 0.75; D = √(0.942809 × 0.75) = 0.840896 → 0.8–0.9
        assert (b.u1, b.u2) == (pytest.approx(1.0), pytest.approx(0.5))
        assert b.coupling.c == pytest.approx(0.942809, abs=1e-6)
        assert b.coupling.d == pytest.approx(0.840896, abs=1e-6)
        assert b.band_index == 8  # the ninth class, (0.8, 0.9]
        # dimension sub-scores: economy 100 × 0.5, pollutants 100 × 1, carbon 100 × 0.5 (its
        # only weight is 0: the plain mean), energy 100 × 0.5
        assert b.dimensions == pytest.approx(
            {"economy": 50.0, "pollutants": 100.0, "energy": 50.0, "carbon": 50.0}
        )

    def test_a_county_with_a_missing_input_is_not_scored_and_named(self) -> None:
        inputs = {**self.INPUTS, "D": {"econ": 15.0, "poll": 3.0}}
        result = score_year(tiny_definition(), inputs)
        assert result.missing == {"D": ("carb", "ener")}
        assert {s.county_code for s in result.scores} == {"A", "B", "C"}

    def test_official_weights_replace_the_entropy_weights(self) -> None:
        weights = {"econ": 0.25, "poll": 0.25, "carb": 0.25, "ener": 0.25}
        result = score_year(tiny_definition(), self.INPUTS, official_weights=weights)
        a = next(s for s in result.scores if s.county_code == "A")
        # A: 100 × 0.25 × (0 + 0 + 0.5 + 0) = 12.5
        assert a.index == pytest.approx(12.5)
        assert result.entropy is None

    def test_fewer_than_two_complete_counties_are_refused(self) -> None:
        with pytest.raises(ValueError, match="two counties"):
            score_year(tiny_definition(), {"A": self.INPUTS["A"], "B": {"econ": 1.0}})

    def test_the_published_bands_grade_d(self) -> None:
        spec = tiny_definition()
        bands = [spec.band(d).name_en for d in (0.0, 0.1, 0.100001, 0.699927, 1.0)]
        assert bands == ["e1", "e1", "e2", "e7", "e10"]
        assert math.isclose(spec.bands[6].lower, 0.6)


def anchored_definition() -> Definition:
    """The tiny definition anchored as 2026.1 is: every indicator normalised against the
    reference year 2020 widened by one spread, 2020 entropy weights, modified coupling."""
    base = tiny_definition()
    rows = [
        {
            "id": i.id,
            "name_zh": i.id,
            "name_en": i.id,
            "dimension": i.dimension,
            "direction": i.direction,
            "unit": "u",
            "normalisation": "reference",
            "source": "test",
        }
        for i in base.indicators
    ]
    bands = [
        {"upper": round(0.1 * k, 1), "name_zh": f"z{k}", "name_en": f"e{k}"} for k in range(1, 11)
    ]
    return tiny_definition(
        indicators=rows,
        methods={
            "normalisation": {
                "source": "s",
                "reference": {"year": 2020, "margin": 1.0, "floor": 0.5},
            },
            "weighting": {"default": "entropy", "basis": "reference", "source": "s"},
            "coupling": {"model": "modified", "alpha": 0.5, "beta": 0.5, "source": "s"},
            "bands": {"source": "s", "classes": bands},
        },
    )


class TestReferenceBounds:
    def test_the_reference_range_is_widened_by_margin_times_its_spread(self) -> None:
        # min 10, max 30, mean 20: spread max(20, 0.5 × 20) = 20; margin 1: [-10, 50]
        values = np.array([10.0, 20.0, 30.0])
        assert reference_bounds(values, margin=1.0, floor=0.5) == (-10.0, 50.0)
        # margin 0.5: [10 - 10, 30 + 10] = [0, 40]
        assert reference_bounds(np.array([30.0, 10.0]), margin=0.5, floor=0.5) == (0.0, 40.0)

    def test_a_narrow_reference_range_is_widened_by_the_floor(self) -> None:
        # 100 and 102, mean 101: spread max(2, 0.5 × 101) = 50.5 → [100 - 50.5, 102 + 50.5]
        bounds = reference_bounds(np.array([100.0, 102.0]), margin=1.0, floor=0.5)
        assert bounds == pytest.approx((49.5, 152.5))
        # every county 7: spread 0.5 × 7 = 3.5 → [3.5, 10.5], so 7 normalises to 0.5
        assert reference_bounds(np.array([7.0, 7.0]), margin=1.0, floor=0.5) == (3.5, 10.5)
        # every county 0: spread taken as 1 → [-1, 1]
        assert reference_bounds(np.array([0.0, 0.0]), margin=1.0, floor=0.5) == (-1.0, 1.0)


class TestModifiedCouplingDegree:
    """王淑佳 et al. 2021: C = √[(1 − |U1 − U2|) · (U1/max)(U2/max)] for two subsystems."""

    def test_the_reference_check_u1_0_6_u2_0_4(self) -> None:
        # 1 − |0.6 − 0.4| = 0.8; (0.6/0.6)(0.4/0.6) = 0.666667; C = √(0.8 × 0.666667)
        #   = √0.533333 = 0.730297; T = 0.5; D = √(0.730297 × 0.5) = √0.365148 = 0.604275
        assert modified_coupling_degree((0.6, 0.4)) == pytest.approx(0.730297, abs=1e-6)
        result = coupling_coordination(0.6, 0.4, model="modified")
        assert (result.c, result.t) == (pytest.approx(0.730297, abs=1e-6), 0.5)
        assert result.d == pytest.approx(0.604275, abs=1e-6)

    def test_it_sees_the_gap_in_level_that_the_traditional_model_does_not(self) -> None:
        # traditional: (0.2, 0.1) and (0.8, 0.4) share the ratio 1/2, so both have
        #   C = 2√0.5/1.5 = 0.942809
        # modified: (0.2, 0.1): √(0.9 × 0.5) = √0.45 = 0.670820;
        #           (0.8, 0.4): √(0.6 × 0.5) = √0.30 = 0.547723
        assert coupling_coordination(0.2, 0.1).c == pytest.approx(0.942809, abs=1e-6)
        assert coupling_coordination(0.8, 0.4).c == pytest.approx(0.942809, abs=1e-6)
        assert modified_coupling_degree((0.2, 0.1)) == pytest.approx(0.670820, abs=1e-6)
        assert modified_coupling_degree((0.8, 0.4)) == pytest.approx(0.547723, abs=1e-6)

    def test_equal_subsystems_and_zero_subsystems(self) -> None:
        # equal: √(1 × 1) = 1; one at 0: √(0.5 × 0) = 0; both at 0: defined as 0
        assert modified_coupling_degree((0.3, 0.3)) == 1.0
        assert modified_coupling_degree((0.0, 0.5)) == 0.0
        assert modified_coupling_degree((0.0, 0.0)) == 0.0

    def test_three_subsystems_are_refused_not_guessed(self) -> None:
        # For n ≥ 3 the secondary sources disagree on the dispersion term; e.g. U = (0.6, 0.6,
        # 0.3): √(Σ(Ui − Uj)² / Σm) = √(0.18 / 3) = 0.244949 but Σ|Ui − Uj| / Σm = 0.6 / 3 = 0.2.
        # Until the paper's equation settles it, the model takes two subsystems only.
        with pytest.raises(ValueError, match="two subsystems"):
            modified_coupling_degree((0.6, 0.6, 0.3))


class TestAnchoredScoreYear:
    """The reference year 2020 holds TestScoreYear.INPUTS. Bounds, margin 1, floor 0.5, spread
    s = max(range, 0.5 × |mean|): econ [10, 30], mean 20, s = 20 → [-10, 50]; poll [2, 4],
    mean 8/3, s = max(2, 4/3) = 2 → [0, 6]; carb constant 7, s = 3.5 → [3.5, 10.5];
    ener [1, 3], mean 2, s = 2 → [-1, 5].
    Weights: the 2020 entropy weights (min-max across 2020, TestScoreYear):
    w = [0.347531, 0.304939, 0, 0.347531]."""

    REFERENCE = TestScoreYear.INPUTS
    W_ECON = W_ENER = TestScoreYear.W_ECON
    W_POLL = TestScoreYear.W_POLL

    def test_bounds_and_weights_come_from_the_reference_year(self) -> None:
        result = score_year(anchored_definition(), self.REFERENCE, reference=self.REFERENCE)
        assert result.bounds == {
            "econ": (-10.0, 50.0),
            "poll": (0.0, 6.0),
            "carb": (3.5, 10.5),
            "ener": (-1.0, 5.0),
        }
        assert result.weights == pytest.approx(
            {"econ": 0.347531, "poll": 0.304939, "carb": 0.0, "ener": 0.347531}, abs=1e-6
        )
        assert result.anchor is not None and result.anchor.year == 2020

    def test_the_worst_county_of_the_reference_year_is_not_forced_to_zero(self) -> None:
        result = score_year(anchored_definition(), self.REFERENCE, reference=self.REFERENCE)
        a = next(s for s in result.scores if s.county_code == "A")
        # A: econ (10 + 10)/60 = 1/3; poll (6 - 4)/6 = 1/3; carb (7 - 3.5)/7 = 0.5;
        # ener (5 - 3)/6 = 1/3
        # index = 100 × (0.347531 + 0.304939 + 0.347531) / 3 = 100 × 1.000001 / 3 = 33.3333
        assert [i.normalised for i in a.indicators] == pytest.approx([1 / 3, 1 / 3, 0.5, 1 / 3])
        assert a.index == pytest.approx(33.3333, abs=1e-3)

    def test_b_scores_the_hand_derived_values(self) -> None:
        result = score_year(anchored_definition(), self.REFERENCE, reference=self.REFERENCE)
        b = next(s for s in result.scores if s.county_code == "B")
        # B (20, 2, 7, 2): econ 30/60 = 0.5; poll (6 - 2)/6 = 0.666667; carb 0.5; ener 3/6 = 0.5
        # index = 100 × (0.347531 × 0.5 + 0.304939 × 0.666667 + 0 + 0.347531 × 0.5)
        #       = 100 × (0.173766 + 0.203293 + 0.173766) = 55.0824
        assert b.index == pytest.approx(55.0824, abs=1e-3)
        # U1 = 0.666667; U2 = (0 × 0.5 + 0.347531 × 0.5)/0.347531 = 0.5
        # modified C = √[(1 - 0.166667) × 0.5/0.666667] = √(0.833333 × 0.75) = √0.625 = 0.790569
        # T = 0.583333; D = √(0.790569 × 0.583333) = √0.461165 = 0.679091 → (0.6, 0.7]
        assert (b.u1, b.u2) == (pytest.approx(2 / 3), pytest.approx(0.5))
        assert b.coupling.c == pytest.approx(0.790569, abs=1e-6)
        assert b.coupling.d == pytest.approx(0.679091, abs=1e-6)
        assert b.band_index == 6

    def test_unchanged_inputs_score_the_same_when_another_county_changes(self) -> None:
        # 2023 = the 2020 inputs; in 2024 A and C change, B does not.
        changed = {
            "A": {"econ": 60.0, "poll": 1.0, "carb": 9.0, "ener": 0.5},
            "B": self.REFERENCE["B"],
            "C": {"econ": 12.0, "poll": 5.0, "carb": 3.0, "ener": 4.0},
        }
        anchored = anchored_definition()
        before = score_year(anchored, self.REFERENCE, reference=self.REFERENCE)
        after = score_year(anchored, changed, reference=self.REFERENCE)
        b0, b1 = (next(s for s in r.scores if s.county_code == "B") for r in (before, after))
        assert b0.index == b1.index == pytest.approx(55.0824, abs=1e-3)  # as derived above
        assert (b0.u1, b0.u2, b0.coupling) == (b1.u1, b1.u2, b1.coupling)
        # A's econ 60 lies above the widened bound 50: clipped to 1, not above
        a1 = next(s for s in after.scores if s.county_code == "A")
        assert a1.indicators[0].normalised == 1.0
        # the property 2025.1 lacks: re-normalised across each year, B moves with A and C
        plain = tiny_definition()
        moved = score_year(plain, changed).scores
        assert score_year(plain, self.REFERENCE).scores[1].index == pytest.approx(65.2469, abs=1e-3)
        assert abs(next(s for s in moved if s.county_code == "B").index - 65.2469) > 1

    def test_a_reference_year_with_one_complete_county_is_refused(self) -> None:
        with pytest.raises(ReferenceIncomplete):
            score_year(
                anchored_definition(),
                self.REFERENCE,
                reference={"A": self.REFERENCE["A"], "B": {"econ": 1.0}},
            )
        with pytest.raises(ValueError, match="reference year's inputs"):
            score_year(anchored_definition(), self.REFERENCE)
