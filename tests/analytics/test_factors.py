"""The factor table comes from the accounting core, with the cited values and their ids."""

from __future__ import annotations

import pytest

from shuangtan.analytics.errors import FactorUnavailable
from shuangtan.analytics.factors import factor_frame, resolve_factors


class TestResolveFactors:
    def test_electricity_in_kwh_uses_the_equivalent_value_and_the_provincial_grid_factor(
        self,
    ) -> None:
        (row,) = resolve_factors([("electricity", "kWh")], [2023], region="CN-ZJ")
        # GB/T 2589-2020 Table A.1: 0.1229 kgce/kWh (equivalent value) → 0.1229e-3 tce per kWh.
        assert row.tce_per_unit == pytest.approx(0.1229 / 1000, rel=1e-12)
        # MEE and NBS 公告2025年第47号: Zhejiang 2023, 0.4974 kgCO2/kWh → 0.4974e-3 t per kWh.
        assert row.tco2_per_unit == pytest.approx(0.4974 / 1000, rel=1e-12)
        assert row.factor_ids == "grid.mee-nbs.CN-ZJ.2023;tce.electricity.equivalent"

    def test_a_year_without_a_published_factor_takes_the_latest_before_it_and_says_so(
        self,
    ) -> None:
        (row,) = resolve_factors([("electricity", "kWh")], [2024], region="浙江省")
        assert row.tco2_per_unit == pytest.approx(0.4974 / 1000, rel=1e-12)
        assert any("2024" in note for note in row.notes_en)

    def test_natural_gas_in_m3_and_heat_in_gj_come_from_their_tables(self) -> None:
        gas, heat = sorted(
            resolve_factors([("natural_gas", "m3"), ("heat", "GJ")], [2023], region="CN-ZJ"),
            key=lambda f: f.carrier,
            reverse=True,
        )
        # GB/T 2589 Table A.1 natural gas 1.2143 kgce/m3.
        assert gas.tce_per_unit == pytest.approx(1.2143 / 1000, rel=1e-12)
        # GB/T 32151.22-2024 Table C.1: NCV 389.31 GJ/10^4 Nm3, 15.3 tC/TJ, oxidation 0.99:
        # 1 m3 = 389.31e-4 GJ × 15.3e-3 tC/GJ × 0.99 × 44/12 tCO2.
        assert gas.tco2_per_unit == pytest.approx(389.31e-4 * 15.3e-3 * 0.99 * 44 / 12, rel=1e-9)
        # GB/T 2589-2020: heat 0.03412 kgce/MJ = 0.03412 tce/GJ; heat.cn 0.11 tCO2/GJ.
        assert heat.tce_per_unit == pytest.approx(0.03412, rel=1e-12)
        assert heat.tco2_per_unit == pytest.approx(0.11, rel=1e-12)

    def test_a_unit_of_the_wrong_dimension_is_refused_with_the_cores_message(self) -> None:
        with pytest.raises(FactorUnavailable) as refused:
            resolve_factors([("electricity", "t")], [2023], region="CN-ZJ")
        assert refused.value.code == "analytics.factor_unavailable"
        assert "electricity" in refused.value.message_en and "t" in refused.value.message_zh

    def test_an_unknown_carrier_is_refused(self) -> None:
        with pytest.raises(FactorUnavailable):
            resolve_factors([("moonlight", "kWh")], [2023], region="CN-ZJ")


class TestFactorFrame:
    def test_one_row_per_carrier_unit_and_year(self) -> None:
        factors = resolve_factors([("electricity", "kWh")], [2022, 2023], region="CN-ZJ")
        frame = factor_frame(factors)
        assert list(frame["year"]) == [2022, 2023]
        # 2022: MEE and NBS 公告2024年第33号, Zhejiang 0.5153 kgCO2/kWh.
        assert frame["tco2_per_unit"].iloc[0] == pytest.approx(0.5153 / 1000, rel=1e-12)
