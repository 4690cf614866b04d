"""The GPC inventory: every cell hand-derived from the factors' published values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from accounts import factories as f
from shuangtan.accounting import quantity
from shuangtan.city.inventory import entries, gpc
from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.inventory.catalogue import activity_kinds

from .conftest import CITY, COUNTIES, JIASHAN, NANHU

# GWP100 of AR5 (WG1 Ch.8 Table 8.A.1): CH4 28, N2O 265
CH4 = Decimal(28)
N2O = Decimal(265)


def enter(session: Session, kind: str, **data: Any) -> None:
    data.setdefault("source_note", "test")
    entries.record(session=session, actor=None, kind=kind, data=data)


def activity(
    session: Session, key: str, quantity: str, area: str = JIASHAN, year: int = 2022
) -> None:
    enter(session, "activity", year=year, area_code=area, activity=key, quantity=quantity)


def energy(
    session: Session,
    sector: str,
    carrier: str,
    quantity: str,
    unit: str,
    *,
    area: str = JIASHAN,
    month: int = 0,
) -> None:
    """One row of the statistical energy balance of 2022."""
    row = {"sector": sector, "carrier": carrier, "quantity": quantity, "unit": unit}
    enter(session, "energy", year=2022, month=month, area_code=area, **row)


def sink_factor(
    session: Session,
    key: str,
    value: str,
    source: str,
    *,
    area: str = CITY,
    year: int = 2022,
) -> None:
    """A sequestration factor (t CO2/ha/yr) an official enters with its source."""
    row = {"activity": key, "quantity": value, "source_note": source}
    enter(session, "activity", year=year, area_code=area, **row)


def notation(session: Session, gpc_ref: str, key: str, reason: str) -> None:
    """An official's notation key for a GPC row of Jiashan in 2022."""
    row = {"gpc_ref": gpc_ref, "notation_key": key, "reason": reason}
    enter(session, "notation", year=2022, area_code=JIASHAN, **row)


def process_report(session: Session, entity: Any, month: int, status: str, t: str) -> None:
    """An entity's monthly report with one process line of ``t`` tCO2e."""
    line = {"activity": "process", "item": "limestone", "quantity": 1, "unit": "t"}
    line["tco2e"] = Decimal(t)
    f.make_report(session, entity, year=2022, month=month, status=status, lines=[line])


def inventory_of(session: Session, area: str | None = JIASHAN, year: int = 2022) -> gpc.Inventory:
    result = gpc.inventory(session=session, year=year, county_code=area)
    assert result is not None
    return result


