"""Secondary (complementary) suppression (二次抑制) that guarantees every protection interval.

The model is Fischetti & Salazar-González's ("Models and algorithms for optimizing cell
suppression in tabular data with linear constraints", *JASA* 95 (2000) 916–928), behind
tau-Argus's Optimal and Modular methods (Hundepool et al., *Handbook on SDC*, §4.3–4.4): one
binary per entry of the table (inner cells and margins), 1 = hidden; the sensitive cells fixed
at 1; minimise the information lost; subject to, for every sensitive cell, every attacker,
both measures and both directions, the attacker's interval reaching the protection level.

Two ways to a pattern, both ending only when every attacker check passes (:mod:`.attacker`,
exact):

- ``method="network"`` (the default, tens of milliseconds): incremental. Start from the
  sensitive cells; for every check that fails, hide the cheapest entries that let the attacker's
  interval reach the level (successive cheapest augmenting paths in the table's network — Cox,
  *JASA* 90 (1995) 1453–1462); then drop every complementary entry, dearest first, whose
  removal keeps every check passing. Done for the checks in two orders, the cheaper pattern
  kept. Not always optimal (``docs/dashboard.md`` compares it with the exact model on the
  demo).
- ``method="milp"`` (seconds): the exact model by cutting planes. Solve the master MILP (HiGHS
  through :func:`scipy.optimize.milp`) with the cuts found so far, attack the pattern, add
  the minimum cut of every failing check, repeat. Seeded with the network pattern's cuts and
  bounded by its cost; if it does not settle within :data:`MAX_ROUNDS`, the network pattern is
  kept.

**Attackers** (who knows what): the public (published entries; cells ≥ 0); each *insider* row
(a county official knows its county's row — its cells and its total); each *singleton* (an
entity alone in its cell knows that cell and every margin it alone makes up: the Handbook's
protection standard PS2*, tau-Argus's singleton options). An attacker who knows less than
another (and the same part of the cell) is not checked separately for a cell the other does
not know — its interval can only be wider. Nobody is protected from what they know
themselves: a total's lower level is capped, for each attacker, at the total less the parts of
it that attacker knows (a contributor always knows the total is at least its own share).

**Information lost** (the objective): the hidden entries' values, each measure as a share of
its city total, averaged over the two measures, plus :data:`CELL_COST` per entry (so that
among patterns of about the same value fewer entries win and no zero cell is hidden for free).
The cell value is tau-Argus's usual cost (Handbook §4.3, "cell costs"): totals are hidden only
when cheaper inner cells cannot protect.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from shuangtan.city.dashboard.suppression.attacker import (
    Check,
    Cut,
    Grid,
    capacities,
    grid,
    reach,
    repair,
)
from shuangtan.city.dashboard.suppression.cells import (
    MEASURES,
    TOTAL,
    Aggregate,
    Key,
    with_margins,
)
from shuangtan.city.dashboard.suppression.rules import (
    DEFAULT_RULES,
    Reason,
    Rules,
    Sensitivity,
    sensitivity,
)

__all__ = [
    "CELL_COST",
    "MAX_ROUNDS",
    "Attacker",
    "Method",
    "Pattern",
    "attackers",
    "protect_table",
    "solve",
]

CELL_COST = 1e-4
"""Information lost per hidden entry besides its value (0.01 % of the city total)."""
MAX_ROUNDS = 40
"""Rounds of the exact method's cutting-plane loop before it keeps the network pattern."""

Method = Literal["network", "milp"]


@dataclass(frozen=True, slots=True)
class Attacker:
    """一个攻击者 who attacks the table and which entries it knows besides the published ones."""

    name: str
    known: frozenset[Key]


@dataclass(frozen=True, slots=True)
class Pattern:
    """A protected table: its entries, the sensitive ones, the hidden ones, the loss."""

    table: dict[Key, Aggregate]
    sensitive: dict[Key, Sensitivity]
    suppressed: dict[Key, Reason]
    attackers: tuple[Attacker, ...]
    loss: float = 0.0
    method: str = "network"
    rounds: int = 0


