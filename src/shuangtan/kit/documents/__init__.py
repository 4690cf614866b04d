"""The document engine (文档引擎): every printed document of the platform, PDF or Word.

- :mod:`~shuangtan.kit.documents.pdf` — the one print environment (the ``templates/`` of every
  package, number filters), the base print template ``print/base.html`` (A4, CJK fonts,
  ``第 N 页 / 共 M 页``) and :func:`render_pdf` (WeasyPrint);
- :mod:`~shuangtan.kit.documents.word` — an A4 Word document with Chinese fonts, heading
  styles and page numbers (:func:`new_document`), and a table writer with one number format
  per column (:func:`add_table`, :class:`Column`);
- :mod:`~shuangtan.kit.documents.numbers` — how a figure is written (``1,234.50``, ``56.7%``,
  ``—`` for missing), in both;
- :mod:`~shuangtan.kit.documents.charts` — small charts as primitives, written as inline SVG
  (PDF) or PNG (Word), and a round value axis.

A room keeps its own data gathering and its own template; the engine draws. WeasyPrint and
python-docx are imported only when a document is made.
"""

from __future__ import annotations

from shuangtan.kit.documents import charts, numbers, word
from shuangtan.kit.documents.pdf import environment, render_html, render_pdf

__all__ = ["charts", "environment", "numbers", "render_html", "render_pdf", "word"]
