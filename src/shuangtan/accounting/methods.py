"""The formulas (核算方法), one small function per step, in canonical units.

Every function takes plain floats already in the units named by its parameters and returns a
float; nothing here rounds. The same functions work element-wise on NumPy arrays, which is how
the batch path (:mod:`shuangtan.accounting.batch`) shares them with the line path.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt

__all__ = [
    "CO2_PER_C",
    "certificates_covered_mwh",
    "electricity_location_tco2",
    "electricity_market_tco2",
    "electricity_tce",
    "fuel_carbon_tc",
    "fuel_co2_from_carbon_t",
    "fuel_co2_from_emission_factor_t",
    "fuel_energy_gj",
    "heat_tce",
    "heat_tco2",
    "non_co2_tco2e",
    "process_tco2",
    "tce_from_coefficient",
    "tce_from_energy",
]

Number = TypeVar("Number", float, npt.NDArray[np.float64])

#: Molar mass ratio of CO2 to C (44/12), used by GB/T 32150 and the IPCC 2006 Guidelines.
CO2_PER_C = 44.0 / 12.0


def fuel_energy_gj(quantity: Number, ncv_gj_per_unit: Number) -> Number:
    """Heat of the fuel burnt: E = AD × NCV.

    AD in t (solid, liquid fuels, refinery gas) or 10^4 Nm3 (gases); NCV in GJ per the same
    unit (GB/T 32151.22-2024 Table C.1). Returns GJ.
    """
    return quantity * ncv_gj_per_unit


def fuel_carbon_tc(energy_gj: Number, carbon_content_tc_per_tj: Number) -> Number:
    """Carbon in the fuel burnt: C = E × CC / 1000.

    E in GJ, CC in tC/TJ (GB/T 32151.22-2024 Table C.1); returns tC.
    """
    return energy_gj * (carbon_content_tc_per_tj / 1000.0)


def fuel_co2_from_carbon_t(carbon_tc: Number, oxidation_rate: Number) -> Number:
    """CO2 of combustion: CO2 = C × OF × 44/12 (GB/T 32150-2015, GB/T 32151 series).

    C in tC, OF a fraction; returns tCO2.
    """
    return carbon_tc * oxidation_rate * CO2_PER_C


def fuel_co2_from_emission_factor_t(energy_gj: Number, kg_co2_per_tj: Number) -> Number:
    """CO2 of combustion with an IPCC default: CO2 = E × EF / 10^6.

    E in GJ, EF in kgCO2/TJ (IPCC 2006 Vol.2 Ch.2 Table 2.2, oxidation factor 1); returns tCO2.
    """
    return energy_gj * (kg_co2_per_tj / 1e6)


def electricity_location_tco2(consumption_mwh: Number, grid_tco2_per_mwh: Number) -> Number:
    """Location-based CO2 of purchased electricity: E = AD × EF_grid.

    AD in MWh, EF in tCO2/MWh (= kgCO2/kWh; MEE/NBS announcements or the ETS notice).
    """
    return consumption_mwh * grid_tco2_per_mwh


def certificates_covered_mwh(certificates_mwh: Number, consumption_mwh: Number) -> Number:
    """Consumption covered by green certificates: covered = min(certificates, consumption).

    GHG Protocol Scope 2 Guidance (2015), market-based method. MWh.
    """
    if isinstance(certificates_mwh, float) and isinstance(consumption_mwh, float):
        return min(certificates_mwh, consumption_mwh)
    return np.minimum(certificates_mwh, consumption_mwh)


def electricity_market_tco2(
    consumption_mwh: Number,
    covered_mwh: Number,
    residual_tco2_per_mwh: Number,
    instrument_tco2_per_mwh: float = 0.0,
) -> Number:
    """Market-based CO2: E = covered × EF_instrument + (AD − covered) × EF_residual.

    Green certificates carry EF_instrument = 0; EF_residual is the MEE/NBS factor 'excluding
    market-traded non-fossil power'. GHG Protocol Scope 2 Guidance (2015). MWh, tCO2/MWh → tCO2.
    """
    return (
        covered_mwh * instrument_tco2_per_mwh
        + (consumption_mwh - covered_mwh) * residual_tco2_per_mwh
    )


def heat_tco2(heat_gj: Number, tco2_per_gj: Number) -> Number:
    """CO2 of purchased heat: E = AD × 0.11 tCO2/GJ (GB/T 32150-2025 7.5.6-7.5.7). tCO2."""
    return heat_gj * tco2_per_gj


def process_tco2(material_t: Number, tco2_per_t: Number) -> Number:
    """Process CO2 of a carbonate or other input: E = AD × EF (NDRC guidelines). tCO2."""
    return material_t * tco2_per_t


def non_co2_tco2e(gas_t: Number, gwp: Number) -> Number:
    """CO2-equivalent of a non-CO2 gas: E = m × GWP100 (IPCC assessment report chosen). tCO2e."""
    return gas_t * gwp


def tce_from_coefficient(quantity: Number, tce_per_unit: Number) -> Number:
    """Standard coal by a GB/T 2589-2020 Table A.1 coefficient: tce = AD × coefficient.

    Coefficient in tce per the unit of AD (kgce/kg = tce/t; kgce/m3 × 10 = tce/10^4 Nm3;
    kgce/kWh = tce/MWh).
    """
    return quantity * tce_per_unit


def tce_from_energy(energy_gj: Number, gj_per_tce: Number) -> Number:
    """Standard coal from heat: tce = E / 29.3076 GJ/tce (GB/T 2589-2020: 1 kgce = 29,307.6 kJ)."""
    return energy_gj / gj_per_tce


def electricity_tce(consumption_mwh: Number, kgce_per_kwh: Number) -> Number:
    """Standard coal of electricity: tce = MWh × kgce/kWh (equivalent 0.1229, or equal value)."""
    return consumption_mwh * kgce_per_kwh


def heat_tce(heat_gj: Number, tce_per_gj: Number) -> Number:
    """Standard coal of heat: tce = GJ × 0.03412 tce/GJ (GB/T 2589-2020 Table A.1)."""
    return heat_gj * tce_per_gj
