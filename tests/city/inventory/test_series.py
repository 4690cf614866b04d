"""The inventory's time series: one method every year, 2020 recalculated on the 2021 vintage.

Every number is derived by hand from the MEE/NBS provincial electricity CO2 factors of
Zhejiang (location-based, tCO2/MWh = kgCO2/kWh): 2021 0.5422 (公告2024年第12号), 2022 0.5153
(公告2024年第33号), 2023 0.4974 (公告2025年第47号). No factor is published for 2020; the
national ETS reporting factor 0.6101 of 2019–2020 belongs to another method and must not enter
the series (with it 2020 → 2021 fell by 1 − 0.5422/0.6101 = 11.1 % on identical activity).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import testkit
from shuangtan.audit.models import AuditEntry
from shuangtan.city.inventory import entries, gpc, series
from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.inventory.models import EnergyBalanceEntry, GenerationEntry

from .conftest import JIASHAN, World

SIX = Decimal("0.000001")


def electricity(session: Session, year: int, mwh: str, sector: str = "services") -> None:
    data = {"year": year, "area_code": JIASHAN, "sector": sector, "carrier": "electricity"}
    data |= {"quantity": mwh, "unit": "MWh", "source_note": "test"}
    entries.record(session=session, actor=None, kind="energy", data=data)


def co2(session: Session, year: int) -> Decimal | None:
    totals = inventory_service.city_totals(session=session, year=year, county_code=JIASHAN)
    return totals.energy_co2_t


class TestVintageOfEachYear:
    @pytest.mark.parametrize(
        ("year", "factor_id", "value", "recalculated"),
        [
            (2019, "grid.mee-nbs.CN-ZJ.2021", 0.5422, True),  # before the first: backcast
            (2020, "grid.mee-nbs.CN-ZJ.2021", 0.5422, True),
            (2021, "grid.mee-nbs.CN-ZJ.2021", 0.5422, False),
            (2022, "grid.mee-nbs.CN-ZJ.2022", 0.5153, False),
            (2023, "grid.mee-nbs.CN-ZJ.2023", 0.4974, False),
            (2024, "grid.mee-nbs.CN-ZJ.2023", 0.4974, True),  # not yet published: carried
            (2025, "grid.mee-nbs.CN-ZJ.2023", 0.4974, True),
        ],
    )
    def test_every_year_is_on_the_mee_nbs_zhejiang_family(
        self, city: Session, year: int, factor_id: str, value: float, recalculated: bool
    ) -> None:
        used = series.vintage(city, year)
        assert (used.factor_set, used.family, used.region) == ("cn-default", "mee-nbs", "CN-ZJ")
        assert (used.factor_id, used.value, used.recalculated) == (factor_id, value, recalculated)
        assert (used.first_published, used.latest_published) == (2021, 2023)

    def test_the_2020_note_says_it_was_recalculated_with_2021(self, city: Session) -> None:
        used = series.vintage(city, 2020)
        assert used.vintage_year == 2021
        assert "2021" in used.note_zh and "重算" in used.note_zh
        assert "recalculated with the 2021 factor 0.5422" in used.note_en
        carried = series.vintage(city, 2024)
        assert "2023" in carried.note_en and "recalculated when its own factor" in carried.note_en


class TestNoChangeFromAFactorSwitch:
    def test_2020_scope_2_is_its_mwh_times_the_2021_zhejiang_factor(self, city: Session) -> None:
        electricity(city, 2020, "1234.5")
        # 1234.5 MWh × 0.5422 tCO2/MWh = 669.3459 t (not × 0.6101 = 753.16845)
        assert co2(city, 2020) == Decimal("669.3459")
        row = city.scalars(select(EnergyBalanceEntry)).one()
        assert row.factor_set == "cn-default"
        assert "grid.mee-nbs.CN-ZJ.2021" in {f["id"] for f in row.factors}

    def test_identical_activity_in_2020_and_2021_gives_identical_co2(self, city: Session) -> None:
        for year in (2020, 2021):
            electricity(city, year, "1000")
        # both 1000 MWh × 0.5422 = 542.2 t: the change 2020 → 2021 is 0 %
        assert co2(city, 2020) == co2(city, 2021) == Decimal("542.2")
        cells = [
            gpc.inventory(session=city, year=y, county_code=JIASHAN).cell("I.2.2")  # type: ignore[union-attr]
            for y in (2020, 2021)
        ]
        assert cells[0].tco2e == cells[1].tco2e == Decimal("542.2")

    def test_identical_activity_in_2023_and_2024_gives_identical_co2(self, city: Session) -> None:
        for year in (2023, 2024):
            electricity(city, year, "1000")
        # 2024 is not published: both 1000 MWh × 0.4974 = 497.4 t
        assert co2(city, 2023) == co2(city, 2024) == Decimal("497.4")

    def test_published_years_change_only_with_the_grid(self, city: Session) -> None:
        for year in (2021, 2022):
            electricity(city, year, "1000")
        # one method, two published years: 542.2 t and 1000 × 0.5153 = 515.3 t
        assert (co2(city, 2021), co2(city, 2022)) == (Decimal("542.2"), Decimal("515.3"))

    def test_transport_charging_in_2020_uses_the_same_vintage(self, city: Session) -> None:
        data = {"year": 2020, "area_code": JIASHAN, "activity": "road_electricity"}
        data |= {"quantity": "200", "unit": "MWh", "source_note": "test"}
        entries.record(session=city, actor=None, kind="activity", data=data)
        inventory = gpc.inventory(session=city, year=2020, county_code=JIASHAN)
        assert inventory is not None
        # 200 MWh × 0.5422 = 108.44 t in II.1.2 (on-road, grid-supplied)
        assert inventory.cell("II.1.2").tco2e == Decimal("108.44")
        assert inventory.vintage is not None and inventory.vintage.vintage_year == 2021


class TestStoredUnderAnOlderRule:
    def _stale(self, session: Session, **changes: Any) -> EnergyBalanceEntry:
        electricity(session, 2020, "1000")
        row = session.scalars(select(EnergyBalanceEntry)).one()
        for name, value in changes.items():
            setattr(row, name, value)
        session.flush()
        return row

    def test_a_row_of_the_national_ets_rule_is_recomputed_on_read(self, city: Session) -> None:
        old = [{"id": "grid.cn-ets-reporting.CN.2019-2020", "value": 0.6101}]
        # what the platform stored before: 1000 MWh × 0.6101 = 610.1 t under cn-ets-reporting
        self._stale(city, factor_set="cn-ets-reporting", co2_t=Decimal("610.1"), factors=old)
        assert co2(city, 2020) == Decimal("542.2")
        inventory = gpc.inventory(session=city, year=2020, county_code=JIASHAN)
        assert inventory is not None and inventory.recomputed_rows == 1
        assert inventory.cell("I.2.2").tco2e == Decimal("542.2")

    def test_a_row_whose_factor_value_changed_is_recomputed(self, city: Session) -> None:
        changed = [{"id": "grid.mee-nbs.CN-ZJ.2021", "value": 0.6}]
        self._stale(city, co2_t=Decimal("600"), factors=changed)
        assert co2(city, 2020) == Decimal("542.2")  # 1000 × the shipped 0.5422

    def test_recalculate_stores_the_figures_once_and_audits(self, city: Session) -> None:
        old = [{"id": "grid.cn-ets-reporting.CN.2019-2020", "value": 0.6101}]
        row = self._stale(city, factor_set="cn-ets-reporting", co2_t=Decimal("610.1"), factors=old)
        audits = select(func.count()).where(AuditEntry.action == "inventory.recalculate")
        assert series.recalculate(session=city) == {2020: 1}
        city.refresh(row)
        assert Decimal(row.co2_t) == Decimal("542.2")
        assert row.factor_set == "cn-default"
        assert city.scalar(audits) == 1
        assert series.recalculate(session=city) == {}  # nothing stale is left
        assert city.scalar(audits) == 1


class TestGenerationFuel:
    def test_a_changed_fuel_factor_is_recomputed_for_i_4_4(self, city: Session) -> None:
        data = {"year": 2022, "area_code": JIASHAN, "source": "oil", "generation_mwh": "300"}
        data |= {"fuel_carrier": "diesel", "fuel_quantity": "100", "fuel_unit": "t"}
        entries.record(
            session=city, actor=None, kind="generation", data=data | {"source_note": "t"}
        )
        plant = city.scalars(select(GenerationEntry)).one()
        # 100 t × 42.652 GJ/t × 20.2 tC/TJ × 0.98 × 44/12 / 1000 (GB/T 32151.22-2024 C.1)
        # = 309.590964 t
        assert Decimal(plant.fuel_co2_t) == Decimal("309.590964")
        stored = [dict(f) for f in plant.factors or []]
        for factor in stored:
            factor["value"] = factor["value"] * 2  # as if a shipped value had been corrected
        plant.factors, plant.fuel_co2_t = stored, Decimal("600")
        city.flush()
        inventory = gpc.inventory(session=city, year=2022, county_code=JIASHAN)
        assert inventory is not None and inventory.recomputed_rows == 1
        assert inventory.cell("I.4.4").tco2e == Decimal("309.590964")
        assert series.recalculate(session=city) == {2022: 1}
        city.refresh(plant)
        assert Decimal(plant.fuel_co2_t) == Decimal("309.590964")


class TestTheDemoSeries:
    def test_demo_electricity_is_on_one_factor_in_2020_and_2021(self, city: Session) -> None:
        from shuangtan.city.inventory.demo import load_demo_inventory

        load_demo_inventory(session=city)
        rows = city.scalars(
            select(EnergyBalanceEntry).where(EnergyBalanceEntry.carrier == "electricity")
        ).all()
        by_year: dict[int, tuple[Decimal, Decimal]] = {}
        for row in rows:
            # each stored row: its MWh × the vintage's factor, rounded to 10^-6 t
            factor = {2020: "0.5422", 2021: "0.5422", 2022: "0.5153"}.get(row.year, "0.4974")
            assert Decimal(row.co2_t) == (Decimal(row.quantity) * Decimal(factor)).quantize(SIX)
            mwh, t = by_year.get(row.year, (Decimal(0), Decimal(0)))
            by_year[row.year] = (mwh + Decimal(row.quantity), t + Decimal(row.co2_t))
        assert {r.factor_set for r in rows} == {"cn-default"}
        # 2020 and 2021 on the same factor: the CO2 changes exactly as the MWh (to the rounding
        # of ≤ 0.5 × 10^-6 t per row), never by a factor switch
        (mwh20, t20), (mwh21, t21) = by_year[2020], by_year[2021]
        assert abs(t20 - mwh20 * Decimal("0.5422")) <= len(rows) * Decimal("0.0000005")
        assert abs(t21 / t20 - mwh21 / mwh20) < Decimal("1e-9")
        assert series.recalculate(session=city) == {}
        # a database an earlier release filled: 2020 at the national ETS 0.6101
        old = [{"id": "grid.cn-ets-reporting.CN.2019-2020", "value": 0.6101}]
        stale = [r for r in rows if r.year == 2020]
        for row in stale:
            row.factor_set, row.factors = "cn-ets-reporting", old
            row.co2_t = (Decimal(row.quantity) * Decimal("0.6101")).quantize(SIX)
        city.flush()
        # loading the demo again recalculates exactly those rows, then nothing
        assert load_demo_inventory(session=city) == len(stale)
        for row in stale:
            city.refresh(row)
            assert Decimal(row.co2_t) == (Decimal(row.quantity) * Decimal("0.5422")).quantize(SIX)
        assert load_demo_inventory(session=city) == 0


class TestShownOnThePageAndTheApi:
    def test_the_api_names_the_vintage_and_the_note(self, world: World) -> None:
        headers = world.login("jiashan")
        body = {"year": 2020, "area_code": JIASHAN, "sector": "industry", "carrier": "electricity"}
        body |= {"quantity": "1000", "unit": "MWh", "source_note": "test"}
        assert (
            world.client.post(
                "/api/v1/inventory/entries/energy", json=body, headers=headers
            ).status_code
            == 201
        )
        params = {"county_code": JIASHAN}
        gpc_json = world.client.get("/api/v1/inventory/2020", params=params, headers=headers).json()
        vintage = gpc_json["vintage"]
        assert vintage["factor_id"] == "grid.mee-nbs.CN-ZJ.2021"
        assert (vintage["value"], vintage["vintage_year"], vintage["recalculated"]) == (
            0.5422,
            2021,
            True,
        )
        assert "2021" in vintage["note_zh"] and gpc_json["recomputed_rows"] == 0
        assert gpc_json["basic_tco2e"] == "542.200000"  # 1000 MWh × 0.5422
        totals = world.client.get(
            "/api/v1/inventory/2020/totals", params=params, headers=headers
        ).json()
        assert totals["vintage"]["factor_id"] == "grid.mee-nbs.CN-ZJ.2021"
        assert totals["energy_co2_t"] == "542.200000"

    def test_the_page_shows_the_vintage_and_the_recalculation_note(self, world: World) -> None:
        headers = world.login("jiashan")
        body = {"year": 2020, "area_code": JIASHAN, "sector": "industry", "carrier": "electricity"}
        body |= {"quantity": "1000", "unit": "MWh", "source_note": "test"}
        world.client.post("/api/v1/inventory/entries/energy", json=body, headers=headers)
        world.web_login("jiashan")
        page = world.client.get("/inventory/2020", params={"county_code": JIASHAN}).text
        assert 'data-testid="vintage"' in page and 'data-testid="vintage-note"' in page
        assert "grid.mee-nbs.CN-ZJ.2021 = 0.5422" in page


class TestTheCommand:
    def test_inventory_recalculate_stores_the_stale_rows_then_finds_none(
        self, migrated_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from typer.testing import CliRunner

        from shuangtan.cli import app
        from shuangtan.config import get_settings
        from shuangtan.db import make_engine, make_session_factory, session_scope

        engine = make_engine(migrated_url)
        factory = make_session_factory(engine)
        old = [{"id": "grid.cn-ets-reporting.CN.2019-2020", "value": 0.6101}]
        with session_scope(factory) as session:
            testkit.city(session)
            electricity(session, 2020, "1000")
            row = session.scalars(select(EnergyBalanceEntry)).one()
            row.factor_set, row.factors, row.co2_t = "cn-ets-reporting", old, Decimal("610.1")
        monkeypatch.setenv("SHUANGTAN_DATABASE_URL", migrated_url)
        get_settings.cache_clear()
        try:
            first = CliRunner().invoke(app, ["inventory", "recalculate"])
            again = CliRunner().invoke(app, ["inventory", "recalculate"])
        finally:
            get_settings.cache_clear()
        assert first.exit_code == 0 and "2020: 1" in first.output, first.output
        assert again.exit_code == 0 and "Nothing to recalculate" in again.output
        with session_scope(factory) as session:
            stored = session.scalars(select(EnergyBalanceEntry)).one()
            assert Decimal(stored.co2_t) == Decimal("542.2")  # 1000 MWh × 0.5422
        engine.dispose()
