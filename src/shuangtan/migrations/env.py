"""Alembic environment: runs on the connection :func:`shuangtan.migrations.upgrade` passes."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData

from shuangtan.db import make_engine
from shuangtan.migrations import load_metadata

config = context.config


def _target_metadata() -> MetaData | None:
    # Only autogenerate needs the models; upgrades run on the revision scripts alone.
    if config.attributes.get("autogenerate"):
        return load_metadata()
    return None


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as own_connection:
            _run(own_connection)
        engine.dispose()
        return
    _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=_target_metadata(),
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
