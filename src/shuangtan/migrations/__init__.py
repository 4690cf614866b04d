"""Database migrations (数据库迁移), run with Alembic from code: no ``alembic.ini``.

``upgrade(url)`` brings a database to the newest schema and is safe to repeat; on PostgreSQL
it takes an advisory lock, so two processes starting at once do not race.

A new table: add its ``models.py`` (any ``shuangtan.<package>.models`` module is found), then
write a revision in ``versions/`` (``autogenerate_revision(url, "message")`` drafts one
against a migrated database; read and fix it before committing).
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, text

__all__ = [
    "alembic_config",
    "autogenerate_revision",
    "current_revision",
    "load_metadata",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent
_ADVISORY_LOCK_ID = 0x5348_5554  # "SHUT": serialises concurrent upgrades on PostgreSQL


def load_metadata() -> MetaData:
    """The metadata of every table: imports each ``shuangtan.<package>.models`` module."""
    import shuangtan
    from shuangtan.db import Base

    for module in pkgutil.walk_packages(shuangtan.__path__, prefix="shuangtan."):
        if module.name.endswith(".models"):
            importlib.import_module(module.name)
    return Base.metadata


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration pointing at this package's scripts (and at ``url``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` to the database at ``url`` (idempotent)."""
    from shuangtan.db import make_engine

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ADVISORY_LOCK_ID}
                )
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at; ``None`` before the first migration."""
    from shuangtan.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def autogenerate_revision(url: str, message: str, rev_id: str | None = None) -> None:
    """Draft a revision from the difference between the models and the database at ``url``.

    ``rev_id`` names it (the house style is ``NNNN_<room>``, e.g. ``0003_ledger``) and its
    ``down_revision`` is the current head. Read and fix the draft: autogenerate does not see
    triggers, data or check-constraint changes.
    """
    from shuangtan.db import make_engine

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            config.attributes["autogenerate"] = True
            command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
    finally:
        engine.dispose()
