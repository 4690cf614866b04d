"""Progress rules (进度评估规则): an indicator's value against the straight path to its target.

Pure functions over plain numbers (floats for computation; stored values stay ``Decimal``).
The rules, and why, are in ``docs/targets.md``:

- **Path** (进度线): the straight line from the baseline ``(y0, v0)`` to the target ``(yT, vT)``;
  the expected value of year ``y`` is ``v0 + (vT − v0) · (y − y0) / (yT − y0)`` (years after the
  target year expect the target).
- **Achieved share** (完成进度) when the path moves the good way (an ``up`` indicator rising, a
  ``down`` one falling): ``(actual − v0) / (expected − v0)``, the progress made over the progress
  the path expects by that year. For a ``down`` indicator whose target is a % reduction, the target
  value is ``v0 · (1 − r/100)`` (:func:`target_from_reduction`), so the share is the reduction
  achieved over the reduction expected. Status: ``on_track`` at or above
  :attr:`ProgressRules.on_track_pct`, ``at_risk`` at or above :attr:`ProgressRules.at_risk_pct`,
  else ``off_track``.
- **Allowance** (总量控制上限): when the target lies on the bad side of the baseline (an energy
  cap above this year's use: growth is allowed but bounded), ``on_track`` while the actual is on
  the good side of the path, ``at_risk`` while it is past the path but within the target itself,
  ``off_track`` beyond the target.
- **No baseline** (无基期值): completion against the target only, ``actual / target`` (``up``) or
  ``target / actual`` (``down``). Met → ``on_track``; otherwise the forecast for the target year
  is judged with the same bands; without a forecast the status is ``not_assessed``.
- **Forecast** (目标年预测): least-squares straight line through the observed (year, value)
  points, read at the target year; fewer than two points → insufficient data (``None``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DEFAULT_RULES",
    "Assessment",
    "ProgressRules",
    "Status",
    "assess",
    "expected_value",
    "linear_forecast",
    "target_from_reduction",
]


class Status(enum.StrEnum):
    """进度状态 the traffic light of an indicator in a year."""

    on_track = "on_track"  # 进度正常 (green)
    at_risk = "at_risk"  # 进度预警 (amber)
    off_track = "off_track"  # 进度滞后 (red)
    not_assessed = "not_assessed"  # 暂无法评估 (grey: no target, no value or no direction)


@dataclass(frozen=True, slots=True)
class ProgressRules:
    """评估阈值 the bands of the achieved share, in % of the expected progress (configurable)."""

    on_track_pct: float = 100.0
    at_risk_pct: float = 90.0

    def status_of(self, share_pct: float) -> Status:
        """The status of an achieved share (%)."""
        if share_pct >= self.on_track_pct:
            return Status.on_track
        if share_pct >= self.at_risk_pct:
            return Status.at_risk
        return Status.off_track


DEFAULT_RULES = ProgressRules()


@dataclass(frozen=True, slots=True)
class Assessment:
    """一个指标一年的评估 the progress of an indicator in one year.

    ``expected`` is the path's value of the year (``None`` without a baseline or target);
    ``share_pct`` the achieved share of the expected progress (path rule) or the completion
    against the target (no-baseline rule); ``rule`` names the rule used: ``path``, ``allowance``,
    ``target_only`` or ``none``; ``reason`` why the status is ``not_assessed``.
    """

    year: int
    actual: float | None
    expected: float | None
    share_pct: float | None
    status: Status
    rule: str
    forecast: float | None
    forecast_meets_target: bool | None
    reason: str | None = None


def target_from_reduction(baseline: float, reduction_pct: float) -> float:
    """The target value of a 'reduce by r % from the baseline' target: ``v0 · (1 − r/100)``."""
    return baseline * (1.0 - reduction_pct / 100.0)


def expected_value(
    *, baseline_year: int, baseline: float, target_year: int, target: float, year: int
) -> float:
    """The path's value in ``year`` (linear interpolation; the target after the target year)."""
    if target_year <= baseline_year:
        raise ValueError("the target year must come after the baseline year")
    if year >= target_year:
        return target
    if year <= baseline_year:
        return baseline
    return baseline + (target - baseline) * (year - baseline_year) / (target_year - baseline_year)


