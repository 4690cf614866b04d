"""Reported and verified figures (报告数与核查数) of every report.

The entity entered the first line of some reports wrong by δ: a verifier's adjustment (3 % of
the verified reports, ±2–8 %), what a re-check corrected (+6–15 %), a returned report (+10–30 %).
The lines keep what the entity entered; the verifier's and the re-check's figures are the core's
results on the true quantities. A draft has no reported figures yet.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from shuangtan.demodata.city import FloatArray, IntArray
from shuangtan.demodata.lines import Lines
from shuangtan.demodata.mrv import ObjectArray, Workflow

__all__ = ["Figures", "report_figures"]

_VERIFIED_STATES = ["verified", "recheck", "confirmed", "locked"]


@dataclass(frozen=True)
class Figures:
    """The lines as entered and the figures of each report (R reports)."""

    report_status: ObjectArray
    report_year: IntArray
    is_verified: npt.NDArray[np.bool_]
    corrected: npt.NDArray[np.bool_]  # a re-check corrected the report
    entered: FloatArray  # per line: the quantity the entity entered
    line_tco2e: FloatArray
    line_tce: FloatArray
    line_scope: npt.NDArray[np.int8]
    reported_tco2e: FloatArray
    reported_scope1_tco2e: FloatArray
    reported_scope2_tco2e: FloatArray
    reported_tce: FloatArray
    verified_tco2e: FloatArray
    verified_tce: FloatArray
    corrected_tco2e: FloatArray
    corrected_tce: FloatArray


def report_figures(
    rng: np.random.Generator, lines: Lines, workflow: Workflow, month_year: IntArray
) -> Figures:
    """What each report's entity entered and what the verifier and the re-check found."""
    rows, cols, report_count = workflow.rows, workflow.cols, workflow.report_count
    report_status = workflow.status[rows, cols]
    report_year = month_year[cols]
    verified_state = np.isin(report_status, _VERIFIED_STATES)
    corrected_pairs = {(i, y) for (i, y), o in workflow.selected.items() if o == "corrected"}
    corrected = np.array(
        [(int(r), int(y)) in corrected_pairs for r, y in zip(rows, report_year, strict=True)],
        dtype=bool,
    )
    delta = _errors(rng, report_status, verified_state, corrected)
    first_line = lines.offset == 0
    as_entered: FloatArray = np.where(
        first_line, lines.quantity * (1 + delta[lines.report]), lines.quantity
    )
    entered = np.round(as_entered, 6)
    true_quantity = np.round(lines.quantity, 6)
    is_verified = verified_state | (report_status == "corrected")
    tco2e, tce, scope = lines.results(entered)
    true_tco2e, true_tce, _ = lines.results(true_quantity)

    def per_report(values: FloatArray) -> FloatArray:
        return lines.per_report(values, report_count)

    drafts = report_status == "draft"
    nan = np.full(report_count, np.nan)
    reported_tco2e = np.where(drafts, nan, per_report(tco2e))
    reported_tce = np.where(drafts, nan, per_report(tce))
    # the verifier caught its adjustments; a re-check caught what the verifier missed
    return Figures(
        report_status=report_status,
        report_year=report_year,
        is_verified=is_verified,
        corrected=corrected,
        entered=entered,
        line_tco2e=tco2e,
        line_tce=tce,
        line_scope=scope,
        reported_tco2e=reported_tco2e,
        reported_scope1_tco2e=np.where(drafts, nan, per_report(np.where(scope == 1, tco2e, 0.0))),
        reported_scope2_tco2e=np.where(drafts, nan, per_report(np.where(scope == 2, tco2e, 0.0))),
        reported_tce=reported_tce,
        verified_tco2e=np.where(
            is_verified, np.where(corrected, reported_tco2e, per_report(true_tco2e)), nan
        ),
        verified_tce=np.where(
            is_verified, np.where(corrected, reported_tce, per_report(true_tce)), nan
        ),
        corrected_tco2e=np.where(corrected, per_report(true_tco2e), nan),
        corrected_tce=np.where(corrected, per_report(true_tce), nan),
    )


def _errors(
    rng: np.random.Generator,
    report_status: ObjectArray,
    verified_state: npt.NDArray[np.bool_],
    corrected: npt.NDArray[np.bool_],
) -> FloatArray:
    """δ of each report's first line: the verifier's adjustments, then the re-checks'
    corrections, then the returned reports' errors (drawn in that order)."""
    delta = np.zeros(len(report_status))
    adjust = verified_state & (rng.random(len(report_status)) < 0.03)
    delta[adjust] = rng.choice([-1, 1], adjust.sum()) * rng.uniform(0.02, 0.08, adjust.sum())
    delta[corrected] = rng.uniform(0.06, 0.15, int(corrected.sum()))
    returned = report_status == "returned"
    delta[returned] = rng.uniform(0.1, 0.3, int(returned.sum()))
    return delta
