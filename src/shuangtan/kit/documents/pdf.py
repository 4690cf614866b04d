"""Printed documents as PDF (PDF 文档): one print environment, one base template, WeasyPrint.

:func:`environment` is the one Jinja2 environment of printed documents. Its loader reads the
``templates/`` folder of every package of the platform (the kit's own first, then each room's,
found on disk, so the kit names no room and imports none), the way the web shell's environment
reads them for pages. A room's print template extends ``print/base.html``
(``kit/templates/print/base.html``), which gives:

- A4 pages (210 × 297 mm) with margins, and the CJK font stack: Noto Sans CJK SC for text,
  Noto Serif CJK SC for a serif body (``<body class="serif">``), from Debian's
  fonts-noto-cjk; a PDF whose Chinese ``pdftotext`` cannot extract is a defect;
- a running footer with the page number, ``第 N 页 / 共 M 页``;
- a ``cover`` page kind without the running head, and the blocks ``title``, ``running_head``,
  ``style`` (the document's own CSS, which may override any of the above) and ``body``.

The number formats of :mod:`~shuangtan.kit.documents.numbers` are its filters: ``num``
(:func:`~shuangtan.kit.documents.numbers.fixed`), ``trimmed``, ``figure``, ``pct`` and ``yes_no``;
``css_string`` quotes a text for a margin box's ``content``.

:func:`render_pdf` prints a template with WeasyPrint, imported only then (about 0.3 s).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from markupsafe import Markup

from shuangtan.kit.documents import numbers

__all__ = [
    "FONT_SANS",
    "FONT_SERIF",
    "css_string",
    "environment",
    "render_html",
    "render_pdf",
    "template_folders",
]

FONT_SANS = Markup('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif')
"""The CSS font stack of text: Noto Sans CJK SC (Debian fonts-noto-cjk) first."""
FONT_SERIF = Markup('"Noto Serif CJK SC", "Noto Serif SC", "Source Han Serif SC", serif')
"""The CSS font stack of a serif body (government reports): Noto Serif CJK SC first."""

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
_KIT_TEMPLATES = _PACKAGE_ROOT / "kit" / "templates"
_NOT_PACKAGES = {"__pycache__", "templates", "static", "data", "locale", "migrations"}


def template_folders(root: Path = _PACKAGE_ROOT) -> tuple[Path, ...]:
    """The ``templates/`` folders of the packages under ``root``: the kit's first, then by path.

    A folder counts when it sits beside an ``__init__.py``, so data and static folders that
    happen to hold a ``templates`` directory do not join the loader.
    """
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d not in _NOT_PACKAGES)
        candidate = Path(folder) / "templates"
        if "__init__.py" in files and candidate.is_dir():
            found.append(candidate)
    kit_first = sorted(found, key=lambda path: (path != _KIT_TEMPLATES, str(path)))
    return tuple(kit_first)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The process-wide environment of printed documents (templates of every package)."""
    env = Environment(
        loader=FileSystemLoader([str(path) for path in template_folders()]),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = numbers.fixed
    env.filters["trimmed"] = numbers.trimmed
    env.filters["figure"] = numbers.figure
    env.filters["pct"] = numbers.pct
    env.filters["yes_no"] = numbers.yes_no
    env.filters["css_string"] = css_string
    env.globals["font_sans"] = FONT_SANS
    env.globals["font_serif"] = FONT_SERIF
    return env


def css_string(value: object) -> Markup:
    """``value`` as a quoted CSS string, for ``content:`` in a page margin box.

    A style sheet is raw text to HTML, so the HTML escaping of the template would print
    ``&#34;`` literally; here quotes, backslashes, ``<`` and line breaks are escaped the CSS way.
    """
    raw = value.unescape() if isinstance(value, Markup) else str(value)
    escaped = "".join(_CSS_ESCAPES.get(char, char) for char in raw)
    return Markup(f'"{escaped}"')


_CSS_ESCAPES = {'"': "\\22 ", "\\": "\\5c ", "<": "\\3c ", "\n": "\\a ", "\r": ""}


def render_html(template: str | Template, context: Mapping[str, Any]) -> str:
    """The HTML a PDF is printed from (useful to look at in a browser).

    ``template`` is a name the print environment loads (``accounts/annual_report_pdf.html``)
    or a template it made (``environment().from_string(...)``).
    """
    return _template(template).render(context)


def render_pdf(template: str | Template, context: Mapping[str, Any]) -> bytes:
    """``template`` rendered with ``context`` and printed as an A4 PDF (fonts subset).

    Relative addresses in the template (an image beside it) resolve from the template's folder.
    """
    from weasyprint import HTML  # type: ignore[import-untyped]  # imported late: ~0.3 s

    loaded = _template(template)
    folder = Path(loaded.filename).parent if loaded.filename else _KIT_TEMPLATES
    html = HTML(string=loaded.render(context), base_url=str(folder))
    pdf: bytes = html.write_pdf()
    return pdf


def _template(template: str | Template) -> Template:
    if isinstance(template, Template):
        return template
    return environment().get_template(template)
