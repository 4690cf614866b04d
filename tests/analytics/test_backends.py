"""One pipeline, two engines: DuckDB and Spark give the same outputs; the Ibis pins hold.

Spark tests share one local session (conftest.py) and run by default: they are marked
``spark`` so that they can be selected, never skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pytest

from shuangtan.analytics import backends, errors, service

from .conftest import Files, base_readings, hourly, write_readings


def outputs(result: service.AggregateResult) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(result.path(name)) for name in service.OUTPUTS}


def aggregate(files: Files, out: Path, con: Any = None) -> service.AggregateResult:
    return service.aggregate(
        readings=files.readings, meter_map=files.meter_map, out=out, region="CN-ZJ", con=con
    )


@pytest.mark.spark
class TestSparkAndDuckdbAgree:
    def test_every_output_is_the_same_on_both_engines(
        self, files: Files, tmp_path: Path, spark_con: Any
    ) -> None:
        # exercise the duplicate path on both engines too
        write_readings(files.readings, base_readings() + hourly("M2", "2023-02-01 03:00", 2, 2.5))
        duck = aggregate(files, tmp_path / "duckdb")
        spark = aggregate(files, tmp_path / "spark", con=spark_con)
        assert (duck.backend, spark.backend) == ("duckdb", "pyspark")
        assert duck.quality == spark.quality
        assert duck.quality.duplicates_dropped == 2
        left, right = outputs(duck), outputs(spark)
        for name in service.OUTPUTS:
            a, b = left[name], right[name]
            assert list(a.columns) == list(b.columns), name
            assert a.dtypes.to_dict() == b.dtypes.to_dict(), name
            # sums of the same floats in another order may differ in the last bit: compare
            # floats to 1e-12 relative, everything else exactly
            floats = [c for c in a.columns if a[c].dtype.kind == "f"]
            pd.testing.assert_frame_equal(a.drop(columns=floats), b.drop(columns=floats))
            for column in floats:
                assert a[column].to_numpy() == pytest.approx(
                    b[column].to_numpy(), rel=1e-12, nan_ok=True
                ), (name, column)

    def test_spark_refuses_what_duckdb_refuses(
        self, files: Files, tmp_path: Path, spark_con: Any
    ) -> None:
        write_readings(files.readings, base_readings() + hourly("M7", "2023-01-31 00:00", 1, 1.0))
        with pytest.raises(errors.UnknownMeter) as refused:
            aggregate(files, tmp_path / "spark", con=spark_con)
        assert "M7 (1)" in refused.value.message_en


class TestConnect:
    def test_an_unknown_backend_is_refused(self) -> None:
        with pytest.raises(errors.UnknownBackend):
            backends.connect("oracle")

    def test_the_duckdb_memory_limit_comes_from_the_settings(self) -> None:
        con = backends.connect(
            "duckdb", settings=backends.AnalyticsSettings(duckdb_memory_limit="1GB")
        )
        limit = con.sql("SELECT current_setting('memory_limit') AS m").execute()["m"].iloc[0]
        assert limit in ("1.0 GiB", "953.6 MiB", "1.0 GB")


class TestIbisOnDuckdbPins:
    """Ibis 12 with DuckDB 2 or sqlglot >= 30.18 breaks these (design notes): keep them working."""

    def test_sql_list_tables_and_create_table_from_a_data_frame_work(self) -> None:
        con = ibis.duckdb.connect()
        frame = pd.DataFrame({"meter_id": ["M1", "M2"], "quantity": [1.5, 2.5]})
        table = con.create_table("readings_pin", frame, temp=True)
        assert "readings_pin" in con.list_tables()
        total = con.sql("SELECT SUM(quantity) AS total FROM readings_pin").execute()
        assert total["total"].iloc[0] == pytest.approx(4.0)
        assert table.count().execute() == 2
