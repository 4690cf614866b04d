"""Meter data into the inventory: the real meter pipeline's monthly output, loaded and shown.

The data set (hand-checkable), run once through ``shuangtan.analytics.service.aggregate`` on
DuckDB; each reading is one month's electricity, timestamped on the 1st of the month, 2022:

- I1 (industrial, Jiashan): 80 000 kWh in every month of 2022 → 960 000 kWh a year;
- I2 (industrial, Jiashan): 20 000 kWh in January only;
- P1 (public building, Jiashan): 5 000 kWh in January;
- N1 (public building, Nanhu): 1 000 kWh in January.

Factors: 0.1229 kgce/kWh (GB/T 2589-2020 Table A.1, equivalent value) and the Zhejiang grid
factor of 2022, 0.5153 kgCO2/kWh (MEE and NBS 公告2024年第33号).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analytics.conftest import write_map, write_readings
from shuangtan.accounts.models import Entity
from shuangtan.analytics import service as pipeline
from shuangtan.audit.models import AuditEntry
from shuangtan.city.inventory.errors import MeterFileRefused, OutsideScope
from shuangtan.city.inventory.meters import load_metered
from shuangtan.city.inventory.models import MeteredEnergy
from shuangtan.city.inventory.reconciliation import reconcile

from .conftest import JIASHAN, NANHU, People, World, jiashan_statistics

I1, I2, P1, N1 = 9001, 9002, 9003, 9004
METERS = ("E1", "E2", "P1", "N1")
ENTITIES = (
    (I1, "industrial", JIASHAN, "C17"),
    (I2, "industrial", JIASHAN, "C22"),
    (P1, "public_building", JIASHAN, None),
    (N1, "public_building", NANHU, None),
)


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pipeline's monthly_entity.parquet of the data set (run once, DuckDB, no database)."""
    base = tmp_path_factory.mktemp("meters")
    rows: list[Any] = [("E1", pd.Timestamp(2022, m, 1), 80_000.0, "kWh") for m in range(1, 13)]
    rows += [
        ("E2", pd.Timestamp(2022, 1, 1), 20_000.0, "kWh"),
        ("P1", pd.Timestamp(2022, 1, 1), 5_000.0, "kWh"),
        ("N1", pd.Timestamp(2022, 1, 1), 1_000.0, "kWh"),
    ]
    meters = [
        {
            "meter_id": meter,
            "entity_id": entity,
            "carrier": "electricity",
            "unit": "kWh",
            "industry_code": industry or "",
            "county_code": county,
        }
        for meter, (entity, _, county, industry) in zip(METERS, ENTITIES, strict=True)
    ]
    result = pipeline.aggregate(
        readings=write_readings(base / "readings.parquet", rows),
        meter_map=write_map(base / "meters.csv", meters),
        out=base / "out",
        region="CN-ZJ",
    )
    return result.path("monthly_entity")


def _add_entities(session: Session) -> None:
    """The four entities of the data set in the accounts, with the pipeline's ids."""
    from accounts.factories import uscc_for

    for number, (entity_id, kind, county, industry) in enumerate(ENTITIES, start=900):
        session.add(
            Entity(
                id=entity_id,
                kind=kind,
                name=f"计量测试{entity_id}",
                county_code=county,
                industry_code=industry,
                is_active=True,
                uscc=uscc_for(number, county) if kind == "industrial" else None,
            )
        )
    session.flush()


@pytest.fixture
def world_entities(city: Session) -> Session:
    _add_entities(city)
    return city


def stored(session: Session) -> dict[tuple[int, str, str], MeteredEnergy]:
    rows = session.scalars(select(MeteredEnergy)).all()
    return {(r.month, r.area_code, r.sector): r for r in rows}


def audits(session: Session) -> int:
    return (
        session.scalar(select(func.count()).where(AuditEntry.action == "inventory.meters.load"))
        or 0
    )


def subset(source: Path, target: Path, mask: Any) -> Path:
    pq.write_table(pq.read_table(source).filter(mask), target)
    return target


