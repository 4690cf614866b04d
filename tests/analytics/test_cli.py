"""``shuangtan meters aggregate``: writes the outputs; a refusal exits 1 with both messages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner, Result

from shuangtan.cli import app

from .conftest import Files, base_readings, hourly, write_readings

runner = CliRunner()


def _aggregate(files: Files, *options: str, database: bool = False) -> Result:
    """``shuangtan meters aggregate`` of the files with ``options`` (without a database unless
    ``database``)."""
    command = ["meters", "aggregate", str(files.readings), "--map", str(files.meter_map)]
    command += ["--out", str(files.out)]
    return runner.invoke(app, [*command, *([] if database else ["--no-database"]), *options])


class TestMetersAggregate:
    def test_the_outputs_are_written_and_listed(self, files: Files) -> None:
        result = _aggregate(files, "--region", "CN-ZJ")
        assert result.exit_code == 0, result.output
        assert "month_to_date.parquet" in result.output
        monthly = pd.read_parquet(files.out / "monthly_county.parquet")
        # January: 96 + 96 kWh (conftest.py); × 0.4974 kgCO2/kWh = 95.5008 kg = 0.0955008 t
        assert monthly[monthly.month == 1].tco2.iloc[0] == pytest.approx(0.0955008, rel=1e-12)

    def test_the_region_defaults_to_the_citys_province(self, files: Files) -> None:
        result = _aggregate(files)
        assert result.exit_code == 0, result.output
        factors = pd.read_parquet(files.out / "factors.parquet")
        assert "grid.mee-nbs.CN-ZJ.2023" in set(factors.factor_id)  # Jiaxing → 浙江省 → CN-ZJ

    def test_refused_readings_exit_1_with_the_chinese_and_english_messages(
        self, files: Files
    ) -> None:
        write_readings(files.readings, base_readings() + hourly("M9", "2023-01-31 00:00", 1, 1.0))
        result = _aggregate(files, "--region", "CN-ZJ")
        assert result.exit_code == 1
        assert "不在对照表" in result.output and "not in the map" in result.output
        assert not (files.out / "daily_entity.parquet").exists()

    def test_a_database_without_tables_exits_2_and_says_what_to_do(
        self, files: Files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from shuangtan.config import get_settings

        monkeypatch.setenv("SHUANGTAN_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
        get_settings.cache_clear()
        try:
            result = _aggregate(files, "--region", "CN-ZJ", database=True)
        finally:
            get_settings.cache_clear()
        assert result.exit_code == 2
        assert "shuangtan db upgrade" in result.output
