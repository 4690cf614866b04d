"""Primary and secondary cell suppression on hand-built cells (no database)."""

from __future__ import annotations

from decimal import Decimal

from shuangtan.city.dashboard.suppression import (
    TOTAL,
    Aggregate,
    Reason,
    primary_reason,
    protect_table,
)


def cell(*values: str, energy: tuple[str, ...] | None = None) -> Aggregate:
    """A cell of entities contributing ``values`` tCO2e (and ``energy`` tce, default the same)."""
    co2 = [Decimal(v) for v in values]
    tce = [Decimal(v) for v in (energy or values)]
    return Aggregate(
        entities=len(co2), tco2e=sum(co2, Decimal(0)), energy_tce=sum(tce, Decimal(0)),
        largest_tco2e=max(co2), largest_tce=max(tce),
    )  # fmt: skip


class TestPrimaryReason:
    def test_two_entities_are_below_the_threshold(self) -> None:
        assert primary_reason(cell("50", "50")) is Reason.threshold

    def test_three_equal_entities_may_be_published(self) -> None:
        assert primary_reason(cell("10", "10", "10")) is None

    def test_one_entity_at_exactly_85_percent_is_not_dominant(self) -> None:
        # 85 / (85 + 10 + 5) = 85 %: the rule is "more than 85 %"
        assert primary_reason(cell("85", "10", "5")) is None

    def test_one_entity_at_86_percent_dominates(self) -> None:
        # 86 / (86 + 9 + 5) = 86 % > 85 %
        assert primary_reason(cell("86", "9", "5")) is Reason.dominance

    def test_a_share_just_above_85_percent_dominates_in_exact_decimals(self) -> None:
        # 85.0001 / 100.0001 = 0.850000149... > 0.85
        assert primary_reason(cell("85.0001", "10", "5")) is Reason.dominance

    def test_dominance_in_energy_alone_suppresses_the_cell(self) -> None:
        # CO2 shares 40/30/30; energy 90 / (90 + 5 + 5) = 90 %
        assert primary_reason(cell("40", "30", "30", energy=("90", "5", "5"))) is Reason.dominance

    def test_three_entities_with_nothing_emitted_are_not_dominated(self) -> None:
        assert primary_reason(cell("0", "0", "0")) is None


class TestProtectTable:
    def test_a_row_with_one_suppressed_cell_loses_its_next_smallest_cell_too(self) -> None:
        # One county, four industries: A = 5 + 5 = 10 t from 2 entities (threshold);
        # B = 50, C = 30, D = 40 from 3 entities each. Without a complement A = 130 − 50 − 30
        # − 40, so the smallest other cell, C, goes too. With one county each column total
        # equals its cell: the total row repeats the pattern (A by threshold, C as complement).
        table = {
            "county": {
                "A": cell("5", "5"),
                "B": cell("10", "20", "20"),
                "C": cell("10", "10", "10"),
                "D": cell("10", "15", "15"),
            }
        }
        assert protect_table(table) == {
            ("county", "A"): Reason.threshold,
            (TOTAL, "A"): Reason.threshold,
            ("county", "C"): Reason.secondary,
            (TOTAL, "C"): Reason.secondary,
        }

    def test_a_row_with_two_primary_suppressions_needs_no_complement(self) -> None:
        # A: 2 entities (threshold); B: 90 / (90 + 5 + 5) = 90 % (dominance). Two unknowns in
        # every line: neither can be worked out. Grand total 10 + 100 + 30 + 40 = 180, its
        # largest entity 90 / 180 = 50 %: shown.
        table = {
            "county": {
                "A": cell("5", "5"),
                "B": cell("90", "5", "5"),
                "C": cell("10", "10", "10"),
                "D": cell("10", "15", "15"),
            }
        }
        assert protect_table(table) == {
            ("county", "A"): Reason.threshold,
            (TOTAL, "A"): Reason.threshold,
            ("county", "B"): Reason.dominance,
            (TOTAL, "B"): Reason.dominance,
        }

    def test_complements_follow_rows_and_columns_of_a_two_way_table(self) -> None:
        # X: A 30 (3), B 60 (3); Y: A 10 (2 entities: threshold), B 90 (3).
        # Row Y has one unknown → its other cell B goes; column A has one unknown → X·A goes;
        # column B now has one unknown (Y·B) → X·B goes. Margins stay: XA + XB = 90,
        # YA + YB = 100, XA + YA = 40, XB + YB = 150 have rank 3 in 4 unknowns.
        table = {
            "X": {"A": cell("10", "10", "10"), "B": cell("20", "20", "20")},
            "Y": {"A": cell("5", "5"), "B": cell("30", "30", "30")},
        }
        assert protect_table(table) == {
            ("Y", "A"): Reason.threshold,
            ("Y", "B"): Reason.secondary,
            ("X", "A"): Reason.secondary,
            ("X", "B"): Reason.secondary,
        }

    def test_an_exempt_row_is_never_suppressed_and_the_totals_take_the_complements(self) -> None:
        # A county official of X knows X's cells. Y·A (2 entities) is hidden, Y·B complements
        # it in row Y; columns A and B can only hide their totals: T·A = X·A + Y·A would give
        # Y·A away otherwise. Rank of YA + YB = YT, TA − YA = XA, TB − YB = XB: 3 in 4 unknowns.
        table = {
            "X": {"A": cell("10", "10", "10"), "B": cell("20", "20", "20")},
            "Y": {"A": cell("5", "5"), "B": cell("30", "30", "30")},
        }
        assert protect_table(table, exempt_rows={"X"}) == {
            ("Y", "A"): Reason.threshold,
            ("Y", "B"): Reason.secondary,
            (TOTAL, "A"): Reason.secondary,
            (TOTAL, "B"): Reason.secondary,
        }

    def test_a_table_without_sensitive_cells_is_published_whole(self) -> None:
        table = {
            "X": {"A": cell("10", "10", "10"), "B": cell("20", "20", "20")},
            "Y": {"A": cell("5", "5", "5"), "B": cell("30", "30", "30")},
        }
        assert protect_table(table) == {}

    def test_cells_without_entities_are_structural_zeros(self) -> None:
        table = {"X": {"A": Aggregate.empty(), "B": cell("20", "20", "20")}}
        assert protect_table(table) == {}
