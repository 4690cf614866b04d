"""Cell suppression of public tables (统计数据保密:单元格抑制). Pure: no database, no web.

A public table of the dashboard shows aggregates of emitting entities' verified annual
accounts by county × industry group, with its margins (county totals, group totals, the city
total). Before it goes out:

1. **primary suppression** (:mod:`.rules`): the threshold rule, the (n, k) dominance rule and
   the p % rule, on both measures, each sensitive cell with the protection interval it needs;
2. **secondary suppression** (:mod:`.secondary`): the cheapest set of further cells to hide so
   that no attacker — the public, a county official who knows its own row, an entity alone in
   its cell — can narrow any sensitive cell below its protection interval from the published
   figures (:mod:`.attacker`), solved as Fischetti & Salazar-González's integer program.

``docs/dashboard.md`` states the rules, the parameters, the sources and what is published.
"""

from shuangtan.city.dashboard.suppression.attacker import TOLERANCE
from shuangtan.city.dashboard.suppression.cells import (
    MEASURES,
    TOTAL,
    Aggregate,
    Key,
    Measure,
    with_margins,
)
from shuangtan.city.dashboard.suppression.rules import (
    DEFAULT_RULES,
    Protection,
    Reason,
    Rules,
    Sensitivity,
    primary_reason,
    sensitivity,
)
from shuangtan.city.dashboard.suppression.secondary import (
    Attacker,
    Method,
    Pattern,
    attackers,
    protect_table,
    solve,
)

__all__ = [
    "DEFAULT_RULES",
    "MEASURES",
    "TOLERANCE",
    "TOTAL",
    "Aggregate",
    "Attacker",
    "Key",
    "Measure",
    "Method",
    "Pattern",
    "Protection",
    "Reason",
    "Rules",
    "Sensitivity",
    "attackers",
    "primary_reason",
    "protect_table",
    "sensitivity",
    "solve",
    "with_margins",
]
