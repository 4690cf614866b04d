"""Planted anomalies (预置异常): the irregularities the platform's checks must find.

About 6 % of the entities (never entity 1) get one: a month-on-month jump (``mom_jump``), a
missing month (``missing``), an output that does not match the energy (``mismatch``), or an
intensity far from the industry's peers (``peer_intensity``). Each is listed as
(entity id, year, month) so tests can look for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from shuangtan.demodata.activity import Calendar
from shuangtan.demodata.city import FloatArray

__all__ = ["Planted", "plant_anomalies"]


@dataclass(frozen=True)
class Planted:
    """The anomalies planted, and the arrays they changed (N × T, N)."""

    planted: dict[str, list[tuple[int, int, int]]]
    present: npt.NDArray[np.bool_]  # N × T: False for a missing month
    output_factor: FloatArray  # N × T: output against energy
    va_factor: FloatArray  # N: value added against its intensity


def plant_anomalies(
    rng: np.random.Generator, kinds: list[str], calendar: Calendar, factor: FloatArray
) -> Planted:
    """Plant the anomalies in the last two years (``factor`` is changed in place)."""
    n, t_count = len(kinds), calendar.count
    month_year, month_no, years = calendar.month_year, calendar.month_no, calendar.years
    present = np.ones((n, t_count), dtype=bool)
    output_factor = np.ones((n, t_count))
    va_factor = np.ones(n)
    planted: dict[str, list[tuple[int, int, int]]] = {
        "mom_jump": [],
        "missing": [],
        "mismatch": [],
        "peer_intensity": [],
    }
    late = np.flatnonzero(month_year >= max(years[0], years[-1] - 1))
    for i in range(1, n):
        roll = rng.random()
        if roll < 0.02 and len(late):
            t = int(rng.choice(late))
            factor[i, t] *= rng.uniform(2.5, 4.0)
            planted["mom_jump"].append((i + 1, int(month_year[t]), int(month_no[t])))
        elif roll < 0.035 and len(late):
            t = int(rng.choice(late[late < t_count - 12] if (late < t_count - 12).any() else late))
            present[i, t] = False
            planted["missing"].append((i + 1, int(month_year[t]), int(month_no[t])))
        elif roll < 0.05 and kinds[i] == "industrial" and len(late):
            t = int(rng.choice(late))
            output_factor[i, t] = 0.3
            planted["mismatch"].append((i + 1, int(month_year[t]), int(month_no[t])))
        elif roll < 0.06 and kinds[i] == "industrial":
            va_factor[i] = 0.2
            planted["peer_intensity"].append((i + 1, years[0], 1))
    return Planted(
        planted=planted, present=present, output_factor=output_factor, va_factor=va_factor
    )
