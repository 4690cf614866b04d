"""Every message of the UI has its Chinese; the catalogue is what the pages show."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from shuangtan.web.i18n import translations

SOURCE = Path(__file__).resolve().parents[2] / "src"
METHOD_MAP = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]


def _message_ids() -> set[str]:
    return {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(SOURCE), method_map=METHOD_MAP, keywords={"_": None, "N_": None}
        )
        if isinstance(message, str)
    }


class TestCatalogue:
    def test_every_ui_message_has_a_chinese_translation(self) -> None:
        zh = translations("zh-CN")
        ids = _message_ids()
        assert len(ids) > 40
        missing = sorted(m for m in ids if zh.gettext(m) == m)
        assert missing == [], "run scripts/update_catalogue.py and translate: " + repr(missing)

    def test_english_is_the_message_id_itself(self) -> None:
        assert translations("en").gettext("Carbon calculator") == "Carbon calculator"

    def test_chinese_is_the_catalogue_entry(self) -> None:
        assert translations("zh-CN").gettext("Carbon calculator") == "碳排放计算器"
