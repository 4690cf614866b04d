"""Every shipped factor against a second, independently typed transcription of its table.

The transcriptions (``tests/accounting/transcriptions/*.csv``, see the README there) are typed by
hand from the reference notes and the sources, never generated from the shipped files. The
shipped tables are read inside each test through the core's own reader
(:func:`shuangtan.accounting.library.table_rows`), so ``scripts/mutation_check.py`` can point the
core at a changed copy of the data folder and see these tests fail.

Checked both ways: every row of every shipped table has a transcription, and every transcribed
row is shipped; each pair agrees on value (converted from the unit the table prints), unit,
status by the evidence rule, citation, bounds and years of validity.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from shuangtan.accounting.library import table_names, table_rows

TRANSCRIPTIONS = Path(__file__).parent / "transcriptions"

#: The shipped tables of id/value rows (the two others are pinned below by their own files).
VALUE_TABLES = (
    "agriculture.csv",
    "electricity-equal-value.csv",
    "electricity.csv",
    "fuel-properties.csv",
    "gwp.csv",
    "heat.csv",
    "ipcc-2006-stationary.csv",
    "process.csv",
    "standard-coal.csv",
    "waste.csv",
)
CATALOGUE_TABLES = ("factor-sets.csv", "fuels.csv")

#: Printed unit → shipped unit: the factor that turns the printed value into the shipped one.
CONVERSIONS = {
    ("%", "1"): 0.01,
    ("kJ/kg", "GJ/t"): 1e-3,
    ("kJ/kgce", "GJ/tce"): 1e-3,
    ("gce/kWh", "kgce/kWh"): 1e-3,
    ("GWP-100", "tCO2e/t"): 1.0,
}
STATUSES = {"confirmed", "assumption"}


def _read(name: str) -> list[dict[str, str]]:
    with (TRANSCRIPTIONS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _transcribed() -> dict[str, dict[str, str]]:
    """Every transcribed factor row by the id of the shipped row it pins."""
    rows: dict[str, dict[str, str]] = {}
    for path in sorted(TRANSCRIPTIONS.glob("*.csv")):
        for row in _read(path.name):
            if "factor_id" not in row:
                break
            assert row["factor_id"] not in rows, f"{row['factor_id']} transcribed twice"
            rows[row["factor_id"]] = row | {"file": path.name}
    return rows


TRANSCRIBED = _transcribed()


def _shipped() -> dict[str, dict[str, str]]:
    """Every row of the shipped value tables by id, read through the core's reader.

    Read afresh on every call, never cached: ``scripts/mutation_check.py`` changes a table in
    place between runs in the same process, and a cached copy would hide the change.
    """
    rows: dict[str, dict[str, str]] = {}
    for name in VALUE_TABLES:
        for row in table_rows(name):
            assert row["id"] not in rows, f"{row['id']} shipped twice"
            rows[row["id"]] = row | {"file": name}
    return rows


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _expected(row: dict[str, str], unit: str) -> float:
    """The printed value in the shipped unit (and rounded as shipped, where the row says so)."""
    printed = float(row["value"])
    if row["unit"] != unit:
        key = (row["unit"], unit)
        assert key in CONVERSIONS, f"no conversion from {row['unit']} to {unit}"
        printed *= CONVERSIONS[key]
    if row.get("round_to"):
        printed = round(printed, int(row["round_to"]))
    return printed


def _disagreements(factor_id: str) -> list[str]:
    """How the shipped row of ``factor_id`` differs from its transcription (empty: it agrees)."""
    typed = TRANSCRIBED[factor_id]
    shipped = _shipped().get(factor_id)
    if shipped is None:
        return ["not shipped"]
    out: list[str] = []
    expected = _expected(typed, shipped["unit"])
    if not math.isclose(float(shipped["value"]), expected, rel_tol=1e-12, abs_tol=1e-15):
        out.append(f"value {shipped['value']} {shipped['unit']}, transcribed {expected:g}")
    if shipped["status"] != typed["status"]:
        out.append(f"status {shipped['status']}, by the evidence rule {typed['status']}")
    for part in ("document", "edition", "table"):
        if typed[part] not in shipped[part]:
            out.append(f"cites {part} {shipped[part]!r}, the value is in {typed[part]!r}")
    for bound in ("lower", "upper"):
        if bound in typed and _number(shipped[bound]) != _number(typed[bound]):
            out.append(f"{bound} {shipped[bound]!r}, transcribed {typed[bound]!r}")
    for year in ("valid_from", "valid_to"):
        if year in typed and shipped[year] != typed[year]:
            out.append(f"{year} {shipped[year]!r}, transcribed {typed[year]!r}")
    return out


class TestEachRowAgrees:
    def test_every_row_at_once(self) -> None:
        # one test over every row first (quick to fail), then one test per row (clear to read)
        wrong = {f: d for f in sorted(TRANSCRIBED) if (d := _disagreements(f))}
        assert not wrong, wrong

    @pytest.mark.parametrize("factor_id", sorted(TRANSCRIBED))
    def test_the_shipped_row_agrees_with_its_transcription(self, factor_id: str) -> None:
        assert _disagreements(factor_id) == []


class TestTheTablesAreAllPinned:
    def test_every_shipped_table_has_its_transcriptions(self) -> None:
        # a new table must come with a transcription (and a place in this module)
        assert set(table_names()) == set(VALUE_TABLES) | set(CATALOGUE_TABLES)

    @pytest.mark.parametrize("name", VALUE_TABLES)
    def test_every_shipped_row_is_transcribed(self, name: str) -> None:
        missing = [row["id"] for row in table_rows(name) if row["id"] not in TRANSCRIBED]
        assert not missing, f"{name}: shipped without a transcription: {missing}"

    def test_every_transcribed_row_is_shipped(self) -> None:
        shipped = _shipped()
        extra = sorted(set(TRANSCRIBED) - set(shipped))
        assert not extra, f"transcribed but not shipped: {extra}"

    def test_the_transcriptions_are_complete_rows(self) -> None:
        for factor_id, row in TRANSCRIBED.items():
            assert row["document"] and row["table"] and row["row"], factor_id
            assert row["unit"] and math.isfinite(float(row["value"])), factor_id
            assert row["status"] in STATUSES, factor_id
            assert row["evidence"].strip(), f"{factor_id}: a status needs its evidence"


class TestCatalogues:
    def test_the_fuels_are_the_transcribed_ones_with_their_names_and_units(self) -> None:
        typed = {row["code"]: row for row in _read("fuel-catalogue.csv")}
        shipped = {row["id"]: row for row in table_rows("fuels.csv")}
        assert set(shipped) == set(typed)
        for code, row in typed.items():
            assert (shipped[code]["name_zh"], shipped[code]["default_unit"]) == (
                row["row"],
                row["unit"],
            ), code
            assert row["document"] in shipped[code]["document"], code
            assert row["table"] in shipped[code]["table"], code
            assert shipped[code]["status"] == row["status"], code

    def test_the_factor_sets_are_the_transcribed_ones(self) -> None:
        typed = {row["id"]: row for row in _read("factor-sets.csv")}
        shipped = {row["id"]: row for row in table_rows("factor-sets.csv")}
        assert set(shipped) == set(typed)
        fields = ("version", "fuel_parameters", "electricity_family", "residual_family")
        for set_id, row in typed.items():
            for name in (*fields, "heat_factor", "status"):
                assert shipped[set_id][name] == row[name], (set_id, name)