class TestInventory:
    def test_nothing_entered_is_no_inventory(self, city: Session) -> None:
        assert gpc.inventory(session=city, year=2022, county_code=JIASHAN) is None

    def test_livestock_adds_enteric_and_manure_gases(self, city: Session) -> None:
        activity(city, "swine", "1000")
        cell = inventory_of(city).cell("V.1")
        # CH4: 1000 head × (1.0 enteric, IPCC Table 10.10 + 5.08 manure, provincial guideline)
        #      kg = 6.08 t × 28 = 170.24 t CO2e
        # N2O: 1000 × 0.175 kg = 0.175 t × 265 = 46.375 t CO2e
        assert cell.tco2e_by_gas == {"CH4": Decimal("170.24"), "N2O": Decimal("46.375")}
        assert cell.tco2e == Decimal("216.615")

    def test_rice_and_fertiliser_make_v3(self, city: Session) -> None:
        activity(city, "rice_single", "100")
        activity(city, "fertiliser_n", "100")
        cell = inventory_of(city).cell("V.3")
        # rice: 100 ha × 215.5 kg CH4/ha = 21.55 t × 28 = 603.4
        # fertiliser: 100 t N × (0.01 + 0.10 × 0.01 + 0.30 × 0.0075) = 1.325 t N2O-N
        #             × 44/28 = 2.0821428… t N2O × 265 = 551.767857
        assert cell.tco2e_by_gas["CH4"] == Decimal("603.4")
        assert cell.tco2e_by_gas["N2O"] == Decimal("551.767857")

    def test_landfill_subtracts_recovery_before_oxidation(self, city: Session) -> None:
        activity(city, "landfill_msw", "1000")
        activity(city, "landfill_ch4_recovered", "10")
        cell = inventory_of(city).cell("III.1.1")
        # generated: 1000 t × MCF 1 × DOC 0.15 × DOCf 0.5 × F 0.5 × 16/12 = 50 t CH4
        # emitted: (50 − 10) × (1 − OX 0.1) = 36 t CH4 × 28 = 1008 t CO2e
        assert cell.tco2e == Decimal("1008")

    def test_incineration_counts_fossil_co2_and_n2o(self, city: Session) -> None:
        activity(city, "incineration_msw", "1000")
        cell = inventory_of(city).cell("III.3.1")
        # CO2: 1000 t × 0.20 C × 0.39 fossil × 0.95 burn-out × 44/12 = 271.7 t
        # N2O: 1000 t × 50 g = 0.05 t × 265 = 13.25 t CO2e
        assert cell.tco2e_by_gas == {"CO2": Decimal("271.7"), "N2O": Decimal("13.25")}

    def test_composting_counts_methane_and_nitrous_oxide(self, city: Session) -> None:
        activity(city, "composting", "1000")
        cell = inventory_of(city).cell("III.2.1")
        # CH4: 1000 t × 4 g/kg = 4 t × 28 = 112; N2O: 1000 t × 0.3 g/kg = 0.3 t × 265 = 79.5
        assert cell.tco2e_by_gas == {"CH4": Decimal("112"), "N2O": Decimal("79.5")}

    def test_wastewater_methane_and_effluent_n2o(self, city: Session) -> None:
        activity(city, "wastewater_cod", "100")
        activity(city, "wastewater_effluent_n", "10")
        cell = inventory_of(city).cell("III.4.1")
        # CH4: 100 t COD × 0.25 × 0.165 = 4.125 t × 28 = 115.5
        # N2O: 10 t N × 0.005 × 44/28 = 0.0785714… t × 265 = 20.821429
        assert cell.tco2e_by_gas == {"CH4": Decimal("115.5"), "N2O": Decimal("20.821429")}

    def test_road_fuel_sales_replace_the_balance_transport_sector(self, city: Session) -> None:
        energy(city, "transport", "diesel", "100", "t")
        activity(city, "road_gasoline", "100")
        result = inventory_of(city)
        # 100 t gasoline × 43.070 GJ/t × 18.9 tC/TJ × 0.98 × 44/12 / 1000 = 292.505598 t
        assert result.cell("II.1.1").tco2e == Decimal("292.505598")
        assert result.cell("II.2.1").notation_key == "NE"

    def test_the_balance_transport_sector_goes_to_ii1_with_other_modes_ie(
        self, city: Session
    ) -> None:
        energy(city, "transport", "diesel", "100", "t")
        result = inventory_of(city)
        assert result.cell("II.1.1").tco2e == Decimal("309.590964")  # as in test_service
        assert result.cell("II.3.1").notation_key == "IE"
        assert result.cell("II.4.1").notation_key == "NO"  # the city's default: no airport

    def test_basic_plus_adds_grid_losses_to_basic(self, city: Session) -> None:
        energy(city, "industry", "electricity", "1000", "MWh")
        activity(city, "grid_loss_rate", "5")
        activity(city, "swine", "1000")
        result = inventory_of(city)
        # I.3.2: 1000 MWh × 0.5153 = 515.3 t; I.3.3: 515.3 × 5 / 95 = 27.121053 t
        assert result.cell("I.3.3").tco2e == Decimal("27.121053")
        assert result.basic_tco2e == Decimal("515.3")
        # BASIC+ = 515.3 + 27.121053 + V.1 216.615 = 759.036053
        assert result.basic_plus_tco2e == Decimal("759.036053")

    def test_a_sink_without_an_entered_factor_is_not_computed_and_says_why(
        self, city: Session
    ) -> None:
        activity(city, "forest_area", "100")
        activity(city, "swine", "1000")
        result = inventory_of(city)
        assert result.sinks == () and result.sinks_tco2 is None  # no shipped default applied
        (refused,) = result.sinks_not_computed
        assert (refused.kind, refused.area_ha) == ("forest", Decimal("100"))
        assert "未录入2022年森林碳汇因子" in refused.reason_zh
        assert "not computed" in refused.reason_en
        assert result.basic_plus_tco2e == Decimal("216.615")

    def test_sinks_use_the_entered_factor_with_its_source_beside_never_netted(
        self, city: Session
    ) -> None:
        activity(city, "forest_area", "100")
        activity(city, "wetland_area", "10")
        activity(city, "swine", "1000")
        sink_factor(city, "forest_sink_factor", "4.0", "嘉兴市林业局2022年森林资源年度监测")
        sink_factor(city, "wetland_sink_factor", "1.5", "湿地碳汇实测 2022")
        result = inventory_of(city)
        # forest 100 ha × 4.0 + wetland 10 ha × 1.5 t CO2/ha/yr = 400 + 15 = 415 t CO2
        assert result.sinks_tco2 == Decimal("415")
        forest = next(s for s in result.sinks if s.kind == "forest")
        assert forest.factor.document == "嘉兴市林业局2022年森林资源年度监测"
        assert forest.factor.status == "entered"
        assert result.sinks_not_computed == ()
        assert result.basic_plus_tco2e == Decimal("216.615")  # never netted

    def test_a_countys_own_sink_factor_replaces_the_citys(self, city: Session) -> None:
        activity(city, "forest_area", "100")
        sink_factor(city, "forest_sink_factor", "4.0", "市级因子", area=CITY)
        sink_factor(city, "forest_sink_factor", "5.5", "嘉善县实测", area=JIASHAN)
        # 100 ha × 5.5 t CO2/ha/yr (the county's own) = 550 t CO2
        assert inventory_of(city).sinks_tco2 == Decimal("550")
        activity(city, "forest_area", "10", area=NANHU)
        # Nanhu entered none: the city's 4.0 × 10 ha = 40 t CO2
        assert inventory_of(city, area=NANHU).sinks_tco2 == Decimal("40")

    def test_a_sink_factor_of_another_year_is_not_used(self, city: Session) -> None:
        activity(city, "forest_area", "100")
        sink_factor(city, "forest_sink_factor", "4.0", "2021年监测", year=2021)
        result = inventory_of(city)
        assert result.sinks_tco2 is None
        assert [s.kind for s in result.sinks_not_computed] == ["forest"]

    def test_a_sink_factor_is_entered_for_the_whole_year_only(self, city: Session) -> None:
        data = {"year": 2022, "month": 3, "area_code": CITY, "activity": "forest_sink_factor"}
        data |= {"quantity": "4.0", "source_note": "某研究"}
        with pytest.raises(entries.InvalidEntry) as caught:
            entries.prepare(session=city, kind="activity", data=data)
        assert "碳汇因子按全年填写" in caught.value.message_zh

    def test_generation_fuel_is_territorial_not_basic(self, city: Session) -> None:
        plant = {"source": "coal", "generation_mwh": "1000", "fuel_carrier": "diesel"}
        plant |= {"fuel_quantity": "100", "fuel_unit": "t"}
        enter(city, "generation", year=2022, area_code=JIASHAN, **plant)
        result = inventory_of(city)
        assert result.cell("I.4.4").tco2e == Decimal("309.590964")
        assert result.territorial_tco2e == Decimal("309.590964")
        assert result.basic_tco2e is None

    def test_an_entered_notation_key_replaces_the_default(self, city: Session) -> None:
        activity(city, "swine", "1")
        notation(city, "I.8.1", "NO", "县内无天然气管网")
        cell = inventory_of(city).cell("I.8.1")
        assert (cell.notation_key, cell.reason_zh) == ("NO", "县内无天然气管网")

    def test_rows_without_data_or_default_are_ne(self, city: Session) -> None:
        activity(city, "swine", "1")
        cell = inventory_of(city).cell("III.1.1")
        assert cell.notation_key == "NE"
        assert cell.tco2e is None

    def test_a_confidential_row_is_hidden_but_counted(self, city: Session) -> None:
        activity(city, "swine", "1000")
        notation(city, "V.1", "C", "单一养殖企业数据保密")
        result = inventory_of(city)
        assert result.cell("V.1").tco2e is None
        assert result.cell("V.1").notation_key == "C"
        assert result.basic_plus_tco2e == Decimal("216.615")

    def test_a_claimed_reduction_is_marked_and_not_subtracted(self, city: Session) -> None:
        activity(city, "swine", "1000")
        claim = {"gpc_ref": "V.1", "scheme": "ccer", "reference": "CCER-X-1"}
        claim |= {"amount_tco2e": "50", "description": "沼气利用"}
        enter(city, "claim", year=2022, area_code=JIASHAN, **claim)
        result = inventory_of(city)
        assert [c.reference for c in result.cell("V.1").claims] == ["CCER-X-1"]
        assert result.cell("V.1").claimed_tco2e == Decimal("50")
        assert result.basic_plus_tco2e == Decimal("216.615")

    def test_ippu_sums_process_lines_of_verified_reports_only(self, city: Session) -> None:
        entity = f.make_entity(city, county_code=JIASHAN)
        process_report(city, entity, 1, "verified", "44")
        process_report(city, entity, 2, "submitted", "1000")
        result = inventory_of(city)
        assert result.cell("IV.1").tco2e == Decimal("44")  # the submitted month does not count

    def test_the_city_sums_counties_and_takes_its_own_loss_rate(self, city: Session) -> None:
        for code in COUNTIES:
            energy(city, "residential", "electricity", "100", "MWh", area=code)
        activity(city, "grid_loss_rate", "5", area=CITY)
        result = inventory_of(city, area=None)
        # 7 × 100 MWh × 0.5153 = 360.71 t; losses 360.71 × 5/95 = 18.984737
        assert result.cell("I.1.2").tco2e == Decimal("360.71")
        assert result.cell("I.1.3").tco2e == Decimal("18.984737")
        county = inventory_of(city, area=NANHU)
        assert county.cell("I.1.3").notation_key == "NE"


