"""The evaluation report's sentences, read back from the files an official receives.

A hand-built world (no database): one indicator for each status and each direction — a
reduction counted from the baseline (…降低), an indicator to reduce, one to raise, a count, one
whose forecast rounds onto its target, one with no data — assessed by the real rules
(:func:`progress.assess`), composed into a report and printed as PDF and Word. The text is read
back with ``pdftotext`` and python-docx and must hold each sentence below, derived by hand, and
no placeholder or self-contradiction. The Word file's page is checked against GB/T 9704-2012.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from shuangtan.city.targets import report
from shuangtan.city.targets.areas import AREAS
from shuangtan.city.targets.charts import round_axis
from shuangtan.city.targets.indicator_progress import IndicatorProgress, YearProgress
from shuangtan.city.targets.progress import Status, assess, linear_forecast
from shuangtan.city.targets.report_text import forecast_value, meets_as_printed

AREA_ZH = {a.key: a.name_zh for a in AREAS}


def _row(
    id: str,
    name: str,
    *,
    year: int,
    unit: str,
    direction: str,
    series: dict[int, float],
    target: float | None,
    baseline: float | None = None,
    area: str = "overall",
    department: str = "",
    section: str = "1",
) -> IndicatorProgress:
    assessment = assess(
        year=year,
        direction=direction,
        baseline_year=2020 if baseline is not None else None,
        baseline=baseline,
        target_year=2025,
        target=target,
        observations=sorted(series.items()),
    )
    return IndicatorProgress(
        id=id,
        section=section,
        area_key=area,
        area_zh=AREA_ZH[area],
        name_zh=name,
        name_en=id,
        unit=unit,
        direction=direction,
        baseline_year=2020 if baseline is not None else None,
        baseline_value=baseline,
        target_year=2025,
        target_value=target,
        target_origin="plan",
        target_note="",
        reduction_pct=None,
        department=department,
        computed=False,
        series={y: v for y, v in series.items() if y <= year},
        source_note=None,
        attachment_id=None,
        assessment=assessment,
    )


def _world(year: int) -> list[IndicatorProgress]:
    """The indicators of the hand-built plan, assessed in ``year`` (2023 or the final 2025)."""
    return [
        # a reduction from the 2020 baseline (value 0) to 18 % by 2025, 3 points a year:
        # 2023 path 18 × 3/5 = 10.8, share 9/10.8 = 83.3 % → off track; trend 15 in 2025;
        # in 2025 the value 15.00 misses 18.00
        _row(
            "carbon_intensity_reduction",
            "甲强度降低",
            year=year,
            unit="%",
            direction="up",
            baseline=0,
            target=18,
            series={2021: 3, 2022: 6, 2023: 9, 2024: 12, 2025: 15},
        ),
        # to reduce, 0.5 → 0.4: 2023 path 0.5 − 0.1 × 3/5 = 0.44; 0.43 is −14.0 % on 2020,
        # share 0.07/0.06 = 116.7 % → on track (headline sentence)
        _row(
            "energy_intensity",
            "乙能耗强度",
            year=year,
            unit="tce/10^4 CNY",
            direction="down",
            baseline=0.5,
            target=0.4,
            series={2021: 0.48, 2022: 0.46, 2023: 0.43, 2025: 0.39},
        ),
        # to reduce, but allowed to grow to a cap of 45 %: 41 is under the path's 43 → on
        # track; it rose 1.00 point on 2020 (上升, never 提高)
        _row(
            "share_cap",
            "丙高耗能占比",
            year=year,
            unit="%",
            direction="down",
            baseline=40,
            target=45,
            series={2023: 41},
            area="industry",
        ),
        # to raise, 50 → 60: 2023 path 56; 57 is +7.00 points, share 7/6 = 116.7 % → on track;
        # in 2025, 60.001 prints 60.00 and meets 60.00
        _row(
            "share_up",
            "丁清洁能源占比",
            year=year,
            unit="%",
            direction="up",
            baseline=50,
            target=60,
            series={2023: 57, 2025: 60.001},
            area="energy",
        ),
        # no baseline, target 8 %: 7.998 in 2022 and 2023 (trend 7.998, 99.975 % of the
        # target → at risk), printed 8.00: it meets 8.00 as printed
        _row(
            "rounding",
            "戊替代比例",
            year=year,
            unit="%",
            direction="up",
            target=8,
            series={2022: 7.998, 2023: 7.998},
            area="buildings",
            department="市住建局",
            section="3.(3)",
        ),
        # a count, target 20: 16 (2021), 17 (2023) → trend 18 in 2025 (90 %) → at risk
        _row(
            "count",
            "己示范项目",
            year=year,
            unit="count",
            direction="up",
            target=20,
            series={2021: 16, 2023: 17},
            area="transport",
            section="3.(4)",
        ),
        # no value at all → not assessed, listed as missing data
        _row(
            "empty",
            "庚覆盖率",
            year=year,
            unit="%",
            direction="up",
            target=100,
            series={},
            area="sinks",
        ),
    ]


def _data(year: int, kind: str) -> report.ReportData:
    rows = _world(year)
    counts = {s.value: sum(1 for r in rows if r.status is s) for s in Status}
    progress = YearProgress(year=year, base_year=2020, indicators=rows, counts=counts)
    return report.compose(
        progress,
        [],
        kind=kind,
        final_year=2025,
        city_zh="示例市",
        generated_at=datetime(2026, 3, 1, 18, 30, tzinfo=UTC),  # 2 March in Beijing
    )


EXPECTED_2023 = [
    # 一、总体情况: the headline indicators
    "规划共设7项指标。截至2023年，可评估6项，其中进度正常3项、进度预警2项、进度滞后1项；"
    "暂无法评估1项。",
    "甲强度2023年较2020年降低9.00%，完成进度83.3%，进度滞后。",
    "乙能耗强度2023年为0.430吨标准煤/万元，较2020年下降14.0%，完成进度116.7%，进度正常。",
    # 二、主要成效
    "丙高耗能占比2023年为41.00%，较2020年上升1.00个百分点。",
    "丁清洁能源占比2023年为57.00%，较2020年提高7.00个百分点，完成进度116.7%。",
    # 四、存在问题
    "1.甲强度降低进度滞后：2023年较2020年降低9.00%，进度要求降低10.80%（完成进度83.3%）；"
    "按现有趋势预计2025年较2020年降低15.00%，难以完成降低18.00%的目标。",
    "2.戊替代比例进度预警：2023年为8.00%（达到目标值的100.0%）；"
    "按现有趋势预计2025年为8.00%，可以完成目标8.00%。",
    "3.己示范项目进度预警：2023年为17个（达到目标值的85.0%）；"
    "按现有趋势预计2025年为18个，难以完成目标20个。",
    "4.1项指标2023年尚未填报数据：庚覆盖率。",
    # 五、下一步工作: a department only where one is named
    "1.针对甲强度降低，严格落实能耗“双控”",
    "2.针对戊替代比例，由市住建局牵头，推进建造行业低碳化发展",
    "3.针对己示范项目，优化交通运输能源结构",
    "2026年3月2日",
]
EXPECTED_2025 = [
    "甲强度2025年较2020年降低15.00%，未完成2025年降低18.00%的目标，进度滞后。",
    "丁清洁能源占比2025年为60.00%，较2020年提高10.00个百分点，已完成2025年目标60.00%。",
    # in the target year the path is the target: said once
    "甲强度降低进度滞后：2025年较2020年降低15.00%（完成进度83.3%），未完成2025年降低18.00%的目标。",
]
NEVER = ("待确定", "规划未明确", "责任部门", "提高9.00", "提高15.00", "Evaluation", "evaluation")
CONTRADICTION = re.compile(r"预计\d{4}年为([\d,.]+)([^，]*)，难以完成目标\1\2")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    assert shutil.which("pdftotext"), "poppler-utils is installed by `make system-deps`"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return [page for page in done.stdout.split("\f") if page.strip()]


def _body(pages: Sequence[str]) -> str:
    """The pages' text without the page numbers, which may fall inside a sentence."""
    return "".join(re.sub(r"(?m)^\s*—\s*\d+\s*—\s*$", "", page) for page in pages)


