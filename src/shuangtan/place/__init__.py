"""Place (地方): the city configuration as data and tables, and the scope of a principal.

A foundation below ``auth`` and every room: the city, its county-level divisions, industries
(GB/T 4754-2017) and plan indicators (:mod:`~shuangtan.place.configuration`,
:mod:`~shuangtan.place.models`, :mod:`~shuangtan.place.repository`), and :class:`Scope`
(:mod:`~shuangtan.place.scope`), the one answer to "may this principal see this county".
"""
