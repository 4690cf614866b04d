"""Fill Chinese translations from a ``{msgid: msgstr}`` dict in a Python file (developer aid).

Usage: ``.venv/bin/python scripts/translate_zh.py TRANSLATIONS.py`` where the file defines ``ZH``.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "src/shuangtan/web/locale/zh_CN/LC_MESSAGES/messages.po"

if __name__ == "__main__":
    table: dict[str, str] = runpy.run_path(sys.argv[1])["ZH"]
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.id in table:
            message.string = table[message.id]
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=100)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{len(missing)} untranslated", *missing, sep="\n")
