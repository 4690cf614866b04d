"""Fixtures of the accounts tests: a small world of entities, users and verifier bodies."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from shuangtan.accounts.models import Entity, VerifierBody, VerifierConflict
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role

from . import factories as f


@dataclass
class World:
    """Entity A in Jiashan (assigned to body 1 for 2023), entity B in Nanhu (assigned to body 3,
    which declared a conflict with B); body 2 has no assignment."""

    a: Entity
    b: Entity
    body1: VerifierBody
    body2: VerifierBody
    body3: VerifierBody
    enterprise_a: Principal
    enterprise_b: Principal
    verifier1: Principal
    verifier2: Principal
    verifier3: Principal
    official_jiashan: Principal
    official_nanhu: Principal
    official_city: Principal
    admin: Principal
    bank: Principal


@pytest.fixture
def world(session: Session) -> World:
    f.city(session)
    a = f.make_entity(session, county_code=f.JIASHAN, name="嘉善甲纺织有限公司")
    b = f.make_entity(session, county_code=f.NANHU, name="南湖乙造纸有限公司", industry_code="C22")
    body1, body2, body3 = (f.make_verifier_body(session) for _ in range(3))
    f.assign(session, a, body1, 2023)
    f.assign(session, b, body3, 2023)
    session.add(VerifierConflict(verifier_body_id=body3.id, entity_id=b.id, reason="咨询服务"))
    session.flush()
    return World(
        a=a,
        b=b,
        body1=body1,
        body2=body2,
        body3=body3,
        enterprise_a=f.make_user(session, Role.enterprise, entity_id=a.id),
        enterprise_b=f.make_user(session, Role.enterprise, entity_id=b.id),
        verifier1=f.make_verifier(session, body1),
        verifier2=f.make_verifier(session, body2),
        verifier3=f.make_verifier(session, body3),
        official_jiashan=f.make_user(session, Role.official, county_code=f.JIASHAN),
        official_nanhu=f.make_user(session, Role.official, county_code=f.NANHU),
        official_city=f.make_user(session, Role.official, county_code=f.CITY),
        admin=f.make_user(session, Role.admin),
        bank=f.make_user(session, Role.bank),
    )
