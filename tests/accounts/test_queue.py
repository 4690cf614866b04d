"""The verifier's queue (核查队列) as the service answers it: pages, totals, every sort and
filter, and its scope, on the hand-built queue of ``queue_world`` (SQLite and PostgreSQL).

Six months of five entities: 30 reports in body 1's queue, pages of 10. Expected orders are
derived by hand from the world's rules (submission by month then entity; due dates, names'
first characters and states as its table states), never read back from the code.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from shuangtan.accounts import service
from shuangtan.accounts.repository import QueueFilter, QueueSort, QueueState
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.errors import PermissionDenied
from shuangtan.kit.params import Paging

from . import factories as f
from .queue_world import LABELS, REASON_ZH, QueueWorld, build

MONTHS = 6
TOTAL = len(LABELS) * MONTHS  # 5 entities × 6 months = 30
SUBMISSION_ORDER = [(label, m) for m in range(1, MONTHS + 1) for label in LABELS]


@pytest.fixture
def queue(session: Session) -> tuple[QueueWorld, Principal, Principal]:
    """The world, a verifier of body 1 and one of body 2."""
    world = build(session, months=MONTHS)
    return world, f.make_verifier(session, world.body1), f.make_verifier(session, world.body2)


def _page(
    session: Session,
    actor: Principal,
    *,
    sort: QueueSort = QueueSort.flags,
    page: int = 1,
    size: int = 10,
    **filters: object,
) -> service.VerifierQueue:
    return service.verifier_queue(
        session=session,
        actor=actor,
        filters=QueueFilter(**filters),  # type: ignore[arg-type]
        sort=sort,
        paging=Paging(page, size),
    )


def _labels(world: QueueWorld, queue: service.VerifierQueue) -> list[tuple[str, int]]:
    return [world.label(item.report) for item in queue.items]


def _all(
    session: Session, world: QueueWorld, actor: Principal, sort: QueueSort, **filters: object
) -> list[tuple[str, int]]:
    return _labels(world, _page(session, actor, sort=sort, size=200, **filters))


class TestDefaultOrder:
    def test_the_flagged_report_submitted_last_comes_first(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        first = _page(session, verifier)
        # E6's June is the last of 30 submissions (month 6, the fifth entity), yet it leads;
        # then the other 29 oldest first: January E1…E6, February E1…E4
        assert SUBMISSION_ORDER[-1] == ("E6", 6)
        assert _labels(world, first) == [
            ("E6", 6),
            ("E1", 1),
            ("E2", 1),
            ("E3", 1),
            ("E4", 1),
            ("E6", 1),
            ("E1", 2),
            ("E2", 2),
            ("E3", 2),
            ("E4", 2),
        ]
        assert [flag.reason_zh for flag in first.items[0].flags] == [REASON_ZH]
        assert all(item.flags == [] for item in first.items[1:])
        assert (first.total, first.flagged) == (TOTAL, 1)

    def test_pages_cover_the_queue_once_and_the_last_page_holds_the_rest(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        pages = [_labels(world, _page(session, verifier, page=n)) for n in (1, 2, 3, 4)]
        assert [len(p) for p in pages] == [10, 10, 10, 0]  # 30 = 10 + 10 + 10
        # page 3: the 21st–30th rows, i.e. the unflagged 20th–29th: E6 April, all of May,
        # June E1…E4
        assert pages[2] == [
            ("E6", 4),
            ("E1", 5),
            ("E2", 5),
            ("E3", 5),
            ("E4", 5),
            ("E6", 5),
            ("E1", 6),
            ("E2", 6),
            ("E3", 6),
            ("E4", 6),
        ]
        joined = pages[0] + pages[1] + pages[2]
        assert sorted(joined) == sorted(SUBMISSION_ORDER)
        assert _page(session, verifier, page=4).total == TOTAL

    def test_the_queue_carries_names_counties_and_due_dates(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        _, verifier, _ = queue
        head = _page(session, verifier, size=6).items
        assert [
            (i.entity_name, i.county_code, i.county_name_zh, i.county_name_en, str(i.due_date))
            for i in head[:3]
        ] == [
            ("桐乡戊新材料有限公司", "330483", "桐乡市", "Tongxiang", "2025-06-30"),
            ("嘉善甲纺织有限公司", "330421", "嘉善县", "Jiashan County", "2025-05-31"),
            ("南湖乙造纸有限公司", "330402", "南湖区", "Nanhu District", "None"),
        ]


class TestSorts:
    def test_by_due_date_earliest_first_and_none_last(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        # due: E3 03-31, E4 04-30, E1 05-31, E6 06-30, E2 none; each entity's months in order
        expected = [(label, m) for label in ("E3", "E4", "E1", "E6", "E2") for m in range(1, 7)]
        assert _all(session, world, verifier, QueueSort.due) == expected
        assert (
            _labels(world, _page(session, verifier, sort=QueueSort.due, page=2))
            == (expected[10:20])
        )

    def test_by_entity_name(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        # first characters: 南 U+5357 < 嘉 U+5609 < 平 U+5E73 < 桐 U+6850 < 海 U+6D77
        expected = [(label, m) for label in ("E2", "E1", "E4", "E6", "E3") for m in range(1, 7)]
        assert _all(session, world, verifier, QueueSort.entity) == expected

    def test_by_state_submitted_before_under_verification(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        submitted = [(label, m) for m in range(3, 7) for label in LABELS]
        taken = [(label, m) for m in (1, 2) for label in LABELS]
        assert _all(session, world, verifier, QueueSort.state) == submitted + taken


class TestFilters:
    def test_a_state(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        found = _page(session, verifier, state=QueueState.under_verification)
        assert (found.total, found.flagged) == (10, 1)  # 5 entities × 2 months; flags: whole queue
        assert _labels(world, found) == [(label, m) for m in (1, 2) for label in LABELS]
        assert _page(session, verifier, state=QueueState.submitted).total == 20  # 5 × 4

    def test_flagged_only(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        found = _page(session, verifier, flagged=True)
        assert (found.total, _labels(world, found)) == (1, [("E6", 6)])

    def test_part_of_a_name_or_a_whole_credit_code(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        assert _all(session, world, verifier, QueueSort.flags, search="海宁") == [
            ("E3", m) for m in range(1, 7)
        ]
        code = world.entities["E4"].uscc
        assert code is not None
        assert _page(session, verifier, search=code.lower()).total == 6
        assert _page(session, verifier, search=code[:10]).total == 0  # a code matches whole
        assert _page(session, verifier, search="%").total == 0  # LIKE's wildcard is a character
        assert _page(session, verifier, search="有限公司").total == TOTAL

    def test_a_county(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        found = _page(session, verifier, county_code="330483", sort=QueueSort.state)
        # Tongxiang is E6: submitted March–June (June flagged) before January and February
        assert _labels(world, found) == [("E6", m) for m in (3, 4, 5, 6, 1, 2)]
        assert _page(session, verifier, county_code="330411").total == 0  # E5: body 2's

    def test_filters_combine(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        found = _page(
            session, verifier, state=QueueState.submitted, flagged=True, county_code="330483"
        )
        assert _labels(world, found) == [("E6", 6)]
        none = _page(session, verifier, state=QueueState.under_verification, flagged=True)
        assert (none.total, none.items, none.flagged) == (0, [], 1)


class TestScope:
    def test_another_bodys_reports_never_appear(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, verifier, _ = queue
        hidden = {report.id for report in world.hidden}
        for sort in QueueSort:
            shown = _page(session, verifier, sort=sort, size=200)
            assert shown.total == TOTAL and shown.flagged == 1
            assert hidden.isdisjoint(item.report.id for item in shown.items)
        assert _page(session, verifier, search="秀洲己").total == 0

    def test_the_other_body_sees_only_its_own_two(
        self, session: Session, queue: tuple[QueueWorld, Principal, Principal]
    ) -> None:
        world, _, other = queue
        shown = _page(session, other)
        # E5's January 2024 and E1's January 2023 (2023 is body 2's), both flagged
        assert {item.report.id for item in shown.items} == {r.id for r in world.hidden[2:]}
        assert (shown.total, shown.flagged) == (2, 2)

    def test_only_verifiers_have_a_queue(self, session: Session, queue: object) -> None:
        official = f.make_user(session, Role.official, county_code=f.CITY)
        with pytest.raises(PermissionDenied):
            _page(session, official)
