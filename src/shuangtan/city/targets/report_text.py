"""The sentences and figures of the evaluation reports (评估报告文字), one indicator at a time.

Every sentence is generated from an indicator's figures (:class:`~.service.IndicatorProgress`)
and says nothing the figures do not:

- **One format per indicator.** A figure is written with the decimals of its unit
  (:data:`DECIMALS`: counts whole, intensities three decimals, everything else two), in the text
  and in the table alike, so a sentence and the table print the same number; a derived share
  (完成进度, a change in %) has one decimal.
- **Verdicts as printed.** Whether a forecast (or a final-year value) meets its target is
  decided on the two numbers *as printed* (:func:`meets_as_printed`): a report never says
  "预计为8.00%,难以完成目标8.00%".
- **Reductions read as reductions.** An indicator whose value is itself a reduction
  (单位地区生产总值二氧化碳排放降低, 规上工业单位增加值能耗下降) is written "较2020年降低10.40%",
  never "提高10.40个百分点"; an indicator to reduce that rose "上升", one to raise "提高".
- **Nothing unknown printed.** A next step names the responsible department only when the plan
  (or an official) names one; otherwise the sentence leaves the department out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal

from shuangtan.accounting.unit_names import UNITS, unit_label
from shuangtan.city.targets.charts import STATUS_ZH
from shuangtan.city.targets.indicator_progress import IndicatorProgress
from shuangtan.kit.documents import numbers
from shuangtan.web.units import DECIMALS, decimals_of

__all__ = [
    "DECIMALS",
    "NEXT_STEPS",
    "UNITS_ZH",
    "achievement",
    "decimals_of",
    "figure",
    "forecast_value",
    "is_reduction",
    "meets_as_printed",
    "next_step",
    "problem",
    "share",
    "unit_zh",
    "zh",
]

UNITS_ZH = {code: names[0] for code, names in UNITS.items()}
"""Chinese names of the units: the platform's one table (``accounting/unit_names.py``)."""
NEXT_STEPS = {
    "overall": "严格落实能耗“双控”并向碳排放总量和强度“双控”转变,强化用能预算化管理,"
    "推行能效与能源配置挂钩(规划三(二)4、三(十)1)",
    "industry": "严格项目准入退出管理,推动制造业绿色改造升级,加快壮大新兴产业(规划三(一))",
    "energy": "严格实行煤炭总量控制,大力发展非化石能源,着力推动能效提升(规划三(二))",
    "buildings": "推进建造行业低碳化发展,全面推广绿色建筑,推进建筑节能低碳化管理(规划三(三))",
    "transport": "优化交通运输能源结构,推进公交、出租、营运车辆新能源替代和充电设施建设,"
    "推进运输结构调整(规划三(四))",
    "agriculture": "创新农业生产方式,深入实施肥药减量,巩固畜禽养殖污染资源化利用(规划三(五))",
    "sinks": "保护提升森林碳汇,挖掘拓展湿地碳汇(规划三(八))",
    "governance": "构建低(零)碳示范机制,完善碳排放管控和评价制度(规划三(十))",
}
_REDUCTION_WORDS = ("降低", "下降")


def unit_zh(unit: str) -> str:
    """The Chinese name of a unit (``10^4 tce`` → 万吨标准煤); ``%`` and others as they are."""
    return unit_label(unit)


def figure(value: float | Decimal | None, unit: str) -> str:
    """A figure in ``unit``: fixed decimals of the unit, 是/否 for yes/no, ``—`` when absent."""
    if unit == "yes/no":
        return numbers.yes_no(value)
    return numbers.fixed(value, decimals_of(unit))


def forecast_value(row: IndicatorProgress) -> float | None:
    """The forecast as the report states it: a whole-number unit (a count) is rounded towards
    the bad side, since a trend of 19.5 factories has not reached 20 (down for an indicator to
    raise, up for one to reduce); other units as forecast."""
    value = row.assessment.forecast
    if value is None or decimals_of(row.unit) != 0 or row.unit == "yes/no":
        return value
    return float(math.floor(value + 1e-9) if row.direction != "down" else math.ceil(value - 1e-9))


def share(value: float | None) -> str:
    """A derived share (完成进度, a change) in % with one decimal, ``—`` when absent."""
    return numbers.pct(value, 1)


def _printed(value: float | Decimal, unit: str) -> Decimal:
    return Decimal(figure(value, unit).replace(",", ""))


def meets_as_printed(
    value: float | Decimal | None, target: float | Decimal | None, direction: str, unit: str
) -> bool | None:
    """Whether ``value`` meets ``target`` compared as both are printed (8.00 meets 8.00 for an
    indicator to raise and for one to reduce); ``None`` when one is missing or no direction."""
    if value is None or target is None or direction not in {"up", "down"} or unit == "yes/no":
        if unit == "yes/no" and value is not None and target is not None:
            return (value >= 0.5) == (target >= 0.5)
        return None
    shown, goal = _printed(value, unit), _printed(target, unit)
    return shown >= goal if direction == "up" else shown <= goal


def is_reduction(row: IndicatorProgress) -> bool:
    """Whether the indicator's value is itself a reduction in % (…降低, …下降)."""
    return row.unit == "%" and row.name_zh.endswith(_REDUCTION_WORDS)


_PUNCT = re.compile(r"(?<=[\u4e00-\u9fff%）)\dA-Za-z])([,;:])(?!\d)")
_FULL = {",": "，", ";": "；", ":": "："}


def zh(text: str) -> str:
    """Full-width punctuation in Chinese text (``，；：``); ``1,234`` stays as it is."""
    return _PUNCT.sub(lambda m: _FULL[m.group(1)], text)


