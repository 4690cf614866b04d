"""The attacker of a published table, by linear programming (HiGHS through ``linprog``).

Written for the tests apart from the package's own attacker (a network flow): it states the
table's equations as they are — every row of inner cells sums to its row total, every column
to its column total, the row totals and the column totals each to the grand total — fixes every
published entry and every entry the attacker knows, keeps every entry ≥ 0, and asks HiGHS for
the least and the greatest value of a withheld entry (Hundepool et al., *Handbook on
Statistical Disclosure Control*, §4.2, the "feasibility interval").
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from typing import Any

import numpy as np
from scipy.optimize import linprog

TOTAL = "__total__"

Key = tuple[Hashable, Hashable]


def equations(keys: Collection[Key]) -> list[list[tuple[Key, float]]]:
    """The table's additivity: each line's entries minus its margin is 0."""
    rows = {r for r, c in keys if r != TOTAL}
    columns = {c for r, c in keys if c != TOTAL}
    lines: list[list[tuple[Key, float]]] = []
    for r in rows:
        lines.append([((r, c), 1.0) for c in columns if (r, c) in keys] + [((r, TOTAL), -1.0)])
    for c in columns:
        lines.append([((r, c), 1.0) for r in rows if (r, c) in keys] + [((TOTAL, c), -1.0)])
    if rows:
        lines.append([((TOTAL, c), 1.0) for c in columns] + [((TOTAL, TOTAL), -1.0)])
        lines.append([((r, TOTAL), 1.0) for r in rows] + [((TOTAL, TOTAL), -1.0)])
    return lines


def interval(
    values: Mapping[Key, float], hidden: Collection[Key], known: Collection[Key], target: Key
) -> tuple[float, float]:
    """The least and greatest value of ``target`` an attacker finds consistent with every entry
    not in ``hidden``, with the entries it knows (``known``), and with every entry ≥ 0."""
    unknown = sorted((k for k in hidden if k not in known or k == target), key=str)
    index = {k: i for i, k in enumerate(unknown)}
    a_eq, b_eq = [], []
    for line in equations(values.keys()):
        row = np.zeros(len(unknown))
        rhs = 0.0
        for key, sign in line:
            if key in index:
                row[index[key]] += sign
            else:
                rhs -= sign * values[key]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    bounds = [(0.0, None)] * len(unknown)
    found = []
    for sense in (1.0, -1.0):
        cost = np.zeros(len(unknown))
        cost[index[target]] = sense
        result = linprog(
            cost,
            A_eq=np.array(a_eq) if a_eq else None,
            b_eq=np.array(b_eq) if b_eq else None,
            bounds=bounds,
            method="highs",
        )
        if result.status == 3:  # unbounded above
            found.append(float("inf"))
            continue
        assert result.status == 0, result.message
        found.append(sense * float(result.fun))
    return found[0], found[1]


def attackers(table: Mapping[Key, Any]) -> list[tuple[str, set[Key]]]:
    """Who attacks, by what they know without the table: the public (nothing); each row (a
    county official knows its county); each entity alone in its cell (that cell). Each also
    knows a margin made up of what it knows alone (a column of one county's cell is that cell).
    """
    inner = [k for k in table if TOTAL not in k]
    rows = {r for r, _ in inner}
    lines = {(r, TOTAL): [k for k in inner if k[0] == r] for r in rows}
    lines |= {(TOTAL, c): [k for k in inner if k[1] == c] for _, c in inner}
    lines[(TOTAL, TOTAL)] = inner

    def closed(known: set[Key]) -> set[Key]:
        return known | {m for m, parts in lines.items() if set(parts) <= known}

    who: list[tuple[str, set[Key]]] = [("public", set())]
    who += [(f"row {r}", closed({k for k in inner if k[0] == r})) for r in rows]
    who += [(f"alone in {k}", closed({k})) for k in inner if table[k].entities == 1]
    return who


def protected(
    table: Mapping[Key, Any], sensitive: Mapping[Key, Any], suppressed: Collection[Key]
) -> int:
    """Assert that every attacker leaves every sensitive entry of ``table`` (aggregates) its
    protection levels (``sensitive[key].levels[measure].upper/lower``) given the entries not in
    ``suppressed``; the number of (entry, attacker, measure) checked."""
    checked = 0
    for measure in ("tco2e", "energy_tce"):
        values = {k: float(a.total(measure)) for k, a in table.items()}
        for key, found in sensitive.items():
            level = found.levels.get(measure)
            if level is None:
                continue
            for name, known in attackers(table):
                if key in known:
                    continue
                low, high = interval(values, suppressed, known, key)
                value = values[key]
                # a total is at least the parts of it the attacker knows: no more to protect
                own = [k for k in known if TOTAL not in k and key[0] in (TOTAL, k[0])]
                own = [k for k in own if key[1] in (TOTAL, k[1])]
                lower = min(float(level.lower), value - sum(values[k] for k in own))
                upper = float(level.upper)
                slack = 1e-6 * max(1.0, upper, lower)
                assert high - value >= upper - slack, (key, name, measure, high - value, upper)
                assert value - low >= lower - slack, (key, name, measure, value - low, lower)
                checked += 1
    return checked