def linear_forecast(points: Sequence[tuple[int, float]], year: int) -> float | None:
    """Least-squares line through ``points`` read at ``year``; ``None`` with fewer than 2 years.

    slope ``b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²``; value ``ȳ + b · (year − x̄)``, to 9 decimals.
    """
    by_year = dict(points)  # one point per year (a later duplicate wins)
    if len(by_year) < 2:
        return None
    n = len(by_year)
    mean_x = sum(by_year) / n
    mean_y = sum(by_year.values()) / n
    sxx = sum((x - mean_x) ** 2 for x in by_year)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in by_year.items())
    # rounded to 1e-9: points on a straight line give the line's value, not 7.999999999999998
    # (a status band or a "meets the target" must not turn on floating-point noise)
    return round(mean_y + sxy / sxx * (year - mean_x), 9)


def _better_or_equal(a: float, b: float, direction: str) -> bool:
    """Whether ``a`` is at least as good as ``b`` for ``direction``."""
    return a >= b if direction == "up" else a <= b


def _meets(value: float | None, target: float | None, direction: str) -> bool | None:
    if value is None or target is None or direction not in {"up", "down"}:
        return None
    return _better_or_equal(value, target, direction)


def _completion_pct(actual: float, target: float, direction: str) -> float | None:
    """``actual / target`` (up) or ``target / actual`` (down), in %; None where undefined."""
    if direction == "up":
        return None if target == 0 else actual / target * 100.0
    return None if actual == 0 else target / actual * 100.0


def assess(
    *,
    year: int,
    direction: str,
    baseline_year: int | None,
    baseline: float | None,
    target_year: int | None,
    target: float | None,
    observations: Sequence[tuple[int, float]],
    rules: ProgressRules = DEFAULT_RULES,
) -> Assessment:
    """The progress of one indicator in ``year`` from its observed ``(year, value)`` points.

    Only observations up to ``year`` count (a report on 2023 does not see 2024).
    """
    seen = sorted((y, v) for y, v in observations if y <= year)
    actual = dict(seen).get(year)
    forecast = linear_forecast(seen, target_year) if target_year is not None else None
    if target_year is not None and actual is not None and year >= target_year:
        forecast = actual  # in (or after) the target year, the year's value is the answer
    meets = _meets(forecast, target, direction)

    def result(
        expected: float | None, share: float | None, status: Status, rule: str, reason: str | None
    ) -> Assessment:
        return Assessment(year, actual, expected, share, status, rule, forecast, meets, reason)

    if direction not in {"up", "down"}:
        return result(None, None, Status.not_assessed, "none", "no_direction")
    if target is None or target_year is None:
        return result(None, None, Status.not_assessed, "none", "no_target")
    has_path = baseline is not None and baseline_year is not None and baseline_year < target_year
    if has_path:
        assert baseline is not None and baseline_year is not None
        expected = expected_value(
            baseline_year=baseline_year,
            baseline=baseline,
            target_year=target_year,
            target=target,
            year=year,
        )
        if actual is None:
            return result(expected, None, Status.not_assessed, "path", "no_value")
        if not _better_or_equal(target, baseline, direction):  # an allowance: a cap above v0
            if _better_or_equal(actual, expected, direction):
                status = Status.on_track
            elif _better_or_equal(actual, target, direction):
                status = Status.at_risk
            else:
                status = Status.off_track
            return result(expected, None, status, "allowance", None)
        if expected == baseline:  # the baseline year itself, or a target equal to the baseline
            good = _better_or_equal(actual, baseline, direction)
            return result(
                expected, None, Status.on_track if good else Status.off_track, "path", None
            )
        share = (actual - baseline) / (expected - baseline) * 100.0
        return result(expected, share, rules.status_of(share), "path", None)
    # no baseline: completion against the target only
    if actual is None:
        return result(None, None, Status.not_assessed, "target_only", "no_value")
    completion = _completion_pct(actual, target, direction)
    if _better_or_equal(actual, target, direction):
        return result(None, completion, Status.on_track, "target_only", None)
    if forecast is None:
        return result(None, completion, Status.not_assessed, "target_only", "insufficient_data")
    projected = _completion_pct(forecast, target, direction)
    if projected is None or (direction == "down" and forecast <= 0):
        status = Status.on_track if meets else Status.off_track
    else:
        status = rules.status_of(projected)
    return result(None, completion, status, "target_only", None)
