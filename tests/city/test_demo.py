from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from shuangtan.audit import count_entries, verify_chain
from shuangtan.auth.roles import Role
from shuangtan.auth.service import authenticate
from shuangtan.demo import load_demo
from shuangtan.demodata.clock import REFERENCE_TODAY
from shuangtan.place.scope import Scope

# 70 rows of the Jiaxing configuration (see test_configuration.JIAXING_ROWS) + 9 demo users.
FIRST_RUN_CHANGES = 70 + 9


class TestLoadDemo:
    def test_the_first_run_loads_the_city_and_one_login_per_role(self, session: Session) -> None:
        result = load_demo(session=session)
        assert result.changes == FIRST_RUN_CHANGES
        assert {u for u, _, _ in result.logins} == {
            "admin",
            "official",
            "official_jiashan",
            "enterprise",
            "verifier",
            "bank",
            "resident",
            "merchant",
            "partner",
        }

    def test_a_second_run_changes_nothing(self, session: Session) -> None:
        load_demo(session=session)
        session.commit()
        entries = count_entries(session=session)
        assert load_demo(session=session).changes == 0
        assert count_entries(session=session) == entries
        assert verify_chain(session=session).ok

    def test_every_printed_login_works_with_its_role(self, session: Session) -> None:
        result = load_demo(session=session)
        for username, password, label_zh in result.logins:
            principal = authenticate(session=session, username=username, password=password)
            assert principal.role.label_zh == label_zh

    def test_the_officials_are_scoped_to_the_city_and_to_jiashan(self, session: Session) -> None:
        load_demo(session=session)
        logins = {u: p for u, p, _ in load_demo(session=session).logins}
        city = authenticate(session=session, username="official", password=logins["official"])
        jiashan = authenticate(
            session=session, username="official_jiashan", password=logins["official_jiashan"]
        )
        firm = authenticate(session=session, username="enterprise", password=logins["enterprise"])
        assert (city.role, city.scope) == (Role.official, Scope.city("330400"))
        assert jiashan.scope == Scope.county("330421")
        assert firm.entity_id == 1


class TestLoadDemoWithTheSyntheticCity:
    def test_the_default_loads_no_synthetic_entities(self, session: Session) -> None:
        from sqlalchemy import func, select

        from shuangtan.accounts.models import Entity

        assert load_demo(session=session).synthetic is None
        assert session.execute(select(func.count()).select_from(Entity)).scalar_one() == 0

    def test_synthetic_loads_the_city_once_and_links_the_enterprise_login(
        self, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from functools import partial

        import shuangtan.demo as demo
        from shuangtan.accounts.models import Entity
        from shuangtan.demodata.load import load_synthetic_city

        monkeypatch.setattr(demo, "load_synthetic_city", partial(load_synthetic_city, entities=60))
        first = load_demo(session=session, synthetic=True, today=REFERENCE_TODAY)
        assert first.synthetic is not None
        stats = first.synthetic
        assert first.data_centre > 0
        assert first.changes == (
            FIRST_RUN_CHANGES + stats.entities + stats.reports + stats.lines + first.data_centre
        )
        # the data centre's demo is anchored on the plan: 2020 energy 2181 ×10^4 tce and
        # 0.427 tce per 10^4 CNY of GDP at 2015 prices (plan §1.(1))
        from shuangtan.city.inventory import service as inventory_service

        totals = inventory_service.city_totals(session=session, year=2020)
        assert totals.energy_tce == Decimal("21810000")
        assert totals.gdp_2015_prices_10k_cny is not None
        assert round(totals.energy_tce / totals.gdp_2015_prices_10k_cny, 3) == Decimal("0.427")
        entity = session.get(Entity, 1)
        assert entity is not None and entity.name == "嘉兴示范纺织有限公司"
        session.commit()
        again = load_demo(session=session, synthetic=True, today=REFERENCE_TODAY)
        assert again.changes == 0 and again.synthetic is not None and again.synthetic.skipped
