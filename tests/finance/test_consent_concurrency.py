"""One active consent per enterprise and bank, held by the database (issue 9).

A double click on "grant" is two requests at once: each checks that no consent is active,
then inserts. Each request here is a thread with its own session, released together by a
barrier; the database's partial unique index lets one insert stand and the others are told
409 ``finance.consent_exists``, so a withdrawal leaves the bank nothing to read. The migration
that brings the index withdraws the duplicates an older database may hold. The double click
as the attack run made it (HTTP requests at once to a served app) is repeated at the end.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from typing import Any

import httpx
import pytest
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from concurrency import run_together
from grading.conftest import GradingWorld, seed_world
from shuangtan.audit.models import AuditEntry
from shuangtan.db import session_scope
from shuangtan.finance import service
from shuangtan.finance.errors import ConsentNotFound
from shuangtan.finance.models import ACTIVE_CONSENT_INDEX, Consent
from shuangtan.migrations import alembic_config

from .conftest import World

CLICKS = 10


def _upgrade_or_downgrade(engine: Engine, step: str) -> None:
    """Run the 0012 migration's ``upgrade`` or ``downgrade`` on the database of ``engine``."""
    revision = ScriptDirectory.from_config(alembic_config()).get_revision("0012_integrity")
    assert revision is not None
    with engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        getattr(revision.module, step)()


def _has_index(engine: Engine) -> bool:
    return ACTIVE_CONSENT_INDEX in {i["name"] for i in inspect(engine).get_indexes("consents")}


def _active(session: Session, world: World) -> list[Consent]:
    statement = select(Consent).where(
        Consent.entity_id == world.entity_id,
        Consent.bank_id == world.bank_id,
        Consent.withdrawn_at.is_(None),
    )
    return list(session.scalars(statement))


def _audited(session: Session, action: str) -> int:
    return session.scalar(select(func.count()).where(AuditEntry.action == action)) or 0


def _bank_reads_nothing(session: Session, world: World) -> None:
    assert service.consenting_enterprises(session=session, actor=world.bank) == []
    with pytest.raises(ConsentNotFound) as file:
        service.enterprise_file(session=session, actor=world.bank, entity_id=world.entity_id)
    with pytest.raises(ConsentNotFound) as report:
        service.annual_report(
            session=session, actor=world.bank, entity_id=world.entity_id, year=2024
        )
    assert (file.value.status, report.value.status) == (404, 404)


class TestGrantsAtOnce:
    def test_ten_grants_at_once_make_one_consent_and_one_withdrawal_ends_the_banks_reading(
        self, session: Session, session_factory: sessionmaker[Session], world: World
    ) -> None:
        session.commit()

        def grant() -> object:
            with session_scope(session_factory) as own:
                return service.grant_consent(
                    session=own, actor=world.enterprise, bank_id=world.bank_id
                )

        outcomes = run_together([grant] * CLICKS)

        assert Counter(outcomes) == {"ok": 1, "finance.consent_exists": CLICKS - 1}
        with session_scope(session_factory) as check:
            assert len(_active(check, world)) == 1
            assert _audited(check, "finance.consent_grant") == 1
            file = service.enterprise_file(
                session=check, actor=world.bank, entity_id=world.entity_id
            )
            assert file.entity.id == world.entity_id
        with session_scope(session_factory) as own:
            service.withdraw_consent(session=own, actor=world.enterprise, bank_id=world.bank_id)
        with session_scope(session_factory) as check:
            assert _active(check, world) == []
            _bank_reads_nothing(check, world)

    def test_withdrawals_at_once_withdraw_once(
        self, session: Session, session_factory: sessionmaker[Session], world: World
    ) -> None:
        service.grant_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)
        session.commit()

        def withdraw() -> object:
            with session_scope(session_factory) as own:
                return service.withdraw_consent(
                    session=own, actor=world.enterprise, bank_id=world.bank_id
                )

        outcomes = run_together([withdraw] * CLICKS)

        assert Counter(outcomes) == {"ok": 1, "finance.consent_not_found": CLICKS - 1}
        with session_scope(session_factory) as check:
            assert _audited(check, "finance.consent_withdraw") == 1
            _bank_reads_nothing(check, world)