class TestLoadMetered:
    def test_sums_by_county_sector_and_month_are_the_hand_derived_ones(
        self, world_entities: Session, people: People, monthly: Path
    ) -> None:
        session = world_entities
        result = load_metered(session=session, actor=people.city_official, monthly_parquet=monthly)
        rows = stored(session)
        # 12 months of Jiashan industry + Jiashan services in Jan + Nanhu services in Jan
        assert result.rows == len(rows) == 14
        jan = rows[(1, JIASHAN, "industry")]
        # 80 000 + 20 000 = 100 000 kWh; × 0.1229 kgce/kWh = 12 290 kgce = 12.29 tce;
        # × 0.5153 kgCO2/kWh = 51 530 kg = 51.53 t; two entities
        assert (jan.quantity, jan.unit, jan.carrier) == (Decimal("100000"), "kWh", "electricity")
        assert (jan.tce, jan.tco2, jan.entities) == (Decimal("12.29"), Decimal("51.53"), 2)
        feb = rows[(2, JIASHAN, "industry")]
        # 80 000 kWh × 0.0001229 = 9.832 tce; × 0.0005153 = 41.224 t
        assert (feb.tce, feb.tco2, feb.entities) == (Decimal("9.832"), Decimal("41.224"), 1)
        # 5 000 kWh × 0.0001229 = 0.6145 tce (public building → services)
        assert rows[(1, JIASHAN, "services")].tce == Decimal("0.6145")
        # 1 000 kWh × 0.0001229 = 0.1229 tce
        assert rows[(1, NANHU, "services")].tce == Decimal("0.1229")
        assert jan.source_file == "monthly_entity.parquet"
        assert len(jan.source_sha256) == 64 and jan.loaded_by == people.city_official.username
        assert result.counties == (NANHU, JIASHAN)  # 330402 < 330421
        assert audits(session) == 1

    def test_reloading_the_same_months_replaces_them(
        self, world_entities: Session, people: People, monthly: Path, tmp_path: Path
    ) -> None:
        session = world_entities
        load_metered(session=session, actor=people.admin, monthly_parquet=monthly)
        again = load_metered(session=session, actor=people.admin, monthly_parquet=monthly)
        assert again.replaced == 14 and len(stored(session)) == 14
        # January of Jiashan with I1 only: Jiashan's January is replaced by what the file holds
        only_i1 = subset(
            monthly,
            tmp_path / "jan.parquet",
            (pc.field("month") == 1)
            & (pc.field("county_code") == JIASHAN)
            & (pc.field("entity_id") == I1),
        )
        third = load_metered(session=session, actor=people.admin, monthly_parquet=only_i1)
        rows = stored(session)
        assert third.replaced == 2  # Jiashan January: industry and services
        assert rows[(1, JIASHAN, "industry")].tce == Decimal("9.832")  # 80 000 kWh alone
        assert (1, JIASHAN, "services") not in rows
        assert (1, NANHU, "services") in rows and (2, JIASHAN, "industry") in rows
        assert audits(session) == 3

    def test_a_month_outside_1_to_12_refuses_the_file_and_writes_nothing(
        self, world_entities: Session, people: People, monthly: Path, tmp_path: Path
    ) -> None:
        table = pq.read_table(monthly)
        months = table.column("month").to_pylist()
        months[0] = 13
        bad = tmp_path / "bad.parquet"
        index = table.column_names.index("month")
        pq.write_table(table.set_column(index, "month", pa.array(months, pa.int32())), bad)
        with pytest.raises(MeterFileRefused) as refused:
            load_metered(session=world_entities, actor=people.admin, monthly_parquet=bad)
        assert "第 1 行 month" in refused.value.message_zh and "row 1: month" in str(refused.value)
        assert stored(world_entities) == {} and audits(world_entities) == 0

    def test_a_file_that_is_not_parquet_or_lacks_columns_is_refused(
        self, world_entities: Session, people: People, monthly: Path, tmp_path: Path
    ) -> None:
        text = tmp_path / "monthly.parquet"
        text.write_text("year,month\n2022,1\n")
        with pytest.raises(MeterFileRefused):
            load_metered(session=world_entities, actor=people.admin, monthly_parquet=text)
        county_file = tmp_path / "monthly_county.parquet"
        pq.write_table(pq.read_table(monthly).drop(["entity_id"]), county_file)
        with pytest.raises(MeterFileRefused) as refused:
            load_metered(session=world_entities, actor=people.admin, monthly_parquet=county_file)
        assert "entity_id" in refused.value.message_en
        assert stored(world_entities) == {} and audits(world_entities) == 0

    def test_an_unknown_county_is_refused(
        self, world_entities: Session, people: People, monthly: Path, tmp_path: Path
    ) -> None:
        table = pq.read_table(monthly)
        index = table.column_names.index("county_code")
        codes = ["999999"] * table.num_rows
        bad = tmp_path / "county.parquet"
        pq.write_table(table.set_column(index, "county_code", pa.array(codes)), bad)
        with pytest.raises(MeterFileRefused) as refused:
            load_metered(session=world_entities, actor=people.admin, monthly_parquet=bad)
        assert "999999" in refused.value.message_zh and "Unknown county" in refused.value.message_en
        assert stored(world_entities) == {}

    def test_an_entity_the_accounts_do_not_hold_is_refused(
        self, city: Session, people: People, monthly: Path
    ) -> None:
        with pytest.raises(MeterFileRefused) as refused:
            load_metered(session=city, actor=people.admin, monthly_parquet=monthly)
        assert str(I1) in refused.value.message_en
        assert stored(city) == {}


