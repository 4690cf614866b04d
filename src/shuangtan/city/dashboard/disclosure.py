"""The deployment's disclosure rules (统计数据保密规则) for the dashboard's doors.

The parameters of the primary rules are settings (``SHUANGTAN_DISCLOSURE_*``, see
:mod:`shuangtan.config` and ``docs/dashboard.md``); the pages and the API take them through
:data:`DisclosureRules` and hand them to the service, which is pure of settings.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request

from shuangtan.city.dashboard.suppression import Rules
from shuangtan.config import Settings

__all__ = ["DisclosureRules", "disclosure_rules", "rules_of"]


@lru_cache(maxsize=8)
def _rules(min_entities: int, n: int, k: str, p: str, secondary: str) -> Rules:
    return Rules(
        min_contributors=min_entities,
        dominance_n=n,
        dominance_k=Decimal(k),
        p=Decimal(p),
        secondary=secondary,
    )


def rules_of(settings: Settings) -> Rules:
    """The primary rules' parameters a deployment set (defaults: 3; (1, 85); p = 10)."""
    return _rules(
        settings.disclosure_min_entities,
        settings.disclosure_dominance_n,
        str(settings.disclosure_dominance_k),
        str(settings.disclosure_p_percent),
        settings.disclosure_secondary,
    )


def disclosure_rules(request: Request) -> Rules:
    """The rules of the app serving ``request``."""
    settings: Settings = request.app.state.settings
    return rules_of(settings)


DisclosureRules = Annotated[Rules, Depends(disclosure_rules)]
