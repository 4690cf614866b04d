"""Builders of accounts test data (others may reuse): the city, entities, users, verifiers.

Everything is written straight to the session (no audit), except users, which go through
``auth.service.create_user`` with the system as actor. Credit codes are made valid by
computing both GB 11714 and GB 32100 check characters.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from shuangtan.accounts.models import (
    ActivityReport,
    Entity,
    ReportLine,
    VerifierAssignment,
    VerifierBody,
    VerifierMember,
)
from shuangtan.accounts.uscc import check_character, organisation_check
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.auth.service import create_user, principal_of
from testkit import city

__all__ = [
    "JIASHAN",
    "NANHU",
    "assign",
    "city",
    "make_entity",
    "make_report",
    "make_user",
    "make_verifier",
    "make_verifier_body",
    "uscc_for",
]

JIASHAN = "330421"  # 嘉善县
NANHU = "330402"  # 南湖区
CITY = "330400"  # 嘉兴市
_counter = itertools.count(1)


def uscc_for(number: int, division: str = JIASHAN) -> str:
    """A valid credit code: 9 1 <division> <8-digit body><org check><check>."""
    body = f"{number:08d}"
    first17 = f"91{division}{body}{organisation_check(body)}"
    if "X" in first17:  # 'X' is in the set, but keep codes plain digits for readability
        return uscc_for(number + 100_000, division)
    return first17 + check_character(first17)


def make_entity(
    session: Session,
    *,
    county_code: str = JIASHAN,
    industry_code: str | None = "C17",
    kind: str = "industrial",
    name: str | None = None,
) -> Entity:
    number = next(_counter)
    entity = Entity(
        kind=kind,
        name=name or f"测试企业{number}",
        uscc=uscc_for(number, county_code) if kind != "farm" else None,
        county_code=county_code,
        industry_code=industry_code,
        is_active=True,
    )
    session.add(entity)
    session.flush()
    return entity


def make_user(
    session: Session,
    role: Role,
    *,
    county_code: str | None = None,
    entity_id: int | None = None,
    username: str | None = None,
) -> Principal:
    user = create_user(
        session=session,
        actor=None,
        username=username or f"{role.value}-{next(_counter)}",
        password="a-long-test-password",
        role=role,
        display_name=f"测试{role.label_zh}",
        county_code=county_code,
        entity_id=entity_id,
    )
    return principal_of(user)


def make_verifier_body(session: Session, name: str | None = None) -> VerifierBody:
    body = VerifierBody(name=name or f"核查机构{next(_counter)}", is_active=True)
    session.add(body)
    session.flush()
    return body


def make_verifier(session: Session, body: VerifierBody) -> Principal:
    principal = make_user(session, Role.verifier)
    session.add(VerifierMember(user_id=principal.user_id, verifier_body_id=body.id))
    session.flush()
    return principal


def assign(
    session: Session, entity: Entity, body: VerifierBody, year: int, method: str = "assigned"
) -> VerifierAssignment:
    assignment = VerifierAssignment(
        entity_id=entity.id, year=year, verifier_body_id=body.id, method=method
    )
    session.add(assignment)
    session.flush()
    return assignment


def make_report(
    session: Session,
    entity: Entity,
    *,
    year: int = 2023,
    month: int = 1,
    status: str = "draft",
    lines: list[dict[str, Any]] | None = None,
    **values: Any,
) -> ActivityReport:
    """A report straight in the table (values given as keyword arguments, e.g. reported_tce)."""
    report = ActivityReport(entity_id=entity.id, year=year, month=month, status=status, **values)
    for number, line in enumerate(lines or [], start=1):
        report.lines.append(ReportLine(line_no=number, **line))
    session.add(report)
    session.flush()
    return report


def dec(value: str | int) -> Decimal:
    return Decimal(value)