class TestTheDatabaseHoldsTheRule:
    def test_a_second_active_consent_is_refused_by_the_database_itself(
        self, session: Session, world: World
    ) -> None:
        first = service.grant_consent(
            session=session, actor=world.enterprise, bank_id=world.bank_id
        )
        session.add(
            Consent(
                entity_id=world.entity_id,
                bank_id=world.bank_id,
                granted_by_user_id=first.granted_by_user_id,
            )
        )
        with pytest.raises(IntegrityError):
            session.flush()

    def test_a_withdrawn_consent_does_not_stop_a_new_grant(
        self, session: Session, world: World
    ) -> None:
        service.grant_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)
        service.withdraw_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)
        again = service.grant_consent(
            session=session, actor=world.enterprise, bank_id=world.bank_id
        )
        assert [c.id for c in _active(session, world)] == [again.id]
        assert len(service.consenting_enterprises(session=session, actor=world.bank)) == 1

    def test_a_withdrawal_withdraws_every_active_consent_of_the_pair(
        self, session: Session, engine: Engine, world: World
    ) -> None:
        """Duplicates left by the race (a database not yet migrated) all end at once."""
        first = service.grant_consent(
            session=session, actor=world.enterprise, bank_id=world.bank_id
        )
        session.commit()
        with engine.begin() as connection:
            connection.execute(text(f"DROP INDEX {ACTIVE_CONSENT_INDEX}"))
            connection.execute(
                Consent.__table__.insert().values(
                    entity_id=world.entity_id,
                    bank_id=world.bank_id,
                    granted_by_user_id=first.granted_by_user_id,
                )
            )
        with session_scope(sessionmaker(bind=engine)) as own:
            withdrawn = service.withdraw_consent(
                session=own, actor=world.enterprise, bank_id=world.bank_id
            )
            assert withdrawn.id == first.id
        with session_scope(sessionmaker(bind=engine)) as check:
            assert _active(check, world) == []
            assert _audited(check, "finance.consent_withdraw") == 2
            _bank_reads_nothing(check, world)


class TestMigration:
    def test_the_migration_keeps_the_oldest_active_consent_and_withdraws_the_others(
        self, session: Session, engine: Engine, world: World
    ) -> None:
        """A database from before the index may hold duplicates: the oldest stays active."""
        oldest = service.grant_consent(
            session=session, actor=world.enterprise, bank_id=world.bank_id
        )
        other_bank = service.grant_consent(
            session=session, actor=world.enterprise, bank_id=world.other_bank_id
        )
        session.commit()
        with engine.begin() as connection:
            connection.execute(text(f"DROP INDEX {ACTIVE_CONSENT_INDEX}"))
            for hours in (1, 2):  # two more active consents to the same bank, granted later
                connection.execute(
                    Consent.__table__.insert().values(
                        entity_id=world.entity_id,
                        bank_id=world.bank_id,
                        granted_by_user_id=oldest.granted_by_user_id,
                        granted_at=oldest.granted_at + timedelta(hours=hours),
                    )
                )
        _upgrade_or_downgrade(engine, "upgrade")

        with session_scope(sessionmaker(bind=engine)) as check:
            consents = check.scalars(select(Consent).order_by(Consent.id)).all()
            active = [(c.id, c.bank_id) for c in consents if c.withdrawn_at is None]
            withdrawn = [c.id for c in consents if c.withdrawn_at is not None]
            assert active == [(oldest.id, world.bank_id), (other_bank.id, world.other_bank_id)]
            assert len(withdrawn) == 2
            check.add(
                Consent(
                    entity_id=world.entity_id,
                    bank_id=world.bank_id,
                    granted_by_user_id=oldest.granted_by_user_id,
                )
            )
            with pytest.raises(IntegrityError):  # the index is back
                check.flush()
            check.rollback()

    def test_downgrade_drops_the_index_and_upgrade_builds_it_again(
        self, session: Session, engine: Engine, world: World
    ) -> None:
        session.commit()
        assert _has_index(engine)
        _upgrade_or_downgrade(engine, "downgrade")
        assert not _has_index(engine)
        _upgrade_or_downgrade(engine, "upgrade")
        assert _has_index(engine)


class TestTheDoubleClickOverHttp:
    def test_ten_grants_at_once_give_one_consent_and_nine_409_problems(self, worlds: Any) -> None:
        with worlds(seed_world, kind=GradingWorld, live=True) as served:
            firm, bank = served.login("firm-a"), served.login("bank-a")
            bank_id, entity = served.bank_ids["a"], served.ids["nanhu_a"]
            barrier = threading.Barrier(CLICKS)
            answers: list[httpx.Response | None] = [None] * CLICKS

            def click(i: int) -> None:
                with httpx.Client(base_url=served.url, timeout=60) as client:
                    barrier.wait()
                    answers[i] = client.post(
                        "/api/v1/finance/consents", json={"bank_id": bank_id}, headers=firm
                    )

            threads = [threading.Thread(target=click, args=(i,)) for i in range(CLICKS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

            statuses = Counter(a.status_code for a in answers if a is not None)
            assert statuses == {201: 1, 409: CLICKS - 1}, [a.text for a in answers if a]
            for answer in answers:
                if answer is not None and answer.status_code == 409:
                    assert answer.headers["content-type"].startswith("application/problem+json")
                    body = answer.json()
                    assert body["code"] == "finance.consent_exists"
                    assert (body["message_zh"], body["message_en"]) == (
                        "已向该银行授权。",
                        "Consent to this bank is already granted.",
                    )
            client, file_url = served.client, f"/api/v1/finance/enterprises/{entity}"
            assert client.get(file_url, headers=bank).status_code == 200
            withdrawn = client.delete(f"/api/v1/finance/consents/{bank_id}", headers=firm)
            assert withdrawn.status_code == 200, withdrawn.text
            assert client.get("/api/v1/finance/enterprises", headers=bank).json() == []
            assert client.get(file_url, headers=bank).status_code == 404
