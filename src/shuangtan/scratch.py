"""Throwaway PostgreSQL databases for tests and benchmarks (临时数据库).

One helper, so that the test suite, module-scoped test fixtures and the benchmarks create and
drop their databases the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

__all__ = ["admin_engine", "disconnect", "temporary_database"]


def admin_engine(admin_url: str) -> Engine:
    """An autocommit engine on the server's maintenance database (``postgresql+psycopg``)."""
    url = make_url(admin_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT")


def disconnect(admin: Engine, name: str) -> None:
    """End every other session connected to database ``name``."""
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :n AND pid <> pg_backend_pid()"
            ),
            {"n": name},
        )


@contextmanager
def temporary_database(
    admin_url: str, *, prefix: str = "shuangtan_test", template: str | None = None
) -> Iterator[str]:
    """A new database (a copy of ``template`` if given) for the block; dropped afterwards."""
    admin = admin_engine(admin_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    clause = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        disconnect(admin, name)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
