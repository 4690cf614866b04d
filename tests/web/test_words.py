"""Words on the pages (页面用语): no raw code, no unlocalised unit, no repository path (issue 11).

Every page of the small demo city is fetched in Chinese and in English as each role that can
see it: the walk starts from every GET page route (a year and a county filled in) and from the
home page, and follows the links of each page, one page of each path shape per role. The text a
person reads — the page without its tags, scripts and styles, plus the titles, placeholders and
the labels, names and units inside the charts' options — must hold none of:

- a repository path (``docs/targets.md``, ``src/shuangtan``);
- a snake_case identifier (``bituminous_coal``, ``scope2_market_tco2e``): a code shown as a word;
- on a Chinese page, a unit code (``10^4 tce``, ``tce/10^4 CNY``, ``count``, ``yes/no``,
  ``kg/mu``, ``GJ``) instead of its Chinese (万吨标准煤, 吨标准煤/万元, 个, 是/否, 千克/亩, 吉焦);
- a count written with decimals (``300.000``);
- a county code without its name beside it (``330402`` alone; ``南湖区 330402`` is fine);
- on an English page, a Chinese unit (``万tce``, ``亿元``) or a county's Chinese name.

What is right in spite of these is listed in :data:`ALLOWED`, each with its reason. The
layout is not the database's: one world on SQLite, shared by the module.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

import testkit
from testkit import World

ROLES = (
    "anonymous",
    "official",
    "official_jiashan",
    "enterprise",
    "verifier",
    "bank",
    "admin",
    "resident",
)
"""Who walks: a visitor and every demo role that has pages of its own."""

SKIPPED = ("/static/", "/api/", "/maps/", "/logout", "/docs", "/redoc")
"""Not pages: assets, the API and its documents, map scripts, the log-out form's target."""

DOWNLOADS = re.compile(r"export|\.(xlsx|pdf|docx|csv|json|png)$|/template")
"""Links to files, not pages."""

PER_ROLE = 60
"""At most so many pages per role (each path shape once), to keep the walk under a minute."""

YEAR = "2024"
COUNTY = "330421"

# ------------------------------------------------------------------------------ what leaks

EVERYWHERE: dict[str, re.Pattern[str]] = {
    "repository path": re.compile(r"\bdocs/[\w.-]+\.md\b|\bsrc/shuangtan\b"),
    "snake_case code": re.compile(r"(?<![\w/.@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?![/.@])"),
    # a whole number written with three zero decimals (300.000 factories); 0.000 is a zero
    # difference of a three-decimal quantity, not a count
    "count with decimals": re.compile(r"(?<![\d.,])(?!0\.)\d{1,3}(?:,\d{3})*\.000(?!\d)"),
}
CHINESE_PAGE: dict[str, re.Pattern[str]] = {
    "unit code": re.compile(
        r"10\^\d|10⁴|10⁸|(?<!\.)\btce\b(?!\.)|\bCNY\b|\bkg/mu\b|\bkWh\b|\bMWh\b|\bGJ\b|\bNm3\b"
        r"|\bpersons\b|\bcount\b|\byes/no\b|\byes\b|\bno\b"
    ),
}
ENGLISH_PAGE: dict[str, re.Pattern[str]] = {
    "Chinese unit": re.compile(
        r"万\s*t|万吨|亿元|万元|万人|吨标准煤|千克/亩|\d\s*(?:个|家|吨|元)\b"
    ),
}

ALLOWED: dict[tuple[str, str], str] = {
    ("/synergy/definitions", "snake_case code"): (
        "the page prints a versioned synergy definition (data/synergy/*.yaml) as published: its "
        "source texts name the stored items it computes from and its entropy-weight formula "
        "(p_ij, e_j, w_j); rewording them would change a published definition"
    ),
    ("/inventory/", "MWh"): (
        "the inventory's entry form and entered rows are headed as the Excel template an upload "
        "must match (发电量(MWh) / Generation (MWh), Chinese with English beneath): renaming "
        "its columns would refuse every template filled in before"
    ),
}
"""What is right on the pages under a path in spite of the checks: ``(path prefix, kind of
leak or the very text matched)`` → why."""


