"""The inventory demo's fleets, activity data, sink factors and claimed reductions (演示活动数据).

Split from :mod:`.demo` (which loads them): city totals with yearly factors, shared among the
counties by residents or, for farming, by an assumed split (:mod:`.demo_counties`). All
**demo assumptions**; each row's ``source_note`` says so.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from . import demo_counties
from .catalogue import activity_kinds

__all__ = [
    "ASSUMPTION",
    "CITY_CODE",
    "CLAIMS",
    "SINK_FACTORS",
    "SINK_FACTOR_SOURCE",
    "activity_rows",
    "fleet_rows",
]

ASSUMPTION = "演示假设 demo assumption"
CITY_CODE = "330400"

FLEET_2020 = {  # city vehicles (new private cars: registrations of the year), NEV share 2020→2025
    "bus": (2_400, Decimal("0.60"), Decimal("0.86")),
    "taxi": (2_100, Decimal("0.20"), Decimal("0.74")),
    "coach": (1_500, Decimal("0.05"), Decimal("0.32")),
    "new_private_cars": (120_000, Decimal("0.06"), Decimal("0.38")),
}
NEV_POWER = {"bus": "battery_electric", "taxi": "battery_electric", "coach": "battery_electric"}
CONVENTIONAL_POWER = {"bus": "diesel", "taxi": "gasoline", "coach": "diesel"}


def _q(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _split(total: Decimal, weights: dict[str, Decimal], places: str) -> dict[str, Decimal]:
    return demo_counties.split(total, weights, places)


def fleet_rows(year: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    weights = demo_counties.POPULATION_2021
    for vehicle_type, (count_2020, start, end) in FLEET_2020.items():
        count = _q(Decimal(count_2020) * Decimal("1.03") ** (year - 2020), "1")
        share = min(start + (end - start) * (year - 2020) / 5, Decimal("0.98"))
        for code, part in _split(count, weights, "1").items():
            nev = _q(part * share, "1")
            for power, vehicles in (
                (NEV_POWER.get(vehicle_type, "battery_electric"), nev),
                (CONVENTIONAL_POWER.get(vehicle_type, "gasoline"), part - nev),
            ):
                rows.append(
                    {
                        "year": year,
                        "area_code": code,
                        "vehicle_type": vehicle_type,
                        "power": power,
                        "vehicles": int(vehicles),
                        "source_note": f"{ASSUMPTION}: fleet and NEV share path",
                    }
                )
    return rows


ACTIVITY_2020: dict[str, tuple[Decimal, Decimal]] = {
    # city total in 2020 (activity unit) and its yearly factor to 2025 (demo assumption)
    "dairy_cattle": (Decimal(8_000), Decimal("0.98")),
    "other_cattle": (Decimal(5_000), Decimal("0.98")),
    "sheep": (Decimal(300_000), Decimal("1.00")),
    "goats": (Decimal(20_000), Decimal("0.97")),
    "swine": (Decimal(450_000), Decimal("1.04")),
    "poultry": (Decimal(6_000_000), Decimal("0.99")),
    "rice_single": (Decimal(90_000), Decimal("1.00")),
    "fertiliser_n": (Decimal(30_000), Decimal("0.97")),
    "landfill_msw": (Decimal(100_000), Decimal("0.50")),
    "composting": (Decimal(150_000), Decimal("1.06")),
    "incineration_msw": (Decimal(1_800_000), Decimal("1.04")),
    "wastewater_cod": (Decimal(60_000), Decimal("1.03")),
    "wastewater_effluent_n": (Decimal(3_000), Decimal("0.98")),
    "forest_area": (Decimal(52_000), Decimal("1.004")),
    "wetland_area": (Decimal(78_000), Decimal("1.007")),
    "urban_green_area": (Decimal(9_000), Decimal("1.03")),
}
SINK_FACTORS = {
    "forest": Decimal("4.0"),
    "wetland": Decimal("1.5"),
    "urban_green": Decimal("3.0"),
}
"""Sequestration factors the demo official enters for the city, t CO2/ha/yr (碳汇因子): **synthetic
numbers, not published values** (about 1.1, 0.4, 0.8 t C/ha/yr), each entered with a source note
that says so. No factor is shipped; a real inventory enters the forestry bureau's stock-change
result or a study of the same stands (``city/inventory/sinks.py``)."""
SINK_FACTOR_SOURCE = (
    "演示用合成数值，非公开发布值 synthetic demo value, not a published factor: replace with the "
    "forestry bureau's stock-change result or a rate measured for the city's stands"
)
GRID_LOSS_RATE_PCT = Decimal("3.50")
"""Grid T&D loss rate, % (demo assumption; State Grid Zhejiang publishes the real one)."""
CLAIMS: tuple[dict[str, Any], ...] = (
    {
        "year": 2023,
        "area_code": "330402",
        "gpc_ref": "I.1.2",
        "scheme": "carbon_points",
        "reference": "JX-TPH-2023-0001",
        "amount_tco2e": Decimal("1250.5"),
        "description": "居民节电碳普惠积分 residents' electricity-saving carbon points",
        "source_note": f"{ASSUMPTION}: carbon-points registry",
    },
    {
        "year": 2023,
        "area_code": "330421",
        "gpc_ref": "I.3.2",
        "scheme": "ccer",
        "reference": "CCER-DEMO-330421-PV-2023",
        "amount_tco2e": Decimal("8400"),
        "description": "工业屋顶分布式光伏减排量出售 rooftop PV reductions sold as CCER",
        "source_note": f"{ASSUMPTION}: CCER registry",
    },
)


def activity_rows(year: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    weights = demo_counties.POPULATION_2021
    for activity, (base, factor) in ACTIVITY_2020.items():
        value = _q(base * factor ** (year - 2020), "1")
        for code, part in _split(value, demo_counties.activity_weights(activity), "1").items():
            rows.append(
                {
                    "year": year,
                    "area_code": code,
                    "activity": activity,
                    "quantity": part,
                    "source_note": f"{ASSUMPTION}: activity data of {year}",
                }
            )
    for code in (CITY_CODE, *weights):
        rows.append(
            {
                "year": year,
                "area_code": code,
                "activity": "grid_loss_rate",
                "quantity": GRID_LOSS_RATE_PCT,
                "source_note": f"{ASSUMPTION}: grid loss rate",
            }
        )
    for key, kind in activity_kinds().items():  # the kinds officials enter sink factors with
        if kind.method == "sink_factor" and kind.item in SINK_FACTORS:
            rows.append(
                {
                    "year": year,
                    "area_code": CITY_CODE,
                    "activity": key,
                    "quantity": SINK_FACTORS[str(kind.item)],
                    "source_note": SINK_FACTOR_SOURCE,
                }
            )
    return rows
