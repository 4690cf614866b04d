"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from shuangtan.db import make_engine
from shuangtan.migrations import alembic_config, current_revision, load_metadata, upgrade


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


class TestUpgrade:
    def test_an_empty_database_has_no_revision(self, database_url: str) -> None:
        assert current_revision(database_url) is None

    def test_upgrade_reaches_the_single_head(self, database_url: str) -> None:
        upgrade(database_url)
        assert current_revision(database_url) == _head()

    def test_a_second_upgrade_is_a_no_op(self, migrated_url: str) -> None:
        engine = make_engine(migrated_url)
        try:
            before = sorted(inspect(engine).get_table_names())
            upgrade(migrated_url)
            after = sorted(inspect(engine).get_table_names())
            with engine.connect() as conn:
                heads = conn.execute(text("SELECT count(*) FROM audit_chain_head")).scalar_one()
        finally:
            engine.dispose()
        assert before == after
        assert heads == 1
        assert current_revision(migrated_url) == _head()

    def test_the_migrated_schema_matches_the_models(self, migrated_url: str) -> None:
        engine = make_engine(migrated_url)
        try:
            with engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                diffs = compare_metadata(context, load_metadata())
        finally:
            engine.dispose()
        assert diffs == []
