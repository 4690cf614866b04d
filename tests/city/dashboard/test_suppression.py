"""Primary and secondary cell suppression on hand-built cells (no database)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

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
        entities=len(co2),
        tco2e=sum(co2, Decimal(0)),
        energy_tce=sum(tce, Decimal(0)),
        largest_tco2e=max(co2),
        largest_tce=max(tce),
    )


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

    def test_a_reader_knowing_one_row_cannot_recover_another_rows_cell(self) -> None:
        # X and Y are counties whose officials know their own row. Public lines as above hide
        # Y·A (threshold), Y·B, X·A, X·B; but X's official knows X·A, so column A would be
        # T·A − X·A = Y·A: the column totals T·A and T·B go too. For Y's official: XA + XB =
        # 90, TA − XA = 10, TB − XB = 90 → rank 3 in 4 unknowns; likewise for X's official.
        table = {
            "X": {"A": cell("10", "10", "10"), "B": cell("20", "20", "20")},
            "Y": {"A": cell("5", "5"), "B": cell("30", "30", "30")},
        }
        assert protect_table(table, insiders={"X", "Y"}) == {
            ("Y", "A"): Reason.threshold,
            ("Y", "B"): Reason.secondary,
            ("X", "A"): Reason.secondary,
            ("X", "B"): Reason.secondary,
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


values = st.integers(min_value=1, max_value=1000).map(Decimal)
cells_strategy = st.lists(values, min_size=0, max_size=5).map(
    lambda v: cell(*map(str, v)) if v else Aggregate.empty()
)
tables = st.dictionaries(
    st.sampled_from(["r1", "r2", "r3", "r4"]),
    st.dictionaries(st.sampled_from(["A", "B", "C", "D"]), cells_strategy, max_size=4),
    min_size=1,
    max_size=4,
)


class TestProtectTableProperties:
    @settings(max_examples=300, deadline=None)
    @given(tables)
    def test_no_reader_is_left_with_a_single_unknown_cell_in_any_line(
        self, table: dict[str, dict[str, Aggregate]]
    ) -> None:
        # Readers: the public (knows nothing) and each row's insider (knows its row).
        # In every row and column with its margin, the entries a reader does not know are
        # never exactly one, unless that one is the line's own margin (revealing only a sum
        # of what the reader knows).
        suppressed = protect_table(table, insiders=table.keys())
        keys = {(r, c) for r, row in table.items() for c, x in row.items() if x.entities}
        rows = {r for r, _ in keys}
        columns = {c for _, c in keys}
        lines = [
            ([(r, c) for c in columns if (r, c) in keys] + [(r, TOTAL)], (r, TOTAL)) for r in rows
        ] + [([(r, c) for r in rows if (r, c) in keys] + [(TOTAL, c)], (TOTAL, c)) for c in columns]
        if keys:  # the margins' own lines, both ending in the grand total
            lines.append(([(TOTAL, c) for c in columns] + [(TOTAL, TOTAL)], (TOTAL, TOTAL)))
            lines.append(([(r, TOTAL) for r in rows] + [(TOTAL, TOTAL)], (TOTAL, TOTAL)))
        for line, margin in lines:
            for known in [None, *rows]:
                unknown = [k for k in line if k in suppressed and k[0] != known]
                assert len(unknown) != 1 or unknown[0] == margin, (line, known, suppressed)
        for key, reason in suppressed.items():
            if reason is not Reason.secondary and TOTAL not in key:
                assert primary_reason(table[key[0]][key[1]]) is reason