# ------------------------------------------------------------------------------- sentences


def _subject(row: IndicatorProgress) -> str:
    """What a sentence is about: the name, or for a reduction since the baseline what is
    reduced (单位地区生产总值二氧化碳排放降低 → 单位地区生产总值二氧化碳排放)."""
    return row.name_zh[:-2] if is_reduction(row) and _since_baseline(row) else row.name_zh


def _rest(row: IndicatorProgress, value: float | None, year: int) -> str:
    """What follows the subject: ``{year}年为{value}{unit}`` or, for a reduction since the
    baseline year, ``{year}年较{baseline}年降低{value}%``."""
    if is_reduction(row) and _since_baseline(row) and value is not None:
        if value < 0:
            return f"{year}年较{row.baseline_year}年上升{figure(-value, '%')}%"
        return f"{year}年较{row.baseline_year}年{row.name_zh[-2:]}{figure(value, '%')}%"
    return f"{year}年为{figure(value, row.unit)}{unit_zh(row.unit)}"


def _value(row: IndicatorProgress, value: float | None, year: int) -> str:
    return _subject(row) + _rest(row, value, year)


def _since_baseline(row: IndicatorProgress) -> bool:
    """A reduction counted from the baseline year (its baseline value is 0)."""
    return row.baseline_year is not None and row.baseline_value == 0


def _change(row: IndicatorProgress) -> str:
    """``,较2020年下降7.7%`` (or 提高/上升 … 个百分点); empty when it says nothing."""
    actual, base = row.assessment.actual, row.baseline_value
    if actual is None or base is None or row.baseline_year is None or is_reduction(row):
        return ""
    if row.unit == "yes/no" or row.baseline_year >= row.assessment.year:
        return ""
    if row.unit == "%":
        points = _printed(actual, "%") - _printed(base, "%")
        if points == 0:
            return f",与{row.baseline_year}年持平"
        rose = "提高" if row.direction == "up" else "上升"  # a rise of one to reduce is no gain
        verb = rose if points > 0 else "下降"
        return f",较{row.baseline_year}年{verb}{figure(abs(points), '%')}个百分点"
    if base == 0:
        return ""
    rate = (actual - base) / abs(base) * 100.0
    if share(abs(rate)) == share(0):
        return f",与{row.baseline_year}年持平"
    return f",较{row.baseline_year}年{'增长' if rate > 0 else '下降'}{share(abs(rate))}"


def _target(row: IndicatorProgress) -> str:
    """``目标8.00%`` or, for a reduction, ``降低18.00%的目标``."""
    if is_reduction(row) and _since_baseline(row):
        return f"{row.name_zh[-2:]}{figure(row.target_value, '%')}%的目标"
    return f"目标{figure(row.target_value, row.unit)}{unit_zh(row.unit)}"


def _final(row: IndicatorProgress, year: int) -> bool:
    return row.target_year is not None and row.target_value is not None and year >= row.target_year


def achievement(row: IndicatorProgress, year: int) -> str:
    """An indicator's figure this year, its change on the baseline and its progress
    (主要成效, 总体情况), without the closing 。."""
    a = row.assessment
    text = _value(row, a.actual, year) + _change(row)
    if _final(row, year) and a.actual is not None:
        done = meets_as_printed(a.actual, row.target_value, row.direction, row.unit)
        word = "已完成" if done else "未完成"
        return zh(f"{text},{word}{row.target_year}年{_target(row)}")
    if a.share_pct is not None:
        label = "完成进度" if a.rule == "path" else "达到目标值的"
        text += f",{label}{share(a.share_pct)}"
    return zh(text)


def problem(row: IndicatorProgress, year: int) -> str:
    """存在问题: a lagging indicator, its figures, and what the trend says of its target."""
    a = row.assessment
    text = f"{row.name_zh}{STATUS_ZH[a.status.value]}：" + _rest(row, a.actual, year)
    if a.expected is not None and not _final(row, year):  # in the target year: the target
        if is_reduction(row) and _since_baseline(row):
            text += f",进度要求{row.name_zh[-2:]}{figure(a.expected, '%')}%"
        else:
            text += f",进度要求{figure(a.expected, row.unit)}{unit_zh(row.unit)}"
    if a.share_pct is not None:
        label = "完成进度" if a.rule == "path" else "达到目标值的"
        text += f"（{label}{share(a.share_pct)}）"
    if _final(row, year):
        done = meets_as_printed(a.actual, row.target_value, row.direction, row.unit)
        if done is not None:
            text += f",{'已完成' if done else '未完成'}{row.target_year}年{_target(row)}"
        return zh(text) + "。"
    predicted = forecast_value(row)
    meets = meets_as_printed(predicted, row.target_value, row.direction, row.unit)
    if meets is not None and row.target_year is not None:
        forecast = _rest(row, predicted, row.target_year)
        text += f";按现有趋势预计{forecast},{'可以' if meets else '难以'}完成{_target(row)}"
    return zh(text) + "。"


def next_step(area_key: str, rows: Sequence[IndicatorProgress]) -> str:
    """下一步工作 for an area's lagging indicators: the plan's task for the area, led by the
    responsible departments where the plan (or an official) names them, else by no one named."""
    names = "、".join(r.name_zh for r in rows)
    departments = sorted({r.department for r in rows if r.department.strip()})
    lead = f"由{'、'.join(departments)}牵头," if departments else ""
    return zh(f"针对{names},{lead}{NEXT_STEPS[area_key]}。")
