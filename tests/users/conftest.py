"""The users' world: the city, an administrator and two residents, and a clock the test turns.

Every test here runs on SQLite and PostgreSQL (``worlds``). Time is the application's clock
(``app.state.clock``), which :class:`Clock` replaces: a test moves it forward, it never sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

import testkit
from shuangtan.auth.roles import Role

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
"""The clock's first reading: a Monday morning in Jiaxing's spring."""


class Clock:
    """The application's time, moved by the test."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def people(session: Session) -> dict[str, Any]:
    """The city; ``root`` (administrator), ``zhang`` and ``wang`` (residents), each with
    :data:`testkit.PASSWORD`; the world's ``ids`` are their user ids."""
    testkit.city(session)
    users = testkit.make_users(
        session,
        [
            ("root", Role.admin, None, None),
            ("zhang", Role.resident, None, None),
            ("wang", Role.resident, None, None),
        ],
    )
    return {"ids": {name: user.id for name, user in users.items()}}


@pytest.fixture
def clock() -> Clock:
    """The application's clock in :func:`world`, at :data:`START`."""
    return Clock()


@pytest.fixture
def world(worlds: Any, clock: Clock) -> Iterator[testkit.World]:
    """The users' world on each backend, on the test's :func:`clock`."""
    with worlds(people) as made:
        made.app.state.clock = clock
        yield made
