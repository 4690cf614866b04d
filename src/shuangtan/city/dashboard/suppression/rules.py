"""Primary sensitivity rules (一次抑制规则) and the protection levels they require.

The rules are those of Hundepool et al., *Handbook on Statistical Disclosure Control*
(ESSnet SDC, 2nd ed.), §4.2 "Disclosure control concepts for magnitude tabular data", as the
tau-Argus software applies them (its safety rules FREQ, NK and P). With x1 ≥ x2 ≥ … the
entities' contributions to a cell of total T, in one measure:

- **threshold rule** (最少主体数规则): sensitive when the cell has fewer than
  ``min_contributors`` = 3 entities (the Handbook's "normally … set to 3");
- **(n, k) dominance rule** (支配规则): sensitive when x1 + … + xn > k/100 · T; n = 1,
  k = 85 by default (the platform's rule before; n may be 1 or 2);
- **p % rule** (p%规则): sensitive when T − x1 − x2 < p/100 · x1, p = 10 by default: the
  second-largest contributor, subtracting its own x2 from T, would estimate x1 to within p %.
  The Handbook recommends it over the (1, k) rule precisely because (1, k) ignores that
  intruder.

Each rule is applied to every measure a cell shows (tCO2e and tce); a cell sensitive in either
measure is hidden in both.

**Protection levels** (保护区间): a hidden sensitive cell must keep an interval an attacker
cannot narrow: the largest value consistent with everything published must be at least
``upper`` above the true value, the smallest at least ``lower`` below. Upper levels follow the
Handbook's table of upper protection levels (§4.2.2, as tau-Argus derives them):

- p % rule: p/100 · x1 − (T − x1 − x2) — the extra uncertainty that puts the second-largest
  contributor's estimate of x1 at least p % away (the Handbook's Example 5);
- (n, k) dominance: 100/k · (x1 + … + xn) − T;
- threshold rule: a *safety range* of ``threshold_range`` % of the cell value (tau-Argus's
  "frequency safety range" of its FREQ rule). Default 10 %, the same p: with one entity the cell
  *is* that entity's value, with two each knows its own and learns the other's from the cell,
  so ±10 % of the cell keeps each entity's value uncertain by at least p % of itself. (The
  Handbook allows a level of zero when only exact disclosure matters; a zero level would let
  differencing pin a one-entity cell exactly, so the platform does not use it.)

The lower level equals the upper ("out of symmetry considerations the lower protection level is
often set identical to the upper", the Handbook), capped at the cell value (cells are ≥ 0, so
no attacker's lower bound is below 0). A sensitive cell of value 0 gets ``zero_range`` (1 unit)
as upper level so that it cannot be shown to be exactly 0 (tau-Argus's ZERO safety range).
Where several rules apply, the largest level counts.

Decimal arithmetic throughout: a cell exactly at a rule's boundary is decided exactly
(``x1 · 100 > k · T``; ``(T − x1 − x2) · 100 < p · x1``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from shuangtan.city.dashboard.suppression.cells import MEASURES, Aggregate, Measure

__all__ = [
    "DEFAULT_RULES",
    "Protection",
    "Reason",
    "Rules",
    "Sensitivity",
    "primary_reason",
    "sensitivity",
]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


class Reason(StrEnum):
    """抑制原因 why a cell is not shown."""

    threshold = "threshold"  # fewer than the minimum number of entities (主体数不足)
    dominance = "dominance"  # its largest entities dominate it ((n,k) 支配规则)
    p_percent = "p_percent"  # the second-largest could estimate the largest (p%规则)
    secondary = "secondary"  # complementary: protects another cell (防止倒推)
    confidential = "confidential"  # what the public sees for every hidden cell (保密)


@dataclass(frozen=True, slots=True)
class Rules:
    """The sensitivity rules' parameters (defaults: 3; (1, 85); p = 10; 10 %; 1 unit).

    The Handbook advises keeping a concentration rule's parameters confidential: a deployment
    may set its own (they are arguments, not constants of the pages).
    """

    min_contributors: int = 3
    dominance_n: int = 1
    dominance_k: Decimal = Decimal(85)
    p: Decimal = Decimal(10)
    threshold_range: Decimal = Decimal(10)
    zero_range: Decimal = Decimal(1)
    secondary: str = "network"
    """How secondary suppression is solved: ``network`` (tens of ms) or ``milp`` (the exact
    integer program, seconds a table; never loses more information)."""

    def __post_init__(self) -> None:
        if self.secondary not in ("network", "milp"):
            raise ValueError("secondary must be 'network' or 'milp'")
        if self.min_contributors < 1:
            raise ValueError("min_contributors must be at least 1")
        if self.dominance_n not in (1, 2):
            raise ValueError("dominance_n must be 1 or 2 (a cell keeps its two largest)")
        if not _ZERO < self.dominance_k < _HUNDRED:
            raise ValueError("dominance_k must be a percentage strictly between 0 and 100")
        if not _ZERO < self.p <= _HUNDRED:
            raise ValueError("p must be a percentage in (0, 100]")
        if not _ZERO <= self.threshold_range <= _HUNDRED:
            raise ValueError("threshold_range must be a percentage in [0, 100]")
        if self.zero_range < 0:
            raise ValueError("zero_range must not be negative")


DEFAULT_RULES = Rules()


@dataclass(frozen=True, slots=True)
class Protection:
    """The interval a hidden cell must keep in one measure: ``upper`` above, ``lower`` below."""

    upper: Decimal
    lower: Decimal

    @property
    def needed(self) -> bool:
        return self.upper > 0 or self.lower > 0


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """Why a cell is sensitive (the first rule that applies) and its protection per measure."""

    reason: Reason
    levels: dict[Measure, Protection] = field(default_factory=dict)


def _dominance_level(cell: Aggregate, measure: Measure, rules: Rules) -> Decimal | None:
    total = cell.total(measure)
    first, second = cell.top(measure)
    top = first if rules.dominance_n == 1 else first + second
    if total > 0 and top * _HUNDRED > rules.dominance_k * total:
        return _HUNDRED / rules.dominance_k * top - total
    return None


def _p_level(cell: Aggregate, measure: Measure, rules: Rules) -> Decimal | None:
    total = cell.total(measure)
    first, second = cell.top(measure)
    rest = total - first - second
    if rest * _HUNDRED < rules.p * first:
        return rules.p / _HUNDRED * first - rest
    return None


def sensitivity(cell: Aggregate, rules: Rules = DEFAULT_RULES) -> Sensitivity | None:
    """The primary sensitivity of ``cell`` with its protection levels, or ``None`` (safe)."""
    reasons: list[Reason] = []
    levels: dict[Measure, Protection] = {}
    few = cell.entities < rules.min_contributors
    if few:
        reasons.append(Reason.threshold)
    for measure in MEASURES:
        total = cell.total(measure)
        found: list[Decimal] = []
        if few:
            found.append(rules.threshold_range / _HUNDRED * total)
        dominance = _dominance_level(cell, measure, rules)
        if dominance is not None:
            reasons.append(Reason.dominance)
            found.append(dominance)
        p_level = _p_level(cell, measure, rules)
        if p_level is not None:
            reasons.append(Reason.p_percent)
            found.append(p_level)
        if not found:
            continue
        upper = max(found)
        if total == 0:
            upper = max(upper, rules.zero_range)
        levels[measure] = Protection(upper=upper, lower=min(upper, total))
    if not reasons:
        return None
    order = (Reason.threshold, Reason.dominance, Reason.p_percent)
    return Sensitivity(reason=min(reasons, key=order.index), levels=levels)


def primary_reason(cell: Aggregate, rules: Rules = DEFAULT_RULES) -> Reason | None:
    """The first primary rule ``cell`` breaks (threshold, dominance, p %), or ``None``."""
    found = sensitivity(cell, rules)
    return found.reason if found else None
