"""Overdue monthly reports, by county, with the 40-day rule."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from shuangtan.accounts import deadlines
from shuangtan.errors import PermissionDenied

from . import factories as f
from .conftest import World


class TestDueDate:
    def test_forty_days_after_month_end(self) -> None:
        # January 2023 ends on the 31st; + 40 days = 12 March (methods.md, national ETS rule)
        assert deadlines.due_date(2023, 1) == date(2023, 3, 12)
        # February 2024 (leap year) ends on the 29th; + 40 days = 9 April
        assert deadlines.due_date(2024, 2) == date(2024, 4, 9)
        assert deadlines.due_date(2023, 12) == date(2024, 2, 9)

    def test_the_rule_is_configurable(self) -> None:
        assert deadlines.due_date(2023, 1, due_days=15) == date(2023, 2, 15)


class TestOverdueReports:
    def _reports(self, session: Session, world: World) -> None:
        f.make_report(session, world.a, year=2023, month=1, status="submitted")
        f.make_report(session, world.a, year=2023, month=2, status="draft")
        f.make_report(session, world.a, year=2023, month=3, status="returned")

    def test_the_city_official_sees_every_county(self, session: Session, world: World) -> None:
        self._reports(session, world)
        found = deadlines.overdue_reports(
            session=session,
            actor=world.official_city,
            today=date(2023, 5, 11),
            since=date(2023, 1, 1),
        )
        by_county = {
            c.county_code: [(i.month, i.status, i.days_overdue) for i in c.items] for c in found
        }
        # March was due 10 May: one day overdue on 11 May
        assert by_county == {
            f.NANHU: [(1, None, 60), (2, None, 32), (3, None, 1)],
            f.JIASHAN: [(2, "draft", 32), (3, "returned", 1)],
        }
        assert [c.county_name_zh for c in found] == ["南湖区", "嘉善县"]

    def test_a_month_due_today_is_not_yet_overdue(self, session: Session, world: World) -> None:
        self._reports(session, world)
        found = deadlines.overdue_reports(
            session=session,
            actor=world.official_jiashan,
            today=date(2023, 5, 10),
            since=date(2023, 1, 1),
        )
        assert [(c.county_code, [i.month for i in c.items]) for c in found] == [(f.JIASHAN, [2])]

    def test_an_enterprise_may_not_list_them(self, session: Session, world: World) -> None:
        with pytest.raises(PermissionDenied):
            deadlines.overdue_reports(session=session, actor=world.enterprise_a, today=date.today())
