"""The generator of the synthetic Jiaxing (合成嘉兴): entities, monthly reports, MRV states.

Pure and deterministic: ``generate_city(seed=20211)`` always returns the same city (NumPy
``default_rng``), and does no I/O beyond the accounting core's shipped factor tables. Every
tCO2e and tce of a line comes from :func:`shuangtan.accounting.calculate_batch`.

One generator draws everything, step by step, in a fixed order (changing the order changes the
city): the entities (:mod:`.entities`), their line templates and month factors
(:mod:`.activity`), the planted anomalies (:mod:`.anomalies`), the reports' workflow states
(:mod:`.mrv`), the lines (:mod:`.lines`), what was entered and verified (:mod:`.figures`) and
the denominators (:mod:`.denominators`). The verifiers (:mod:`.verifiers`) draw from generators
of their own, so that their pace and care can change without changing the rest of the city.
The figures it is calibrated to, and the shares assumed, are in :mod:`.calibration`; the
emitters' and the verifiers' profiles in :mod:`.profiles`.

The 2020 reports use the ``cn-ets-reporting`` factor set (the national ETS electricity factor
0.6101 tCO2/MWh of 2019–2020), because the MEE/NBS provincial factors of ``cn-default`` start
in 2021; later years use ``cn-default``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from shuangtan.demodata.activity import (
    Calendar,
    annual_quantities,
    item_trends,
    line_templates,
    month_factors,
)
from shuangtan.demodata.anomalies import plant_anomalies
from shuangtan.demodata.calibration import (
    CITY_ENERGY_2020_TCE,
    COUNTY_WEIGHTS,
    INDUSTRIAL_VALUE_ADDED_2020_10K_CNY,
    INDUSTRY_COUNTS,
    INDUSTRY_ENERGY_SHARE,
    INDUSTRY_VALUE_ADDED_SHARE,
    SEED,
)
from shuangtan.demodata.city import SyntheticCity, SyntheticEntity
from shuangtan.demodata.clock import REFERENCE_TODAY, DemoClock
from shuangtan.demodata.denominators import Denominators, month_denominators
from shuangtan.demodata.entities import (
    Names,
    OrganisationCodes,
    Population,
    generate_entities,
    kind_counts,
    make_uscc,
)
from shuangtan.demodata.figures import Figures, report_figures
from shuangtan.demodata.lines import Lines, calibrate, expand_lines
from shuangtan.demodata.mrv import Workflow, report_comments, with_corrections, workflow_states
from shuangtan.demodata.profiles import ITEMS
from shuangtan.demodata.verifiers import (
    Verification,
    assign_verifiers,
    report_bodies,
    verification_days,
)

__all__ = [
    "CITY_ENERGY_2020_TCE",
    "COUNTY_WEIGHTS",
    "INDUSTRIAL_VALUE_ADDED_2020_10K_CNY",
    "INDUSTRY_COUNTS",
    "INDUSTRY_ENERGY_SHARE",
    "INDUSTRY_VALUE_ADDED_SHARE",
    "SEED",
    "SyntheticCity",
    "SyntheticEntity",
    "generate_city",
    "make_uscc",
]


def generate_city(
    *,
    seed: int = SEED,
    entities: int = 2000,
    today: date = REFERENCE_TODAY,
    meters: int = 1,
    years: Sequence[int] | None = None,
) -> SyntheticCity:
    """The synthetic city on ``today``: ``entities`` emitters with monthly reports from January
    2020 to the last complete month before ``today`` (:class:`~.clock.DemoClock`).

    ``meters`` splits every activity line over that many sub-meters (the benchmark uses 2 for
    about 11 lines a report; the demo keeps 1, about 5.6). Entity counts by kind and the
    calibration targets scale with ``entities``. ``years`` (the benchmark's one year) keeps
    only those years' months up to the last month; the states then count back from the last
    month generated.

    At the default scale (2,000 entities, :data:`~.clock.REFERENCE_TODAY`: 2020–2025) entity 1
    is 嘉兴示范纺织有限公司, a mid-sized textile enterprise in 桐乡市 with a full history (the
    demo ``enterprise`` login).
    """
    rng = np.random.default_rng(seed)
    clock = DemoClock(today)
    wanted = clock.report_years if years is None else tuple(sorted(set(years)))
    calendar = Calendar.of(wanted, clock.last_month)
    if calendar.count == 0:
        raise ValueError(f"no month of {wanted} before {today.isoformat()}")
    counts = kind_counts(entities)
    orgs = OrganisationCodes(rng)
    population = generate_entities(rng, counts, Names(rng), orgs)
    kinds = population.kinds
    templates = line_templates(rng, population, meters)
    annual_quantity = annual_quantities(templates, population.base_energy)
    factor = month_factors(rng, kinds, calendar)
    planted = plant_anomalies(rng, kinds, calendar, factor)
    trend = item_trends(calendar)
    # the verifiers draw from a generator of their own (so the city keeps its draws), before
    # the workflow: a re-check's outcome depends on the body that verified the year
    verifier_rng = np.random.default_rng([seed, 1])
    verifier_orgs = OrganisationCodes(verifier_rng)
    verifier_orgs.used = orgs.used  # never the code of an entity
    verification = assign_verifiers(
        verifier_rng, verifier_orgs, n=len(kinds), years=calendar.years, seed=seed
    )
    workflow = workflow_states(
        rng,
        seed=seed,
        calendar=calendar,
        base_energy=population.base_energy,
        planted=planted.planted,
        present=planted.present,
        bodies=verification.bodies_of(),
    )
    lines = expand_lines(
        rng,
        templates=templates,
        annual_quantity=annual_quantity,
        workflow=workflow,
        calendar=calendar,
        factor=factor,
        trend=trend,
    )
    base_year = 2020 if 2020 in calendar.years else calendar.years[0]
    industrial = np.array([k == "industrial" for k in kinds])
    lines = calibrate(lines, industrial, counts["industrial"], base_year)
    figures = report_figures(rng, lines, workflow, calendar.month_year)
    denominators = month_denominators(
        rng,
        population=population,
        rows=workflow.rows,
        cols=workflow.cols,
        report_year=figures.report_year,
        base_year=base_year,
        factor=factor,
        output_factor=planted.output_factor,
        va_factor=planted.va_factor,
        energy_month=lines.per_report(figures.line_tce, workflow.report_count),
    )
    return _assemble(
        seed=seed,
        calendar=calendar,
        population=population,
        workflow=workflow,
        lines=lines,
        figures=figures,
        denominators=denominators,
        verification=verification,
        planted=planted.planted,
    )


def _assemble(
    *,
    seed: int,
    calendar: Calendar,
    population: Population,
    workflow: Workflow,
    lines: Lines,
    figures: Figures,
    denominators: Denominators,
    verification: Verification,
    planted: dict[str, list[tuple[int, int, int]]],
) -> SyntheticCity:
    """The city's columns and records from what the steps generated."""
    rows, cols, report_year = workflow.rows, workflow.cols, figures.report_year
    rechecks = workflow.rechecks
    if any(o == "corrected" for o in workflow.selected.values()):
        rechecks = with_corrections(rechecks, figures.corrected_tco2e, rows, report_year)
    items = lines.item.tolist()
    bodies = report_bodies(verification.assignments, rows, report_year, figures.is_verified)
    days = verification_days(np.random.default_rng([seed, 2]), bodies, cols, calendar)
    return SyntheticCity(
        seed=seed,
        years=calendar.years,
        entities=tuple(population.records),
        report_entity=(rows + 1).astype(np.int64),
        report_year=report_year.astype(np.int64),
        report_month=calendar.month_no[cols].astype(np.int64),
        report_status=tuple(str(s) for s in figures.report_status),
        report_comment=report_comments(figures.report_status),
        report_factor_set=tuple(
            "cn-ets-reporting" if y < 2021 else "cn-default" for y in report_year.tolist()
        ),
        report_value_added=denominators.value_added,
        report_tax=denominators.tax,
        report_output=denominators.output,
        report_output_unit=denominators.output_unit,
        report_passenger_km=denominators.passenger_km,
        report_tonne_km=denominators.tonne_km,
        reported_tco2e=figures.reported_tco2e,
        reported_scope1_tco2e=figures.reported_scope1_tco2e,
        reported_scope2_tco2e=figures.reported_scope2_tco2e,
        reported_tce=figures.reported_tce,
        verified_tco2e=figures.verified_tco2e,
        verified_tce=figures.verified_tce,
        corrected_tco2e=figures.corrected_tco2e,
        corrected_tce=figures.corrected_tce,
        report_body=bodies,
        report_verify_days=days,
        line_report=lines.report.astype(np.int64),
        line_no=(lines.offset + 1).astype(np.int64),
        line_activity=tuple(ITEMS[k][0] for k in items),
        line_item=tuple(ITEMS[k][1] or None for k in items),
        line_unit=tuple(ITEMS[k][2] for k in items),
        line_quantity=figures.entered,
        line_tco2e=figures.line_tco2e,
        line_tce=figures.line_tce,
        line_scope=figures.line_scope,
        verifier_bodies=verification.bodies,
        banks=verification.banks,
        assignments=verification.assignments,
        conflicts=verification.conflicts,
        rechecks=tuple(rechecks),
        planted={k: tuple(v) for k, v in planted.items()},
    )
