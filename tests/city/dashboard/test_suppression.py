"""Primary rules and secondary suppression on hand-built tables (no database).

Every protection is checked the way an attacker would attack it: :mod:`.lp_attacker` asks
HiGHS for the interval a withheld entry can take given everything published (and what the
attacker knows), and the interval must reach the cell's protection level on both sides.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangtan.city.dashboard.suppression import (
    TOTAL,
    Aggregate,
    Reason,
    Rules,
    primary_reason,
    protect_table,
    sensitivity,
    solve,
    with_margins,
)
from shuangtan.city.dashboard.suppression.secondary import Pattern

from .lp_attacker import interval, protected

D = Decimal


def cell(*values: str | int, energy: tuple[str | int, ...] | None = None) -> Aggregate:
    """A cell of entities contributing ``values`` tCO2e (and ``energy`` tce, default the same)."""
    co2 = [D(str(v)) for v in values]
    tce = [D(str(v)) for v in (energy or values)]
    return Aggregate.of(zip(co2, tce, strict=True))


def levels(found: Aggregate, rules: Rules = Rules()) -> tuple[str, Decimal, Decimal] | None:
    """(reason, upper, lower) of the tCO2e measure, or None when the cell is safe."""
    sensitive = sensitivity(found, rules)
    if sensitive is None:
        return None
    level = sensitive.levels["tco2e"]
    return sensitive.reason.value, level.upper, level.lower


class TestPrimaryRules:
    def test_two_entities_are_below_the_threshold(self) -> None:
        # threshold range 10 % of 100 = 10; the p % rule's 0.1·50 − (100 − 50 − 50) = 5 is less
        assert levels(cell(50, 50)) == ("threshold", D(10), D(10))

    def test_one_entity_is_below_the_threshold_and_dominates(self) -> None:
        # 500 alone: threshold 50; dominance 100/85·500 − 500 = 88.235…; p % 0.1·500 = 50
        found = levels(cell(500))
        assert found is not None and found[0] == "threshold"
        assert found[1] == pytest.approx(D(100) / D(85) * 500 - 500)

    def test_three_equal_entities_may_be_published(self) -> None:
        # 10/30 = 33 %; the second largest learns 30 − 10 − 10 = 10 ≥ 10 % of x1 = 1 off
        assert primary_reason(cell(10, 10, 10)) is None

    def test_one_entity_at_exactly_85_percent_is_not_dominant_but_breaks_the_p_rule(
        self,
    ) -> None:
        # 85 / 100 = 85 %: the dominance rule is "more than 85 %". The second largest (10)
        # reads x1 = 100 − 10 − x3 ≤ 90, within 5 t of the truth, less than 8.5 (10 % of 85):
        # p % rule, upper level 0.1·85 − 5 = 3.5
        assert levels(cell(85, 10, 5)) == ("p_percent", D("3.5"), D("3.5"))

    def test_one_entity_at_86_percent_dominates(self) -> None:
        # 86 / 100 > 85 %: dominance level 100/85·86 − 100 = 1.176…; p %: 8.6 − 5 = 3.6 wins
        assert levels(cell(86, 9, 5)) == ("dominance", D("3.6"), D("3.6"))

    def test_a_share_just_above_85_percent_dominates_in_exact_decimals(self) -> None:
        # 85.0001 / 100.0001 = 0.850000149… > 0.85
        assert primary_reason(cell("85.0001", "10", "5")) is Reason.dominance

    def test_the_p_rule_at_its_boundary_is_exact(self) -> None:
        # x1 = 100, x2 = 50, rest 10 = 10 % of 100: not "less than", safe; 9.99 is not
        assert primary_reason(cell(100, 50, 10)) is None
        assert levels(cell(100, 50, "9.99")) == ("p_percent", D("0.01"), D("0.01"))

    def test_the_second_largest_is_the_intruder_of_the_p_rule(self) -> None:
        # the counter-example: 500, 500, 1 = 1001 passes threshold and (1, 85)
        # (500/1001 = 50 %), yet the second entity knows x1 = 1001 − 500 − x3 ∈ [500, 501]:
        # the p % rule asks for 0.1·500 − 1 = 49 t of uncertainty on the cell
        assert levels(cell(500, 500, 1)) == ("p_percent", D(49), D(49))

    def test_an_n_2_dominance_rule_counts_the_two_largest(self) -> None:
        # (2, 90): 60 + 35 = 95 > 90 % of 100: level 100/90·95 − 100 = 5.55…; p %: 6 − 5 = 1
        found = levels(cell(60, 35, 3, 2), Rules(dominance_n=2, dominance_k=D(90)))
        assert found is not None and found[0] == "dominance"
        assert found[1] == D(100) / D(90) * 95 - 100

    def test_dominance_in_energy_alone_withholds_the_cell(self) -> None:
        # CO2 shares 40/30/30; energy 90 / (90 + 5 + 5) = 90 %
        assert primary_reason(cell(40, 30, 30, energy=(90, 5, 5))) is Reason.dominance

    def test_three_entities_with_nothing_emitted_are_not_sensitive(self) -> None:
        assert primary_reason(cell(0, 0, 0)) is None

    def test_a_sensitive_zero_keeps_one_unit_above(self) -> None:
        # two entities of 0: the cell must not be shown to be exactly 0 (upper 1, lower 0)
        assert levels(cell(0, 0)) == ("threshold", D(1), D(0))

    def test_a_larger_p_asks_for_more(self) -> None:
        # p = 20: 100, 50, 15: rest 15 < 20 → level 20 − 15 = 5; p = 10 passes it
        assert primary_reason(cell(100, 50, 15)) is None
        assert levels(cell(100, 50, 15), Rules(p=D(20))) == ("p_percent", D(5), D(5))

    @pytest.mark.parametrize(
        "bad",
        [
            {"dominance_n": 3},
            {"dominance_k": D(100)},
            {"p": D(0)},
            {"min_contributors": 0},
        ],
    )
    def test_parameters_out_of_range_are_refused(self, bad: dict[str, object]) -> None:
        with pytest.raises(ValueError):
            Rules(**bad)  # type: ignore[arg-type]


class TestAggregate:
    def test_the_sum_of_cells_keeps_the_two_largest(self) -> None:
        # (9, 4, 1) + (7, 6): the combined cell's two largest are 9 and 7
        both = cell(9, 4, 1) + cell(7, 6)
        assert (both.entities, both.tco2e, both.largest_tco2e, both.second_tco2e) == (
            5,
            D(27),
            D(9),
            D(7),
        )


def assert_protected(pattern: Pattern) -> None:
    protected(pattern.table, pattern.sensitive, pattern.suppressed)


class TestCounterExamples:
    def test_the_second_largest_cannot_pin_the_largest_any_more(self) -> None:
        # X·A = 500 + 500 + 1: published before (3 entities, 50 %), the second entity read
        # the first as 1001 − 500 − x3 ∈ [500, 501]. Now X·A is withheld and the public can
        # only bound it from the margins: its upper end is ≥ 1001 + 49, so the intruder's
        # x1 ≤ 1050 − 500 reaches 550 = 500 + 10 %.
        table = {
            "X": {"A": cell(500, 500, 1), "B": cell(100, 100, 100)},
            "Y": {"A": cell(200, 200, 200), "B": cell(300, 300, 300)},
        }
        pattern = solve(table, insiders=table.keys())
        assert pattern.suppressed[("X", "A")] is Reason.p_percent
        values = {k: float(a.tco2e) for k, a in pattern.table.items()}
        low, high = interval(values, pattern.suppressed.keys(), set(), ("X", "A"))
        assert high - 500 >= 550 - 1e-6
        assert low <= 1001 - 49 + 1e-6
        assert_protected(pattern)

    def test_a_tiny_complement_no_longer_protects_a_lone_enterprise(self) -> None:
        # One county: A = 500 t (one entity), B = 1 t (three entities), C = 300, D = 600.
        # The old rule hid A with the smallest other cell, B: the public then read A + B = 501,
        # A ≤ 501, one tonne above the truth. A's level is 100/85·500 − 500 = 88.2 t: B
        # cannot give it (1 t); C, the cheapest cell of at least 88.2, can (A ≤ 800). With
        # one county the column totals repeat the cells and go with them.
        table = {
            "X": {
                "A": cell(500),
                "B": cell("0.4", "0.3", "0.3"),
                "C": cell(100, 100, 100),
                "D": cell(200, 200, 200),
            }
        }
        assert protect_table(table, insiders={"X"}) == {
            ("X", "A"): Reason.threshold,
            (TOTAL, "A"): Reason.threshold,
            ("X", "C"): Reason.secondary,
            (TOTAL, "C"): Reason.secondary,
        }
        assert_protected(solve(table, insiders={"X"}))


class TestProtectTable:
    def test_a_row_with_one_withheld_cell_loses_its_cheapest_sufficient_cell_too(self) -> None:
        # One county: A = 5 + 5 = 10 t (threshold, level 1 t); B = 50, C = 30, D = 40 from 3
        # entities each. Any other cell gives A 1 t of room; C is the cheapest. The column
        # totals equal their cells (one county) and go with them.
        table = {
            "county": {
                "A": cell(5, 5),
                "B": cell(10, 20, 20),
                "C": cell(10, 10, 10),
                "D": cell(10, 15, 15),
            }
        }
        assert protect_table(table, insiders={"county"}) == {
            ("county", "A"): Reason.threshold,
            (TOTAL, "A"): Reason.threshold,
            ("county", "C"): Reason.secondary,
            (TOTAL, "C"): Reason.secondary,
        }

    def test_a_deployment_may_ask_for_the_exact_integer_program(self) -> None:
        # The table above: C (30 t, the cheapest cell that gives A its 1 t) is also the
        # optimum of the exact model, which the rules' ``secondary = "milp"`` asks for.
        from shuangtan.city.dashboard.disclosure import rules_of
        from shuangtan.config import Settings

        table = {
            "county": {
                "A": cell(5, 5),
                "B": cell(10, 20, 20),
                "C": cell(10, 10, 10),
                "D": cell(10, 15, 15),
            }
        }
        rules = rules_of(Settings(disclosure_secondary="milp"))
        assert rules.secondary == "milp"
        assert protect_table(table, insiders={"county"}, rules=rules) == {
            ("county", "A"): Reason.threshold,
            (TOTAL, "A"): Reason.threshold,
            ("county", "C"): Reason.secondary,
            (TOTAL, "C"): Reason.secondary,
        }
        with pytest.raises(ValueError, match="secondary"):
            Rules(secondary="greedy")

    def test_two_primary_cells_in_a_row_protect_each_other(self) -> None:
        # A: 2 entities (level 1); B: 90/100 (dominance level 100/85·90 − 100 = 5.9). The public
        # reads A + B = 180 − 30 − 40 = 110: A ∈ [0, 110], B ∈ [0, 110], room ≥ 10 each way.
        table = {
            "county": {
                "A": cell(5, 5),
                "B": cell(90, 5, 5),
                "C": cell(10, 10, 10),
                "D": cell(10, 15, 15),
            }
        }
        assert protect_table(table) == {
            ("county", "A"): Reason.threshold,
            (TOTAL, "A"): Reason.threshold,
            ("county", "B"): Reason.dominance,
            (TOTAL, "B"): Reason.dominance,
        }

    def test_complements_follow_rows_and_columns_of_a_two_way_table(self) -> None:
        # X: A 30, B 60; Y: A 10 (2 entities: level 1), B 90. For the public alone every cell
        # must go: Y·A's row needs Y·B, its column X·A, and then X·B closes the cycle. The
        # margins stay: Y·A ∈ [0, 40], room 30 above and 10 below.
        table = {
            "X": {"A": cell(10, 10, 10), "B": cell(20, 20, 20)},
            "Y": {"A": cell(5, 5), "B": cell(30, 30, 30)},
        }
        assert protect_table(table) == {
            ("Y", "A"): Reason.threshold,
            ("Y", "B"): Reason.secondary,
            ("X", "A"): Reason.secondary,
            ("X", "B"): Reason.secondary,
        }

    def test_a_reader_knowing_one_row_is_answered_with_the_column_totals(self) -> None:
        # With X's official knowing row X, the cycle through X is worthless to it (it would
        # read Y·A = T·A − X·A). Hiding T·A and T·B instead: the public reads Y·A + Y·B = 100
        # and T·A + T·B = 190 (rank 2 in 4 unknowns), X's official the same, Y's official
        # knows Y. Cheaper than the cycle plus the totals: 4 entries instead of 6.
        table = {
            "X": {"A": cell(10, 10, 10), "B": cell(20, 20, 20)},
            "Y": {"A": cell(5, 5), "B": cell(30, 30, 30)},
        }
        assert protect_table(table, insiders={"X", "Y"}) == {
            ("Y", "A"): Reason.threshold,
            ("Y", "B"): Reason.secondary,
            (TOTAL, "A"): Reason.secondary,
            (TOTAL, "B"): Reason.secondary,
        }

    def test_a_table_without_sensitive_cells_is_published_whole(self) -> None:
        table = {
            "X": {"A": cell(10, 10, 10), "B": cell(20, 20, 20)},
            "Y": {"A": cell(5, 5, 5), "B": cell(30, 30, 30)},
        }
        assert protect_table(table) == {}

    def test_cells_without_entities_are_structural_zeros(self) -> None:
        table = {"X": {"A": Aggregate.empty(), "B": cell(20, 20, 20)}}
        assert protect_table(table) == {}
        assert set(with_margins(table)) == {("X", "B"), ("X", TOTAL), (TOTAL, "B"), (TOTAL, TOTAL)}


contributions = st.lists(
    st.one_of(st.integers(1, 100), st.integers(500, 5000)), min_size=0, max_size=4
)
cells = contributions.map(lambda v: cell(*v) if v else Aggregate.empty())
tables = st.dictionaries(
    st.sampled_from(["r1", "r2", "r3"]),
    st.dictionaries(st.sampled_from(["A", "B", "C", "D"]), cells, max_size=4),
    min_size=1,
    max_size=3,
)


class TestProperties:
    @settings(max_examples=60, deadline=None)
    @given(tables)
    def test_no_attacker_narrows_a_sensitive_cell_below_its_protection(
        self, table: dict[str, dict[str, Aggregate]]
    ) -> None:
        pattern = solve(table, insiders=table.keys())
        assert_protected(pattern)
        for key, reason in pattern.suppressed.items():
            if reason is not Reason.secondary:
                assert primary_reason(pattern.table[key]) is reason
        assert set(pattern.sensitive) <= set(pattern.suppressed)

    @settings(max_examples=15, deadline=None)
    @given(tables)
    def test_the_exact_model_is_safe_and_loses_no_more_than_the_network_method(
        self, table: dict[str, dict[str, Aggregate]]
    ) -> None:
        network = solve(table, insiders=table.keys())
        exact = solve(table, insiders=table.keys(), method="milp")
        assert_protected(exact)
        assert exact.loss <= network.loss + 1e-9
