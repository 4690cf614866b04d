"""The inventory's carbon sinks (碳汇): area × a sequestration factor an official entered.

No sink factor is shipped. A forest's, wetland's or green space's removals per hectare depend on
the stands measured (species, age, growth and harvest; the provincial guideline computes forest
sinks from the forest resource inventory's stock change), so a national or demo rate applied to
any area entered would publish a number no method stands behind. An official enters the year's
factor (t CO2/ha/yr) with its source, as an activity of a kind of method ``sink_factor`` whose
``item`` names the sink; the inventory computes a sink only with it and otherwise says, for each
sink area, that it was not computed and why (:class:`SinkWithoutFactor`).

A county's inventory takes the county's own factor, else the city's; the whole city's takes the
city's. Only annual rows (``month`` 0) count: sinks are annual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.accounting import Factor, GasEmission, agriculture, quantity

from .catalogue import activity_kinds
from .models import ActivityEntry

__all__ = [
    "SINK_FACTOR_METHOD",
    "SINK_KINDS",
    "SINK_NAMES",
    "SinkLine",
    "SinkWithoutFactor",
    "sink_factors",
    "sink_removals",
]

SINK_KINDS = {"forest_area": "forest", "wetland_area": "wetland", "urban_green_area": "urban_green"}
SINK_NAMES = {
    "forest": ("森林", "Forest"),
    "wetland": ("湿地", "Wetland"),
    "urban_green": ("城市绿地", "Urban green space"),
}
SINK_FACTOR_METHOD = "sink_factor"
"""Catalogue method of the kinds an official enters a sequestration factor with (碳汇因子,
t CO2/ha/yr, with its source); the kind's ``item`` names the sink (``forest`` …)."""


@dataclass(frozen=True)
class SinkLine:
    """碳汇 one kind of sink: area × sequestration factor = removals, t CO2 per year."""

    kind: str
    activity: str
    name_zh: str
    name_en: str
    area_ha: Decimal
    factor: Factor
    tco2: Decimal


@dataclass(frozen=True)
class SinkWithoutFactor:
    """碳汇未计算 a sink area entered without a sequestration factor: not computed, and why."""

    kind: str
    activity: str
    name_zh: str
    name_en: str
    area_ha: Decimal
    reason_zh: str
    reason_en: str


def sink_factors(
    session: Session, year: int, city_code: str, county_code: str | None
) -> dict[str, Factor]:
    """The sequestration factor of each sink an official entered for the year, with its source.

    Annual rows (``month`` 0) of the kinds of method ``sink_factor``: for a county its own
    factor, else the city's; for the whole city the city's. Nothing is shipped in their place.
    """
    kinds = {
        key: kind
        for key, kind in activity_kinds().items()
        if kind.method == SINK_FACTOR_METHOD and kind.item
    }
    if not kinds:
        return {}
    codes = [city_code] if county_code is None else [city_code, county_code]
    rows = session.scalars(
        select(ActivityEntry).where(
            ActivityEntry.year == year,
            ActivityEntry.month == 0,
            ActivityEntry.activity.in_(kinds),
            ActivityEntry.area_code.in_(codes),
        )
    ).all()
    out: dict[str, Factor] = {}
    for code in codes:  # the city's first; a county's own replaces it
        for row in rows:
            if row.area_code != code:
                continue
            kind = kinds[row.activity]
            out[str(kind.item)] = Factor(
                id=f"sink.{kind.item}.entered",
                value=float(row.quantity),
                unit=kind.unit,
                document=row.source_note,
                edition=str(row.year),
                table=f"entered for {row.area_code} by {row.entered_by}",
                status="entered",
                note="sequestration factor entered by an official with its source; "
                "no default is shipped",
            )
    return out


def sink_removals(
    quantities: Mapping[str, Decimal], factors: Mapping[str, Factor], year: int
) -> tuple[list[tuple[str, Decimal, Factor, GasEmission]], list[SinkWithoutFactor]]:
    """Each sink area × its entered factor, or the sink left out with the reason."""
    kinds = activity_kinds()
    computed: list[tuple[str, Decimal, Factor, GasEmission]] = []
    refused: list[SinkWithoutFactor] = []
    for key, hectares in quantities.items():
        kind = kinds[key]
        if kind.method != "sink":
            continue
        sink = SINK_KINDS[key]
        name_zh, name_en = SINK_NAMES[sink]
        factor = factors.get(sink)
        if factor is None:
            refused.append(
                SinkWithoutFactor(
                    sink,
                    key,
                    name_zh,
                    name_en,
                    hectares,
                    f"未录入{year}年{name_zh}碳汇因子（须注明来源），不计算{name_zh}碳汇",
                    f"no {name_en.lower()} sequestration factor with its source has been "
                    f"entered for {year}: the sink is not computed",
                )
            )
            continue
        area = quantity(float(hectares), kind.unit)
        removal = agriculture.sink_removal_co2(area=area, factor=factor, line=key)
        computed.append((key, hectares, factor, removal))
    return computed, refused
