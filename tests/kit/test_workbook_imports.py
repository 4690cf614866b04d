"""Both Excel imports behave as one (issue 9, point 3): the accounts' and the inventory's
routes refuse the same hostile workbook with the same 422 problem, quickly and within bounded
memory, and write nothing (SQLite and PostgreSQL).

The attack: a 411 KB workbook took the server from 213 MB to 3.4 GB for 106 s, and the
inventory answered malformed XML, billion laughs and XXE with 500 where the accounts gave 422.
The bombs here are generated small on disk (kit/test_workbook.py builds them):

- a real zip bomb: a sheet of 45 MB of rows deflated about 1000:1 into ~50 kB (under the
  50 MB total cap, refused by its ratio), which unguarded openpyxl would inflate and parse;
- a zip whose directory declares a 2 GB sheet;
- billion laughs (10^9 "lol"s from a 1 kB DTD) and an external entity reading /etc/passwd.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

import testkit
from grading.factories import make_entity
from kit.test_workbook import billion_laughs, declared_bomb, external_entity, ratio_bomb
from shuangtan.kit.workbook import UNSAFE_XML
from testkit import World

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECONDS = 2.0
"""A refusal's time, far below the attack's 106 s (the request, the guard and the answer)."""
PEAK_BYTES = 16 * 1024 * 1024
"""Memory a refusal may allocate (tracemalloc's peak over the request): the 45 MB bomb would
need more than this inflated even before openpyxl built a cell of it."""

HOSTILE: dict[str, Callable[[], bytes]] = {
    "a 45 MB zip bomb": lambda: ratio_bomb(45),
    "a zip declaring 2 GB": declared_bomb,
    "billion laughs": billion_laughs,
    "an external entity": external_entity,
}


def seed(session: Session) -> dict[str, Any]:
    """The city, one enterprise, its user and a city official."""
    testkit.city(session)
    entity = make_entity(session, name="导入测试企业", county_code="330402")
    testkit.make_users(
        session, [("city", "official", "330400", None), ("firm", "enterprise", None, entity.id)]
    )
    return {"ids": {"entity": entity.id}}


def routes(world: World) -> dict[str, tuple[str, dict[str, str]]]:
    """Each import's problem code → its path and its user's bearer header."""
    return {
        "report.workbook_invalid": (
            f"/api/v1/accounts/entities/{world.ids['entity']}/reports/2023/import",
            world.login("firm"),
        ),
        "inventory.workbook_invalid": ("/api/v1/inventory/import", world.login("city")),
    }


@pytest.fixture(scope="module")
def world(module_worlds: Any) -> Iterator[World]:
    """The world, each import once called with a file that is no zip: what a route loads on
    its first call (modules, catalogues) is not counted as the refusal's time below."""
    with module_worlds(seed) as made:
        for path, headers in routes(made).values():
            made.client.post(path, files={"file": ("x.xlsx", b"x", XLSX)}, headers=headers)
        yield made


def measured(action: Callable[[], Any]) -> tuple[Any, float, int]:
    """``action``'s answer, its seconds and the peak bytes it allocated."""
    tracemalloc.start()
    began = time.perf_counter()
    try:
        answer = action()
    finally:
        seconds = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return answer, seconds, peak


class TestOneBehaviour:
    @pytest.mark.parametrize("name", list(HOSTILE))
    def test_both_imports_refuse_it_alike_quickly_and_in_bounded_memory(
        self, world: World, name: str
    ) -> None:
        data = HOSTILE[name]()
        assert len(data) < 100_000  # small on disk
        errors = []
        for code, (path, headers) in routes(world).items():
            response, seconds, peak = measured(
                lambda path=path, headers=headers: world.client.post(
                    path, files={"file": ("book.xlsx", data, XLSX)}, headers=headers
                )
            )
            assert response.status_code == 422, response.text
            problem = response.json()
            assert problem["code"] == code
            assert seconds < SECONDS, (code, seconds)
            assert peak < PEAK_BYTES, (code, peak)
            (error,) = problem["errors"]
            assert error["message_zh"] and error["message_en"] and error["row"] is None
            errors.append(error)
        assert errors[0] == errors[1]  # one engine, one answer
        if name in ("billion laughs", "an external entity"):
            assert errors[0] == UNSAFE_XML.as_dict()
        elif name == "a 45 MB zip bomb":
            assert "zip bomb" in errors[0]["message_en"]
            assert "压缩炸弹" in errors[0]["message_zh"]

    def test_nothing_was_written(self, world: World) -> None:
        from sqlalchemy import func, select

        from shuangtan.accounts.models import ActivityReport

        with world.session() as session:
            reports = session.execute(select(func.count()).select_from(ActivityReport))
            assert reports.scalar_one() == 0
