"""The permissions world (权限测试世界): two of everything, and a marker on whatever is private.

One seed, made once per backend, that every permissions test reads:

========================  =========================================  ============================
who                       own tenant                                 other tenant
========================  =========================================  ============================
city official (市级)       entity E1 (嘉善县 330421)                   entity E2 (南湖区 330402)
county official 嘉善县      E1 and the county 330421                    E2 and the county 330402
enterprise of E1          E1                                         E2
verifier of body V1       E1's 2024 (assigned to V1)                 E2's 2024 (assigned to V2;
                                                                     V1 verified E2 in 2023)
bank B1                   E1 (consented to B1)                       E2 (no consent to B1)
========================  =========================================  ============================

V2 verified E1 in 2023, so a body sees both entities but only its own entity-years: the
attack of issue 9 (a page that checks the entity and then shows any year) is in every row the
matrix walks. Everything private carries a marker string (:data:`MARKERS`): the entity names,
each entity-year's report (comment and a line's item) and the county scenarios' names; a
response must never contain a marker its caller may not read (:func:`readers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import testkit

COUNTY = "330421"  # 嘉善县: the county official's own county, E1's
OTHER_COUNTY = "330402"  # 南湖区: E2's
CITY = "330400"
YEAR = 2024
EARLIER = 2023
PDF = b"%PDF-1.4\n% permissions test attachment\n"
FACTOR = {
    "id": "grid.mee-nbs.CN-ZJ.2023",
    "value": 0.4974,
    "unit": "tCO2/MWh",
    "source": "MEE and NBS announcement 2025 No. 47",
    "document": "MEE and NBS announcement 2025 No. 47",
    "edition": "2025",
    "table": "1",
    "status": "confirmed",
    "note": "test data",
}
"""The stored factor of every seeded line (the shape the core stores)."""

USERS: dict[str, tuple[str, str | None]] = {
    # role of the matrix → (username, role of the user); the scopes are set in the seed
    "official_city": ("p-city", "official"),
    "official_county": ("p-county", "official"),
    "enterprise": ("p-firm", "enterprise"),
    "verifier": ("p-verifier", "verifier"),
    "bank": ("p-bank", "bank"),
    "resident": ("p-resident", "resident"),
    "merchant": ("p-merchant", "merchant"),
    "partner": ("p-partner", "partner"),
    "admin": ("p-admin", "admin"),
}
"""The caller of each role of the matrix (anonymous has none)."""


def entity_marker(n: int) -> str:
    return f"PERMS-E{n}"


def report_marker(n: int, year: int) -> str:
    return f"PERMS-E{n}Y{year}"


def scenario_marker(county: str) -> str:
    return f"PERMS-SC{county}"


MARKERS: dict[str, frozenset[str]] = {
    # marker → the roles of the matrix that may read it
    entity_marker(1): frozenset(
        {"admin", "official_city", "official_county", "enterprise", "verifier", "bank"}
    ),
    entity_marker(2): frozenset({"admin", "official_city", "verifier"}),
    report_marker(1, YEAR): frozenset(
        {"admin", "official_city", "official_county", "enterprise", "verifier", "bank"}
    ),
    report_marker(1, EARLIER): frozenset(
        {"admin", "official_city", "official_county", "enterprise", "bank"}
    ),
    report_marker(2, YEAR): frozenset({"admin", "official_city"}),
    report_marker(2, EARLIER): frozenset({"admin", "official_city", "verifier"}),
    scenario_marker(COUNTY): frozenset({"admin", "official_city", "official_county"}),
    scenario_marker(OTHER_COUNTY): frozenset({"admin", "official_city"}),
}
"""What is private in the world, and who may read it."""


def forbidden_markers(role: str) -> list[str]:
    """The markers ``role`` may not read."""
    return [marker for marker, readers in MARKERS.items() if role not in readers]


@dataclass(frozen=True, kw_only=True)
class PermissionsWorld(testkit.World):
    """The app over the permissions seed; ``ids`` name its rows (entity_1, report_1_2024_1, …,
    bank_1, scenario_330421, attachment, …) and ``token`` is E1's public grade token."""

    token: str


