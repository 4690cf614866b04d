"""The accounting core of shuangtan (核算核心): units, the factor library, methods, results.

Pure calculation with provenance: activity data with units and a named, versioned factor set
in, tCO2e and tce per line with the factors (id, value, unit, source) that made them out. No I/O
beyond reading the shipped factor tables once per process; nothing of the rest of the project.

Public entry points:

- :func:`calculate_document` — the JSON contract used by the web API and the CLI;
- :func:`calculate` with :class:`ActivityLine` and :class:`CalculationContext` — the typed path;
- :func:`calculate_batch` — a whole city's year of lines, vectorised with NumPy;
- :mod:`.waste` and :mod:`.agriculture` — the inventory methods (landfill, composting,
  incineration, wastewater; livestock, rice, fertiliser, sinks): pint quantities and library
  factors in, a :class:`GasEmission` in t of one gas with its factors out;
- :func:`library` — the one factor library (``library().factor(id)``) and :func:`quantity`,
  a pint quantity of the one registry (:data:`ureg`) from a number and a unit such as ``t N``;
- :func:`list_fuels`, :func:`list_materials`, :func:`list_gases`, :func:`list_regions`,
  :func:`list_factor_sets` — the catalogue;
- :class:`AccountingError` — the one exception family.
"""

from .batch import BatchResult, calculate_batch
from .calculation import ActivityLine, Calculation, CalculationContext, LineResult, calculate
from .document import (
    CONTRACT_EXAMPLE,
    calculate_document,
    list_activities,
    list_factor_sets,
    list_fuels,
    list_gases,
    list_materials,
    list_regions,
)
from .emission import GasEmission
from .errors import AccountingError
from .library import Factor, library
from .units import quantity, ureg

__all__ = [
    "CONTRACT_EXAMPLE",
    "AccountingError",
    "ActivityLine",
    "BatchResult",
    "Calculation",
    "CalculationContext",
    "Factor",
    "GasEmission",
    "LineResult",
    "calculate",
    "calculate_batch",
    "calculate_document",
    "library",
    "list_activities",
    "list_factor_sets",
    "list_fuels",
    "list_gases",
    "list_materials",
    "list_regions",
    "quantity",
    "ureg",
]
