from __future__ import annotations

import dataclasses
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import testkit
from shuangtan.audit import count_entries
from shuangtan.audit.models import AuditEntry
from shuangtan.auth.roles import Role
from shuangtan.errors import PermissionDenied
from shuangtan.place.configuration import (
    CityConfigError,
    cities_dir,
    load_city,
    load_city_from,
    sync_city,
)
from shuangtan.place.models import City, County, Indicator, Industry

# GB/T 2260 codes of Jiaxing's seven county-level divisions (Ministry of Civil Affairs list).
JIAXING_COUNTIES = {
    "330402": "南湖区",
    "330411": "秀洲区",
    "330421": "嘉善县",
    "330424": "海盐县",
    "330481": "海宁市",
    "330482": "平湖市",
    "330483": "桐乡市",
}
# plan/indicators.csv has 45 indicator rows (every target and baseline of the plan).
PLAN_INDICATORS = 45
PLAN_INDICATOR_COLUMNS = [
    "id",
    "section",
    "name_zh",
    "name_en",
    "unit",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "direction",
    "note",
]
# 1 city + 7 counties + 17 industries + 45 indicators.
JIAXING_ROWS = 1 + 7 + 17 + PLAN_INDICATORS


class TestLoadCity:
    def test_jiaxing_is_330400_in_zhejiang(self) -> None:
        city = load_city("jiaxing")
        assert (city.code, city.name_zh, city.name_en) == ("330400", "嘉兴市", "Jiaxing")
        assert (city.province_code, city.province_zh) == ("330000", "浙江省")

    def test_jiaxing_has_its_seven_county_level_divisions(self) -> None:
        counties = load_city("jiaxing").counties
        assert {c.code: c.name_zh for c in counties} == JIAXING_COUNTIES
        assert load_city("jiaxing").county("330421").name_en == "Jiashan County"

    def test_every_plan_indicator_is_configured(self) -> None:
        assert len(load_city("jiaxing").indicators) == PLAN_INDICATORS

    def test_indicator_values_are_exact_decimals_and_blanks_are_none(self) -> None:
        intensity = load_city("jiaxing").indicator("energy_intensity")
        assert (intensity.baseline_year, intensity.baseline_value) == (2020, Decimal("0.427"))
        assert (intensity.target_year, intensity.target_value) == (2025, None)
        assert intensity.direction == "down"
        assert load_city("jiaxing").indicator("nonfossil_capacity").target_value == Decimal(1100)

    def test_the_indicator_file_keeps_every_column_of_the_plan_and_a_source(self) -> None:
        header = (cities_dir() / "jiaxing" / "indicators.csv").read_text("utf-8").splitlines()[0]
        assert header.split(",") == [*PLAN_INDICATOR_COLUMNS, "responsible_department", "source"]

    def test_industries_carry_the_plan_and_provincial_flags(self) -> None:
        industries = {i.code: i for i in load_city("jiaxing").industries}
        assert industries["C30"].plan_key_industry == "building_materials"
        assert industries["C30"].energy_intensive
        assert not industries["C18"].energy_intensive
        assert industries["C18"].plan_key_industry is None
        assert sum(i.energy_intensive for i in industries.values()) == 8  # 八大高耗能行业

    def test_the_statistics_ship_with_their_sources(self) -> None:
        gdp = [s for s in load_city("jiaxing").statistics if (s.item, s.year) == ("gdp", 2020)]
        assert gdp[0].decimal == Decimal("5563.58")
        assert "bulletin" in gdp[0].source

    def test_every_row_names_its_source(self) -> None:
        city = load_city("jiaxing")
        rows = [*city.counties, *city.industries, *city.indicators, *city.statistics]
        assert all(row.source for row in rows)

    def test_the_configuration_is_parsed_once_per_process(self) -> None:
        assert load_city("jiaxing") is load_city("jiaxing")

    def test_an_unknown_city_is_an_error(self) -> None:
        with pytest.raises(CityConfigError):
            load_city("atlantis")


def _copy_jiaxing(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(cities_dir() / "jiaxing", folder)
    return folder


class TestLoadCityFrom:
    def test_another_city_is_another_folder(self, tmp_path: Path) -> None:
        folder = _copy_jiaxing(tmp_path)
        (folder / "counties.csv").write_text(
            "code,name_zh,name_en,pinyin,kind,source\n"
            "330421,嘉善县,Jiashan County,Jiāshàn Xiàn,county,GB/T 2260\n",
            encoding="utf-8",
        )
        city = load_city_from(folder)
        assert (city.name, [c.code for c in city.counties]) == ("tiny", ["330421"])

    def test_a_row_without_source_is_refused(self, tmp_path: Path) -> None:
        folder = _copy_jiaxing(tmp_path)
        (folder / "counties.csv").write_text(
            "code,name_zh,name_en,pinyin,kind,source\n330421,嘉善县,Jiashan,x,county,\n",
            encoding="utf-8",
        )
        with pytest.raises(CityConfigError, match="source"):
            load_city_from(folder)

    def test_a_county_of_another_city_is_refused(self, tmp_path: Path) -> None:
        folder = _copy_jiaxing(tmp_path)
        (folder / "counties.csv").write_text(
            "code,name_zh,name_en,pinyin,kind,source\n330102,上城区,Shangcheng,x,district,y\n",
            encoding="utf-8",
        )
        with pytest.raises(CityConfigError, match="330102"):
            load_city_from(folder)


class TestSyncCity:
    def test_the_first_sync_writes_every_row_and_audits_it(self, session: Session) -> None:
        assert sync_city(session=session, config=load_city()) == JIAXING_ROWS
        assert session.execute(select(func.count()).select_from(County)).scalar_one() == 7
        assert session.execute(select(func.count()).select_from(Industry)).scalar_one() == 17
        assert session.execute(select(func.count()).select_from(Indicator)).scalar_one() == 45
        assert count_entries(session=session) == JIAXING_ROWS

    def test_a_second_sync_changes_nothing(self, session: Session) -> None:
        sync_city(session=session, config=load_city())
        session.commit()
        assert sync_city(session=session, config=load_city()) == 0
        assert count_entries(session=session) == JIAXING_ROWS

    def test_values_are_stored_as_exact_decimals(self, session: Session) -> None:
        sync_city(session=session, config=load_city())
        session.commit()
        session.expire_all()
        row = session.get(Indicator, "energy_intensity")
        assert row is not None and row.baseline_value == Decimal("0.427")
        assert session.get(Indicator, "pesticide_intensity").target_value == Decimal("0.17")  # type: ignore[union-attr]
        assert session.get(City, "330400").name_zh == "嘉兴市"  # type: ignore[union-attr]

    def test_a_changed_target_is_one_audited_change(self, session: Session) -> None:
        config = load_city()
        sync_city(session=session, config=config)
        changed = dataclasses.replace(
            config.indicator("forest_coverage"), target_value=Decimal("13")
        )
        indicators = tuple(changed if i.id == changed.id else i for i in config.indicators)
        assert (
            sync_city(session=session, config=dataclasses.replace(config, indicators=indicators))
            == 1
        )
        entry = (
            session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc())).scalars().first()
        )
        assert entry is not None
        assert (entry.action, entry.entity_id) == ("indicator.update", "forest_coverage")
        assert (entry.before, entry.after) == ({"target_value": "12.5"}, {"target_value": "13"})

    def test_a_non_admin_may_not_sync(self, session: Session) -> None:
        official = testkit.principal(Role.official, "330400", user_id=1)
        with pytest.raises(PermissionDenied):
            sync_city(session=session, config=load_city(), actor=official)
