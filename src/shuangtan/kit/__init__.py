"""The kit (工具箱): what every room shares, so that no room writes it again.

- :mod:`~shuangtan.kit.idempotency`: idempotent writes as one dependency (``Once``);
- :mod:`~shuangtan.kit.params`: the year with one rule, pages of long lists;
- :mod:`~shuangtan.kit.workbook`: the workbook engine (Excel templates in and out);
- :mod:`~shuangtan.kit.documents`: the document engine (PDF with the CJK font, Word);
- :mod:`~shuangtan.kit.progress`: the progress callback of long loads.

A foundation: it imports ``auth``, ``place``, ``audit``, ``db`` and ``errors``, never a room.
"""
