"""Test data setup: entities and annual accounts written straight into the tables.

These rows stand in for what the accounts services produce (the grading logic under test only
reads them). Credit codes here are placeholders of the right length, not valid GB 32100 codes.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from sqlalchemy.orm import Session

import testkit
from shuangtan.accounts.models import ActivityReport, AnnualAccount, Entity, ReportLine
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role

_numbers = itertools.count(1)


def make_entity(
    session: Session,
    *,
    name: str | None = None,
    industry_code: str | None = "C17",
    county_code: str = "330402",
    land_area_mu: str | None = None,
) -> Entity:
    """An industrial enterprise (test data)."""
    n = next(_numbers)
    entity = Entity(
        kind="industrial",
        name=name or f"测试企业{n}",
        uscc=f"TEST{n:014d}",
        county_code=county_code,
        industry_code=industry_code,
        land_area_mu=None if land_area_mu is None else Decimal(land_area_mu),
    )
    session.add(entity)
    session.flush()
    return entity


def make_account(
    session: Session,
    *,
    entity: Entity,
    year: int,
    tco2e: str,
    value_added: str | None,
    energy_tce: str = "0",
    tax: str | None = None,
    mandatory: bool = False,
    months: int = 12,
) -> AnnualAccount:
    """An annual account of ``entity`` (test data; scope split is irrelevant to grading)."""
    account = AnnualAccount(
        entity_id=entity.id,
        year=year,
        months_verified=months,
        tco2e=Decimal(tco2e),
        scope1_tco2e=Decimal(tco2e),
        scope2_tco2e=Decimal(0),
        energy_tce=Decimal(energy_tce),
        reported_tco2e=Decimal(tco2e),
        value_added_10k_cny=None if value_added is None else Decimal(value_added),
        tax_10k_cny=None if tax is None else Decimal(tax),
        mandatory_reporter=mandatory,
    )
    session.add(account)
    session.flush()
    return account


def make_verified_month(
    session: Session,
    *,
    entity: Entity,
    year: int,
    month: int,
    lines: list[tuple[str, str]],
    status: str = "verified",
) -> ActivityReport:
    """A month whose lines carry (activity, tCO2e) results (test data)."""
    report = ActivityReport(entity_id=entity.id, year=year, month=month, status=status)
    report.lines = [
        ReportLine(line_no=i, activity=activity, quantity=Decimal(1), unit="t", tco2e=Decimal(t))
        for i, (activity, t) in enumerate(lines, start=1)
    ]
    session.add(report)
    session.flush()
    return report


def principal(role: Role, *, county: str | None = None, entity_id: int | None = None) -> Principal:
    """A principal for service calls (user ids are not looked up by these services)."""
    return testkit.principal(role, county, entity_id=entity_id, username=f"t-{role.value}")
