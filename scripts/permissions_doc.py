"""Write ``docs/permissions.md`` from the permissions matrix (权限矩阵).

The matrix, ``tests/permissions/matrix.yaml``, says for every API operation and every
page who may call it and what each role gets for its own tenant and for another; the test
``tests/permissions/test_matrix.py`` walks the running app against it, and this script writes
the document from it, so the code, the test and the document cannot drift apart (the test
fails if the committed document differs from what this script writes).

    .venv/bin/python scripts/permissions_doc.py           # write docs/permissions.md
    .venv/bin/python scripts/permissions_doc.py --check   # exit 1 if it is out of date

:func:`load` reads and checks the matrix (the test uses it too), :func:`render` writes the
Markdown.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
MATRIX = ROOT / "tests/permissions/matrix.yaml"
DOC = ROOT / "docs/permissions.md"

OUTCOMES = ("ok", "401", "login", "403", "404")
"""What a caller can get: allowed, not logged in (API / page), forbidden, not found."""
WRITES = ("POST", "PUT", "PATCH", "DELETE")


class MatrixError(ValueError):
    """The matrix file is not well formed (a message naming the route and the field)."""


@dataclass(frozen=True)
class Cell:
    """What one role gets on one route: for its own tenant and for another (the same when the
    route names no tenant)."""

    own: str
    other: str

    def __str__(self) -> str:
        return self.own if self.own == self.other else f"{self.own} / {self.other}"

    def for_tenant(self, tenant: str) -> str:
        return self.own if tenant == "own" else self.other


@dataclass(frozen=True)
class Row:
    """One route of the matrix."""

    key: str  # "METHOD /path"
    room: str
    what: str
    tenant: str | None
    public: bool
    write: bool
    discloses: bool
    note: str | None
    twin: str | None  # the API operation a page answers like (the same callers allowed)
    access: dict[str, Cell]

    @property
    def method(self) -> str:
        return self.key.split(" ", 1)[0]

    @property
    def path(self) -> str:
        return self.key.split(" ", 1)[1]

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


@dataclass(frozen=True)
class Role:
    key: str
    short: str
    zh: str
    en: str


@dataclass(frozen=True)
class Tenant:
    key: str
    zh: str
    en: str
    own: str
    other: str


@dataclass(frozen=True)
class Matrix:
    """The whole matrix: roles (the columns), tenants, the API's rows and the pages' rows."""

    intro: str
    roles: tuple[Role, ...]
    tenants: dict[str, Tenant]
    rows: tuple[Row, ...]
    notes: tuple[str, ...]

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)


def _cell(value: Any, where: str, tenant: str | None) -> Cell:
    text = str(value).strip()
    parts = [p.strip() for p in text.split("/")] if "/" in text else [text, text]
    if len(parts) != 2 or any(p not in OUTCOMES for p in parts):
        raise MatrixError(f"{where}: {text!r} is not an outcome ({', '.join(OUTCOMES)}, a/b)")
    if tenant is None and parts[0] != parts[1]:
        raise MatrixError(f"{where}: own/other outcomes on a route that names no tenant")
    return Cell(parts[0], parts[1])


def _row(entry: dict[str, Any], room: str, roles: tuple[Role, ...], tenants: set[str]) -> Row:
    key = str(entry.get("route", "")).strip()
    method, _, path = key.partition(" ")
    if not path.startswith("/") or method not in ("GET", *WRITES):
        raise MatrixError(f"{room}: {key!r} is not 'METHOD /path'")
    known = {"route", "what", "tenant", "public", "write", "discloses", "note", "twin", "access"}
    if unknown := set(entry) - known:
        raise MatrixError(f"{key}: unknown fields {sorted(unknown)}")
    tenant = entry.get("tenant")
    if tenant is not None and tenant not in tenants:
        raise MatrixError(f"{key}: unknown tenant {tenant!r}")
    public = bool(entry.get("public", False))
    access_in = dict(entry.get("access") or {})
    names = {r.key for r in roles}
    if unknown_roles := set(access_in) - names - {"others"}:
        raise MatrixError(f"{key}: unknown roles {sorted(unknown_roles)}")
    api = path.startswith("/api/")
    default_anonymous = "ok" if public else ("401" if api else "login")
    access: dict[str, Cell] = {}
    for role in roles:
        if role.key in access_in:
            value = access_in[role.key]
        elif role.key == "anonymous":
            value = default_anonymous
        elif "others" in access_in:
            value = access_in["others"]
        else:
            raise MatrixError(f"{key}: no outcome for {role.key} (and no 'others')")
        access[role.key] = _cell(value, f"{key} · {role.key}", tenant)
    if not public and access["anonymous"] != Cell(default_anonymous, default_anonymous):
        raise MatrixError(f"{key}: a private route answers anonymous {default_anonymous}")
    return Row(
        key=key,
        room=room,
        what=str(entry.get("what", "")).strip(),
        tenant=tenant,
        public=public,
        write=bool(entry.get("write", method in WRITES)),
        discloses=bool(entry.get("discloses", False)),
        note=entry.get("note"),
        twin=entry.get("twin"),
        access=access,
    )


def load(path: Path = MATRIX) -> Matrix:
    """The matrix of ``path``, checked: known roles, tenants and outcomes, one row per route."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    roles = tuple(
        Role(key=r["key"], short=r["short"], zh=r["zh"], en=r["en"]) for r in raw["roles"]
    )
    tenants = {
        key: Tenant(key=key, zh=t["zh"], en=t["en"], own=t["own"], other=t["other"])
        for key, t in raw["tenants"].items()
    }
    rows: list[Row] = []
    for part in ("api", "pages"):
        for room, entries in raw[part].items():
            rows.extend(_row(e, room, roles, set(tenants)) for e in entries)
    keys = [r.key for r in rows]
    if duplicates := sorted({k for k in keys if keys.count(k) > 1}):
        raise MatrixError(f"routes listed twice: {duplicates}")
    by_key = {r.key: r for r in rows}
    for row in rows:
        twin = by_key.get(row.twin) if row.twin else None
        if row.twin and (twin is None or not twin.is_api or row.is_api):
            raise MatrixError(f"{row.key}: twin {row.twin!r} is not an API row of the matrix")
        if twin is not None and (twin.tenant is None) != (row.tenant is None):
            raise MatrixError(f"{row.key}: its twin {twin.key} names a tenant and it not, or back")
    return Matrix(
        intro=str(raw.get("intro", "")).strip(),
        roles=roles,
        tenants=tenants,
        rows=tuple(rows),
        notes=tuple(str(n).strip() for n in raw.get("notes", [])),
    )


