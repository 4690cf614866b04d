"""The permissions matrix (权限矩阵, issue 9 point 1): every route × every role × own/other tenant.

``tests/permissions/matrix.yaml`` says what each role gets on every API operation and every page
for its own tenant and for another (see ``world.py``); this module walks the app against it on
SQLite and PostgreSQL in one seeded world and one pass, and fails

- when the app serves a route (an OpenAPI operation or any other route, the pages of
  ``site.py`` among them) that has no row, or the matrix lists a route the app does not serve;
- when any answer's class (ok, 401, login, 403, 404) differs from the matrix's cell;
- when a response shows a marked private row its caller may not read (``world.MARKERS``);
- when a page allows other callers than its API twin (the attack of issue 9, point 1);
- when ``docs/permissions.md`` differs from what ``scripts/permissions_doc.py`` writes.

Allowed writes (``ok†``) are not performed: they would change the world the other cells read;
every refused write is.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .calls import API, PAGES, Spec
from .walk import ROLES, Callers, call, ids, outcome, readable_text, routes
from .world import PermissionsWorld, entity_marker, forbidden_markers

ROOT = Path(__file__).resolve().parents[2]
SPECS: dict[str, Spec] = {**API, **PAGES}
ENTITY_NAMES = frozenset({entity_marker(1), entity_marker(2)})
"""What a row that ``discloses`` shows by design: the public grade names its entity."""


def _script() -> ModuleType:
    """``scripts/permissions_doc.py`` (not a package): the matrix's reader and writer."""
    path = ROOT / "scripts" / "permissions_doc.py"
    spec = importlib.util.spec_from_file_location("permissions_doc", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("permissions_doc", module)
    spec.loader.exec_module(module)
    return module


DOC = _script()
MATRIX = DOC.load()


@pytest.fixture
def quick_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF and Word renderers answer a stub: the walk checks who may have a document (the
    routes gather its data through the scoped services first), the rooms' tests what it holds;
    typesetting 30 documents would be most of the walk's time."""
    from shuangtan.accounts import annual_pdf
    from shuangtan.city.targets import report

    monkeypatch.setattr(annual_pdf, "render_pdf", lambda data: b"%PDF-1.4 stub")
    monkeypatch.setattr(report, "render_pdf", lambda data: b"%PDF-1.4 stub")
    monkeypatch.setattr(report, "render_docx", lambda data: b"PK stub")


@pytest.fixture(scope="module")
def callers(world: PermissionsWorld) -> Iterator[Callers]:
    """Every role logged in once (a bearer token and a web session)."""
    made = Callers.log_in(world)
    try:
        yield made
    finally:
        made.close()


# ------------------------------------------------------------------------ the matrix itself


def test_the_matrix_has_every_role_once() -> None:
    assert [role.key for role in MATRIX.roles] == [
        "anonymous",
        "resident",
        "merchant",
        "partner",
        "bank",
        "enterprise",
        "verifier",
        "official_county",
        "official_city",
        "admin",
    ]
    assert {role.key for role in MATRIX.roles} == set(ROLES)


def test_every_row_has_a_call_and_every_call_a_row() -> None:
    keys = {row.key for row in MATRIX.rows}
    assert sorted(keys - set(SPECS)) == []
    assert sorted(set(SPECS) - keys) == []


def test_a_row_with_a_tenant_calls_each_tenant_and_one_without_calls_the_same() -> None:
    """A cell ``own / other`` is only true if the two calls differ (and only then)."""
    from .calls import Ids

    shared = {"token": "token", "attachment": 41, "user": 61}
    own = Ids(entity=1, report=11, county="330421", bank=21, scenario=31, body=51, **shared)
    other = Ids(entity=2, report=12, county="330402", bank=22, scenario=32, body=52, **shared)
    wrong = []
    for row in MATRIX.rows:
        for role in ROLES:
            differs = SPECS[row.key](role, own).key() != SPECS[row.key](role, other).key()
            if differs != (row.tenant is not None):
                wrong.append(f"{row.key} as {role}: tenant {row.tenant}, calls differ: {differs}")
    assert wrong == []


def test_a_page_allows_exactly_the_callers_its_api_twin_allows() -> None:
    """The attack of issue 9 point 1 was a page showing what its API refused: a page and its
    API twin read through the same service, so they allow the same callers (the refusal's code
    may differ: ``login`` and ``401``)."""
    by_key = {row.key: row for row in MATRIX.rows}
    twins = [row for row in MATRIX.rows if row.twin]
    assert len(twins) >= 16
    differ = [
        f"{row.key} / {row.twin} as {role} ({tenant})"
        for row in twins
        for role in ROLES
        for tenant in ("own", "other")
        if (row.access[role].for_tenant(tenant) == "ok")
        != (by_key[row.twin].access[role].for_tenant(tenant) == "ok")
    ]
    assert differ == []


def test_the_document_is_what_the_script_writes() -> None:
    committed = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert committed == DOC.render(MATRIX), "run: python scripts/permissions_doc.py"


def test_a_malformed_matrix_is_refused(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "permissions" / "matrix.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "matrix.yaml"
    bad.write_text(text.replace("others: '403'", "others: '418'", 1), encoding="utf-8")
    with pytest.raises(DOC.MatrixError, match="418"):
        DOC.load(bad)


# ---------------------------------------------------------------------------- the walk


def test_the_app_serves_exactly_the_matrix_routes(world: PermissionsWorld) -> None:
    api, other = routes(world.app)
    keys = {row.key for row in MATRIX.rows}
    assert sorted((api | other) - keys) == [], "new routes need a row in matrix.yaml"
    assert sorted(keys - (api | other)) == [], "the matrix lists routes the app does not serve"


def _cells() -> Iterator[tuple[Any, str, str, str]]:
    """``(row, role, tenant, expected)`` of every cell the walk performs: reads first, then the
    refused writes (an allowed write is not performed)."""
    rows = sorted(MATRIX.rows, key=lambda row: row.write)
    for row in rows:
        for role in ROLES:
            for tenant in ("own", "other") if row.tenant else ("own",):
                expected = row.access[role].for_tenant(tenant)
                if row.write and expected == "ok":
                    continue
                yield row, role, tenant, expected


@pytest.mark.usefixtures("quick_documents")
def test_every_cell(world: PermissionsWorld, callers: Callers) -> None:
    tenants = ids(world)
    wrong: list[str] = []
    shown: list[str] = []
    performed = 0
    for row, role, tenant, expected in _cells():
        request = SPECS[row.key](role, tenants[tenant])
        response = call(callers, row.key, role, request)
        performed += 1
        got = outcome(response)
        if got != expected:
            wrong.append(
                f"{row.key} as {role} ({tenant}): expected {expected}, got {got}"
                f" [{response.status_code} {response.text[:120]!r}]"
            )
        text = readable_text(response)
        if text is not None:
            shown += [
                f"{row.key} as {role} ({tenant}) shows {marker}"
                for marker in forbidden_markers(role)
                if marker in text and not (row.discloses and marker in ENTITY_NAMES)
            ]
    assert wrong == []
    assert shown == []
    # every route is called at least once per role: 10 roles × the rows, less allowed writes
    assert performed >= len(MATRIX.rows)
