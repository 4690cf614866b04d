"""Languages of the web UI (界面语言): zh-CN by default, English one click away.

Templates are written with English message ids wrapped in ``_()``; the Chinese text lives in
the Babel catalogue ``locale/zh_CN/LC_MESSAGES/messages.po``. Catalogues are read from the
``.po`` source at start-up (no compiled ``.mo`` files to forget), once per process.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from fastapi import Request

DEFAULT_LOCALE = "zh-CN"
LOCALES: dict[str, str] = {"zh-CN": "中文", "en": "English"}
_CATALOGUE_DIRS = {"zh-CN": "zh_CN", "en": "en"}
LANG_COOKIE = "lang"


def N_(message: str) -> str:
    """Mark a message id for the catalogue where it is defined; it is translated when shown."""
    return message


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The translations of ``locale``, built once from its ``.po`` catalogue."""
    folder = _CATALOGUE_DIRS.get(locale)
    if folder is None:
        return NullTranslations()
    po = resources.files("shuangtan.web").joinpath(f"locale/{folder}/LC_MESSAGES/messages.po")
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=folder)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def request_locale(request: Request) -> str:
    """The locale of a request: ``?lang=`` first, then the ``lang`` cookie, else zh-CN."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LOCALES:
            return candidate
    return DEFAULT_LOCALE


def is_chinese(request: Request) -> bool:
    """Whether the request's page is shown in Chinese (which name column to use)."""
    return request_locale(request) == "zh-CN"