# ---------------------------------------------------------------------------------- render


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _cell_text(row: Row, cell: Cell) -> str:
    text = str(cell)
    if row.write and "ok" in (cell.own, cell.other):
        text = text.replace("ok", "ok†")
    return text


def _table(matrix: Matrix, rows: list[Row]) -> list[str]:
    header = ["Route", "What", "Tenant", *(r.short for r in matrix.roles)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        what = row.what + (f" ({row.note})" if row.note else "")
        what += f"; API twin `{row.twin}`" if row.twin else ""
        cells = [
            f"`{row.method} {row.path}`",
            _escape(what),
            row.tenant or "—",
            *(_cell_text(row, row.access[r.key]) for r in matrix.roles),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render(matrix: Matrix) -> str:
    """The Markdown of ``docs/permissions.md``."""
    out = [
        "# Permissions (权限矩阵)",
        "",
        "<!-- Written by scripts/permissions_doc.py from tests/permissions/matrix.yaml;"
        " do not edit by hand: edit the matrix and run the script. -->",
        "",
        matrix.intro,
        "",
        "## Roles",
        "",
        "| Column | Role | 角色 |",
        "|---|---|---|",
    ]
    out += [f"| {r.short} | {r.en} | {r.zh} |" for r in matrix.roles]
    out += [
        "",
        "## Tenants: what “own / other” means",
        "",
        "A cell `a / b` is what the role gets for its own tenant (a) and for another (b); one"
        " value is the same for both, or the route names no tenant.",
        "",
        "| Tenant | Own | Other |",
        "|---|---|---|",
    ]
    out += [
        f"| {t.key} ({t.zh}): {t.en} | {_escape(t.own)} | {_escape(t.other)} |"
        for t in matrix.tenants.values()
    ]
    out += [
        "",
        "## Outcomes",
        "",
        "- `ok` allowed (2xx, or a page's redirect elsewhere than the login page);",
        "- `401` not logged in (API); `login` not logged in (a page: redirect to `/login`);",
        "- `403` forbidden (the role may not); `404` not found (outside the caller's scope: the"
        " platform does not tell that it exists);",
        "- a page's *API twin* allows exactly the callers the page allows (the test checks it;"
        " the codes of a refusal may differ: a page answers `login` where the API answers"
        " `401`);",
        "- `ok†` an allowed write: the test does not perform it (it would change the world the"
        " other rows read); it checks every refusal of the same route, and the room's own"
        " tests perform the allowed writes.",
        "",
    ]
    if matrix.notes:
        out += ["## Notes", ""]
        out += [f"- {n}" for n in matrix.notes]
        out += [""]
    for title, api in (("API (/api/v1)", True), ("Pages", False)):
        out += [f"## {title}", ""]
        rooms: dict[str, list[Row]] = {}
        for row in matrix.rows:
            if row.is_api == api:
                rooms.setdefault(row.room, []).append(row)
        for room, rows in rooms.items():
            out += [f"### {room}", "", *_table(matrix, rows), ""]
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str]) -> int:
    matrix = load()
    text = render(matrix)
    if "--check" in argv:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC.relative_to(ROOT)} is out of date: run scripts/permissions_doc.py")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)} ({len(matrix.rows)} routes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