def attackers(table: Mapping[Key, Aggregate], insiders: Iterable[Any] = ()) -> tuple[Attacker, ...]:
    """The public, each insider row present in ``table``, and each singleton cell's entity.

    What an attacker knows is what it can tell without the table: a county official its
    county's row and the margins that row alone makes up; an entity alone in its cell that
    cell and the margins it alone makes up."""
    found = [Attacker("public", frozenset())]
    rows = {k[0] for k in table if k[0] != TOTAL}
    rows_of: dict[Hashable, set[Hashable]] = {}
    for r, c in table:
        if TOTAL not in (r, c):
            rows_of.setdefault(c, set()).add(r)
    for row in sorted(set(insiders) & rows, key=str):
        # its row, and every margin its row alone makes up (a column with no other county's
        # cell; the grand total of a one-row table)
        known = {k for k in table if k[0] == row}
        known |= {(TOTAL, c) for c, present in rows_of.items() if present == {row}}
        if rows == {row}:
            known.add((TOTAL, TOTAL))
        found.append(Attacker(f"row {row}", frozenset(k for k in known if k in table)))
    for (row, column), cell in sorted(table.items(), key=lambda kv: str(kv[0])):
        if TOTAL in (row, column) or cell.entities != 1:
            continue
        around = [(row, column), (row, TOTAL), (TOTAL, column), (TOTAL, TOTAL)]
        alone = frozenset(k for k in around if k in table and table[k].entities == 1)
        found.append(Attacker(f"singleton {row}·{column}", alone))
    return tuple(found)


def _inside(key: Key, target: Key) -> bool:
    """Whether the inner cell ``key`` is part of the entry ``target``."""
    row, column = target
    return TOTAL not in key and row in (TOTAL, key[0]) and column in (TOTAL, key[1])


def _own_part(attacker: Attacker, target: Key) -> frozenset[Key]:
    """The inner cells of ``target`` the attacker knows (a contributor knows its own)."""
    return frozenset(k for k in attacker.known if _inside(k, target))


def _relevant(group: Iterable[Attacker], target: Key) -> list[Attacker]:
    """The attackers who do not know ``target``, without those another one dominates (knows
    more of the table and the same part of ``target``: its interval is never wider)."""
    blind = [a for a in group if target not in a.known]
    kept: list[Attacker] = []
    for a in blind:
        part = _own_part(a, target)
        if any(a.known < b.known and _own_part(b, target) == part for b in blind) or any(
            b.known == a.known for b in kept
        ):
            continue
        kept.append(a)
    return kept


def _costs(g: Grid, table: Mapping[Key, Aggregate]) -> list[float]:
    grand = table.get((TOTAL, TOTAL), Aggregate.empty())
    costs = [CELL_COST] * len(g.keys)
    for measure in MEASURES:
        whole = float(grand.total(measure))
        if whole > 0:
            for i, key in enumerate(g.keys):
                costs[i] += float(table[key].total(measure)) / whole / 2
    return costs


def _checks(
    g: Grid,
    table: Mapping[Key, Aggregate],
    sensitive: Mapping[Key, Sensitivity],
    group: tuple[Attacker, ...],
) -> list[Check]:
    caps = {m: capacities(g, [float(table[k].total(m)) for k in g.keys]) for m in MEASURES}
    checks = []
    for key, found in sensitive.items():
        target = g.index[key]
        for attacker in _relevant(group, key):
            known = frozenset(g.index[k] for k in attacker.known)
            own = _own_part(attacker, key)
            for measure, level in found.levels.items():
                # nobody can be kept from knowing that a total is at least its own part
                floor = table[key].total(measure) - sum(
                    (table[k].total(measure) for k in own), Decimal(0)
                )
                down = min(level.lower, floor)
                for upward, need in ((True, level.upper), (False, down)):
                    if need > 0:
                        checks.append(Check(target, upward, float(need), known, caps[measure]))
    return checks


def _failing(g: Grid, checks: list[Check], hidden: set[int]) -> list[Cut]:
    return [cut for check in checks if (cut := reach(g, check, hidden)) is not None]


def _safe(g: Grid, checks: list[Check], hidden: set[int]) -> bool:
    return all(reach(g, check, hidden) is None for check in checks)


def _network(
    g: Grid, checks: list[Check], fixed: set[int], costs: list[float]
) -> tuple[set[int], list[Cut]]:
    """Repair every failing check along cheapest paths, then drop what is not needed."""
    hidden = set(fixed)
    cuts = []
    for check in checks:
        cut = reach(g, check, hidden)
        if cut is not None:
            cuts.append(cut)
            try:
                hidden.update(repair(g, check, hidden, costs))
            except ValueError:  # the attacker knows the cell whatever is hidden
                return set(range(len(g.keys))), cuts
    for i in sorted(hidden - fixed, key=lambda i: (-costs[i], i)):
        hidden.discard(i)
        if not _safe(g, checks, hidden):
            hidden.add(i)
    return hidden, cuts


