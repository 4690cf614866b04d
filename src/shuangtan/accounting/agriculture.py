"""Agriculture, forestry and other land use (农业、林业和其他土地利用): livestock, rice, fertiliser
and sinks, one gas per function.

Every function takes keyword arguments: activity data as pint quantities of the core's registry
(livestock in ``head``, areas in ``ha``, nitrogen as a mass; see
:func:`~shuangtan.accounting.units.quantity`) and factors as records of the library
(``library().factor("agriculture.enteric.swine")``, rows of ``data/factors/agriculture.csv``;
a sink's rate is supplied by the caller with its source, none is shipped). Units are checked
(:mod:`~shuangtan.accounting.emission`), and the result is a
:class:`~shuangtan.accounting.emission.GasEmission` in t of the gas with every factor used. The
GWP is applied by :func:`~shuangtan.accounting.calculate` on
:meth:`~shuangtan.accounting.emission.GasEmission.as_line`.
"""

from __future__ import annotations

from typing import Any

from .emission import GasEmission, activity_in, emission, factor_in
from .library import Factor

__all__ = [
    "enteric_ch4",
    "fertiliser_n2o",
    "fertiliser_n2o_n_t",
    "manure_ch4",
    "manure_n2o",
    "rice_ch4",
    "sink_removal_co2",
]


def _per_unit(
    engine: str,
    gas: str,
    activity: tuple[str, Any, str],
    factor: Factor,
    expected: str,
    method: str,
    line: str,
) -> GasEmission:
    """A × EF for a factor per head, per ha: (A × EF) × the factor's unit scale."""
    name, value, unit = activity
    amount = activity_in(value, unit, line=line, name=name, engine=engine)
    factor_value, scale = factor_in(factor, expected, line=line, name="factor", engine=engine)
    return emission(line, gas, amount * factor_value * scale, method, (factor,))


def enteric_ch4(*, population: Any, factor: Factor, line: str = "livestock") -> GasEmission:
    """CH4 of enteric fermentation (动物肠道发酵): N × EF.

    N the average annual population (head), EF in mass CH4 per head per year (shipped:
    kg CH4/head/yr); 2006 IPCC Guidelines Vol.4 Ch.10 (Tier 1, Tables 10.10 and 10.11). The
    year's emission; returns t CH4.
    """
    method = "CH4 = N × EF_enteric (2006 IPCC Guidelines Vol.4 Ch.10, Tier 1)"
    activity = ("population", population, "head")
    return _per_unit("enteric_ch4", "CH4", activity, factor, "t CH4/head/yr", method, line)


def manure_ch4(*, population: Any, factor: Factor, line: str = "livestock") -> GasEmission:
    """CH4 of manure management (动物粪便管理): N × EF.

    N the average annual population (head), EF in mass CH4 per head per year (shipped: the
    provincial guideline's regional factors, kg CH4/head/yr); the Tier 1 form of the 2006
    IPCC Guidelines Vol.4 Ch.10. Returns t CH4.
    """
    method = "CH4 = N × EF_manure (Vol.4 Ch.10 form; 省级温室气体清单编制指南（试行） ch.3 factors)"
    activity = ("population", population, "head")
    return _per_unit("manure_ch4", "CH4", activity, factor, "t CH4/head/yr", method, line)


def manure_n2o(*, population: Any, factor: Factor, line: str = "livestock") -> GasEmission:
    """N2O of manure management: N × EF.

    N the average annual population (head), EF in mass N2O per head per year (shipped: the
    provincial guideline's regional factors, kg N2O/head/yr, NDRC 2011 ch.3). Returns t N2O.
    """
    method = "N2O = N × EF_manure (省级温室气体清单编制指南（试行） ch.3 factors)"
    activity = ("population", population, "head")
    return _per_unit("manure_n2o", "N2O", activity, factor, "t N2O/head/yr", method, line)


def rice_ch4(*, area: Any, factor: Factor, line: str = "rice") -> GasEmission:
    """CH4 of rice cultivation (稻田): A × EF.

    A the area sown of one crop (single, early or late rice; ha), EF in mass CH4 per ha of that
    crop (shipped: the provincial guideline's East China factors, kg CH4/ha, NDRC 2011 ch.3).
    Returns t CH4.
    """
    method = "CH4 = A × EF_rice (省级温室气体清单编制指南（试行） ch.3 factors)"
    return _per_unit("rice_ch4", "CH4", ("area", area, "ha"), factor, "t CH4/ha", method, line)


def fertiliser_n2o_n_t(
    nitrogen_t: float,
    ef1: float,
    frac_gasf: float,
    ef4: float,
    frac_leach: float,
    ef5: float,
) -> float:
    """N2O-N of synthetic fertiliser N: N × (EF1 + FracGASF × EF4 + FracLEACH × EF5). t N2O-N."""
    return nitrogen_t * (ef1 + frac_gasf * ef4 + frac_leach * ef5)


def fertiliser_n2o(
    *,
    nitrogen: Any,
    ef1: Factor,
    frac_gasf: Factor,
    ef4: Factor,
    frac_leach: Factor,
    ef5: Factor,
    line: str = "fertiliser",
) -> GasEmission:
    """N2O of synthetic fertiliser (化肥施用): N × (EF1 + FracGASF × EF4 + FracLEACH × EF5) × 44/28.

    N the fertiliser nitrogen applied (mass of N); direct N2O-N by EF1 (kg N2O-N/kg N), and
    indirect: the N volatilised (FracGASF) × EF4 and the N leached (FracLEACH) × EF5 (kg N2O-N
    per kg N volatilised or leached); 2006 IPCC Guidelines Vol.4 Ch.11 (Tier 1, Tables 11.1 and
    11.3, synthetic fertiliser only). Returns t N2O.
    """
    method = (
        "N2O = N × (EF1 + FracGASF × EF4 + FracLEACH × EF5) × 44/28 "
        "(2006 IPCC Guidelines Vol.4 Ch.11, Tier 1)"
    )
    engine = "fertiliser_n2o"
    n = activity_in(nitrogen, "t", line=line, name="nitrogen", engine=engine)
    values = {}
    for name, factor, expected in (
        ("ef1", ef1, "t N2O-N/t N"),
        ("frac_gasf", frac_gasf, "t N volatilised/t N"),
        ("ef4", ef4, "t N2O-N/t N volatilised"),
        ("frac_leach", frac_leach, "t N leached/t N"),
        ("ef5", ef5, "t N2O-N/t N leached"),
    ):
        value, scale = factor_in(
            factor, expected, line=line, name=name, engine=engine, fraction=True
        )
        values[name] = value * scale
    n2o_n = fertiliser_n2o_n_t(n, **values)
    return emission(line, "N2O", n2o_n * 44 / 28, method, (ef1, frac_gasf, ef4, frac_leach, ef5))


def sink_removal_co2(*, area: Any, factor: Factor, line: str = "sink") -> GasEmission:
    """CO2 removed by a sink (碳汇: forest, wetland, urban green space): A × rate.

    A the area (ha), rate the CO2 sequestered per ha per year (t CO2/ha/yr). No rate is
    shipped: the caller passes one measured for the stands (the forestry bureau's stock-change
    result, or a published study of the same forests) with its source as the factor's document;
    the city inventory passes the factor an official entered. The mass is a removal, reported
    beside emissions. Returns t CO2.
    """
    method = "CO2 removed = A × sequestration rate (factor supplied with its source)"
    activity = ("area", area, "ha")
    return _per_unit("sink_removal_co2", "CO2", activity, factor, "t CO2/ha/yr", method, line)
