"""MRV states (监测、报告、核查状态): where each monthly report stands in the workflow.

The months end at the demo clock's last complete month (:mod:`.clock`); its year is the year in
progress. Each entity is some months behind (its lag k, 0–4), counted back from the last month:
months k + 2 or more back are verified, k + 1 back is under verification, k back submitted, k − 1
back a draft, and the months after do not exist yet. A lag reaches into the year before when
the last month is early in the year. Apart from those lagging months the year before the year in
progress is verified, and earlier years are locked. Entity-years are drawn for re-check (复查):
every large emitter (tier), 3 % at random, half of those with a planted anomaly (risk); they are
drawn in May of the year after, and the newest year drawn is still pending. A few of each
entity's newest verified months were returned, as often as the body verifying them returns
reports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from shuangtan.demodata.activity import Calendar
from shuangtan.demodata.city import FloatArray, IntArray, Recheck
from shuangtan.demodata.profiles import RETURN_COMMENTS, VERIFIER_PROFILES

__all__ = ["Workflow", "report_comments", "with_corrections", "workflow_states"]

ObjectArray = npt.NDArray[np.object_]


@dataclass(frozen=True)
class Workflow:
    """The reports that exist (``rows`` entity, ``cols`` month, entity-major) and their states."""

    status: ObjectArray  # N × T
    selected: dict[tuple[int, int], str]  # (entity index, year) -> re-check outcome
    rechecks: list[Recheck]
    rows: IntArray
    cols: IntArray

    @property
    def report_count(self) -> int:
        return len(self.rows)


def workflow_states(
    rng: np.random.Generator,
    *,
    seed: int,
    calendar: Calendar,
    base_energy: FloatArray,
    planted: dict[str, list[tuple[int, int, int]]],
    present: npt.NDArray[np.bool_],
    bodies: dict[tuple[int, int], int],
) -> Workflow:
    """Every entity-month's state; ``present`` (changed in place) keeps the reports that exist.

    ``bodies`` (entity index, year) -> the body verifying it, whose correction rate decides a
    re-check's outcome."""
    n, t_count = len(base_energy), calendar.count
    status = np.full((n, t_count), "locked", dtype=object)
    lag = rng.choice(5, size=n, p=[0.45, 0.3, 0.15, 0.07, 0.03])
    lag[0] = 1
    drawn = _rechecks_drawn_through(calendar)
    selected, rechecks = _select_rechecks(
        rng, seed, calendar.years, drawn, base_energy, planted, bodies
    )
    _month_states(status, present, lag, calendar, selected, drawn)
    _return_some(rng, status, calendar, lag, bodies)
    present &= status != ""
    rows, cols = np.nonzero(present)
    return Workflow(status=status, selected=selected, rechecks=rechecks, rows=rows, cols=cols)


def _rechecks_drawn_through(calendar: Calendar) -> int:
    """The newest year whose re-checks are drawn: they are drawn in May of the year after, so
    the year before the last month's year once that month is May or later, else the one before
    (2024 at the reference date, December 2025)."""
    last_year, last_month = calendar.months[-1]
    return last_year - 1 if last_month >= 5 else last_year - 2