def _entity(session: Session, name: str, county: str, number: int) -> Any:
    from shuangtan.accounts.models import Entity

    entity = Entity(
        kind="industrial",
        name=name,
        uscc=f"PERMS{number:013d}",
        county_code=county,
        industry_code="C17",
        land_area_mu=Decimal(100),
        is_active=True,
    )
    session.add(entity)
    session.flush()
    return entity


def _account(session: Session, entity_id: int, year: int, tco2e: str) -> None:
    from shuangtan.accounts.models import AnnualAccount

    session.add(
        AnnualAccount(
            entity_id=entity_id,
            year=year,
            months_verified=1,
            tco2e=Decimal(tco2e),
            scope1_tco2e=Decimal(0),
            scope2_tco2e=Decimal(tco2e),
            energy_tce=Decimal(tco2e) / 4,
            reported_tco2e=Decimal(tco2e),
            value_added_10k_cny=Decimal(100),
            tax_10k_cny=Decimal(10),
            mandatory_reporter=False,
        )
    )


def _reports(session: Session, entity_id: int, number: int, year: int) -> dict[str, int]:
    """Month 1 verified, month 2 submitted; both carry the entity-year's marker."""
    from shuangtan.accounts.models import ActivityReport, ReportLine

    ids = {}
    for month, status in ((1, "verified"), (2, "submitted")):
        marker = report_marker(number, year)
        report = ActivityReport(
            entity_id=entity_id,
            year=year,
            month=month,
            status=status,
            version=1,
            reported_tco2e=Decimal("49.74"),
            reported_scope1_tco2e=Decimal(0),
            reported_scope2_tco2e=Decimal("49.74"),
            reported_tce=Decimal("12.29"),
            verified_tco2e=Decimal("49.74") if status == "verified" else None,
            verified_tce=Decimal("12.29") if status == "verified" else None,
            value_added_10k_cny=Decimal(10),
            comment=marker,
        )
        report.lines.append(
            ReportLine(
                line_no=1,
                activity="purchased_electricity",
                item=marker,
                quantity=Decimal(100),
                unit="MWh",
                tco2e=Decimal("49.74"),
                tce=Decimal("12.29"),
                scope=2,
                factors=[FACTOR],
            )
        )
        session.add(report)
        session.flush()
        ids[f"report_{number}_{year}_{month}"] = report.id
    return ids


def _scenario(session: Session, county: str) -> int:
    from shuangtan.city.peak import service as peak
    from shuangtan.city.peak.schemas import ScenarioIn

    rates = {"population": 0.0, "gdp_per_capita": 0.05, "energy_intensity": -0.04}
    data = ScenarioIn.model_validate(
        {
            "name": scenario_marker(county),
            "scope_kind": "county",
            "scope_code": county,
            "base_year": 2020,
            "base": {
                "population": "60",
                "gdp_per_capita": "10",
                "energy_intensity": "0.5",
                "carbon_intensity": "2",
            },
            "base_source": "test data",
            "rates": [{"first_year": 2021, "last_year": 2060, **rates, "carbon_intensity": -0.02}],
        }
    )
    return int(peak.create_scenario(session=session, actor=None, data=data).id)


