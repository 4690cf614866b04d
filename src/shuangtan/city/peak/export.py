"""Comparison rows and exports of scenarios (情景比较与导出): CSV, Excel and JSON.

The CSV and the first Excel sheet hold one row per scenario (peak year and value, the values of
2030, 2035 and 2060, the Monte Carlo probability of peaking by 2025/2030/2035); Excel adds the
yearly paths and the inputs; JSON holds everything: the yearly path of every factor, the inputs
and the provenance (engine, draws, seed, base source, version, time of export). The Excel
workbook is written through the kit's workbook engine.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from shuangtan.city import kaya
from shuangtan.city.peak.results import (
    HORIZON,
    MC_DRAWS,
    SUMMARY_COLUMNS,
    ScenarioResult,
    summary_rows,
)
from shuangtan.city.peak.service import content_of
from shuangtan.kit.workbook import Column, Kind, new_workbook, to_bytes, write_table

__all__ = ["SUMMARY_COLUMNS", "summary_rows", "to_csv", "to_json", "to_xlsx"]


def to_csv(results: list[ScenarioResult]) -> str:
    """The summary as CSV (UTF-8 with BOM added by the caller for Excel users)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[k for k, _ in SUMMARY_COLUMNS], lineterminator="\n")
    writer.writeheader()
    for row in summary_rows(results):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def _path(p: kaya.Projection) -> list[dict[str, float | int]]:
    return [
        {
            "year": year,
            "population_10k": p.population[i],
            "gdp_per_capita_10k_cny": p.gdp_per_capita[i],
            "energy_intensity_tce_per_10k_cny": p.energy_intensity[i],
            "carbon_intensity_tco2_per_tce": p.carbon_intensity[i],
            "gdp_100m_cny": p.gdp[i],
            "energy_10k_tce": p.energy[i],
            "emissions_10k_tco2": p.emissions[i],
        }
        for i, year in enumerate(p.years)
    ]


def to_json(results: list[ScenarioResult], *, exported_at: datetime) -> dict[str, Any]:
    """Everything: summary, the full yearly path, the inputs and the provenance of each."""
    summaries = summary_rows(results)
    return {
        "exported_at": exported_at.isoformat(),
        "units": {
            "emissions": "10^4 tCO2",
            "energy": "10^4 tce",
            "gdp": "10^8 CNY (constant prices)",
            "rates": "annual growth rate as a fraction (-0.035 = -3.5 %/yr)",
        },
        "scenarios": [
            {
                "summary": summary,
                "inputs": content_of(r.scenario),
                "path": _path(r.projection),
                "observed_history_10k_tco2": {str(y): v for y, v in r.projection.history},
                "monte_carlo": {
                    "draws": r.distribution.n,
                    "seed": r.distribution.seed,
                    "cumulative_probability_of_peak": {
                        str(y): p for y, p in r.distribution.cumulative.items()
                    },
                    "peak_year_percentiles": {
                        f"p{q}": v for q, v in r.distribution.peak_year_percentiles.items()
                    },
                    "peak_value_percentiles_10k_tco2": {
                        f"p{q}": v for q, v in r.distribution.peak_value_percentiles.items()
                    },
                    "probability_not_peaked_by_horizon": r.distribution.not_peaked,
                },
                "provenance": {
                    "engine": "shuangtan.city.kaya (Kaya identity, per-period growth rates)",
                    "monte_carlo": (
                        f"{MC_DRAWS} draws, normal around each period's rate, held for the "
                        "period, numpy.random.default_rng(seed)"
                    ),
                    "horizon": HORIZON,
                    "history": (
                        "observed emissions of the years before the base year; the peak is "
                        "sought over them and the projection together"
                    ),
                    "base_source": r.scenario.base_source,
                    "scenario_version": r.scenario.version,
                    "updated_at": r.scenario.updated_at.isoformat(),
                    "note": r.scenario.note,
                },
            }
            for summary, r in zip(summaries, results, strict=True)
        ],
    }


def _summary_columns() -> tuple[Column, ...]:
    """The summary's columns: ``中文 key`` headers, whole years, two decimals, percentages."""
    kinds: dict[str, Kind] = {"name": "text", "scope_kind": "text", "scope_code": "text"}
    columns = []
    for key, zh in SUMMARY_COLUMNS:
        if key.startswith("p_peak_by_"):
            columns.append(Column(key, zh, key, 16, "percent"))
        elif key.endswith("_10k_tco2"):
            columns.append(Column(key, zh, key, 18, decimals=2))
        else:
            columns.append(Column(key, zh, key, 12, kinds.get(key, "integer")))
    return tuple(columns)


def to_xlsx(results: list[ScenarioResult]) -> bytes:
    """A workbook: 比较 summary, 年度路径 yearly emissions, 输入 the inputs of each scenario.

    Written through the kit's workbook engine with one header row (``中文 English``) a sheet,
    as the machines that read exports expect.
    """
    book, summary = new_workbook("比较 compare")
    columns = _summary_columns()
    rows = [[row[c.field] for c in columns] for row in summary_rows(results)]
    write_table(summary, columns, rows, stacked=False)
    path_columns = (
        Column("year", "年份", "year", 8, "integer"),
        *(
            Column(f"scenario_{r.scenario.id}", f"{r.scenario.name} (万吨CO2)", "", 18, decimals=2)
            for r in results
        ),
    )
    years = results[0].projection.years if results else ()
    paths = [[year] + [r.projection.emissions[i] for r in results] for i, year in enumerate(years)]
    write_table(book.create_sheet("年度路径 paths"), path_columns, paths, stacked=False)
    input_columns = (
        Column("scenario", "情景", "scenario", 18, "text"),
        Column("period", "时期", "period", 14, "text"),
        *(Column(factor, "", factor, 16) for factor in kaya.FACTORS),
    )
    write_table(book.create_sheet("输入 inputs"), input_columns, _inputs(results), stacked=False)
    return to_bytes(book)


def _inputs(results: list[ScenarioResult]) -> list[list[Any]]:
    """The inputs sheet: each scenario's base year, its periods' rates, spread and source."""
    rows: list[list[Any]] = []
    for r in results:
        s = r.scenario
        base = (
            s.base_population,
            s.base_gdp_per_capita,
            s.base_energy_intensity,
            s.base_carbon_intensity,
        )
        rows.append([s.name, f"base {s.base_year}"] + [float(v) for v in base])
        for p in s.rates:
            rows.append(
                [s.name, f"{p['first_year']}-{p['last_year']}"] + [p[f] for f in kaya.FACTORS]
            )
        rows.append([s.name, "spread (sd)"] + [s.spread.get(f, 0.0) for f in kaya.FACTORS])
        rows.append([s.name, "source", s.base_source])
    return rows
