"""The guards an upload passes before anything parses it (上传文件的安全检查).

An xlsx file is a zip of XML parts, and both layers can be turned against a server: a zip
whose parts inflate to gigabytes (a zip bomb), a sheet that declares a million rows by a
million columns, XML with a DTD that expands an entity a billion times ("billion laughs") or
reads a file of the server (an external entity, XXE). :func:`check_package` answers all of
them from the zip's central directory and the first bytes of each part, decompressing at most
:attr:`Limits.prolog_bytes` of any part and never a whole one:

1. the upload's size (:attr:`Limits.max_bytes`, 5 MB);
2. a zip at all (an old ``.xls`` or an encrypted workbook is named as such);
3. the number of parts, their declared uncompressed total (:attr:`Limits.max_uncompressed`)
   and each large part's compression ratio (:attr:`Limits.max_ratio`); Python's zipfile never
   inflates a part past its declared size (a part that lies fails its CRC), so the declared
   sizes bound what is ever decompressed;
4. the prolog of every XML part: a ``<!DOCTYPE`` (the only place entities can be declared) or
   an encoding the check cannot read is refused.

The caps on a sheet's rows, columns and cells are checked by the reader from the sheet's
``<dimension>`` and again while it streams (:mod:`shuangtan.kit.workbook.reader`).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Literal

from shuangtan.kit.workbook.errors import NOT_A_WORKBOOK, Problem, file_problem

__all__ = ["LIMITS", "UNSAFE_XML", "Limits", "check_package", "too_large"]

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """上传限制 the caps an uploaded workbook must stay within."""

    max_bytes: int = 5 * MIB
    """The upload itself."""
    max_members: int = 500
    """Parts in the zip (a template has about a dozen)."""
    max_uncompressed: int = 50 * MIB
    """The parts' declared uncompressed sizes, added up."""
    max_ratio: int = 200
    """Uncompressed ÷ compressed size of one part; a filled template's sheet is about 14."""
    ratio_from: int = 1 * MIB
    """Parts smaller than this are not ratio-checked (their total is capped anyway)."""
    max_rows: int = 10_000
    """Rows of one sheet (a room reads at most 5,000 data rows)."""
    max_columns: int = 256
    """Columns of one sheet."""
    max_cells: int = 1_000_000
    """Rows × columns of one sheet's used range."""
    prolog_bytes: int = 64 * 1024
    """How much of an XML part is read to find its root element; a longer prolog is refused."""

    @property
    def max_mb(self) -> int:
        """The upload cap in whole MB, for messages."""
        return self.max_bytes // MIB


LIMITS = Limits()
"""The limits every room uses unless it passes its own."""

