"""The attacker (攻击者): how far a hidden cell can move given everything published.

An attacker knows every published entry of a table (inner cells and margins), that every cell
is ≥ 0, and possibly some hidden entries (an *insider*: a county official knows its county's
row; an entity alone in its cell knows that cell). The values a hidden cell can take form an
interval [min, max], the bounds of two linear programs over the table's equations (Hundepool
et al., *Handbook on Statistical Disclosure Control*, §4.2 "feasibility interval"; the LP is
stated in Fischetti & Salazar-González, *JASA* 95 (2000) 916–928).

For a two-way table with margins that LP is a network flow (Cox, "Network models for
complementary cell suppression", *JASA* 90 (1995) 1453–1462), which this module solves exactly
rather than calling an LP solver thousands of times:

- flip the sign of the margins (row and column totals; the grand total keeps its sign): every
  row and every column of the (rows + 1) × (columns + 1) matrix of deviations from the true
  values then sums to zero, i.e. the deviations are a *circulation* on the bipartite graph of
  row nodes and column nodes, each entry an edge;
- a published or known entry carries no flow; a hidden one may move from −value (down to 0)
  to +∞: on its edge, capacity ∞ one way and its value the other way (reversed for margins);
- the most a hidden entry can rise (or fall) is the maximum flow between its two nodes through
  the other edges. When that falls short of the protection level, the minimum cut names the
  entries whose hiding would widen the interval — the capacity constraint Fischetti &
  Salazar-González's model adds for that cell.

``tests/city/dashboard/test_suppression.py`` and ``test_demo_disclosure.py`` attack the
patterns built on it with HiGHS's LP (``tests/city/dashboard/lp_attacker.py``).
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from shuangtan.city.dashboard.suppression.cells import TOTAL, Key

__all__ = [
    "TOLERANCE",
    "Capacities",
    "Check",
    "Cut",
    "Grid",
    "capacities",
    "grid",
    "reach",
    "repair",
]

_EPS = 1e-9
TOLERANCE = 1e-6
"""Relative tolerance of a check: the MILP solver meets its constraints to about 1e-7, so an
interval counts as reaching its level when it is short by less than a millionth of it."""


@dataclass(frozen=True, slots=True)
class Grid:
    """The table as a bipartite graph: entry ``i`` joins row node ``tails[i]`` to column node
    ``heads[i]``; margins (not the grand total) are sign-flipped."""

    keys: tuple[Key, ...]
    index: dict[Key, int]
    tails: tuple[int, ...]
    heads: tuple[int, ...]
    flipped: tuple[bool, ...]
    incident: tuple[tuple[int, ...], ...]


def grid(keys: Sequence[Key]) -> Grid:
    """The graph of a table's entries ``keys`` (inner cells and margins, in a fixed order)."""
    rows = sorted({k[0] for k in keys}, key=str)
    columns = sorted({k[1] for k in keys}, key=str)
    row_node = {r: i for i, r in enumerate(rows)}
    column_node = {c: len(rows) + i for i, c in enumerate(columns)}
    tails = tuple(row_node[k[0]] for k in keys)
    heads = tuple(column_node[k[1]] for k in keys)
    incident: list[list[int]] = [[] for _ in range(len(rows) + len(columns))]
    for i in range(len(keys)):
        incident[tails[i]].append(i)
        incident[heads[i]].append(i)
    return Grid(
        keys=tuple(keys),
        index={k: i for i, k in enumerate(keys)},
        tails=tails,
        heads=heads,
        flipped=tuple((k[0] == TOTAL) != (k[1] == TOTAL) for k in keys),
        incident=tuple(tuple(x) for x in incident),
    )


@dataclass(frozen=True, slots=True)
class Capacities:
    """Per entry, how far its edge may carry flow tail → head and head → tail (one measure)."""

    forward: tuple[float, ...]
    backward: tuple[float, ...]


def capacities(g: Grid, values: Sequence[float]) -> Capacities:
    """An entry may rise without bound and fall to 0 (margins the other way round)."""
    return Capacities(
        forward=tuple(values[i] if g.flipped[i] else math.inf for i in range(len(values))),
        backward=tuple(math.inf if g.flipped[i] else values[i] for i in range(len(values))),
    )


@dataclass(frozen=True, slots=True)
class Check:
    """The attacker knowing ``known`` must leave ``target`` at least ``need`` of room upward
    (``upward``) or downward in one measure (``caps``)."""

    target: int
    upward: bool
    need: float
    known: frozenset[int]
    caps: Capacities


@dataclass(frozen=True, slots=True)
class Cut:
    """A constraint on the pattern: Σ weight · hidden ≥ 1 over ``weights`` (entry → weight)."""

    weights: tuple[tuple[int, float], ...]


def _ends(g: Grid, check: Check) -> tuple[int, int]:
    """Source and sink: moving the target pushes flow through its own edge, which returns
    through the other hidden entries from one of its nodes to the other."""
    rising_edge = check.upward != g.flipped[check.target]
    if rising_edge:
        return g.heads[check.target], g.tails[check.target]
    return g.tails[check.target], g.heads[check.target]


