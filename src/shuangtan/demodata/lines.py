"""Report lines (报告明细行): every template line of an entity in every month it reported, with
the accounting core's tCO2e and tce, and the industrial quantities calibrated to the city.

Lines are report-major, then in template order. Every tCO2e and tce is the core's
(:func:`shuangtan.accounting.calculate_batch`): the 2020 lines with the ``cn-ets-reporting``
factor set (the national ETS electricity factor of 2019–2020), later lines with ``cn-default``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from shuangtan.accounting import calculate_batch
from shuangtan.accounting.batch import Categorical
from shuangtan.demodata.activity import Calendar, Templates
from shuangtan.demodata.calibration import industrial_energy_target
from shuangtan.demodata.city import FloatArray, IntArray
from shuangtan.demodata.mrv import Workflow
from shuangtan.demodata.profiles import ITEMS

__all__ = ["CoreResults", "Lines", "calibrate", "expand_lines"]

CoreResults = tuple[FloatArray, FloatArray, npt.NDArray[np.int8]]
"""tCO2e, tce and scope of each line."""


@dataclass(frozen=True)
class Lines:
    """The lines of the reports (L lines), as columns."""

    report: IntArray  # index of the line's report
    offset: IntArray  # 0-based line number within its report
    item: IntArray  # index into ITEMS
    entity: IntArray  # entity index
    month: IntArray  # month index into the calendar
    year: IntArray
    quantity: FloatArray  # the true quantity in the item's unit

    def results(self, quantity: FloatArray) -> CoreResults:
        """The core's tCO2e, tce and scope of the lines with ``quantity`` in place of theirs."""
        activity = Categorical(tuple(a for a, _, _ in ITEMS), self.item.astype(np.intp))
        code = Categorical(tuple(c for _, c, _ in ITEMS), self.item.astype(np.intp))
        tco2e, tce = np.zeros(len(quantity)), np.zeros(len(quantity))
        scope = np.zeros(len(quantity), dtype=np.int8)
        for sets, mask in (
            ("cn-ets-reporting", self.year < 2021),
            ("cn-default", self.year >= 2021),
        ):
            if not mask.any():
                continue
            idx = np.flatnonzero(mask)
            result = calculate_batch(
                Categorical(activity.categories, activity.codes[idx]),
                Categorical(code.categories, code.codes[idx]),
                quantity[idx],
                region="CN-ZJ",
                year=self.year[idx],
                factor_set=sets,
            )
            tco2e[idx], tce[idx], scope[idx] = result.tco2e, result.tce, result.scope
        return tco2e, tce, scope

    def per_report(self, values: FloatArray, report_count: int) -> FloatArray:
        """Σ ``values`` of each report's lines."""
        return np.bincount(self.report, weights=values, minlength=report_count).astype(np.float64)


def expand_lines(
    rng: np.random.Generator,
    *,
    templates: Templates,
    annual_quantity: FloatArray,
    workflow: Workflow,
    calendar: Calendar,
    factor: FloatArray,
    trend: FloatArray,
) -> Lines:
    """Every template line of each report's entity: a twelfth of the annual quantity × the
    month's factor × the item's trend × noise."""
    rows, cols, report_count = workflow.rows, workflow.cols, workflow.report_count
    n = workflow.status.shape[0]
    order = np.argsort(templates.entity, kind="stable")
    te, ti, annual_quantity = templates.entity[order], templates.item[order], annual_quantity[order]
    starts = np.searchsorted(te, np.arange(n))
    ends = np.searchsorted(te, np.arange(n), side="right")
    per_entity = ends - starts
    lines_per_report = per_entity[rows]
    line_report = np.repeat(np.arange(report_count), lines_per_report)
    offsets = np.arange(len(line_report)) - np.repeat(
        np.cumsum(lines_per_report) - lines_per_report, lines_per_report
    )
    template = starts[rows][line_report] + offsets
    line_month = cols[line_report]
    line_entity = rows[line_report]
    item = ti[template]
    quantity = (
        annual_quantity[template]
        / 12
        * factor[line_entity, line_month]
        * trend[item, line_month]
        * rng.lognormal(0, 0.05, len(template))
    )
    return Lines(
        report=line_report,
        offset=offsets,
        item=item,
        entity=line_entity,
        month=line_month,
        year=calendar.month_year[line_month],
        quantity=quantity,
    )


def calibrate(
    lines: Lines, industrial: npt.NDArray[np.bool_], industrial_count: int, base_year: int
) -> Lines:
    """Rescale the industrial quantities so that the core's base-year energy of the industrial
    enterprises is their share of the city's energy (:mod:`~shuangtan.demodata.calibration`)."""
    _, tce0, _ = lines.results(lines.quantity)
    target = industrial_energy_target(industrial_count, base_year)
    in_base = industrial[lines.entity] & (lines.year == base_year)
    scale = target / float(tce0[in_base].sum())
    quantity = np.where(industrial[lines.entity], lines.quantity * scale, lines.quantity)
    return replace(lines, quantity=quantity)
