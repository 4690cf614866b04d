"""The plan targets' services (规划目标服务), one name for what the room's modules offer.

The rules live by job: :mod:`.values` (typed values and their attachments),
:mod:`.indicator_settings` (targets and departments the plan left blank),
:mod:`.indicator_progress` (each indicator's progress in a year), :mod:`.counties` (county
dual-control targets and their progress), :mod:`.publication` (the public snapshot) and
:mod:`.report_notes` (the officials' text of a report); :mod:`.permissions` and :mod:`.inputs`
hold the checks they share. This module re-exports them for the callers that still import
``service``; new code imports from the module of the job.
"""

from __future__ import annotations

from shuangtan.city.targets.counties import CountyProgress, county_progress, set_county_target
from shuangtan.city.targets.indicator_progress import (
    IndicatorProgress,
    YearProgress,
    latest_year,
    offered_years,
    progress,
)
from shuangtan.city.targets.indicator_settings import set_indicator
from shuangtan.city.targets.inputs import MAX_NOTE
from shuangtan.city.targets.publication import (
    public_progress,
    publish,
    published_years,
    snapshot,
)
from shuangtan.city.targets.report_notes import MAX_TEXT, evaluation_note, save_note
from shuangtan.city.targets.values import attachment, enter_value, store_attachment

__all__ = [
    "MAX_NOTE",
    "MAX_TEXT",
    "CountyProgress",
    "IndicatorProgress",
    "YearProgress",
    "attachment",
    "county_progress",
    "enter_value",
    "evaluation_note",
    "latest_year",
    "offered_years",
    "progress",
    "public_progress",
    "publish",
    "published_years",
    "save_note",
    "set_county_target",
    "set_indicator",
    "snapshot",
    "store_attachment",
]
