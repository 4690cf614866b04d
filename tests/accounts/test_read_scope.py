"""The reads the pages share with the API (issue 9, point 1): an entity's years, its account,
a month's report and the annual accounts, each scoped by the caller in the service.

World (``conftest.py``): entity A is assigned to body 1 for 2023 only. A has a verified
January in 2023 (10 tCO2e) and in 2024 (20 tCO2e) and an annual account of each year, so a
verifier of body 1 may read A's 2023 and nothing of its 2024, while the Jiashan official reads
both.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from shuangtan.accounts import service
from shuangtan.accounts.errors import EntityNotFound, ReportNotFound
from shuangtan.accounts.models import ActivityReport, AnnualAccount

from . import factories as f
from .conftest import World


def _verified(session: Session, world: World, year: int, tco2e: str) -> ActivityReport:
    return f.make_report(
        session,
        world.a,
        year=year,
        month=1,
        status="verified",
        reported_tco2e=Decimal(tco2e),
        reported_scope1_tco2e=Decimal(tco2e),
        reported_scope2_tco2e=Decimal(0),
        reported_tce=Decimal(1),
        verified_tco2e=Decimal(tco2e),
        verified_tce=Decimal(1),
    )


@pytest.fixture
def years(session: Session, world: World) -> dict[int, ActivityReport]:
    reports = {
        2023: _verified(session, world, 2023, "10"),
        2024: _verified(session, world, 2024, "20"),
    }
    for year, tco2e in ((2023, "10"), (2024, "20")):
        session.add(
            AnnualAccount(
                entity_id=world.a.id,
                year=year,
                months_verified=1,
                tco2e=Decimal(tco2e),
                scope1_tco2e=Decimal(tco2e),
                scope2_tco2e=Decimal(0),
                energy_tce=Decimal(1),
                reported_tco2e=Decimal(tco2e),
            )
        )
    session.flush()
    return reports


@pytest.mark.usefixtures("years")
class TestReadableYears:
    def test_a_verifier_reads_the_years_assigned_to_its_bodies(
        self, session: Session, world: World
    ) -> None:
        assert service.readable_years(session=session, actor=world.verifier1, entity=world.a) == [
            2023
        ]
        # body 2 has no assignment of A: no year at all
        assert service.readable_years(session=session, actor=world.verifier2, entity=world.a) == []

    def test_everyone_else_in_scope_reads_every_year(self, session: Session, world: World) -> None:
        for who in ("official_jiashan", "official_city", "enterprise_a", "admin"):
            actor = getattr(world, who)
            assert service.readable_years(session=session, actor=actor, entity=world.a) is None


@pytest.mark.usefixtures("years")
class TestAccount:
    def test_a_verifier_gets_its_year_and_not_another(self, session: Session, world: World) -> None:
        view = service.account(
            session=session,
            actor=world.verifier1,
            entity_id=world.a.id,
            year=2023,
            default_year=2024,
        )
        assert (view.year, view.total_tco2e) == (2023, Decimal(10))
        assert [row.year for row in view.history] == [2023]
        with pytest.raises(ReportNotFound):
            service.account(
                session=session,
                actor=world.verifier1,
                entity_id=world.a.id,
                year=2024,
                default_year=2024,
            )

    def test_without_a_year_a_verifier_opens_its_latest_assigned_year(
        self, session: Session, world: World
    ) -> None:
        view = service.account(
            session=session,
            actor=world.verifier1,
            entity_id=world.a.id,
            year=None,
            default_year=2024,
        )
        assert view.year == 2023  # 2024, the default, is not body 1's

    def test_an_official_reads_every_year(self, session: Session, world: World) -> None:
        view = service.account(
            session=session,
            actor=world.official_jiashan,
            entity_id=world.a.id,
            year=None,
            default_year=2024,
        )
        assert (view.year, view.total_tco2e) == (2024, Decimal(20))
        assert [row.year for row in view.history] == [2023, 2024]

    def test_out_of_scope_is_not_found(self, session: Session, world: World) -> None:
        for who in ("official_nanhu", "enterprise_b", "bank"):
            with pytest.raises(EntityNotFound):
                service.account(
                    session=session,
                    actor=getattr(world, who),
                    entity_id=world.a.id,
                    year=2023,
                    default_year=2024,
                )


class TestMonthReport:
    def test_a_verifier_reads_a_month_of_its_year_only(
        self, session: Session, world: World, years: dict[int, ActivityReport]
    ) -> None:
        entity, report = service.month_report(
            session=session, actor=world.verifier1, entity_id=world.a.id, year=2023, month=1
        )
        assert (entity.id, report and report.id) == (world.a.id, years[2023].id)
        with pytest.raises(ReportNotFound):
            service.month_report(
                session=session, actor=world.verifier1, entity_id=world.a.id, year=2024, month=1
            )

    def test_a_month_not_entered_yet_is_none(self, session: Session, world: World) -> None:
        _, report = service.month_report(
            session=session, actor=world.enterprise_a, entity_id=world.a.id, year=2024, month=5
        )
        assert report is None


@pytest.mark.usefixtures("years")
class TestAnnualAccounts:
    def test_a_verifier_gets_only_its_entity_years(self, session: Session, world: World) -> None:
        for year, expected in ((2023, Decimal(10)), (2024, None)):
            accounts = service.annual_accounts(
                session=session, actor=world.verifier1, year=year, entity_ids=[world.a.id]
            )
            got = accounts[world.a.id].tco2e if world.a.id in accounts else None
            assert got == expected

    def test_an_official_gets_the_entities_of_its_scope(
        self, session: Session, world: World
    ) -> None:
        ids = [world.a.id, world.b.id]
        jiashan = service.annual_accounts(
            session=session, actor=world.official_jiashan, year=2024, entity_ids=ids
        )
        nanhu = service.annual_accounts(
            session=session, actor=world.official_nanhu, year=2024, entity_ids=ids
        )
        assert (list(jiashan), list(nanhu)) == ([world.a.id], [])


class TestEntityNames:
    def test_only_the_names_in_scope(self, session: Session, world: World) -> None:
        names = service.entity_names(
            session=session, actor=world.official_jiashan, entity_ids=[world.a.id, world.b.id]
        )
        assert names == {world.a.id: "嘉善甲纺织有限公司"}
