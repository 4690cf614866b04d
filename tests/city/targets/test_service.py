"""The targets service: entering values, computed indicators, settings, county targets,
publication. Figures are published (the plan's 2020 baselines) or derived by hand from the
inventory demo's documented inputs (docs/inventory.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.targets import service
from shuangtan.city.targets.errors import (
    AttachmentRefused,
    ComputedIndicator,
    InvalidValue,
    NotPublished,
    PlanTargetFixed,
    TargetsDenied,
    TargetsOutOfScope,
)
from shuangtan.city.targets.models import IndicatorValue, TargetAttachment
from shuangtan.city.targets.progress import Status

from .conftest import JIASHAN, People

PDF = b"%PDF-1.4\n% test document\n"
# GDP at 2015 prices (10^4 CNY): 2020 = 21,810,000 / 0.427 = 51,077,283 (rounded); the demo's
# volume index 2021 = 1.085 (docs/inventory.md)
GDP15_2020 = 51_077_283
GDP15_2021 = 51_077_283 * 1.085


def _enter(
    session: Session, actor: Principal, indicator_id: str, year: int, value: Any, note: str
) -> IndicatorValue:
    """``service.enter_value`` of ``value`` for ``indicator_id`` in ``year``, from ``note``."""
    return service.enter_value(
        session=session,
        actor=actor,
        indicator_id=indicator_id,
        year=year,
        value=value,
        source_note=note,
    )


def _rows(session: Session, year: int) -> dict[str, service.IndicatorProgress]:
    data = service.progress(session=session, actor=None, year=year)
    return {r.id: r for r in data.indicators}


class TestComputedIndicators:
    def test_2020_reproduces_the_plans_published_baselines(
        self, session: Session, inventory: None
    ) -> None:
        rows = _rows(session, 2020)
        # the plan: 0.427 tce per 10^4 CNY (2015 prices), 2181 × 10^4 tce
        assert rows["energy_intensity"].series[2020] == pytest.approx(0.427, abs=1e-6)
        assert rows["energy_consumption_total"].series[2020] == pytest.approx(2181)
        assert rows["carbon_intensity_reduction"].series[2020] == pytest.approx(0.0)

    def test_2021_energy_and_intensity_follow_the_inventory(
        self, session: Session, inventory: None
    ) -> None:
        rows = _rows(session, 2021)
        # demo 2021 energy 23,010,000 tce → 2301 ×10^4 tce; intensity 23,010,000 / GDP15_2021
        assert rows["energy_consumption_total"].assessment.actual == pytest.approx(2301)
        assert rows["energy_intensity"].assessment.actual == pytest.approx(
            23_010_000 / GDP15_2021, rel=1e-6
        )

    def test_typing_a_computed_indicator_is_refused_and_nothing_is_written(
        self, session: Session, people: People
    ) -> None:
        with pytest.raises(ComputedIndicator) as error:
            _enter(session, people.city, "energy_intensity", 2022, "0.4", "统计公报")
        assert "自动计算" in error.value.message_zh
        assert session.scalar(select(func.count()).select_from(IndicatorValue)) == 0


class TestEnterValue:
    def test_a_typed_value_is_stored_with_its_source_and_assessed(
        self, session: Session, people: People
    ) -> None:
        _enter(session, people.city, "green_factories", 2022, 120, "市经信局 2022 年绿色工厂名单")
        _enter(session, people.city, "green_factories", 2023, 170, "市经信局 2023 年绿色工厂名单")
        row = _rows(session, 2023)["green_factories"]
        # no baseline: completion 170 / 300 = 56.67 %; forecast slope 50/yr → 2025: 270;
        # 270 / 300 = 90 % → at risk
        assert row.assessment.share_pct == pytest.approx(56.6667, abs=1e-4)
        assert row.assessment.forecast == pytest.approx(270)
        assert row.status is Status.at_risk
        assert row.source_note == "市经信局 2023 年绿色工厂名单"

    def test_a_second_entry_corrects_the_first(self, session: Session, people: People) -> None:
        for value in ("100", "110"):
            _enter(session, people.city, "green_factories", 2022, value, "名单")
        assert _rows(session, 2022)["green_factories"].assessment.actual == 110

    @pytest.mark.parametrize(
        ("indicator_id", "value"),
        [("forest_coverage", "120"), ("green_factories", "2.5"), ("jiashan_peak", "2")],
    )
    def test_a_value_out_of_its_units_range_is_refused(
        self, session: Session, people: People, indicator_id: str, value: str
    ) -> None:
        with pytest.raises(InvalidValue):
            _enter(session, people.city, indicator_id, 2022, value, "来源")

    def test_a_value_without_a_source_is_refused(self, session: Session, people: People) -> None:
        with pytest.raises(InvalidValue) as error:
            _enter(session, people.city, "green_factories", 2022, 1, " ")
        assert "来源" in error.value.message_zh

    def test_a_county_official_may_not_enter_city_values(
        self, session: Session, people: People
    ) -> None:
        with pytest.raises(TargetsOutOfScope):
            _enter(session, people.jiashan, "green_factories", 2022, 1, "来源")

    def test_a_resident_may_not_read_progress(self, session: Session, people: People) -> None:
        with pytest.raises(TargetsDenied):
            service.progress(session=session, actor=people.enterprise, year=2022)


class TestSetIndicator:
    def test_a_provincial_quota_entered_as_a_reduction_drives_the_path(
        self, session: Session, people: People, inventory: None
    ) -> None:
        service.set_indicator(
            session=session,
            actor=people.city,
            indicator_id="energy_intensity",
            reduction_pct="14",
            source_note="省下达“十四五”能耗强度降低目标(示例)",
        )
        row = _rows(session, 2021)["energy_intensity"]
        # target 0.427 × (1 − 0.14) = 0.36722; expected 2021 = 0.427 − 0.05978 / 5 = 0.415044
        assert row.target_value == pytest.approx(0.36722)
        assert row.assessment.expected == pytest.approx(0.415044)
        actual = 23_010_000 / GDP15_2021
        share = (actual - 0.427) / (0.415044 - 0.427) * 100
        assert row.assessment.share_pct == pytest.approx(share, rel=1e-5)

    def test_a_target_the_plan_gives_cannot_be_overridden(
        self, session: Session, people: People
    ) -> None:
        with pytest.raises(PlanTargetFixed):
            service.set_indicator(
                session=session,
                actor=people.city,
                indicator_id="green_factories",
                target_value="400",
                source_note="来源",
            )

    def test_a_department_can_be_named_where_the_plan_names_none(
        self, session: Session, people: People
    ) -> None:
        service.set_indicator(
            session=session,
            actor=people.city,
            indicator_id="green_factories",
            responsible_department="市经信局",
            source_note="市政府分工方案(示例)",
        )
        assert _rows(session, 2022)["green_factories"].department == "市经信局"
        assert _rows(session, 2022)["forest_coverage"].department == ""


class TestAttachments:
    def test_a_pdf_is_kept_under_its_last_path_part(self, session: Session, people: People) -> None:
        row = service.store_attachment(
            session=session, actor=people.city, filename="../../etc/公报.pdf", content=PDF
        )
        assert (row.filename, row.media_type, row.size_bytes) == ("公报.pdf", "application/pdf", 25)

    @pytest.mark.parametrize(
        ("filename", "content"),
        [
            ("run.exe", b"MZ\x90\x00"),
            ("fake.pdf", b"<script>alert(1)</script>"),
            ("image.png", PDF),
            ("empty.pdf", b""),
            ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)),
        ],
    )
    def test_anything_else_is_refused_and_nothing_is_stored(
        self, session: Session, people: People, filename: str, content: bytes
    ) -> None:
        with pytest.raises(AttachmentRefused):
            service.store_attachment(
                session=session, actor=people.city, filename=filename, content=content
            )
        assert session.scalar(select(func.count()).select_from(TargetAttachment)) == 0


class TestCountyProgress:
    def test_a_cap_follows_the_allowance_rule_with_the_countys_totals(
        self, session: Session, people: People, inventory: None
    ) -> None:
        base = inventory_service.city_totals(session=session, year=2020, county_code=JIASHAN)
        now = inventory_service.city_totals(session=session, year=2022, county_code=JIASHAN)
        assert base.energy_tce is not None and now.energy_tce is not None
        base_10k = float(base.energy_tce) / 1e4
        cap = round(base_10k * 1.2, 2)  # an illustrative cap 20 % above 2020
        service.set_county_target(
            session=session,
            actor=people.city,
            county_code=JIASHAN,
            kind="energy_total_cap",
            target_value=str(cap),
            source_note="示例",
        )
        (row,) = service.county_progress(session=session, actor=people.jiashan, year=2022)
        # path 2022 = base + (cap − base) × 2/5; on track iff the 2022 use is under it
        path = base_10k + (cap - base_10k) * 2 / 5
        assert row.assessment.expected == pytest.approx(path)
        actual = float(now.energy_tce) / 1e4
        assert row.assessment.actual == pytest.approx(actual)
        expected_status = (
            Status.on_track
            if actual <= path
            else Status.at_risk
            if actual <= cap
            else Status.off_track
        )
        assert row.assessment.status is expected_status

    def test_a_county_official_sees_only_its_county(self, session: Session, people: People) -> None:
        for county in (JIASHAN, "330402"):
            service.set_county_target(
                session=session,
                actor=people.city,
                county_code=county,
                kind="carbon_intensity_reduction",
                target_value="18",
                source_note="示例",
            )
        rows = service.county_progress(session=session, actor=people.jiashan, year=2022)
        assert [r.county_code for r in rows] == [JIASHAN]
        with pytest.raises(TargetsOutOfScope):
            service.county_progress(
                session=session, actor=people.jiashan, year=2022, county_code="330402"
            )

    def test_a_reduction_of_100_percent_is_refused(self, session: Session, people: People) -> None:
        with pytest.raises(InvalidValue):
            service.set_county_target(
                session=session,
                actor=people.city,
                county_code=JIASHAN,
                kind="energy_intensity_reduction",
                target_value="100",
                source_note="示例",
            )


class TestPublication:
    def test_an_unpublished_year_is_not_public(self, session: Session, people: People) -> None:
        with pytest.raises(NotPublished):
            service.public_progress(session=session, year=2022)

    def test_the_public_sees_the_values_frozen_at_publication(
        self, session: Session, people: People
    ) -> None:
        _enter(session, people.city, "green_factories", 2022, 120, "名单")
        service.publish(session=session, actor=people.city, year=2022)
        _enter(session, people.city, "green_factories", 2022, 999, "更正")
        snapshot = service.public_progress(session=session, year=2022).snapshot
        row = next(r for r in snapshot["indicators"] if r["id"] == "green_factories")
        assert row["value"] == 120
        service.publish(session=session, actor=people.city, year=2022, published=False)
        with pytest.raises(NotPublished):
            service.public_progress(session=session, year=2022)


class TestDecimalStorage:
    def test_values_are_stored_as_exact_decimals(self, session: Session, people: People) -> None:
        row = _enter(session, people.city, "pesticide_intensity", 2022, "0.183", "农业农村局")
        session.expire(row)
        assert row.value == Decimal("0.183")


class TestMilestones:
    def test_a_milestone_not_yet_due_is_pending_and_missed_in_its_year_is_off_track(
        self, session: Session, people: People
    ) -> None:
        for year in (2022, 2023, 2025):
            _enter(session, people.city, "jiashan_peak", year, 0, "嘉善县发改局")
        pending = _rows(session, 2023)["jiashan_peak"].assessment
        assert (pending.status, pending.reason) == (Status.not_assessed, "milestone_pending")
        # 2025: 0 of the target 1 → completion 0 % → off track
        assert _rows(session, 2025)["jiashan_peak"].status is Status.off_track