def county_names(world: World) -> dict[str, tuple[str, str]]:
    from shuangtan.place.configuration import load_city

    config = load_city("jiaxing")
    return {c.code: (c.name_zh, c.name_en) for c in config.counties}


# ----------------------------------------------------------------------- reading the text

_DROP = re.compile(
    r"<(script|style|code|pre|textarea|template)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE
)
_TAG = re.compile(r"<[^>]+>")
_VISIBLE_ATTRIBUTES = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"')
_CHART = re.compile(r"""\bdata-(?:chart|options)='([^']*)'""")
CHART_TEXT_KEYS = {"name", "text", "label_text", "unit", "title", "subtext", "data", "formatter"}
"""Keys of a chart option whose strings a person reads (names, labels, units, categories)."""


def chart_strings(value: Any, key: str = "") -> Iterator[str]:
    """The strings a person reads in a chart's option (``data-chart``)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from chart_strings(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from chart_strings(item, key)
    elif isinstance(value, str) and key in CHART_TEXT_KEYS:
        yield re.sub(r"<br\s*/?>|\{[^}]*\}", " ", value)


def readable(page: str) -> str:
    """The text a person reads on ``page``: its visible text, titles and the charts' words."""
    parts = [html.unescape(m[1]) for m in _VISIBLE_ATTRIBUTES.finditer(page)]
    for found in _CHART.finditer(page):
        parts.extend(chart_strings(json.loads(html.unescape(found[1]))))
    body = page.split("<body", 1)[-1]
    text = _TAG.sub(" ", _DROP.sub(" ", body))
    parts.append(html.unescape(text))
    return re.sub(r"\s+", " ", " ".join(parts))


def leaks(text: str, lang: str, counties: dict[str, tuple[str, str]], path: str = "/") -> list[str]:
    """What on the page at ``path`` in ``lang`` (``zh-CN`` or ``en``) should not be there."""
    patterns = {
        kind: pattern
        for kind, pattern in {
            **EVERYWHERE,
            **(CHINESE_PAGE if lang == "zh-CN" else ENGLISH_PAGE),
        }.items()
        if not any(path.startswith(p) and kind == k for p, k in ALLOWED)
    }
    found = [
        f"{kind}: {m[0]!r} in …{text[max(0, m.start() - 30) : m.end() + 30]}…"
        for kind, pattern in patterns.items()
        for m in pattern.finditer(text)
        if not any(path.startswith(p) and m[0] == k for p, k in ALLOWED)
    ]
    for m in re.finditer(r"(?<!\d)3304\d\d(?!\d)", text):
        names = counties.get(m[0])
        near = text[max(0, m.start() - 24) : m.end() + 24]
        if m[0] != "330400" and (names is None or not any(n in near for n in names)):
            found.append(f"bare county code: {m[0]!r} in …{near}…")
        if m[0] == "330400" and not any(n in near for n in ("嘉兴", "Jiaxing")):
            found.append(f"bare city code: {m[0]!r} in …{near}…")
    if lang == "en":  # a county's own name, not an enterprise's legal name that starts with it
        for zh, _en in counties.values():
            for m in re.finditer(rf"(?<![\u4e00-\u9fff]){zh}(?![\u4e00-\u9fff])", text):
                near = text[max(0, m.start() - 30) : m.end() + 30]
                found.append(f"Chinese county name: {zh!r} in …{near}…")
    return found


# --------------------------------------------------------------------------------- walking


@pytest.fixture(scope="module")
def city(module_worlds: Any) -> Iterator[World]:
    """The small demo city for every test of the module (they read, none writes)."""
    with module_worlds(testkit.small_demo) as made:
        yield made


def client_of(world: World, role: str) -> TestClient:
    client = TestClient(world.app, raise_server_exceptions=False)
    if role != "anonymous":
        testkit.form_login(client, role, world.password(role))
    return client


