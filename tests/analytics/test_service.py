"""The meter pipeline on DuckDB: hand-derived numbers, the month-to-date table, the refusals.

Factors (cited in tests/analytics/test_factors.py): 0.1229 kgce/kWh (GB/T 2589-2020 Table A.1,
equivalent value) and 0.4974 kgCO2/kWh (Zhejiang 2023, MEE and NBS 公告2025年第47号).
The data set is described in conftest.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from accounts import factories as f
from shuangtan.analytics import errors, service

from .conftest import (
    ENTITY_A,
    ENTITY_B,
    JIASHAN,
    Files,
    base_readings,
    hourly,
    map_rows,
    write_map,
    write_readings,
)

TCE_PER_KWH = 0.1229 / 1000
TCO2_PER_KWH = 0.4974 / 1000


def run(files: Files, **options: object) -> service.AggregateResult:
    return service.aggregate(
        readings=files.readings,
        meter_map=files.meter_map,
        out=files.out,
        region="CN-ZJ",
        **options,  # type: ignore[arg-type]
    )


def read(result: service.AggregateResult, name: str) -> pd.DataFrame:
    return pd.read_parquet(result.path(name))


class TestAggregate:
    def test_daily_energy_standard_coal_and_co2_per_entity_are_the_hand_derived_ones(
        self, files: Files
    ) -> None:
        daily = read(run(files), "daily_entity")
        by = {(str(r.day), r.entity_id): r for r in daily.itertuples()}
        # A on 31 Jan: 24 × (1.5 + 2.5) = 96 kWh; on 1 Feb the same.
        # B on 31 Jan: 24 × 4.0 = 96 kWh; on 1 Feb 12 × 4.0 = 48 kWh.
        expected = {
            ("2023-01-31", ENTITY_A): 96.0,
            ("2023-02-01", ENTITY_A): 96.0,
            ("2023-01-31", ENTITY_B): 96.0,
            ("2023-02-01", ENTITY_B): 48.0,
        }
        assert set(by) == set(expected)
        for key, kwh in expected.items():
            row = by[key]
            assert row.quantity == pytest.approx(kwh, rel=1e-12)
            # 96 kWh × 0.1229 kgce/kWh = 11.7984 kgce = 0.0117984 tce
            assert row.tce == pytest.approx(kwh * TCE_PER_KWH, rel=1e-12)
            # 96 kWh × 0.4974 kgCO2/kWh = 47.7504 kg = 0.0477504 t
            assert row.tco2 == pytest.approx(kwh * TCO2_PER_KWH, rel=1e-12)
            assert row.factor_ids == "grid.mee-nbs.CN-ZJ.2023;tce.electricity.equivalent"
        assert by[("2023-01-31", ENTITY_A)].tce == pytest.approx(0.0117984, rel=1e-9)
        assert by[("2023-02-01", ENTITY_B)].readings == 12
        assert by[("2023-01-31", ENTITY_A)].meter_days == 2

    def test_months_split_at_the_month_boundary(self, files: Files) -> None:
        monthly = read(run(files), "monthly_entity")
        by = {(r.month, r.entity_id): r for r in monthly.itertuples()}
        assert by[(1, ENTITY_A)].quantity == pytest.approx(96.0)
        assert by[(2, ENTITY_B)].quantity == pytest.approx(48.0)
        assert by[(2, ENTITY_B)].days_with_data == 1
        assert str(by[(2, ENTITY_B)].last_day) == "2023-02-01"

    def test_industries_and_counties_sum_their_entities(self, files: Files) -> None:
        result = run(files)
        county = read(result, "monthly_county")
        january = county[(county.month == 1) & (county.county_code == JIASHAN)].iloc[0]
        # both entities are in Jiashan: 96 + 96 kWh in January; 2 entities
        assert january.quantity == pytest.approx(192.0)
        assert january.tco2 == pytest.approx(192.0 * TCO2_PER_KWH, rel=1e-12)
        assert january.entities == 2
        industry = read(result, "daily_industry")
        c22 = industry[(industry.industry_code == "C22")].sort_values("day")
        assert list(c22.quantity) == pytest.approx([96.0, 48.0])

    def test_the_month_to_date_projection_is_the_daily_average_times_the_days_of_the_month(
        self, files: Files
    ) -> None:
        mtd = read(run(files), "month_to_date")
        february = mtd[mtd.month == 2].set_index("entity_id")
        # February 2023 has 28 days; one day with readings in each month so far.
        assert february.loc[ENTITY_A, "days_in_month"] == 28
        assert february.loc[ENTITY_A, "projected_quantity"] == pytest.approx(96.0 * 28)  # 2688
        assert february.loc[ENTITY_B, "projected_quantity"] == pytest.approx(48.0 * 28)  # 1344
        assert february.loc[ENTITY_B, "projected_tce"] == pytest.approx(1344 * TCE_PER_KWH)
        january = mtd[mtd.month == 1].set_index("entity_id")
        assert january.loc[ENTITY_A, "projected_quantity"] == pytest.approx(96.0 * 31)  # 2976
        assert not january.loc[ENTITY_A, "complete"]
        # no database given: nothing reported to compare with
        assert mtd["reported_quantity"].isna().all() and mtd["gap_pct"].isna().all()

    def test_a_csv_of_readings_gives_the_same_numbers_as_parquet(
        self, files: Files, tmp_path: Path
    ) -> None:
        files.readings = write_readings(tmp_path / "readings.csv", base_readings())
        daily = read(run(files), "daily_entity")
        assert sorted(daily.quantity) == pytest.approx([48.0, 96.0, 96.0, 96.0])

    def test_a_folder_of_files_is_read_as_one_data_set(self, files: Files, tmp_path: Path) -> None:
        folder = tmp_path / "parts"
        folder.mkdir()
        rows = base_readings()
        write_readings(folder / "a.parquet", rows[:50])
        write_readings(folder / "b.parquet", rows[50:])
        files.readings = folder
        assert run(files).quality.readings == 48 + 48 + 36

    def test_exact_duplicates_are_counted_once_and_reported(self, files: Files) -> None:
        rows = base_readings() + hourly("M1", "2023-01-31 05:00", 3, 1.5)  # sent twice
        write_readings(files.readings, rows)
        result = run(files)
        daily = read(result, "daily_entity")
        a = daily[(daily.entity_id == ENTITY_A) & (daily.day.astype(str) == "2023-01-31")]
        assert a.quantity.iloc[0] == pytest.approx(96.0)  # not 96 + 3 × 1.5
        assert result.quality.duplicates_dropped == 3
        assert result.quality.duplicate_meter_days == 1
        quality = json.loads((files.out / "quality.json").read_text(encoding="utf-8"))
        assert quality["duplicates_dropped"] == 3

    def test_the_factors_used_are_written_with_their_sources(self, files: Files) -> None:
        factors = read(run(files), "factors")
        assert set(factors.factor_id) == {"grid.mee-nbs.CN-ZJ.2023", "tce.electricity.equivalent"}
        assert (
            factors.set_index("factor_id")
            .loc["tce.electricity.equivalent", "source"]
            .startswith("GB/T 2589-2020")
        )


class TestAggregateRefusals:
    def test_a_meter_missing_from_the_map_is_refused_by_name(self, files: Files) -> None:
        write_readings(files.readings, base_readings() + hourly("M9", "2023-01-31 00:00", 2, 1.0))
        with pytest.raises(errors.UnknownMeter) as refused:
            run(files)
        assert "M9 (2)" in refused.value.message_en and "M9" in refused.value.message_zh
        assert "readings.parquet" in refused.value.message_en
        assert not (files.out / "daily_entity.parquet").exists()

    def test_readings_in_another_unit_than_the_map_are_refused(self, files: Files) -> None:
        write_readings(
            files.readings, base_readings() + hourly("M2", "2023-02-02 00:00", 1, 0.002, "MWh")
        )
        with pytest.raises(errors.WrongUnit) as refused:
            run(files)
        assert "M2 reads 'MWh', the map says 'kWh'" in refused.value.message_en

    def test_a_negative_quantity_is_refused_naming_meter_and_timestamp(self, files: Files) -> None:
        rows = base_readings()
        rows[5] = ("M1", pd.Timestamp("2023-01-31 05:00"), -1.5, "kWh")
        write_readings(files.readings, rows)
        with pytest.raises(errors.InvalidQuantity) as refused:
            run(files)
        assert "M1 @ 2023-01-31 05:00:00: -1.5" in refused.value.message_en
        assert refused.value.status == 422

    def test_two_different_quantities_for_one_meter_and_hour_are_refused(
        self, files: Files
    ) -> None:
        rows = [*base_readings(), ("M3", pd.Timestamp("2023-01-31 07:00"), 9.0, "kWh")]
        write_readings(files.readings, rows)
        with pytest.raises(errors.ConflictingDuplicates) as refused:
            run(files)
        assert "M3 @ 2023-01-31 07:00:00: 4.0 / 9.0" in refused.value.message_en

    def test_a_reading_without_a_timestamp_is_refused(self, files: Files) -> None:
        write_readings(files.readings, [*base_readings(), ("M2", pd.NaT, 1.0, "kWh")])
        with pytest.raises(errors.InvalidTimestamp) as refused:
            run(files)
        assert "1 readings have no timestamp (meters M2)" in refused.value.message_en

    def test_a_meter_twice_in_the_map_is_refused_naming_the_line(self, files: Files) -> None:
        write_map(files.meter_map, [*map_rows(), map_rows()[0]])
        with pytest.raises(errors.InvalidMap) as refused:
            run(files)
        # header is line 1; the fourth data row is line 5
        assert refused.value.message_en == "meters.csv line 5: meter M1 appears twice in the map"

    def test_an_unknown_carrier_in_the_map_is_refused(self, files: Files) -> None:
        rows = map_rows()
        rows[1]["carrier"] = "steam"
        write_map(files.meter_map, rows)
        with pytest.raises(errors.InvalidMap) as refused:
            run(files)
        assert refused.value.message_en.startswith(
            "meters.csv line 3: meter M2 has unknown carrier"
        )

    def test_a_map_without_places_needs_the_database(self, files: Files) -> None:
        write_map(files.meter_map, map_rows(places=False))
        with pytest.raises(errors.InvalidMap):
            run(files)

    def test_a_missing_readings_file_is_refused(self, files: Files, tmp_path: Path) -> None:
        files.readings = tmp_path / "nothing.parquet"
        with pytest.raises(errors.InputNotReadable):
            run(files)


class TestAggregateWithTheAccounts:
    def test_places_come_from_the_entities_and_the_gap_from_their_reports(
        self, files: Files, session: Session
    ) -> None:
        f.city(session)
        a = f.make_entity(session, county_code=f.JIASHAN, industry_code="C17")
        b = f.make_entity(session, county_code=f.NANHU, industry_code="C22")
        write_map(files.meter_map, map_rows(a.id, b.id, places=False))
        electricity = {"activity": "purchased_electricity", "item": None}
        # A reported 2.5 MWh = 2500 kWh for February 2023; B 1000 kWh.
        f.make_report(
            session, a, year=2023, month=2, lines=[{**electricity, "quantity": 2.5, "unit": "MWh"}]
        )
        f.make_report(
            session, b, year=2023, month=2, lines=[{**electricity, "quantity": 1000, "unit": "kWh"}]
        )
        mtd = read(run(files, session=session), "month_to_date")
        february = mtd[mtd.month == 2].set_index("entity_id")
        assert february.loc[b.id, "county_code"] == f.NANHU
        assert february.loc[a.id, "reported_quantity"] == pytest.approx(2500.0)
        # A: projected 96 × 28 = 2688 kWh; gap (2688 − 2500) / 2500 × 100 = 7.52 %
        assert february.loc[a.id, "gap_pct"] == pytest.approx(7.52, rel=1e-9)
        # B: projected 48 × 28 = 1344 kWh; gap (1344 − 1000) / 1000 × 100 = 34.4 %
        assert february.loc[b.id, "gap_pct"] == pytest.approx(34.4, rel=1e-9)
        assert february.loc[a.id, "report_status"] == "draft"
        # January has no report: nothing to compare
        assert mtd[mtd.month == 1]["gap_pct"].isna().all()

    def test_an_entity_the_accounts_do_not_hold_is_refused(
        self, files: Files, session: Session
    ) -> None:
        f.city(session)
        a = f.make_entity(session)
        write_map(files.meter_map, map_rows(a.id, 999_999, places=False))
        with pytest.raises(errors.UnknownEntity) as refused:
            run(files, session=session)
        assert "999999" in refused.value.message_en