def seed(session: Session) -> dict[str, Any]:
    """The permissions world (see the module's table)."""
    from shuangtan.accounts.models import VerifierAssignment, VerifierBody, VerifierMember
    from shuangtan.auth.service import principal_of
    from shuangtan.city.inventory.demo import load_demo_inventory
    from shuangtan.city.synergy import service as synergy
    from shuangtan.city.synergy.demo import load_demo_synergy
    from shuangtan.city.targets import service as targets
    from shuangtan.city.targets.demo import load_demo_targets
    from shuangtan.finance import service as finance
    from shuangtan.grading.models import CarbonGrade
    from shuangtan.grading.service import compute_year

    testkit.city(session)
    load_demo_inventory(session=session)
    load_demo_targets(session=session)
    load_demo_synergy(session=session)
    synergy.compute_year(session=session, actor=None, year=YEAR)

    ids: dict[str, int] = {}
    e1 = _entity(session, f"嘉善权限纺织 {entity_marker(1)}", COUNTY, 1)
    e2 = _entity(session, f"南湖权限纺织 {entity_marker(2)}", OTHER_COUNTY, 2)
    peers = [
        _entity(session, f"权限同业{n}", county, 10 + n)
        for n, county in enumerate((COUNTY, COUNTY, OTHER_COUNTY, OTHER_COUNTY), start=1)
    ]
    ids |= {"entity_1": e1.id, "entity_2": e2.id}
    for number, entity in ((1, e1), (2, e2)):
        for year in (EARLIER, YEAR):
            ids |= _reports(session, entity.id, number, year)
            _account(session, entity.id, year, "49.74")
    for n, peer in enumerate(peers):
        _account(session, peer.id, YEAR, ("30", "80", "40", "120")[n])

    users = testkit.make_users(
        session,
        [
            ("p-city", "official", CITY, None),
            ("p-county", "official", COUNTY, None),
            ("p-county-2", "official", OTHER_COUNTY, None),
            ("p-firm", "enterprise", None, e1.id),
            ("p-firm-2", "enterprise", None, e2.id),
            ("p-verifier", "verifier", None, None),
            ("p-verifier-2", "verifier", None, None),
            ("p-bank", "bank", None, None),
            ("p-bank-2", "bank", None, None),
            ("p-resident", "resident", None, None),
            ("p-merchant", "merchant", None, None),
            ("p-partner", "partner", None, None),
            ("p-admin", "admin", None, None),
        ],
    )
    ids["user"] = users["p-resident"].id  # the user the admin routes name (refused writes only)
    bodies = []
    for n in (1, 2):
        body = VerifierBody(name=f"权限核查机构{n}", is_active=True)
        session.add(body)
        session.flush()
        suffix = "" if n == 1 else "-2"
        session.add(
            VerifierMember(user_id=users[f"p-verifier{suffix}"].id, verifier_body_id=body.id)
        )
        bodies.append(body.id)
        ids[f"body_{n}"] = body.id
    for entity_id, year, body_id in (
        (e1.id, YEAR, bodies[0]),
        (e2.id, EARLIER, bodies[0]),
        (e2.id, YEAR, bodies[1]),
        (e1.id, EARLIER, bodies[1]),
    ):
        session.add(
            VerifierAssignment(
                entity_id=entity_id, year=year, verifier_body_id=body_id, method="assigned"
            )
        )
    session.flush()

    for n in (1, 2):
        bank = finance.create_bank(session=session, actor=None, name=f"权限银行{n}")
        suffix = "" if n == 1 else "-2"
        finance.add_bank_member(
            session=session, actor=None, bank_id=bank.id, user_id=users[f"p-bank{suffix}"].id
        )
        ids[f"bank_{n}"] = bank.id
    finance.grant_consent(
        session=session, actor=principal_of(users["p-firm"]), bank_id=ids["bank_1"]
    )

    compute_year(session=session, actor=None, year=YEAR)
    token = session.scalars(
        select(CarbonGrade.public_token).where(
            CarbonGrade.entity_id == e1.id, CarbonGrade.year == YEAR
        )
    ).one()

    for county in (COUNTY, OTHER_COUNTY):
        ids[f"scenario_{county}"] = _scenario(session, county)
    ids["attachment"] = targets.store_attachment(
        session=session, actor=principal_of(users["p-city"]), filename="a.pdf", content=PDF
    ).id
    return {"ids": ids, "token": token}
