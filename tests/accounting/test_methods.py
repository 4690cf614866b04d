"""The formulas, checked against the figures of methods.md (hand derivations)."""

from __future__ import annotations

import pytest

from shuangtan.accounting import methods


class TestFuelCombustion:
    def test_natural_gas_check_of_methods_md(self) -> None:
        # 100 ×10^4 Nm3 × 389.31 GJ/10^4 Nm3 × 15.3 tC/TJ × 0.99 × 44/12 (GB/T 32151.22-2024
        # Table C.1) = 2,162.19 tCO2 (methods.md)
        energy = methods.fuel_energy_gj(100.0, 389.31)
        carbon = methods.fuel_carbon_tc(energy, 15.3)
        co2 = methods.fuel_co2_from_carbon_t(carbon, 0.99)
        assert co2 == pytest.approx(100 * 389.31 * 0.0153 * 0.99 * 44 / 12, rel=1e-12)
        assert round(co2, 2) == 2162.19

    def test_diesel_check_of_methods_md(self) -> None:
        # 1,000 t × 42.652 GJ/t × 20.2 tC/TJ × 0.98 × 44/12 (Table C.1) = 3,095.91 tCO2
        energy = methods.fuel_energy_gj(1000.0, 42.652)
        co2 = methods.fuel_co2_from_carbon_t(methods.fuel_carbon_tc(energy, 20.2), 0.98)
        assert round(co2, 2) == 3095.91

    def test_ipcc_default_multiplies_heat_by_co2_per_tj(self) -> None:
        # 42,652 GJ diesel × 74,100 kgCO2/TJ (IPCC 2006 Vol.2 Table 2.2) / 10^6
        co2 = methods.fuel_co2_from_emission_factor_t(42652.0, 74100.0)
        assert co2 == pytest.approx(42652 * 74100 / 1e6, rel=1e-12)


class TestElectricity:
    def test_location_based_check_of_methods_md(self) -> None:
        # 1,000,000 kWh = 1,000 MWh at 0.20 kgCO2/kWh = 0.20 tCO2/MWh → 200 t
        assert methods.electricity_location_tco2(1000.0, 0.20) == pytest.approx(200.0)

    def test_market_based_check_of_methods_md(self) -> None:
        # 600,000 kWh of certificates, residual 0.45 → (1,000 − 600) MWh × 0.45 = 180 t
        covered = methods.certificates_covered_mwh(600.0, 1000.0)
        assert covered == 600.0
        assert methods.electricity_market_tco2(1000.0, covered, 0.45) == pytest.approx(180.0)

    def test_certificates_beyond_consumption_cover_only_the_consumption(self) -> None:
        covered = methods.certificates_covered_mwh(1500.0, 1000.0)
        assert covered == 1000.0
        assert methods.electricity_market_tco2(1000.0, covered, 0.45) == 0.0


class TestOtherMethods:
    def test_heat_is_gj_times_0_11(self) -> None:
        assert methods.heat_tco2(3000.0, 0.11) == pytest.approx(3000 * 0.11)

    def test_process_is_tonnes_times_factor(self) -> None:
        # limestone 0.440 tCO2/t (NDRC steel guideline 2013)
        assert methods.process_tco2(1000.0, 0.440) == pytest.approx(440.0)

    def test_non_co2_is_tonnes_times_gwp(self) -> None:
        # CH4 AR5 GWP100 = 28 (AR5 WG1 Table 8.A.1)
        assert methods.non_co2_tco2e(2.0, 28.0) == 56.0


class TestStandardCoal:
    def test_coefficient_times_quantity(self) -> None:
        # diesel 1.4571 kgce/kg (GB/T 2589-2020 Table A.1) → 1,000 t = 1,457.1 tce
        assert methods.tce_from_coefficient(1000.0, 1.4571) == pytest.approx(1457.1)

    def test_heat_divided_by_29_3076(self) -> None:
        # 1 kgce = 29,307.6 kJ (GB/T 2589-2020) → 29.3076 GJ is 1 tce
        assert methods.tce_from_energy(29.3076, 29.3076) == 1.0

    def test_electricity_equivalent_value(self) -> None:
        # 0.1229 kgce/kWh = 0.1229 tce/MWh (GB/T 2589-2020 Table A.1)
        assert methods.electricity_tce(1000.0, 0.1229) == pytest.approx(122.9)

    def test_heat_in_tce(self) -> None:
        # 0.03412 kgce/MJ = 0.03412 tce/GJ (GB/T 2589-2020 Table A.1)
        assert methods.heat_tce(3000.0, 0.03412) == pytest.approx(102.36)
