"""The public carbon calculator (碳排放计算器): the accounting core behind the API, CLI and page.

``shuangtan.accounting`` is pure and imports no web framework, so its doors live here.
"""