def _room(g: Grid, caps: Capacities, flow: list[float], i: int, u: int) -> tuple[int, float]:
    if u == g.tails[i]:
        return g.heads[i], caps.forward[i] - flow[i]
    return g.tails[i], caps.backward[i] + flow[i]


def _push(g: Grid, flow: list[float], path: list[tuple[int, int]], amount: float) -> None:
    for u, i in path:
        flow[i] += amount if u == g.tails[i] else -amount


def reach(g: Grid, check: Check, hidden: Collection[int]) -> Cut | None:
    """``None`` if the attacker cannot narrow the target to less than ``need`` on its side;
    else the minimum cut, a constraint any pattern safe for this check satisfies.

    ``hidden``: the entries not published. Exact max flow (Edmonds–Karp), stopped once the
    need is met.
    """
    usable = [False] * len(g.keys)
    for i in hidden:
        usable[i] = i != check.target and i not in check.known
    source, sink = _ends(g, check)
    flow = [0.0] * len(g.keys)
    total, goal = 0.0, check.need * (1 - TOLERANCE)
    while total < goal:
        parent: dict[int, tuple[int, int]] = {source: (-1, -1)}
        queue = deque([source])
        while queue and sink not in parent:
            u = queue.popleft()
            for i in g.incident[u]:
                if usable[i]:
                    v, room = _room(g, check.caps, flow, i, u)
                    if room > _EPS and v not in parent:
                        parent[v] = (u, i)
                        queue.append(v)
        if sink not in parent:
            return _cut(g, check, parent)
        path = _path(parent, source, sink)
        amount = min(_room(g, check.caps, flow, i, u)[1] for u, i in path)
        if math.isinf(amount):
            return None
        _push(g, flow, path, amount)
        total += amount
    return None


def _path(parent: dict[int, tuple[int, int]], source: int, sink: int) -> list[tuple[int, int]]:
    path = []
    v = sink
    while v != source:
        u, i = parent[v]
        path.append((u, i))
        v = u
    return path


def _cut(g: Grid, check: Check, side: Collection[int]) -> Cut:
    """The minimum cut around ``side`` (the nodes the source still reaches), over every entry
    the attacker does not know — published ones included, since hiding them is the remedy."""
    weights = []
    for i in range(len(g.keys)):
        if i == check.target or i in check.known:
            continue
        tail_in, head_in = g.tails[i] in side, g.heads[i] in side
        if tail_in and not head_in:
            capacity = check.caps.forward[i]
        elif head_in and not tail_in:
            capacity = check.caps.backward[i]
        else:
            continue
        if capacity > _EPS:
            weights.append((i, min(capacity, check.need) / check.need))
    return Cut(tuple(weights))


def repair(g: Grid, check: Check, hidden: Collection[int], costs: Sequence[float]) -> list[int]:
    """The entries to hide so that ``check`` passes: flow is pushed along cheapest paths, an
    entry already hidden costing nothing and a published one its cost (successive cheapest
    augmenting paths, after Cox 1995). Raises ``ValueError`` if nothing can protect it."""
    state = [0] * len(g.keys)  # 0 unusable, 1 hidden, 2 may be hidden
    for i in range(len(g.keys)):
        if i != check.target and i not in check.known:
            state[i] = 2
    for i in hidden:
        if state[i]:
            state[i] = 1
    source, sink = _ends(g, check)
    flow = [0.0] * len(g.keys)
    added: list[int] = []
    total, goal = 0.0, check.need * (1 - TOLERANCE)
    while total < goal:
        parent = _cheapest(g, check, state, flow, costs, source, sink)
        if parent is None:
            raise ValueError(f"no pattern protects {g.keys[check.target]} from this attacker")
        path = _path(parent, source, sink)
        for _, i in path:
            if state[i] == 2:
                state[i] = 1
                added.append(i)
        amount = min(_room(g, check.caps, flow, i, u)[1] for u, i in path)
        if math.isinf(amount):
            break
        _push(g, flow, path, amount)
        total += amount
    return added


def _cheapest(
    g: Grid,
    check: Check,
    state: list[int],
    flow: list[float],
    costs: Sequence[float],
    source: int,
    sink: int,
) -> dict[int, tuple[int, int]] | None:
    """Dijkstra over the edges with room left: the cheapest way from source to sink."""
    best = {source: 0.0}
    parent: dict[int, tuple[int, int]] = {}
    done: set[int] = set()
    heap = [(0.0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if u in done:
            continue
        done.add(u)
        if u == sink:
            return parent
        for i in g.incident[u]:
            if not state[i]:
                continue
            v, room = _room(g, check.caps, flow, i, u)
            if room <= _EPS or v in done:
                continue
            cost = d + (costs[i] if state[i] == 2 else 0.0)
            if cost < best.get(v, math.inf):
                best[v] = cost
                parent[v] = (u, i)
                heapq.heappush(heap, (cost, v))
    return None
