"""Where the pipeline runs (计算后端): embedded DuckDB by default, or Spark.

The pipeline is one Ibis expression; this module only opens the connection it runs on.

- ``duckdb``: an in-process DuckDB (no server). ``SHUANGTAN_DUCKDB_MEMORY_LIMIT`` (default
  ``6GB``) bounds its memory; past it, aggregates spill to ``SHUANGTAN_DUCKDB_TEMP_DIRECTORY``.
- ``spark``: a PySpark session. ``SHUANGTAN_SPARK_MASTER`` (default ``local[*]``) is its
  ``spark.master`` (``spark://host:7077``, ``yarn``, ``k8s://https://…``);
  ``SHUANGTAN_SPARK_CONF`` a JSON object of further Spark settings
  (``{"spark.executor.memory": "8g"}``). Spark's own ``SPARK_CONF_DIR/spark-defaults.conf``
  applies as usual. The session time zone is always UTC, so that a naive meter timestamp is
  read as written and its day is the day it says (docs/operations.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import UnknownBackend

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

__all__ = ["BACKENDS", "AnalyticsSettings", "connect", "spark_session"]

BACKENDS = ("duckdb", "spark")

_FIXED_SPARK_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


class AnalyticsSettings(BaseSettings):
    """Settings of the meter pipeline, read as ``SHUANGTAN_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="SHUANGTAN_", extra="ignore")

    spark_master: str = Field(default="local[*]", description="spark.master of the session")
    spark_app_name: str = Field(default="shuangtan-meters")
    spark_conf: dict[str, str] = Field(
        default_factory=dict, description="Further Spark settings (a JSON object)"
    )
    duckdb_memory_limit: str = Field(default="6GB", description="DuckDB memory_limit")
    duckdb_threads: int | None = Field(default=None, ge=1, description="DuckDB threads")
    duckdb_temp_directory: str | None = Field(default=None, description="DuckDB spill dir")


def spark_session(
    *, master: str | None = None, conf: dict[str, str] | None = None, log_level: str = "ERROR"
) -> Any:
    """The process's Spark session (created on first use, then reused by ``getOrCreate``)."""
    from pyspark.sql import SparkSession

    settings = AnalyticsSettings()
    builder = SparkSession.builder.master(master or settings.spark_master).appName(
        settings.spark_app_name
    )
    for key, value in {**settings.spark_conf, **(conf or {}), **_FIXED_SPARK_CONF}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(log_level)
    return session


def connect(backend: str = "duckdb", *, settings: AnalyticsSettings | None = None) -> BaseBackend:
    """An Ibis connection of ``backend`` (``duckdb`` or ``spark``) with the settings applied."""
    settings = settings or AnalyticsSettings()
    if backend == "duckdb":
        options: dict[str, Any] = {"memory_limit": settings.duckdb_memory_limit}
        if settings.duckdb_threads:
            options["threads"] = settings.duckdb_threads
        if settings.duckdb_temp_directory:
            options["temp_directory"] = settings.duckdb_temp_directory
        return ibis.duckdb.connect(**options)
    if backend == "spark":
        return ibis.pyspark.connect(spark_session())
    raise UnknownBackend(
        f"未知计算后端“{backend}”，可用：{'、'.join(BACKENDS)}",
        f"unknown backend '{backend}'; use one of {', '.join(BACKENDS)}",
        backend=backend,
    )
