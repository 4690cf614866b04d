"""Extract the UI's message ids from templates and Python, and merge them into the catalogues.

Run ``.venv/bin/python scripts/update_catalogue.py``; then translate the new empty entries of
``src/shuangtan/web/locale/zh_CN/LC_MESSAGES/messages.po``. The test suite fails while any
message lacks its Chinese.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src"
LOCALE_DIR = ROOT / "src/shuangtan/web/locale"
METHOD_MAP = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"trim_blocks": "True", "lstrip_blocks": "True"}}


def extract() -> Catalog:
    """Every message id of the UI, with where it stands."""
    template = Catalog(project="shuangtan")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE), method_map=METHOD_MAP, options_map=OPTIONS, keywords={"_": None, "N_": None}
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def update(locale: str, template: Catalog) -> int:
    """Merge ``template`` into the catalogue of ``locale``; return how many lack a translation."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
    else:
        catalog = Catalog(locale=locale, project="shuangtan")
    catalog.update(template, no_fuzzy_matching=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)
    return sum(1 for m in catalog if m.id and not m.string)


if __name__ == "__main__":
    missing = update("zh_CN", extract())
    print(f"zh_CN: {missing} message(s) without a translation")
    sys.exit(0)