def _docx(data: report.ReportData) -> Any:
    from docx import Document

    return Document(io.BytesIO(report.render_docx(data)))


def _docx_text(document: Any) -> str:
    return "".join(p.text for p in document.paragraphs)


def _assert_sentences(text: str, expected: Sequence[str]) -> None:
    flat = _flat(text)
    for sentence in expected:
        assert _flat(sentence) in flat, sentence
    for word in NEVER:
        assert word not in flat, word
    assert not CONTRADICTION.search(flat), CONTRADICTION.search(flat)


class TestSentences:
    @pytest.mark.parametrize(("year", "kind"), [(2023, "midterm"), (2025, "final")])
    def test_each_status_reads_back_from_the_pdf_and_the_word_file(
        self, year: int, kind: str, tmp_path: Path
    ) -> None:
        data = _data(year, kind)
        expected = EXPECTED_2023 if year == 2023 else EXPECTED_2025
        _assert_sentences(_body(_pdf_pages(report.render_pdf(data), tmp_path)), expected)
        _assert_sentences(_docx_text(_docx(data)), expected)

    def test_the_statuses_are_those_derived_by_hand(self) -> None:
        statuses = {r.id: r.status for r in _world(2023)}
        assert statuses == {
            "carbon_intensity_reduction": Status.off_track,
            "energy_intensity": Status.on_track,
            "share_cap": Status.on_track,
            "share_up": Status.on_track,
            "rounding": Status.at_risk,
            "count": Status.at_risk,
            "empty": Status.not_assessed,
        }

    def test_a_forecast_is_judged_as_printed(self) -> None:
        # 7.998 prints 8.00: it meets 8.00 for an indicator to raise and to reduce
        assert meets_as_printed(7.998, 8, "up", "%") is True
        assert meets_as_printed(8.004, 8, "down", "%") is True
        assert meets_as_printed(7.994, 8, "up", "%") is False  # 7.99
        assert meets_as_printed(None, 8, "up", "%") is None

    def test_points_on_a_line_forecast_the_line_exactly(self) -> None:
        # 5.44, 6.08, 6.72, 7.36 rise 0.64 a year: 2025 is 8 exactly (not 7.999999999999998),
        # so a target of 8 is met and the status is not 'at risk' by floating-point noise
        points = [(2021, 5.44), (2022, 6.08), (2023, 6.72), (2024, 7.36)]
        assert linear_forecast(points, 2025) == 8.0
        result = assess(
            year=2024,
            direction="up",
            baseline_year=None,
            baseline=None,
            target_year=2025,
            target=8,
            observations=points,
        )
        assert result.status is Status.on_track and result.forecast_meets_target

    def test_a_count_forecast_is_rounded_towards_the_bad_side(self) -> None:
        # a trend of 19.5 factories has not reached 20; a cap's 19.5 is over 19
        row = _world(2023)[5]
        assert row.assessment.forecast == pytest.approx(18)
        half = _row(
            "c",
            "计数",
            year=2023,
            unit="count",
            direction="up",
            target=20,
            series={2021: 16.5, 2023: 18},
        )  # trend 2025: 19.5
        assert forecast_value(half) == 19
        down = _row(
            "d",
            "计数",
            year=2023,
            unit="count",
            direction="down",
            target=20,
            series={2021: 22.5, 2023: 21},
        )  # trend 2025: 19.5
        assert forecast_value(down) == 20