class TestActivityKinds:
    @pytest.mark.parametrize("key", [key for key, kind in activity_kinds().items() if kind.factors])
    def test_every_factor_an_activity_names_is_a_library_factor_its_method_uses(
        self, key: str
    ) -> None:
        kind = activity_kinds()[key]
        masses = gpc._emissions(kind, quantity(1, kind.unit), quantity(0, "t CH4"))
        assert masses
        assert {factor.id for mass in masses for factor in mass.factors} == set(
            kind.factors.values()
        )


class TestCityTotalsInventory:
    def test_city_totals_carry_basic_basic_plus_and_sinks(self, city: Session) -> None:
        activity(city, "swine", "1000")
        activity(city, "forest_area", "100")
        sink_factor(city, "forest_sink_factor", "4.0", "森林资源监测")
        energy(city, "industry", "electricity", "1000", "MWh")
        totals = inventory_service.city_totals(session=city, year=2022, county_code=JIASHAN)
        assert totals.inventory_basic_tco2e == Decimal("515.3")
        assert totals.inventory_basic_plus_tco2e == Decimal("731.915")  # 515.3 + 216.615
        assert totals.sinks_tco2 == Decimal("400")  # 100 ha × 4.0 t CO2/ha (entered)


class TestMonthlyInventory:
    def test_a_month_reads_only_that_months_rows_and_the_year_sums_them(
        self, city: Session
    ) -> None:
        for month, mwh in ((1, "100"), (2, "300")):
            energy(city, "industry", "electricity", mwh, "MWh", month=month)
        activity(city, "forest_area", "100")
        sink_factor(city, "forest_sink_factor", "4.0", "森林资源监测")
        january = gpc.inventory(session=city, year=2022, county_code=JIASHAN, month=1)
        assert january is not None
        # 100 MWh × 0.5153 tCO2/MWh = 51.53 t
        assert january.cell("I.3.2").tco2e == Decimal("51.53")
        assert january.sinks_tco2 is None  # sinks are annual
        year = inventory_of(city)
        # (100 + 300) MWh × 0.5153 = 206.12 t
        assert year.cell("I.3.2").tco2e == Decimal("206.12")

    def test_a_month_uses_the_years_grid_loss_rate(self, city: Session) -> None:
        energy(city, "industry", "electricity", "1000", "MWh", month=3)
        activity(city, "grid_loss_rate", "5")
        march = gpc.inventory(session=city, year=2022, county_code=JIASHAN, month=3)
        assert march is not None
        # 515.3 × 5 / 95 = 27.121053 t
        assert march.cell("I.3.3").tco2e == Decimal("27.121053")

    def test_a_month_without_rows_has_no_inventory(self, city: Session) -> None:
        activity(city, "swine", "1000")
        assert gpc.inventory(session=city, year=2022, county_code=JIASHAN, month=5) is None
