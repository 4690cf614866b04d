"""Verifiers and banks (核查机构与银行): the bodies, their conflicts of interest, which body
verifies each entity's year, and how fast and how well each works.

Five verification bodies (the first in Nanhu, the others in Hangzhou) and three banks. About
1 % of the entities have a conflict with one body, which never verifies them; no body verifies
an entity more than three years in a row (轮换). A tenth of the assignments are made by hand,
the rest by the year's recorded random draw. Entity 1's last year goes to the first body.

Each body has its own pace and care (``profiles.VERIFIER_PROFILES``, assumptions of the demo):
the days from a month's submission to its verification are lognormal around the body's median
(12 to 45 days, σ 0.25–0.5 of the logarithm), never more than the days the clock has let pass;
a re-check of an entity-year it verified corrects the year with the body's correction rate
(3 % to 30 %, against 15 % for every body before); of an entity's three newest verified months
the body sends back (退回) its return rate, 1 % to 8 % (:mod:`.mrv`). The assignments and
the days have generators of their own (``[seed, 1]``, ``[seed, 2]``), so the entities and their
months keep their draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from shuangtan.demodata.activity import Calendar
from shuangtan.demodata.city import Assignment, FloatArray, IntArray
from shuangtan.demodata.entities import OrganisationCodes, make_uscc
from shuangtan.demodata.profiles import (
    BANK_NAMES,
    CONFLICT_REASON,
    VERIFIER_NAMES,
    VERIFIER_PROFILES,
)

__all__ = [
    "SUBMITTED_DAY",
    "Verification",
    "assign_verifiers",
    "report_bodies",
    "verification_days",
]

SUBMITTED_DAY = 10
"""The day of the month after that a month's report is submitted (``tables.report_rows``)."""


@dataclass(frozen=True)
class Verification:
    """The bodies and banks (name, USCC), the conflicts and the assignments."""

    bodies: tuple[tuple[str, str], ...]
    banks: tuple[tuple[str, str], ...]
    conflicts: tuple[tuple[int, int, str], ...]  # (body index, entity id, reason)
    assignments: tuple[Assignment, ...]

    def bodies_of(self) -> dict[tuple[int, int], int]:
        """(entity index, year) -> the index of the body assigned."""
        return {(a.entity_id - 1, a.year): a.body for a in self.assignments}


def assign_verifiers(
    rng: np.random.Generator, orgs: OrganisationCodes, *, n: int, years: tuple[int, ...], seed: int
) -> Verification:
    """The bodies and banks, the conflicts, then an assignment per entity-year, year by year."""
    bodies = tuple(
        (name, make_uscc("330100" if k else "330402", orgs.fresh()))
        for k, name in enumerate(VERIFIER_NAMES)
    )
    banks = tuple((name, make_uscc("330400", orgs.fresh())) for name in BANK_NAMES)
    conflicts: list[tuple[int, int, str]] = []
    conflicted: dict[int, int] = {}
    for i in rng.choice(np.arange(1, n), size=max(1, n // 100), replace=False) if n > 1 else []:
        body = int(rng.integers(0, len(bodies)))
        conflicted[int(i)] = body
        conflicts.append((body, int(i) + 1, CONFLICT_REASON))
    assignments: list[Assignment] = []
    history: dict[int, list[int]] = {}
    for y in years:
        for i in range(n):
            past = history.setdefault(i, [])
            body = _body(rng, len(bodies), past, conflicted.get(i), i=i, last=y == years[-1])
            past.append(body)
            chosen = rng.random() < 0.1
            assignments.append(
                Assignment(
                    i + 1,
                    y,
                    body,
                    "assigned" if chosen else "random",
                    None if chosen else seed * 100 + y - 2000,
                    date(y + 1, 4, 30),
                )
            )
    return Verification(
        bodies=bodies, banks=banks, conflicts=tuple(conflicts), assignments=tuple(assignments)
    )


def _body(
    rng: np.random.Generator,
    count: int,
    past: list[int],
    conflict: int | None,
    *,
    i: int,
    last: bool,
) -> int:
    """A body for entity ``i``'s year: not in conflict, not a fourth year in a row."""
    allowed = [
        b for b in range(count) if b != conflict and not (len(past) >= 3 and past[-3:] == [b, b, b])
    ]
    body = int(allowed[int(rng.integers(0, len(allowed)))])
    if i == 0 and last:
        body = 0
    elif i == 0 and body == 0:
        body = 1
    return body


def report_bodies(
    assignments: tuple[Assignment, ...],
    rows: IntArray,
    report_year: IntArray,
    is_verified: npt.NDArray[np.bool_],
) -> IntArray:
    """The body (index) that verified each report; -1 for one not verified."""
    body_of = {(a.entity_id - 1, a.year): a.body for a in assignments}
    return np.array(
        [
            body_of[(int(i), int(y))] if v else -1
            for i, y, v in zip(rows, report_year, is_verified, strict=True)
        ],
        dtype=np.int64,
    )


def verification_days(
    rng: np.random.Generator, bodies: IntArray, cols: IntArray, calendar: Calendar
) -> FloatArray:
    """Days from each report's submission to its verification (NaN: not verified), in hours.

    Lognormal around the body's median with its spread, at least 3 days, and no later than the
    day before the month after the last month (the earliest "today" of the clock): a report
    submitted on the 10th of the month after its month, ``back`` months before the last month,
    has at most the days from that 10th to the end of the last month's next month, less one.
    """
    median = np.array([p.median_days for p in VERIFIER_PROFILES])
    spread = np.array([p.spread for p in VERIFIER_PROFILES])
    verified = bodies >= 0
    body = np.where(verified, bodies, 0)
    days = np.exp(np.log(median[body]) + spread[body] * rng.standard_normal(len(bodies)))
    index = calendar.month_year[cols] * 12 + calendar.month_no[cols] - 1  # months since year 0
    last = calendar.count - 1
    end_index = int(calendar.month_year[last]) * 12 + int(calendar.month_no[last])  # next month
    epoch = np.datetime64("0000-01", "M")
    submitted = (epoch + (index + 1)).astype("datetime64[D]") + (SUBMITTED_DAY - 1)
    end = (epoch + end_index).astype("datetime64[D]")
    cap = (end - submitted).astype(np.int64) - 1
    days = np.clip(np.minimum(days, cap), 3.0, None)
    result: FloatArray = np.where(verified, np.round(days * 24) / 24, np.nan)
    return result