UNSAFE_XML = file_problem(
    "文件中的 XML 含有 DTD 或实体声明（可能是 XML 炸弹或外部实体攻击），已拒绝",
    "the file contains XML with a DTD or entity declarations (an XML bomb or an external "
    "entity attack); it was refused",
)
"""The answer to a part with a ``<!DOCTYPE``: billion laughs, XXE and their kin."""

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The signature of an OLE compound file: an old .xls, or an xlsx encrypted with a password."""
_XML_NAMES = (".xml", ".rels", ".vml")
_READABLE = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii"}
_ENCODING = re.compile(r"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_HEAD = 1024

Verdict = Literal["root", "doctype", "unfinished", "binary", "unreadable"]
"""What a part's first bytes are: XML reaching its root element, XML with a DTD, XML whose
prolog does not end within the window, not XML at all, or text the check cannot read."""


def too_large(limits: Limits = LIMITS) -> Problem:
    """The answer to an upload over :attr:`Limits.max_bytes`."""
    return file_problem(
        f"文件超过 {limits.max_mb} MB", f"the file is larger than {limits.max_mb} MB"
    )


def check_package(data: bytes, limits: Limits = LIMITS) -> Problem | None:
    """The first reason to refuse ``data`` before parsing it, or None when it may be parsed."""
    if len(data) > limits.max_bytes:
        return too_large(limits)
    if data.startswith(_OLE):
        return file_problem(
            "文件是旧版 .xls 或加密的工作簿，请另存为不加密码的 .xlsx 后上传",
            "the file is an old .xls or a password-protected workbook; save it as .xlsx "
            "without a password and upload that",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return NOT_A_WORKBOOK
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        problem = _directory_problem(members, limits)
        if problem is None and "[Content_Types].xml" not in {m.filename for m in members}:
            problem = NOT_A_WORKBOOK
        for member in members:
            if problem is not None:
                break
            problem = _part_problem(archive, member, limits)
    return problem


def _directory_problem(members: list[zipfile.ZipInfo], limits: Limits) -> Problem | None:
    """Sizes from the central directory: parts, total uncompressed size, ratio of each part."""
    if len(members) > limits.max_members:
        return file_problem(
            f"文件包含 {len(members)} 个部件，超过上限 {limits.max_members}",
            f"the file holds {len(members)} parts, more than {limits.max_members}",
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed:
        cap = limits.max_uncompressed // MIB
        return file_problem(
            f"文件解压后超过 {cap} MB（疑似压缩炸弹），已拒绝",
            f"the file would inflate to more than {cap} MB (a zip bomb?); it was refused",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= limits.ratio_from and ratio > limits.max_ratio:
            return file_problem(
                f"部件 {member.filename} 的压缩比 {ratio:.0f}:1 超过上限 "
                f"{limits.max_ratio}:1（疑似压缩炸弹），已拒绝",
                f"part {member.filename} is compressed {ratio:.0f}:1, more than "
                f"{limits.max_ratio}:1 (a zip bomb?); it was refused",
            )
        if member.flag_bits & 0x1:
            return NOT_A_WORKBOOK  # an encrypted zip part
    return None


def _part_problem(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits
) -> Problem | None:
    """The prolog of one part: an XML part must reach its root element without a DTD."""
    if member.file_size == 0:
        return None  # nothing to parse; a part openpyxl needs and finds empty fails it later
    named_xml = member.filename.lower().endswith(_XML_NAMES)
    try:
        with archive.open(member) as stream:
            head = stream.read(min(_HEAD, limits.prolog_bytes))
            verdict = _prolog(head)
            if verdict == "unfinished" and len(head) < member.file_size:
                head += stream.read(max(limits.prolog_bytes - len(head), 0))
                verdict = _prolog(head)
    except Exception:  # a bad CRC, zlib.error, an unsupported compression: it does not inflate
        return NOT_A_WORKBOOK
    if verdict == "root" or (verdict == "binary" and not named_xml):
        return None
    if verdict == "doctype":
        return UNSAFE_XML
    return NOT_A_WORKBOOK


def _prolog(head: bytes) -> Verdict:
    """What the first bytes of a part are: XML reaching its root, a DTD, or not XML at all."""
    text = _decode(head)
    if text is None:
        return "unreadable"
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if position >= len(text):
            return "unfinished"
        if text.startswith("<?", position):
            end = text.find("?>", position + 2)
            if end < 0:
                return "unfinished"
            declared = _ENCODING.search(text, position, end)
            if declared is not None and declared.group(1).lower() not in _READABLE:
                return "unreadable"
            position = end + 2
        elif text.startswith("<!--", position):
            end = text.find("-->", position + 4)
            if end < 0:
                return "unfinished"
            position = end + 3
        elif text.startswith("<!", position):
            return "doctype"  # <!DOCTYPE, and anything else with "<!" before the root
        elif text.startswith("<", position):
            return "root"
        else:
            return "binary" if position == 0 else "unreadable"


def _decode(head: bytes) -> str | None:
    """The bytes as text by their byte-order mark or first bytes; None for UTF-32."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or head[:4] in (
        b"<\x00\x00\x00",
        b"\x00\x00\x00<",
    ):
        return None
    if head.startswith(codecs.BOM_UTF8):
        return head[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "replace")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", "replace")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", "replace")
    return head.decode("utf-8", "replace")