READ_AS = {
    "enterprise": "anonymous",
    "verifier": "anonymous",
    "bank": "anonymous",
    "resident": "anonymous",
    "admin": "official",
}
"""Roles that see the pages another role read as that role does (the public pages as a
visitor, the data centre as the city's official): that reading stands for them, so they walk
only the pages of their own (their home page always)."""


def route_paths(world: World) -> list[str]:
    """Every GET page route whose parameters are only a year or a county, filled in, and the
    pages behind a choice: each kind of inventory entry, an enterprise's public grade."""
    paths = []
    for route in iter_route_contexts(world.app.routes):
        path = route.path or ""
        if "GET" not in (route.methods or ()) or path.startswith(SKIPPED):
            continue
        path = path.replace("{year}", YEAR).replace("{county_code}", COUNTY)
        if "{" not in path and not DOWNLOADS.search(path) and path not in paths:
            paths.append(path)
    from sqlalchemy import select

    from shuangtan.city.inventory.excel import SHEETS
    from shuangtan.grading.models import CarbonGrade

    paths += [f"/inventory/{YEAR}/entries?kind={kind}" for kind in SHEETS]
    with world.session() as session:
        token = session.scalars(select(CarbonGrade.public_token).limit(1)).first()
    if token is not None:
        paths.append(f"/grades/{token}")
    return paths


def shape(url: str) -> str:
    """A page's shape: its path with numbers as N, and the kind of entry it shows if any."""
    parts = urlsplit(url)
    kind = re.search(r"(?:^|&)kind=(\w+)", parts.query)
    path = re.sub(r"/industry/[^/]+$", "/industry/X", parts.path)  # one industry stands for all
    return re.sub(r"\d+", "N", path) + (f"?kind={kind[1]}" if kind else "")


_HREF = re.compile(r'\bhref="([^"#]*)"')


def walk(
    world: World, role: str, starts: list[str], read: frozenset[str] = frozenset()
) -> dict[str, str]:
    """The pages ``role`` reaches (its URL → the Chinese page), one of each path shape, but
    for the shapes in ``read`` (read already, the same for this role)."""
    client = client_of(world, role)
    client.cookies.set("lang", "zh-CN")
    queue, seen, pages = ["/", *starts], set(read), {}
    while queue and len(pages) < PER_ROLE:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc or parts.path.startswith(SKIPPED) or DOWNLOADS.search(parts.path):
            continue
        if "lang=" in parts.query or shape(url) in seen:
            continue
        seen.add(shape(url))
        answer = client.get(url)
        if answer.status_code != 200 or "text/html" not in answer.headers["content-type"]:
            continue
        pages[url] = answer.text
        queue += [urljoin(url, html.unescape(href)) for href in _HREF.findall(answer.text)]
    return pages


@pytest.fixture(scope="module")
def walked(city: World) -> dict[tuple[str, str, str], str]:
    """(role, language, URL) → the page, for every role, in both languages."""
    starts = route_paths(city)
    result = {}
    shapes: dict[str, frozenset[str]] = {}
    for role in ROLES:
        pages = walk(city, role, starts, shapes.get(READ_AS.get(role, ""), frozenset()) - {"/"})
        shapes[role] = frozenset(shape(url) for url in pages)
        client = client_of(city, role)
        client.cookies.set("lang", "en")
        for url, zh in pages.items():
            result[(role, "zh-CN", url)] = zh
            en = client.get(url)
            assert en.status_code == 200, (role, url)
            result[(role, "en", url)] = en.text
    return result


