"""Who may read the inventory, and the entered rows they read (清单查询).

Officials and administrators read it: a city-scope official (and an administrator) any area,
a county official only its own county; everyone else is refused. The figures themselves come
from :mod:`.service` and :mod:`.gpc`; the API's shapes are in :mod:`.schemas`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.errors import PermissionDenied
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository
from shuangtan.place.models import County

from .entries import KINDS
from .errors import InvalidEntry, OutsideScope

__all__ = [
    "check_read",
    "list_entries",
    "readable_counties",
]


def check_read(session: Session, actor: Principal, county_code: str | None) -> str | None:
    """The area ``actor`` asked for if it may read it (None = the whole city), else refuse."""
    if actor.role not in (Role.official, Role.admin):
        raise PermissionDenied("只有政府官员可查看城市清单。", "Only officials read the inventory.")
    city_code, counties = place_repository.city_and_counties(session)
    area = None if county_code in (None, "", city_code) else county_code
    if area is not None and area not in counties:
        raise InvalidEntry(f"未知区县“{area}”。", f"Unknown county '{area}'.")
    if actor.scope.whole_city or (area is not None and actor.scope.covers(area)):
        return area
    raise OutsideScope(
        "县级官员只能查看本县（市、区）的清单。",
        "A county official reads only its own county's inventory.",
    )


def readable_counties(session: Session, actor: Principal) -> list[County]:
    """The counties ``actor`` may pick: all for the city, its own for a county official."""
    counties = list(place_repository.counties(session).values())
    if actor.scope.whole_city:
        return counties
    return [c for c in counties if actor.scope.covers(c.code)]


def list_entries(
    *,
    session: Session,
    actor: Principal,
    kind: str,
    year: int,
    county_code: str | None = None,
) -> list[dict[str, Any]]:
    """The entered rows of one kind and year the actor may read, with their provenance."""
    area = check_read(session, actor, county_code)
    spec = KINDS.get(kind)
    if spec is None:
        raise InvalidEntry(f"未知的数据类型“{kind}”", f"unknown kind of entry '{kind}'")
    table: Any = spec.table
    statement = select(table).where(table.year == check_year(year))
    if area is not None:
        statement = statement.where(table.area_code == area)
    rows = session.scalars(statement.order_by(table.area_code, table.id)).all()
    return [
        {
            column.key: (
                str(value)
                if isinstance(value := getattr(row, column.key), Decimal)
                else value.isoformat()
                if hasattr(value, "isoformat")
                else value
            )
            for column in table.__table__.columns
        }
        for row in rows
    ]
