"""Verifiers and banks (核查机构与银行): the bodies, their conflicts of interest, and which body
verifies each entity's year.

Five verification bodies (the first in Nanhu, the others in Hangzhou) and three banks. About
1 % of the entities have a conflict with one body, which never verifies them; no body verifies
an entity more than three years in a row (轮换). A tenth of the assignments are made by hand,
the rest by the year's recorded random draw. Entity 1's last year goes to the first body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from shuangtan.demodata.city import Assignment, IntArray
from shuangtan.demodata.entities import OrganisationCodes, make_uscc
from shuangtan.demodata.profiles import BANK_NAMES, CONFLICT_REASON, VERIFIER_NAMES

__all__ = ["Verification", "assign_verifiers", "report_bodies"]


@dataclass(frozen=True)
class Verification:
    """The bodies and banks (name, USCC), the conflicts and the assignments."""

    bodies: tuple[tuple[str, str], ...]
    banks: tuple[tuple[str, str], ...]
    conflicts: tuple[tuple[int, int, str], ...]  # (body index, entity id, reason)
    assignments: tuple[Assignment, ...]


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