@pytest.mark.parametrize("module_backend", ["sqlite"], indirect=True)
class TestWords:
    def test_the_walk_reaches_every_room(self, walked: dict[tuple[str, str, str], str]) -> None:
        paths = {urlsplit(url).path for _role, _lang, url in walked}
        for prefix in (
            "/dashboard",
            "/inventory",
            "/targets",
            "/peak",
            "/synergy",
            "/accounts",
            "/grading",
            "/finance",
            "/admin",
            "/calculator",
            "/progress",
            "/disclosure",
            "/grades/",
        ):
            assert any(p.startswith(prefix) for p in paths), prefix
        kinds = {url for _role, _lang, url in walked if "/entries?kind=" in url}
        assert len(kinds) >= 6, kinds

    @pytest.mark.parametrize("lang", ["zh-CN", "en"])
    def test_no_page_shows_a_code_a_raw_unit_or_a_path(
        self, city: World, walked: dict[tuple[str, str, str], str], lang: str
    ) -> None:
        counties = county_names(city)
        found: dict[str, list[str]] = {}
        for (role, page_lang, url), page in walked.items():
            if page_lang != lang:
                continue
            problems = leaks(readable(page), lang, counties, urlsplit(url).path)
            if problems:
                found[f"{role} {url}"] = problems
        listing = "\n".join(f"{page}\n  " + "\n  ".join(p) for page, p in found.items())
        assert found == {}, f"{len(found)} pages show codes or raw units:\n{listing}"

    @pytest.mark.parametrize("lang", ["zh-CN", "en"])
    def test_the_calculators_result_shows_no_code(self, city: World, lang: str) -> None:
        """The result is a POST's answer, which the walk does not reach: a fuel, purchased
        electricity on the East China grid and a process line, in each language."""
        client = client_of(city, "anonymous")
        client.cookies.set("lang", lang)
        lines = [
            ("fuel_combustion", "natural_gas", "12.5", "10^4 Nm3"),
            ("purchased_electricity", "", "800", "MWh"),
            ("fuel_combustion", "bituminous_coal", "300", "t"),
        ]
        form = {
            "csrf_token": testkit.csrf(client, "/calculator"),
            "year": "2023",
            "region": "east_china_grid",
            "factor_set": "cn-default",
            "gwp": "AR5",
            "line_id": [str(i) for i in range(len(lines))],
            "activity": [line[0] for line in lines],
            "item": [line[1] for line in lines],
            "quantity": [line[2] for line in lines],
            "unit": [line[3] for line in lines],
        }
        answer = client.post("/calculator", data=form)
        assert answer.status_code == 200 and 'data-testid="calc-result"' in answer.text
        counties = county_names(city)
        found = leaks(readable(answer.text), lang, counties, "/calculator")
        assert found == [], "\n".join(found)


COUNTIES = {"330402": ("南湖区", "Nanhu District")}


class TestTheChecker:
    """The checks themselves catch what they are for (so a passing walk means something)."""

    @pytest.mark.parametrize(
        ("page", "lang"),
        [
            ("<p>见 docs/targets.md</p>", "zh-CN"),
            ("<td>bituminous_coal</td>", "zh-CN"),
            ("<td>12.3 tce/10^4 CNY</td>", "zh-CN"),
            ("<td>10^4 tce</td>", "zh-CN"),
            ("<th>单位</th><td>count</td>", "zh-CN"),
            ("<td>300.000</td>", "en"),
            ("<td>330402</td>", "zh-CN"),
            ("<td>12.5 万tce</td>", "en"),
            ('<div data-chart=\'{"series": [{"data": [{"name": "南湖区"}]}]}\'></div>', "en"),
        ],
    )
    def test_a_leak_is_found(self, page: str, lang: str) -> None:
        assert leaks(readable(f"<body>{page}</body>"), lang, COUNTIES)

    @pytest.mark.parametrize(
        ("page", "lang"),
        [
            ("<td>南湖区 330402</td><td>12.3 吨标准煤/万元</td><td>是</td>", "zh-CN"),
            ("<td>Nanhu District (330402)</td><td>10⁴ tce</td><td>300</td>", "en"),
            ('<a href="/inventory/energy_rows">能源</a><code>scope2_market</code>', "zh-CN"),
            ("<td>0.125</td><td>2,000.5</td>", "zh-CN"),
        ],
    )
    def test_the_right_words_pass(self, page: str, lang: str) -> None:
        assert leaks(readable(f"<body>{page}</body>"), lang, COUNTIES) == []