def _select_rechecks(
    rng: np.random.Generator,
    seed: int,
    years: tuple[int, ...],
    drawn: int,
    base_energy: FloatArray,
    planted: dict[str, list[tuple[int, int, int]]],
    bodies: dict[tuple[int, int], int],
) -> tuple[dict[tuple[int, int], str], list[Recheck]]:
    """The entity-years drawn for re-check (2021 to ``drawn``, the year still pending) and
    their outcomes.

    Each year's draw has its own generator (``seed * 100 + year - 2000``, the seed the platform
    records); the outcomes come from the city's generator: corrected with the correction rate
    of the body that verified the year (``profiles.VERIFIER_PROFILES``).
    """
    n = len(base_energy)
    selected: dict[tuple[int, int], str] = {}
    rechecks: list[Recheck] = []
    large = base_energy >= 50_000
    risky = {(e, y) for rule in planted.values() for e, y, _ in rule}
    for y in (y for y in years if 2021 <= y <= drawn):
        draw = np.random.default_rng(seed * 100 + y - 2000).random(n)
        for i in range(n):
            risk = (i + 1, y) in risky
            probability = 0.5 if risk else 0.03
            if large[i]:
                reason, p = "tier", None
            elif draw[i] < probability:
                reason, p = ("risk" if risk else "random"), probability
            else:
                continue
            pending = y == drawn
            rate = VERIFIER_PROFILES[bodies[(i, y)]].correction_rate
            outcome = None if pending else ("corrected" if rng.random() < rate else "confirmed")
            selected[(i, y)] = outcome or "recheck"
            rechecks.append(Recheck(i + 1, y, reason, p, outcome, None))
    return selected, rechecks


def _month_states(
    status: ObjectArray,
    present: npt.NDArray[np.bool_],
    lag: IntArray,
    calendar: Calendar,
    selected: dict[tuple[int, int], str],
    drawn: int,
) -> None:
    """Fill ``status`` month by month, counting back from the last month; months past an
    entity's draft do not exist yet. The re-checks pending (year ``drawn``) and those decided
    the year before show in the states."""
    last_year = calendar.years[-1]
    for t, (y, _m) in enumerate(calendar.months):
        back = int(calendar.back[t])
        done = "verified" if y >= last_year - 1 else "locked"
        status[:, t] = np.where(
            back >= lag + 2,
            done,
            np.where(
                back == lag + 1,
                "under_verification",
                np.where(back == lag, "submitted", np.where(back == lag - 1, "draft", "")),
            ),
        )
        present[:, t] &= back >= lag - 1
        for (i, sy), outcome in selected.items():
            if sy == y and y >= drawn - 1 and back >= lag[i] + 2:
                status[i, t] = outcome


def _return_some(
    rng: np.random.Generator,
    status: ObjectArray,
    calendar: Calendar,
    lag: IntArray,
    bodies: dict[tuple[int, int], int],
) -> None:
    """Send back some of each entity's three newest verified months (k + 2 to k + 4 back), each
    with the return rate of the body verifying its year, and entity 1's month three before the
    last, its newest verified one (September 2025 at the reference date). Older returns would
    have been resubmitted by now."""
    n, t_count = status.shape
    back = calendar.back[None, :]
    newest = (back >= lag[:, None] + 2) & (back <= lag[:, None] + 4)
    rates = np.array([p.return_rate for p in VERIFIER_PROFILES])
    body = np.array(
        [[bodies[(i, int(y))] for y in calendar.month_year] for i in range(n)], dtype=np.int64
    ).reshape(n, t_count)
    returned = (status == "verified") & newest
    returned &= rng.random((n, t_count)) < rates[body]
    if n > 0 and t_count > 3:
        returned[0, calendar.back == 3] = True
    status[returned] = "returned"


def with_corrections(
    rechecks: list[Recheck], corrected_tco2e: FloatArray, rows: IntArray, report_year: IntArray
) -> list[Recheck]:
    """The re-checks with the corrected tCO2e of the year for those that corrected a report."""
    return [
        Recheck(
            r.entity_id,
            r.year,
            r.reason,
            r.probability,
            r.outcome,
            float(corrected_tco2e[(rows == r.entity_id - 1) & (report_year == r.year)].sum())
            if r.outcome == "corrected"
            else None,
        )
        for r in rechecks
    ]


def report_comments(report_status: ObjectArray) -> tuple[str | None, ...]:
    """The comment of each report: why it was returned, or that a re-check corrected it."""
    return tuple(
        RETURN_COMMENTS[r % len(RETURN_COMMENTS)]
        if s == "returned"
        else ("复查发现第1行数据有误，已按复查结果更正。" if s == "corrected" else None)
        for r, s in enumerate(report_status)
    )