class TestRoundAxis:
    @pytest.mark.parametrize(
        ("largest", "ticks"),
        [
            (0.427, [0, 0.1, 0.2, 0.3, 0.4, 0.5]),
            (2626, [0, 1000, 2000, 3000]),
            (18, [0, 5, 10, 15, 20]),
            (0.17, [0, 0.05, 0.1, 0.15, 0.2]),
        ],
    )
    def test_ticks_are_one_two_or_five_times_a_power_of_ten(
        self, largest: float, ticks: list[float]
    ) -> None:
        assert round_axis(largest)[0] == pytest.approx(ticks)


class TestLayout:
    def test_the_word_file_has_the_page_of_gb_t_9704(self) -> None:
        document = _docx(_data(2023, "midterm"))
        section = document.sections[0]
        # GB/T 9704-2012 §5: A4, top 37 mm, left 28 mm, text block 156 × 225 mm
        # (Word stores twentieths of a point: 210 mm is 11,906, within 0.01 mm)
        page = [section.page_width, section.page_height]
        margins = [section.top_margin, section.bottom_margin]
        margins += [section.left_margin, section.right_margin]
        assert [length.mm for length in page] == pytest.approx([210, 297], abs=0.01)
        assert [length.mm for length in margins] == pytest.approx([37, 35, 28, 26], abs=0.01)
        # §7.5: — N — on every page, odd pages right and even pages left
        assert document.settings.odd_and_even_pages_header_footer
        for footer in (section.footer, section.even_page_footer):
            fields = [e.text.strip() for e in footer._element.iter(qn("w:instrText"))]
            assert fields == ["PAGE"] and footer.paragraphs[0].text == "— 1 —"
        styles = {p.text: p.style.name for p in document.paragraphs}
        assert styles["一、总体情况"] == "Heading 1" and styles["五、下一步工作"] == "Heading 1"
        assert styles["(一)总体目标(能耗与碳排放双控)"] == "Heading 2"

        def east_asia(style: str) -> str:
            fonts = document.styles[style].element.rPr.find(qn("w:rFonts"))
            return str(fonts.get(qn("w:eastAsia")))

        # 一级 黑体, 二级 楷体, body 仿宋, all 三号 (16 pt)
        assert [east_asia(s) for s in ("Heading 1", "Heading 2", "Normal")] == [
            "黑体",
            "楷体",
            "仿宋",
        ]
        assert document.styles["Normal"].font.size == Pt(16)
        assert document.styles["Heading 2"].font.size == Pt(16)
        assert "Evaluation" not in _docx_text(document)

    def test_every_pdf_page_is_a4_and_numbered(self, tmp_path: Path) -> None:
        pdf = report.render_pdf(_data(2023, "midterm"))
        pages = _pdf_pages(pdf, tmp_path)
        for number, page in enumerate(pages, start=1):
            assert re.search(rf"(?m)^\s*—\s*{number}\s*—\s*$", page), number
        info = subprocess.run(
            ["pdfinfo", str(tmp_path / "report.pdf")], capture_output=True, check=True, text=True
        ).stdout
        assert "595.276 x 841.89" in info  # A4 in points