def _best_network(
    g: Grid, checks: list[Check], fixed: set[int], costs: list[float]
) -> tuple[set[int], list[Cut]]:
    """The network method from two orders of the checks (as built, and reversed): the pattern
    depends on the order in which failing checks are repaired; the cheaper one is kept."""
    first = _network(g, checks, fixed, costs)
    second = _network(g, checks[::-1], fixed, costs)
    if sum(costs[i] for i in second[0]) < sum(costs[i] for i in first[0]):
        return second[0], first[1] + second[1]
    return first[0], first[1] + second[1]


def _master(costs: list[float], fixed: set[int], cuts: list[Cut], bound: float) -> set[int] | None:
    """The cheapest pattern hiding ``fixed`` that satisfies every cut (HiGHS MILP)."""
    n = len(costs)
    lower = np.zeros(n)
    lower[sorted(fixed)] = 1
    rows = [r for r, cut in enumerate(cuts) for _ in cut.weights]
    columns = [i for cut in cuts for i, _ in cut.weights]
    data = [w for cut in cuts for _, w in cut.weights]
    matrix = csr_array((data, (rows, columns)), shape=(len(cuts), n))
    constraints = [
        LinearConstraint(matrix, lb=np.ones(len(cuts)), ub=np.full(len(cuts), np.inf)),
        LinearConstraint(np.array([costs]), lb=-np.inf, ub=bound),
    ]
    result = milp(
        np.array(costs),
        integrality=np.ones(n, dtype=np.int64),
        bounds=Bounds(lower, np.ones(n)),
        constraints=constraints,
    )
    if result.x is None:
        return None
    return {i for i in range(n) if result.x[i] > 0.5}


def _exact(
    g: Grid, checks: list[Check], fixed: set[int], costs: list[float]
) -> tuple[set[int], int]:
    """Fischetti & Salazar-González by cutting planes, seeded and bounded by the network."""
    hidden, cuts = _best_network(g, checks, fixed, costs)
    bound = sum(costs[i] for i in hidden) + 1e-9
    seen = {cut.weights for cut in cuts}
    for rounds in range(1, MAX_ROUNDS + 1):
        found = _master(costs, fixed, cuts, bound)
        if found is None:
            break
        new = [c for c in _failing(g, checks, found) if c.weights not in seen]
        if not new:
            if _safe(g, checks, found):
                return found, rounds
            break
        cuts += new
        seen.update(c.weights for c in new)
    return hidden, 0


def solve(
    cells: Mapping[Any, Mapping[Any, Aggregate]],
    *,
    insiders: Iterable[Any] = (),
    rules: Rules = DEFAULT_RULES,
    method: Method = "network",
) -> Pattern:
    """The protected pattern of a two-way table (see the module's description)."""
    table = with_margins(cells)
    keys = sorted(table, key=lambda k: (TOTAL in k, k == (TOTAL, TOTAL), str(k)))
    sensitive = {k: s for k in keys if (s := sensitivity(table[k], rules)) is not None}
    group = attackers(table, insiders)
    pattern = Pattern(table, sensitive, {}, group, method=method)
    if not sensitive:
        return pattern
    g = grid(keys)
    checks = _checks(g, table, sensitive, group)
    costs = _costs(g, table)
    fixed = {g.index[k] for k in sensitive}
    if method == "milp":
        hidden, rounds = _exact(g, checks, fixed, costs)
    else:
        hidden, rounds = _best_network(g, checks, fixed, costs)[0], 0
    if not _safe(g, checks, hidden):  # never expected: hide everything rather than leak
        hidden = set(range(len(keys)))
    suppressed = {
        g.keys[i]: (sensitive[g.keys[i]].reason if g.keys[i] in sensitive else Reason.secondary)
        for i in sorted(hidden)
    }
    loss = sum(costs[i] for i in hidden - fixed)
    return replace(pattern, suppressed=suppressed, loss=loss, rounds=rounds)


def protect_table(
    cells: Mapping[Any, Mapping[Any, Aggregate]],
    *,
    insiders: Iterable[Any] = (),
    rules: Rules = DEFAULT_RULES,
) -> dict[tuple[Hashable, Hashable], Reason]:
    """The hidden entries of a two-way table and why, margins included.

    ``cells[row][column]`` are the inner cells (absent or without entities: a structural zero,
    shown). ``insiders`` are rows a reader may know in full (a county official knows its own
    county): the pattern is safe for the public, for a reader who knows any one of these rows,
    and for an entity alone in its cell. The result maps ``(row, column)`` — with
    :data:`TOTAL` for a margin, ``(TOTAL, TOTAL)`` the grand total — to its :class:`Reason`;
    entries not in it may be published. The rules name the method of the secondary suppression.
    """
    method: Method = "milp" if rules.secondary == "milp" else "network"
    return solve(cells, insiders=insiders, rules=rules, method=method).suppressed
