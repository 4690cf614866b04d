"""Schemathesis over the whole API (issue 9, "in the suite from now on").

Every operation of the OpenAPI document (``GET /api/v1/openapi.json``) is sent cases that
Schemathesis generates from its schema — valid ones and ones that break it — as anonymous and
as each role. Every answer must:

- never be a 5xx;
- have a status the operation documents and a body that matches the documented schema
  (Schemathesis's ``status_code_conformance``, ``content_type_conformance`` and
  ``response_schema_conformance``);
- if it is an error, be a problem document (``application/problem+json`` with a ``code`` and
  both messages).

Bounded so that the module takes well under 90 s on one database (SQLite): a few examples per
operation, each sent as every caller; a caller refused (401/403) on the first example is not
sent the rest. Generation is derandomised, so a failure is reproduced by running it again.

Operations that end the caller's own session or another user's (log-out, password change,
deactivation, revocation) are sent as anonymous only: a generated id could end a caller's
login half-way and leave the rest of the run testing only 401s.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

import testkit

CITY = "330400"
JIASHAN = "330421"
EXAMPLES = 5
"""Examples per operation (each sent as every caller that is not refused)."""
BUDGET_SECONDS = 90
"""What the whole run may take on one database (the issue's bound for CI)."""

CALLERS: dict[str, tuple[str, str, str | None]] = {
    # caller → (username, role, the official's scope)
    "official_city": ("st-city", "official", CITY),
    "official_county": ("st-county", "official", JIASHAN),
    "enterprise": ("st-firm", "enterprise", None),
    "verifier": ("st-verifier", "verifier", None),
    "bank": ("st-bank", "bank", None),
    "resident": ("st-resident", "resident", None),
    "merchant": ("st-merchant", "merchant", None),
    "partner": ("st-partner", "partner", None),
    "admin": ("st-admin", "admin", None),
}
SESSION_ENDING = ("/auth/logout", "/auth/password", "/deactivate", "/revoke", "/sessions")
"""Path parts of operations sent as anonymous only (see the module)."""
OWED: set[tuple[str, str]] = set()
"""Failures known and owed by a room not yet changed, as (where, what); each must still occur
on SQLite (a fixed one is removed from here). None owed now."""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def seed(session: Any) -> dict[str, Any]:
    """The city with its inventory, targets and synergy demo data, one enterprise, a verifier
    body, a bank, and a user of every role."""
    from decimal import Decimal

    import shuangtan.app  # noqa: F401 - every room's tables, for the relations between them
    from shuangtan.accounts.models import Entity, VerifierBody, VerifierMember
    from shuangtan.city.inventory.demo import load_demo_inventory
    from shuangtan.city.synergy.demo import load_demo_synergy
    from shuangtan.city.targets.demo import load_demo_targets
    from shuangtan.finance import service as finance

    testkit.city(session)
    load_demo_inventory(session=session)
    load_demo_targets(session=session)
    load_demo_synergy(session=session)
    entity = Entity(
        kind="industrial",
        name="接口测试纺织",
        uscc="STFUZZ0000000001",
        county_code=JIASHAN,
        industry_code="C17",
        land_area_mu=Decimal(100),
        is_active=True,
    )
    session.add(entity)
    session.flush()
    users = testkit.make_users(
        session,
        [
            (username, role, code, entity.id if role == "enterprise" else None)
            for username, role, code in CALLERS.values()
        ],
    )
    body = VerifierBody(name="接口测试核查机构", is_active=True)
    session.add(body)
    session.flush()
    session.add(VerifierMember(user_id=users["st-verifier"].id, verifier_body_id=body.id))
    bank = finance.create_bank(session=session, actor=None, name="接口测试银行")
    finance.add_bank_member(
        session=session, actor=None, bank_id=bank.id, user_id=users["st-bank"].id
    )
    session.flush()
    return {"ids": {"entity": entity.id}}


BACKENDS = os.environ.get("SHUANGTAN_SCHEMATHESIS_BACKENDS", "sqlite").split(",")
"""Where the walk runs: SQLite in the suite (the API's shape does not depend on the database;
``tests/test_door.py`` covers what does, on both); ``sqlite,postgresql`` to walk both."""


@pytest.fixture(params=BACKENDS)
def world(
    request: pytest.FixtureRequest, databases: testkit.Databases, tmp_path: Any
) -> Iterator[testkit.World]:
    """The seeded world, with a public rate limit no run reaches."""
    if request.param == "postgresql" and not os.environ.get("SHUANGTAN_TEST_POSTGRES_URL"):
        pytest.skip("PostgreSQL not configured: set SHUANGTAN_TEST_POSTGRES_URL")
    with testkit.seeded_world(
        databases, request.param, tmp_path, seed, public_rate_limit_per_minute=1_000_000
    ) as made:
        yield made


def _problem_failure(response: Any) -> str | None:
    """Why an error answer is not a problem document (``None`` if it is one, or no error)."""
    if response.status_code < 400:
        return None
    media = response.headers.get("content-type", [""])
    media = media[0] if isinstance(media, list) else media
    if not media.startswith("application/problem+json"):
        return f"{response.status_code} answered as {media!r}, not a problem document"
    body = response.json()
    missing = [k for k in ("code", "message_zh", "message_en", "status") if not body.get(k)]
    if missing or body["status"] != response.status_code:
        return f"{response.status_code} problem document without {missing or 'its status'}"
    if body["code"] == "input.not_storable":  # the database's last word: a schema left it open
        return f"{response.status_code} input.not_storable: a schema does not bound its column"
    return None


def _summary(failure: Exception) -> str:
    """The failed checks of ``failure`` (a group of them), one short line each."""
    parts = getattr(failure, "exceptions", None) or [failure]
    lines = []
    for part in parts:
        text = [line.strip() for line in str(part).splitlines() if line.strip()]
        lines.append(f"{type(part).__name__}: " + " | ".join(text[:3])[:300])
    return "; ".join(lines)


def _label(operation: Any) -> str:
    return f"{operation.method.upper()} {operation.path}"


class Run:
    """What the walk found: failures, and how many requests it sent."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.sent = 0

    def send(self, case: Any, label: str, callers: dict[str, dict[str, str]]) -> set[str]:
        """Send ``case`` as each of ``callers``; the callers refused (401/403)."""
        refused = set()
        for caller, headers in callers.items():
            response = case.call(headers=headers)
            self.sent += 1
            where = f"{label} as {caller}"
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (Exception, FailureGroup) as failure:  # every failure is collected
                self.failures.append(f"{where}: {_summary(failure)}\n{case.as_curl_command()}")
            if why := _problem_failure(response):
                self.failures.append(f"{where}: {why}\n{case.as_curl_command()}")
            if response.status_code in (401, 403):
                refused.add(caller)
        return refused

    def walk(self, operation: Any, callers: dict[str, dict[str, str]]) -> None:
        """Up to :data:`EXAMPLES` cases of ``operation``, each as every caller not refused."""
        label = _label(operation)
        left = dict(callers)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            for caller in self.send(case, label, left):
                del left[caller]

        run()


def test_every_operation_as_every_caller(world: testkit.World) -> None:
    started, cpu = time.monotonic(), time.process_time()
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", world.app)
    callers: dict[str, dict[str, str]] = {"anonymous": {}}
    callers |= {name: world.login(username) for name, (username, _, _) in CALLERS.items()}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 85  # the API when this test was written: all of it is walked
    found = Run()
    for operation in operations:
        ending = any(part in operation.path for part in SESSION_ENDING)
        found.walk(operation, {"anonymous": {}} if ending else callers)

    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    print(f"schemathesis: {found.sent} requests, {elapsed:.1f} s, {cpu:.1f} s of CPU")
    expected = OWED if world.app.state.settings.database_url.startswith("sqlite") else set()
    owed = {(w, m) for w, m in expected for f in found.failures if f.startswith(w) and m in f}
    assert owed == expected, f"fixed, remove from OWED: {expected - owed}"
    failures = [f for f in found.failures if not any(f.startswith(w) and m in f for w, m in owed)]
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures[:40])
    assert found.sent >= len(operations) * 2  # every operation reached anonymous and a caller
    # the bound of the issue, in CPU time (a shared machine's wall clock says little)
    assert cpu < BUDGET_SECONDS, f"the run took {cpu:.0f} s of CPU"
