"""The demo's public tables hold: every sensitive cell keeps its interval against every attacker.

The demo (``shuangtan demo``: the synthetic Jiaxing, 2,000 entities, verified accounts
2020–2025) is loaded once per run into a SQLite template; its county × industry tables of the
six years the dashboard shows are what the public pages publish, with the pattern the pages
use (:func:`shuangtan.city.dashboard.tables.public_pattern`). For every sensitive cell, every
attacker (the public, each county's official, each entity alone in its cell) and both measures,
HiGHS computes the interval the attacker derives from all published figures
(:mod:`.lp_attacker`); it must reach the cell's protection level above and below. Pure logic
once the tables are read: SQLite only (the read itself is tested on both backends elsewhere).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from shuangtan.city.dashboard import repository
from shuangtan.city.dashboard.suppression import DEFAULT_RULES, sensitivity, with_margins
from shuangtan.city.dashboard.tables import Cells, public_pattern
from shuangtan.demodata.clock import REFERENCE_TODAY, DemoClock

from .lp_attacker import protected

TREND_YEARS = DemoClock(REFERENCE_TODAY).report_years
"""The years of the demo's reports at the reference date (2020–2025), the dashboard's trend."""


def seed_demo_tables(session: Session) -> dict[int, Cells]:
    """The demo as ``shuangtan demo`` loads it; the county × industry tables of each year."""
    from shuangtan.demo import load_demo

    load_demo(session=session, synthetic=True, today=REFERENCE_TODAY)
    return {year: repository.cells_of_year(session, year) for year in TREND_YEARS}


@pytest.fixture(scope="module")
def demo_tables(databases: Any) -> dict[int, Cells]:
    _, tables = databases.template("sqlite", seed_demo_tables)
    assert isinstance(tables, dict)
    return tables


class TestTheDemosPublicTables:
    @pytest.mark.parametrize("year", TREND_YEARS)
    def test_every_sensitive_cell_keeps_its_protection_interval(
        self, demo_tables: dict[int, Cells], year: int
    ) -> None:
        cells = demo_tables[year]
        table = with_margins(cells)
        sensitive = {k: s for k, a in table.items() if (s := sensitivity(a, DEFAULT_RULES))}
        suppressed = public_pattern(cells, DEFAULT_RULES)
        # the demo has sensitive cells every year (counties' rare industries), all withheld,
        # and the pattern is not the hide-everything fallback (135 entries, 12–14 withheld)
        assert sensitive and set(sensitive) <= set(suppressed)
        assert len(suppressed) < len(table) / 4
        # a check per sensitive cell, attacker and measure that does not know the cell
        assert protected(table, sensitive, suppressed.keys()) >= 2 * len(sensitive)
