"""Test databases (测试数据库): migrated and seeded once per run, copied for each test.

Part of the one test world (``testkit`` re-exports :class:`Databases` and :data:`Seed`).
"""

from __future__ import annotations

import queue
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

__all__ = ["Databases", "Seed"]


Seed = Callable[[Session], Any]


class Databases:
    """Migrated databases made once per run and copied for each test: a file copy on SQLite,
    ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL (a fraction of running the migrations).

    A seed (a module-level function of a session) gets a template of its own, made once and
    copied the same way, with what the seed returned kept beside it: a world whose setup is
    slow (the inventory demo, a graded year) costs a copy per test, not a setup.

    A PostgreSQL copy is dropped by a thread of its own after its test (``DROP DATABASE``
    waits for a checkpoint: a second or more on a busy server), so that no test waits for it,
    several at once; :meth:`close` waits for the last drops.
    """

    def __init__(self, folder: Path, postgres_admin_url: str | None) -> None:
        self._folder = folder
        self._admin_url = postgres_admin_url
        self._templates: dict[tuple[str, str], tuple[str, Any]] = {}
        self._stack = ExitStack()
        self._admin: Any = None
        self._drops: queue.Queue[str | None] = queue.Queue()
        self._dropper: threading.Thread | None = None
        self._drop_errors: list[BaseException] = []

    def template(self, backend: str, seed: Seed | None = None) -> tuple[str, Any]:
        """The template of ``backend`` (a file path or a database name) and the seed's result."""
        key = (backend, "" if seed is None else f"{seed.__module__}.{seed.__qualname__}")
        if key not in self._templates:
            self._templates[key] = self._make(backend, seed)
        return self._templates[key]

    @contextmanager
    def copy(
        self, backend: str, folder: Path, seed: Seed | None = None
    ) -> Iterator[tuple[str, Any]]:
        """A fresh copy of the (seeded) template for the block: its URL and the seed's result."""
        template, result = self.template(backend, seed)
        with self._copy_of(backend, template, folder) as url:
            yield url, result

    def close(self) -> None:
        """Drop every template and copy (waiting for the drops still queued)."""
        try:
            self._stack.close()  # the seeded templates join the queue here
        finally:
            self._templates.clear()
            if self._dropper is not None:
                self._drops.put(None)
                self._dropper.join()
                self._dropper = None
            if self._admin is not None:
                self._admin.dispose()
        if self._drop_errors:
            raise RuntimeError("a test database could not be dropped") from self._drop_errors[0]

    def _make(self, backend: str, seed: Seed | None) -> tuple[str, Any]:
        from shuangtan.db import make_engine, make_session_factory, session_scope

        if seed is None:
            return self._migrated(backend), None
        base, _ = self.template(backend)
        folder = self._folder / f"seed-{len(self._templates)}"
        folder.mkdir()
        url = self._stack.enter_context(self._copy_of(backend, base, folder))
        engine = make_engine(url)
        try:
            with session_scope(make_session_factory(engine)) as session:
                result = seed(session)
        finally:
            engine.dispose()
        return self._freeze(backend, url), result

    def _migrated(self, backend: str) -> str:
        from shuangtan.migrations import upgrade

        if backend == "sqlite":
            path = self._folder / "migrated.db"
            upgrade(f"sqlite:///{path}")
            return self._freeze(backend, f"sqlite:///{path}")
        from shuangtan.scratch import temporary_database

        url = self._stack.enter_context(
            temporary_database(self._postgres(), prefix="shuangtan_template")
        )
        upgrade(url)
        return self._freeze(backend, url)

    def _freeze(self, backend: str, url: str) -> str:
        """Make ``url`` copyable: SQLite out of WAL into one file, PostgreSQL without sessions."""
        name = make_url(url).database
        assert name is not None
        if backend == "sqlite":
            with sqlite3.connect(name) as conn:
                conn.execute("PRAGMA journal_mode=DELETE")
            conn.close()
            return name
        from shuangtan.scratch import disconnect

        disconnect(self._admin_engine(), name)  # CREATE DATABASE ... TEMPLATE needs it idle
        return name

    def _postgres(self) -> str:
        assert self._admin_url, "PostgreSQL is not configured"
        return self._admin_url

    def _admin_engine(self) -> Any:
        from shuangtan.scratch import admin_engine

        if self._admin is None:
            self._admin = admin_engine(self._postgres())
        return self._admin

    @contextmanager
    def _copy_of(self, backend: str, template: str, folder: Path) -> Iterator[str]:
        if backend == "sqlite":
            target = folder / "test.db"
            n = 0
            while target.exists():
                n += 1
                target = folder / f"test-{n}.db"
            shutil.copyfile(template, target)
            yield f"sqlite:///{target}"
            return
        from sqlalchemy import text

        admin = self._admin_engine()
        name = f"shuangtan_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        try:
            yield admin.url.set(database=name).render_as_string(hide_password=False)
        finally:
            self._drop_later(name)

    def _drop_later(self, name: str) -> None:
        if self._dropper is None:
            self._dropper = threading.Thread(target=self._drop_all, name="drop-test-databases")
            self._dropper.start()
        self._drops.put(name)

    def _drop_all(self) -> None:
        """Drop the queued copies, those queued together at once: PostgreSQL lets concurrent
        ``DROP DATABASE`` statements share the checkpoint each of them waits for."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=8, thread_name_prefix="drop") as pool:
            while (name := self._drops.get()) is not None:
                names = [name]
                while not self._drops.empty() and len(names) < 8:
                    if (more := self._drops.get()) is None:
                        self._drops.put(None)  # the end, once these are dropped
                        break
                    names.append(more)
                for error in pool.map(self._drop, names):
                    if error is not None:  # reported by close(), at the end of the run
                        self._drop_errors.append(error)

    def _drop(self, name: str) -> BaseException | None:
        from sqlalchemy import text

        from shuangtan.scratch import disconnect

        admin = self._admin_engine()
        try:
            disconnect(admin, name)
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        except Exception as error:
            return error
        return None
