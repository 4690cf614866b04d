"""Attachments (附件) of entered values: checked, then kept in the database.

Nothing of the upload's name reaches the file system: the content is stored as bytes, the name
is kept only for display and download (reduced to its last path part, control characters
removed). The kind is read from the content's first bytes (magic numbers), and must agree with
the name's extension: PDF, PNG, JPEG, XLSX or DOCX, at most :data:`MAX_BYTES`.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile

from shuangtan.city.targets.errors import AttachmentRefused

__all__ = ["ACCEPTED", "MAX_BYTES", "clean_filename", "sniff"]

MAX_BYTES = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ACCEPTED: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xlsx": XLSX,
    ".docx": DOCX,
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"<>:|?*]')


def clean_filename(name: str) -> str:
    """The display name of an upload: its last path part, without control or quote characters."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    if not base:
        raise AttachmentRefused("附件缺少文件名。", "The attachment has no file name.")
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 200 - len(ext) - 1] + dot + ext) if dot else base[:200]
    return base


def _office_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if any(n.startswith("word/") for n in names):
        return DOCX
    return None


def sniff(filename: str, content: bytes) -> tuple[str, str, str]:
    """``(clean name, media type, sha256)`` of an acceptable upload; :class:`AttachmentRefused`."""
    name = clean_filename(filename)
    if not content:
        raise AttachmentRefused("附件为空。", "The attachment is empty.")
    if len(content) > MAX_BYTES:
        raise AttachmentRefused(
            f"附件超过 {MAX_BYTES // (1024 * 1024)} MB。",
            f"The attachment is larger than {MAX_BYTES // (1024 * 1024)} MB.",
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = ACCEPTED.get(extension)
    if content.startswith(b"%PDF-"):
        actual: str | None = "application/pdf"
    elif content.startswith(b"\x89PNG\r\n\x1a\n"):
        actual = "image/png"
    elif content.startswith(b"\xff\xd8\xff"):
        actual = "image/jpeg"
    elif content.startswith(b"PK\x03\x04"):
        actual = _office_kind(content)
    else:
        actual = None
    if claimed is None or actual is None or claimed != actual:
        raise AttachmentRefused(
            "附件须为 PDF、PNG、JPEG、XLSX 或 DOCX 文件,且扩展名与内容一致。",
            "The attachment must be a PDF, PNG, JPEG, XLSX or DOCX file whose extension "
            "matches its content.",
        )
    return name, actual, hashlib.sha256(content).hexdigest()
