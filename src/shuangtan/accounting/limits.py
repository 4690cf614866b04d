"""The range of numbers the core takes and gives (数值范围).

Every quantity in and every result out is a finite float of a bounded size, so that a result
is never ``inf`` or ``NaN`` (which JSON cannot carry and an answer would turn into ``null``),
and never larger than the platform stores (``NUMERIC(18, 6)`` tonnes, ``NUMERIC(20, 6)``
quantities) — SQLite and PostgreSQL then accept exactly the same results.

- :data:`MAX_QUANTITY`: an activity quantity is below 10^14 in its unit (10^14 kWh is four
  times the world's yearly electricity);
- :data:`MAX_RESULT`: a line's tCO2e and tce are below 10^12 t (25 times the world's yearly
  emissions).

A line beyond either is refused with ``accounting.invalid_quantity`` or
``accounting.result_out_of_range``, naming the line. A negative zero is answered as zero.
"""

from __future__ import annotations

import math

__all__ = ["MAX_QUANTITY", "MAX_RESULT", "plain_zero", "quantity_fits", "result_fits"]

MAX_QUANTITY = 1e14
"""The first activity quantity (in its own unit) the core refuses."""

MAX_RESULT = 1e12
"""The first result (tCO2e, tce, t of a gas) the core refuses."""


def quantity_fits(value: float) -> bool:
    """Whether ``value`` is a quantity the core takes: finite, ≥ 0 and below the maximum."""
    return math.isfinite(value) and 0 <= value < MAX_QUANTITY


def result_fits(value: float | None) -> bool:
    """Whether ``value`` (``None``: no value) is a result the core gives."""
    return value is None or (math.isfinite(value) and abs(value) < MAX_RESULT)


def plain_zero(value: float) -> float:
    """``value``, with a negative zero made zero (``-0.0`` → ``0.0``)."""
    return value + 0.0
