"""National ETS coverage (全国碳市场覆盖): the covered sectors with their source, and the test.

An emitter is a key emitting entity (重点排放单位) of the national carbon market when it is
in a **covered sector** for the year **and** its annual emissions reach the threshold
(26,000 tCO2e). The market covers direct emissions (fuel combustion and process, scope 1), not
purchased electricity or heat, so the caller passes scope 1. The threshold alone is not
enough: a textile mill emitting 30,000 t is not covered. The sectors are rows of
``data/ets/covered-sectors.csv`` (sector, the GB/T 4754-2017 division the platform stores and
the classes the market covers within it, the first emission year, the threshold, the document
and the status); ``docs/data-sources.md`` cites them.

The platform stores an entity's industry as a division (``C30``), while the market covers
classes (``3011`` 水泥制造, not the glass or ceramics of the same division): a coverage found
from a division says so in :attr:`EtsCoverage.caveat_zh`, and the MEE's list of key emitting
entities is the final word.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

__all__ = ["CoveredSector", "EtsCoverage", "covered_sector", "covered_sectors", "ets_coverage"]


@dataclass(frozen=True, slots=True)
class CoveredSector:
    """A sector of the national ETS: where it is in GB/T 4754-2017, since when, by what."""

    sector: str
    name_zh: str
    name_en: str
    division: str
    classes: tuple[str, ...]
    first_emission_year: int
    threshold_tco2e: Decimal
    gases: tuple[str, ...]
    document: str
    status: str

    @property
    def label_zh(self) -> str:
        """``水泥（GB/T 4754-2017 3011，2024年度排放起）``."""
        return (
            f"{self.name_zh}（GB/T 4754-2017 {'、'.join(self.classes)}，"
            f"{self.first_emission_year}年度排放起）"
        )


@dataclass(frozen=True, slots=True)
class EtsCoverage:
    """The test's answer for an entity-year: covered or not, and why, in words."""

    covered: bool
    sector: CoveredSector | None
    reason_zh: str
    caveat_zh: str | None = None

    @property
    def tag_zh(self) -> str | None:
        """The tag a covered entity carries (``None`` when not covered)."""
        if not self.covered or self.sector is None:
            return None
        return (
            f"全国碳市场覆盖（{self.sector.name_zh}行业，"
            f"年直接排放≥{self.sector.threshold_tco2e:,.0f} tCO2e）"
        )


@lru_cache(maxsize=1)
def covered_sectors() -> tuple[CoveredSector, ...]:
    """The rows of ``data/ets/covered-sectors.csv``, read once."""
    path = resources.files("shuangtan").joinpath("data", "ets", "covered-sectors.csv")
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return tuple(
        CoveredSector(
            sector=row["sector"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            division=row["division"],
            classes=tuple(row["classes"].split()),
            first_emission_year=int(row["first_emission_year"]),
            threshold_tco2e=Decimal(row["threshold_tco2e"]),
            gases=tuple(row["gases"].split()),
            document=row["document"],
            status=row["status"],
        )
        for row in rows
    )


def _sector_of(industry_code: str | None) -> tuple[CoveredSector | None, bool]:
    """The covered sector of ``industry_code`` and whether it was matched by a class (exact)
    rather than by the division that contains the class."""
    if not industry_code:
        return None, False
    code = industry_code.strip().upper()
    digits = code.lstrip("ABCDEFGHIJKLMNOPQRST")
    for sector in covered_sectors():
        if digits in sector.classes:
            return sector, True
    for sector in covered_sectors():
        if code == sector.division:
            return sector, False
    return None, False


def covered_sector(industry_code: str | None) -> CoveredSector | None:
    """The covered sector ``industry_code`` belongs to (by class, else by division), or
    ``None``: what a badge names beside a stored ``ets_covered`` (the stored flag is
    :func:`ets_coverage`'s answer, written by :mod:`shuangtan.accounts.annual`)."""
    return _sector_of(industry_code)[0]


def _label(code: str | None, name: str | None) -> str:
    if not code:
        return "未填报"
    return f"{code} {name}" if name else code


def _covered_list_zh(year: int) -> str:
    names = [s.name_zh for s in covered_sectors() if s.first_emission_year <= year]
    return "、".join(names) if names else "无"


def ets_coverage(
    industry_code: str | None, year: int, tco2e: Decimal, *, industry_name: str | None = None
) -> EtsCoverage:
    """Whether an entity of ``industry_code`` emitting ``tco2e`` in ``year`` is covered.

    Covered when its sector is covered for ``year`` and ``tco2e`` reaches the sector's
    threshold (inclusive), both from ``covered-sectors.csv``. ``industry_name`` only labels the
    code in the reason (``C17 纺织业``).
    """
    sector, exact = _sector_of(industry_code)
    covered_now = _covered_list_zh(year)
    if sector is None:
        return EtsCoverage(
            False,
            None,
            f"所属行业（{_label(industry_code, industry_name)}）不属于{year}年度全国碳市场覆盖行业"
            f"（{covered_now}），不论排放量多少均不纳入。",
        )
    if year < sector.first_emission_year:
        return EtsCoverage(
            False,
            sector,
            f"{sector.name_zh}行业自{sector.first_emission_year}年度排放起纳入全国碳市场，"
            f"{year}年度尚未覆盖（当年覆盖行业：{covered_now}）。",
        )
    caveat = None
    if not exact:
        caveat = (
            f"平台按行业大类 {sector.division} 判断；全国碳市场仅覆盖其中的"
            f"{'、'.join(sector.classes)}（GB/T 4754-2017），"
            "是否列入重点排放单位名录以生态环境部公布的名录为准。"
        )
    if tco2e < sector.threshold_tco2e:
        return EtsCoverage(
            False,
            sector,
            f"属于全国碳市场覆盖行业 {sector.label_zh}，"
            f"但年直接排放（范围一） {tco2e:,.2f} tCO2e "
            f"低于纳入门槛 {sector.threshold_tco2e:,.0f} tCO2e。",
            caveat,
        )
    return EtsCoverage(
        True,
        sector,
        f"属于全国碳市场覆盖行业 {sector.label_zh}，"
        f"且年直接排放（范围一） {tco2e:,.2f} tCO2e "
        f"达到纳入门槛 {sector.threshold_tco2e:,.0f} tCO2e。",
        caveat,
    )
