"""Meter data at scale (计量数据分析): one Ibis pipeline, embedded DuckDB or Spark.

Interval readings of electricity, heat and fuel meters in; daily and monthly energy, standard
coal (tce) and CO2 by entity, industry and county out, with each entity's month-to-date
projection set against its monthly report. The factors come from the accounting core
(:mod:`shuangtan.accounting`); the pipeline holds none of its own. Entry point:
:func:`shuangtan.analytics.service.aggregate` (and ``shuangtan meters aggregate``).
"""