class TestLoadMeteredPermissions:
    def test_an_enterprise_user_is_refused(
        self, world_entities: Session, people: People, monthly: Path
    ) -> None:
        with pytest.raises(OutsideScope):
            load_metered(session=world_entities, actor=people.enterprise, monthly_parquet=monthly)
        assert stored(world_entities) == {}

    def test_a_county_official_is_refused_a_file_with_another_county(
        self, world_entities: Session, people: People, monthly: Path
    ) -> None:
        with pytest.raises(OutsideScope) as refused:
            load_metered(
                session=world_entities, actor=people.jiashan_official, monthly_parquet=monthly
            )
        assert NANHU in refused.value.message_en
        assert stored(world_entities) == {} and audits(world_entities) == 0

    def test_a_county_official_loads_its_own_county(
        self, world_entities: Session, people: People, monthly: Path, tmp_path: Path
    ) -> None:
        own = subset(monthly, tmp_path / "own.parquet", pc.field("county_code") == JIASHAN)
        result = load_metered(
            session=world_entities, actor=people.jiashan_official, monthly_parquet=own
        )
        assert result.counties == (JIASHAN,) and result.rows == 13  # 12 industry + 1 services


class TestReconcileWithMeters:
    def test_metered_tce_and_its_gap_sit_beside_the_statistics(
        self, world_entities: Session, people: People, monthly: Path
    ) -> None:
        session = world_entities
        jiashan_statistics(session)
        load_metered(session=session, actor=None, monthly_parquet=monthly)
        rows = {
            r.sector: r for r in reconcile(session=session, year=2022, county_code=JIASHAN).rows
        }
        industry = rows["industry"]
        # statistics: 1000 MWh × 0.1229 = 122.9 tce
        # metered: (960 000 + 20 000) kWh × 0.0001229 = 120.442 tce, 12 months
        # gap 122.9 − 120.442 = 2.458 tce; 2.458 / 122.9 × 100 = 2.00 % (below 10 %)
        assert industry.statistical_tce == Decimal("122.9")
        assert (industry.metered_tce, industry.metered_months) == (Decimal("120.442"), 12)
        assert industry.metered_gap_pct == Decimal("2.00") and not industry.metered_flagged
        # no entity accounts: entities 0, the entity gap is the whole statistic (flagged)
        assert industry.entities_tce == 0 and industry.flagged
        services = rows["services"]  # metered January only, no statistics: no gap
        assert (services.metered_tce, services.metered_months) == (Decimal("0.6145"), 1)
        assert services.statistical_tce is None and services.metered_gap_pct is None

    def test_the_statistics_stay_the_inventory_basis(
        self, world_entities: Session, monthly: Path
    ) -> None:
        from shuangtan.city.inventory.service import city_totals

        session = world_entities
        jiashan_statistics(session)
        before = city_totals(session=session, year=2022, county_code=JIASHAN)
        load_metered(session=session, actor=None, monthly_parquet=monthly)
        after = city_totals(session=session, year=2022, county_code=JIASHAN)
        assert after.energy_tce == before.energy_tce == Decimal("122.9")


@pytest.fixture
def world_with_meters(world: World, monthly: Path) -> Iterator[World]:

    with world.session() as session:
        _add_entities(session)
        jiashan_statistics(session)
        load_metered(session=session, actor=None, monthly_parquet=monthly)
    yield world


class TestReconciliationPageWithMeters:
    def test_the_page_shows_the_metered_column(self, world_with_meters: World) -> None:
        world_with_meters.web_login("jiashan")
        html = world_with_meters.client.get("/inventory/2022/reconciliation").text
        assert 'data-testid="meters-note"' in html
        cell = html.split(f'data-testid="metered-{JIASHAN}-industry"')[1].split("</tr>")[0]
        # 120.442 tce shown to one decimal, 12 months; gap (122.9 − 120.442) / 122.9 = 2.00 %
        assert "120.4" in cell and "12" in cell and "2.00" in cell

    def test_anonymous_is_sent_to_the_login(self, world: World) -> None:
        response = world.client.get(
            "/inventory/2022/reconciliation",
            headers={"Accept": "text/html"},
            follow_redirects=False,
        )
        assert response.status_code == 303


class TestLoadMetersCommand:
    def test_the_command_loads_the_file_and_refuses_a_bad_one_with_exit_1(
        self, migrated_url: str, monthly: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from typer.testing import CliRunner

        from shuangtan.cli import app
        from shuangtan.config import get_settings
        from shuangtan.db import make_engine, make_session_factory, session_scope
        from shuangtan.place.configuration import load_city, sync_city

        engine = make_engine(migrated_url)
        factory = make_session_factory(engine)
        with session_scope(factory) as session:
            sync_city(session=session, config=load_city("jiaxing"))
            session.flush()
            _add_entities(session)
        monkeypatch.setenv("SHUANGTAN_DATABASE_URL", migrated_url)
        get_settings.cache_clear()
        try:
            bad = tmp_path / "bad.parquet"
            bad.write_text("not parquet")
            refused = CliRunner().invoke(app, ["inventory", "load-meters", str(bad)])
            loaded = CliRunner().invoke(app, ["inventory", "load-meters", str(monthly)])
        finally:
            get_settings.cache_clear()
        assert refused.exit_code == 1 and "Parquet" in refused.output
        assert loaded.exit_code == 0, loaded.output
        with session_scope(factory) as session:
            assert len(stored(session)) == 14  # 12 + 1 Jiashan, 1 Nanhu
            assert {r.loaded_by for r in stored(session).values()} == {"system"}
        engine.dispose()
