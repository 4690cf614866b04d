"""The demo's clock (演示时钟): which months and years the synthetic city holds on a given day.

The demo is generated relative to "today" (a Beijing date) so that it never ages: the monthly
reports run from January 2020 to the last complete month before today, the year of that month
is the year in progress, and the annual statistics (inventory, plan targets, peak, synergy) run
to the last complete calendar year. Tests and the library's defaults use the fixed
:data:`REFERENCE_TODAY`, so nothing they check depends on the wall clock; ``shuangtan demo``
uses the real Beijing date (or ``--today``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["FIRST_YEAR", "REFERENCE_TODAY", "DemoClock"]

FIRST_YEAR = 2020
"""The first year of the demo's reports and statistics (the plan's base year)."""

REFERENCE_TODAY = date(2026, 1, 10)
"""The fixed "today" of tests and library defaults: the last complete month is December 2025,
so the city holds 2020–2025 with 2025 as the year in progress."""


@dataclass(frozen=True, slots=True)
class DemoClock:
    """演示时钟 the demo city's months and years as seen on ``today`` (a Beijing date)."""

    today: date

    def __post_init__(self) -> None:
        if self.last_month < (FIRST_YEAR, 1):
            raise ValueError(
                f"演示日期须晚于 {FIRST_YEAR} 年 1 月 / the demo's today must be after January "
                f"{FIRST_YEAR}: {self.today.isoformat()}"
            )

    @property
    def last_month(self) -> tuple[int, int]:
        """The last complete month before today, (year, month)."""
        if self.today.month == 1:
            return self.today.year - 1, 12
        return self.today.year, self.today.month - 1

    @property
    def report_years(self) -> tuple[int, ...]:
        """The years of the enterprises' monthly reports: 2020 to the last month's year."""
        return tuple(range(FIRST_YEAR, self.last_month[0] + 1))

    @property
    def complete_years(self) -> tuple[int, ...]:
        """The complete calendar years of the annual statistics: 2020 to last year."""
        return tuple(range(FIRST_YEAR, self.today.year))

    def months_back(self, year: int, month: int) -> int:
        """How many months ``(year, month)`` lies before the last month (0 for the last month)."""
        last_year, last = self.last_month
        return (last_year - year) * 12 + last - month
