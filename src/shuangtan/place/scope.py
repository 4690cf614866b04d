"""Scope (范围): which places and whose rows a principal may see.

One value, built from the user when a request authenticates (:func:`scope_of`) and carried by
the principal; every repository scopes its reads through it, and :meth:`Scope.covers` is the
one answer to "may this principal see this county (or the whole city)". Roles say what a
principal may *do*; the scope says *where* and *whose*:

==========  ==================================================================================
all         an administrator (and the system): everything
city        a city official (市级): the whole city, every county
county      a county official (县级): one county-level division
entity      an enterprise user: its own emitting entity
assigned    a verifier: the entity-years assigned to its bodies (resolved by ``accounts``)
consented   a bank: the entities that consented (resolved by ``finance``)
personal    residents, merchants, data partners: their own records only
==========  ==================================================================================

Area codes are GB/T 2260 codes: a county-level division shares the first four digits with its
prefecture-level city (嘉善县 330421 in 嘉兴市 330400), which the city configuration checks
when it is read (:mod:`shuangtan.place.configuration`). So the rule needs no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Scope", "ScopeKind", "scope_of"]


class ScopeKind(StrEnum):
    """范围类型 the kind of a principal's scope."""

    all = "all"  # 全部: administrator, system
    city = "city"  # 全市: city official
    county = "county"  # 本县(市、区): county official
    entity = "entity"  # 本企业: enterprise user
    assigned = "assigned"  # 受托核查: verifier
    consented = "consented"  # 授权企业: bank
    personal = "personal"  # 本人: resident, merchant, data partner


@dataclass(frozen=True, slots=True)
class Scope:
    """范围 scope: where and whose rows a principal reaches.

    ``code`` is an official's jurisdiction: the city's code (``330400``) or one county's
    (``330421``); ``entity_id`` an enterprise user's entity.
    """

    kind: ScopeKind
    code: str | None = None
    entity_id: int | None = None

    @classmethod
    def everything(cls) -> Scope:
        """An administrator's scope (and the system's)."""
        return cls(ScopeKind.all)

    @classmethod
    def city(cls, city_code: str) -> Scope:
        """A city official's scope: the whole city."""
        return cls(ScopeKind.city, code=city_code)

    @classmethod
    def county(cls, county_code: str) -> Scope:
        """A county official's scope: one county-level division."""
        return cls(ScopeKind.county, code=county_code)

    @classmethod
    def entity(cls, entity_id: int) -> Scope:
        """An enterprise user's scope: its own entity."""
        return cls(ScopeKind.entity, entity_id=entity_id)

    @property
    def whole_city(self) -> bool:
        """Whether the scope reaches the whole city (city officials, administrators)."""
        return self.kind in (ScopeKind.all, ScopeKind.city)

    @property
    def county_code(self) -> str | None:
        """The one county of a county official; ``None`` for every other scope."""
        return self.code if self.kind is ScopeKind.county else None

    @property
    def reaches_areas(self) -> bool:
        """Whether the scope reaches areas at all (city or county aggregates, area rows)."""
        return self.kind in (ScopeKind.all, ScopeKind.city, ScopeKind.county)

    def covers(self, area_code: str | None) -> bool:
        """Whether the scope reaches area ``area_code``: the city's code or one county's."""
        if area_code is None:
            return False
        if self.kind is ScopeKind.all:
            return True
        if self.kind is ScopeKind.city and self.code is not None:
            return area_code == self.code or (
                len(area_code) == 6 and area_code[:4] == self.code[:4]
            )
        if self.kind is ScopeKind.county:
            return area_code == self.code
        return False

    def within(self, codes: Iterable[str]) -> list[str]:
        """The codes of ``codes`` the scope covers, in their order."""
        return [code for code in codes if self.covers(code)]


def scope_of(
    *, role: str, city_code: str | None, county_code: str | None, entity_id: int | None
) -> Scope:
    """The scope of a user with ``role`` and these scope columns (``users`` table)."""
    if role == "admin":
        return Scope.everything()
    if role == "official":
        if county_code:
            return Scope.county(county_code)
        if city_code:
            return Scope.city(city_code)
        return Scope(ScopeKind.personal)  # the database refuses such a row; be safe anyway
    if role == "enterprise" and entity_id is not None:
        return Scope.entity(entity_id)
    if role == "verifier":
        return Scope(ScopeKind.assigned)
    if role == "bank":
        return Scope(ScopeKind.consented)
    return Scope(ScopeKind.personal)
