"""The period an annual report holds and its comparison with the same months a year before.

A report's figures are the sums of the months it holds: the verified months when the year has
an annual account, else the reported ones. A year with fewer than twelve is a part-year
(部分年度) and says which months everywhere (``2025年1–8月``, :func:`~.periods.months_text`).
It is compared only like with like: with the same months of the previous year, verified
(corrected where a re-check corrected them), and only when every one of those months was
verified then; otherwise there is no comparison, and the report says why. A year of reported
values only is not compared (reported against verified would not be like with like).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.accounts.models import VERIFIED_STATES, ActivityReport
from shuangtan.accounts.periods import months_text, period_text

__all__ = ["ReportPeriod", "YearComparison", "compare_same_months", "period_label"]

_VERIFIED = [s.value for s in VERIFIED_STATES]


def period_label(year: int, months: Sequence[int], *, zh: bool = True) -> str:
    """The report's period: :func:`~shuangtan.accounts.periods.period_text`, a full year
    written ``2025年`` in Chinese (as a document's title reads)."""
    text = period_text(year, months, zh=zh)
    return f"{text}年" if zh and text == str(year) else text


@dataclass(frozen=True, slots=True)
class YearComparison:
    """与上年同期比较: this period's figures beside the same months of the previous year.

    ``previous_*`` are ``None`` when there is no like-for-like comparison; ``reason_zh`` then
    says why.
    """

    period_zh: str
    previous_period_zh: str
    tco2e: Decimal
    energy_tce: Decimal
    previous_tco2e: Decimal | None
    previous_energy_tce: Decimal | None
    reason_zh: str | None = None

    @property
    def comparable(self) -> bool:
        return self.previous_tco2e is not None

    @staticmethod
    def _change(now: Decimal, before: Decimal | None) -> Decimal | None:
        if before is None or before == 0:
            return None
        return (now - before) / before * 100

    @property
    def tco2e_change_pct(self) -> Decimal | None:
        """Change of emissions, per cent of the previous year's same months."""
        return self._change(self.tco2e, self.previous_tco2e)

    @property
    def energy_change_pct(self) -> Decimal | None:
        """Change of energy use, per cent of the previous year's same months."""
        return self._change(self.energy_tce, self.previous_energy_tce)

    @staticmethod
    def change_text(value: Decimal | None) -> str:
        """``+5.2%`` / ``-10.0%``, one decimal; ``—`` without a comparison."""
        return "—" if value is None else f"{value:+.1f}%"


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """The months a report's figures hold and what the period is called."""

    year: int
    months: tuple[int, ...]

    @property
    def part_year(self) -> bool:
        return 0 < len(self.months) < 12

    @property
    def label_zh(self) -> str:
        """``2025年`` or ``2025年1–8月``."""
        return period_label(self.year, self.months)

    @property
    def label_en(self) -> str:
        return period_label(self.year, self.months, zh=False)

    @property
    def suffix_zh(self) -> str:
        """``（1–8月）`` after a total of a part-year, ``""`` for a full year."""
        return f"（{self.months_zh}）" if self.part_year else ""

    @property
    def months_zh(self) -> str:
        """``1–8月`` for a part-year, ``""`` for a full year."""
        return months_text(self.months, zh=True) if self.part_year else ""


def compare_same_months(
    session: Session,
    *,
    entity_id: int,
    period: ReportPeriod,
    tco2e: Decimal,
    energy_tce: Decimal,
    verified: bool,
) -> YearComparison:
    """This period beside the same months of ``period.year - 1`` (see the module's rule)."""
    previous = ReportPeriod(period.year - 1, period.months)

    def comparison(
        before: tuple[Decimal, Decimal] | None = None, reason: str | None = None
    ) -> YearComparison:
        return YearComparison(
            period_zh=period.label_zh,
            previous_period_zh=previous.label_zh,
            tco2e=tco2e,
            energy_tce=energy_tce,
            previous_tco2e=before[0] if before else None,
            previous_energy_tce=before[1] if before else None,
            reason_zh=reason,
        )

    if not verified or not period.months:
        return comparison(reason="本年度尚无核查数据，不作同比比较。")
    rows = session.execute(
        select(
            ActivityReport.month,
            ActivityReport.verified_tco2e,
            ActivityReport.corrected_tco2e,
            ActivityReport.verified_tce,
            ActivityReport.corrected_tce,
        ).where(
            ActivityReport.entity_id == entity_id,
            ActivityReport.year == previous.year,
            ActivityReport.month.in_(period.months),
            ActivityReport.status.in_(_VERIFIED),
        )
    ).all()
    held = {int(row.month) for row in rows}
    missing = [m for m in period.months if m not in held]
    if not held:
        return comparison(reason=f"{previous.label_zh}无核查数据，不作比较。")
    if missing:
        return comparison(
            reason=(
                f"上年同期（{previous.label_zh}）核查数据不全"
                f"（缺{months_text(missing, zh=True)}），不作比较。"
            )
        )
    before_tco2e = sum((_counted(r.corrected_tco2e, r.verified_tco2e) for r in rows), Decimal(0))
    before_tce = sum((_counted(r.corrected_tce, r.verified_tce) for r in rows), Decimal(0))
    return comparison((before_tco2e, before_tce))


def _counted(corrected: Decimal | None, verified: Decimal | None) -> Decimal:
    """The value that counts: the re-check's correction if any, else the verified value."""
    value = corrected if corrected is not None else verified
    return Decimal(value) if value is not None else Decimal(0)
