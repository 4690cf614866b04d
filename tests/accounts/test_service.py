"""Entities and reports: registration, scoping, drafts, the verifier's queue."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.accounts import repository, service
from shuangtan.accounts.errors import (
    EntityNotFound,
    InvalidUscc,
    ReportNotEditable,
    ReportNotFound,
    UnknownReference,
    UsccTaken,
)
from shuangtan.accounts.models import AnomalyFlag, EntityKind
from shuangtan.accounts.schemas import EntityCreate, ReportIn
from shuangtan.audit.models import AuditEntry
from shuangtan.errors import PermissionDenied

from . import factories as f
from .conftest import World
from .test_workflow import GAS_AND_POWER, draft, submitted

ALIBABA = "91330100716105852F"  # valid: see test_uscc.py


def entity_data(**changes: object) -> EntityCreate:
    data: dict[str, object] = {
        "kind": EntityKind.industrial,
        "name": "嘉善丙化纤有限公司",
        "uscc": ALIBABA,
        "county_code": f.JIASHAN,
        "industry_code": "C28",
    }
    data.update(changes)
    return EntityCreate(**data)  # type: ignore[arg-type]


class TestCreateEntity:
    def test_an_official_registers_an_entity_in_scope(self, session: Session, world: World) -> None:
        entity = service.create_entity(
            session=session, actor=world.official_jiashan, data=entity_data()
        )
        assert (entity.uscc, entity.county_code) == (ALIBABA, f.JIASHAN)
        entry = session.execute(
            select(AuditEntry).where(AuditEntry.action == "entity.create")
        ).scalar_one()
        assert entry.after is not None and entry.after["uscc"] == ALIBABA

    def test_the_code_is_normalised(self, session: Session, world: World) -> None:
        entity = service.create_entity(
            session=session, actor=world.admin, data=entity_data(uscc=ALIBABA.lower())
        )
        assert entity.uscc == ALIBABA

    def test_an_official_out_of_scope_is_refused(self, session: Session, world: World) -> None:
        with pytest.raises(PermissionDenied):
            service.create_entity(session=session, actor=world.official_nanhu, data=entity_data())

    def test_other_roles_are_refused(self, session: Session, world: World) -> None:
        for who in ("enterprise_a", "verifier1", "bank"):
            with pytest.raises(PermissionDenied):
                service.create_entity(
                    session=session, actor=getattr(world, who), data=entity_data()
                )

    def test_a_taken_code_is_a_conflict(self, session: Session, world: World) -> None:
        service.create_entity(session=session, actor=world.admin, data=entity_data())
        with pytest.raises(UsccTaken) as caught:
            service.create_entity(session=session, actor=world.admin, data=entity_data(name="别名"))
        assert (caught.value.code, caught.value.status) == ("entity.uscc_taken", 409)

    def test_a_wrong_code_is_refused(self, session: Session, world: World) -> None:
        with pytest.raises(InvalidUscc):
            service.create_entity(
                session=session, actor=world.admin, data=entity_data(uscc=ALIBABA[:-1] + "G")
            )

    def test_an_industrial_enterprise_needs_a_code(self, session: Session, world: World) -> None:
        with pytest.raises(InvalidUscc):
            service.create_entity(session=session, actor=world.admin, data=entity_data(uscc=None))

    def test_a_farm_needs_no_code(self, session: Session, world: World) -> None:
        data = entity_data(kind=EntityKind.farm, uscc=None, industry_code=None)
        assert service.create_entity(session=session, actor=world.admin, data=data).uscc is None

    def test_unknown_county_or_industry(self, session: Session, world: World) -> None:
        for change in ({"county_code": "110101"}, {"industry_code": "Z99"}):
            with pytest.raises(UnknownReference):
                service.create_entity(
                    session=session, actor=world.admin, data=entity_data(**change)
                )


class TestGetEntity:
    def test_who_may_see_entity_a(self, session: Session, world: World) -> None:
        for who in ("enterprise_a", "verifier1", "official_jiashan", "official_city", "admin"):
            found = service.get_entity(
                session=session, actor=getattr(world, who), entity_id=world.a.id
            )
            assert found.id == world.a.id, who

    def test_who_may_not(self, session: Session, world: World) -> None:
        for who in ("enterprise_b", "verifier2", "official_nanhu", "bank"):
            with pytest.raises(EntityNotFound):
                service.get_entity(session=session, actor=getattr(world, who), entity_id=world.a.id)


class TestListEntities:
    def test_each_role_sees_its_scope(self, session: Session, world: World) -> None:
        def ids(who: str) -> list[int]:
            rows, _ = service.list_entities(session=session, actor=getattr(world, who))
            return [e.id for e in rows]

        a, b = world.a.id, world.b.id
        assert ids("admin") == [a, b]
        assert ids("official_city") == [a, b]
        assert ids("official_jiashan") == [a]
        assert ids("enterprise_b") == [b]
        assert ids("verifier1") == [a]

    def test_a_search_matches_part_of_the_name_or_the_whole_credit_code(
        self, session: Session, world: World
    ) -> None:
        def ids(search: str) -> list[int]:
            rows, total = service.list_entities(session=session, actor=world.admin, search=search)
            assert total == len(rows)
            return [e.id for e in rows]

        assert ids(world.a.name[2:]) == [world.a.id]
        assert world.b.uscc is not None
        assert ids(world.b.uscc.lower()) == [world.b.id]
        assert ids("不存在的企业") == []
        assert ids("verifier2") == []
        assert ids("bank") == []


class TestSaveReport:
    def test_a_draft_is_created_then_replaced(self, session: Session, world: World) -> None:
        report = draft(session, world)
        assert (report.status, len(report.lines)) == ("draft", 2)
        data = ReportIn(year=2023, month=1, lines=GAS_AND_POWER[:1], value_added_10k_cny=Decimal(5))  # type: ignore[arg-type]
        again = service.save_report(
            session=session, actor=world.enterprise_a, entity_id=world.a.id, data=data
        )
        assert again.id == report.id
        assert (len(again.lines), again.value_added_10k_cny) == (1, Decimal(5))

    def test_a_submitted_report_is_not_editable(self, session: Session, world: World) -> None:
        submitted(session, world)
        with pytest.raises(ReportNotEditable) as caught:
            draft(session, world)
        assert (caught.value.code, caught.value.status) == ("report.not_editable", 409)

    def test_another_enterprise_may_not_write(self, session: Session, world: World) -> None:
        data = ReportIn(year=2023, month=1, lines=GAS_AND_POWER)  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied):
            service.save_report(
                session=session, actor=world.enterprise_b, entity_id=world.a.id, data=data
            )

    def test_an_official_may_not_write(self, session: Session, world: World) -> None:
        data = ReportIn(year=2023, month=1, lines=GAS_AND_POWER)  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied):
            service.save_report(
                session=session, actor=world.official_jiashan, entity_id=world.a.id, data=data
            )


class TestGetReport:
    def test_a_verifier_sees_only_assigned_years(self, session: Session, world: World) -> None:
        report = draft(session, world)
        other_year = f.make_report(session, world.a, year=2024, month=1)
        assert service.get_report(session=session, actor=world.verifier1, report_id=report.id)
        with pytest.raises(ReportNotFound):
            service.get_report(session=session, actor=world.verifier1, report_id=other_year.id)

    def test_others_do_not_see_it(self, session: Session, world: World) -> None:
        report = draft(session, world)
        for who in ("enterprise_b", "verifier2", "official_nanhu", "bank"):
            with pytest.raises(ReportNotFound):
                service.get_report(session=session, actor=getattr(world, who), report_id=report.id)


class TestVerifierQueue:
    def test_flagged_reports_come_first_with_their_reasons(
        self, session: Session, world: World
    ) -> None:
        plain = f.make_report(session, world.a, month=1, status="submitted")
        flagged = f.make_report(session, world.a, month=2, status="under_verification")
        f.make_report(session, world.a, month=3, status="draft")
        f.make_report(session, world.b, month=1, status="submitted")  # body 3's, not body 1's
        session.add(
            AnomalyFlag(report_id=flagged.id, rule="missing", reason_zh="缺报", reason_en="missing")
        )
        session.flush()
        queue = service.verifier_queue(session=session, actor=world.verifier1)
        assert [(i.report.id, [fl.rule for fl in i.flags]) for i in queue.items] == [
            (flagged.id, ["missing"]),
            (plain.id, []),
        ]

    def test_only_verifiers_have_a_queue(self, session: Session, world: World) -> None:
        with pytest.raises(PermissionDenied):
            service.verifier_queue(session=session, actor=world.official_city)


class TestReadableReports:
    def test_the_scoping_statement_per_role(self, session: Session, world: World) -> None:
        ra = f.make_report(session, world.a, month=1)
        rb = f.make_report(session, world.b, month=1)

        def ids(who: str) -> set[int]:
            statement = repository.readable_reports(getattr(world, who))
            return {r.id for r in session.execute(statement).scalars()}

        assert ids("admin") == ids("official_city") == {ra.id, rb.id}
        assert ids("enterprise_a") == ids("official_jiashan") == ids("verifier1") == {ra.id}
        assert ids("verifier3") == {rb.id}  # assigned (conflict refuses actions, not reading)
        assert ids("verifier2") == ids("bank") == set()
