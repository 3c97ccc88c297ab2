"""Store backends for contract tests: a SQLite file, and a fresh PostgreSQL schema when reachable.

PostgreSQL is found at ``$OVERFLIGHT_TEST_PG`` (default ``postgresql+psycopg://postgres@127.0.0.1:
5432/test``). A store lives in a schema of its own (``overflight_test_<hex>``), reached through
``search_path`` in the URL. Tests on PostgreSQL skip, saying why, when the server does not answer.

Migrating costs every store ~0.1 s on SQLite and ~0.5 s on PostgreSQL, paid by hundreds of tests, so
a migrated store is made once and handed out empty: on SQLite a copy of a migrated template file; on
PostgreSQL a schema of a pool, put back as migrated (rows deleted, the rows the migrations wrote put
back, sequences restarted) and checked to hold exactly the migrated tables before each test, or else
dropped and replaced by a new one (a test may drop or rename a table). Schemas of the pool are
dropped when the process ends.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from overflight.store import Store, open_store
from overflight.store.schema import Base
from overflight.store.sql import MIGRATIONS

PG_URL = os.environ.get("OVERFLIGHT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def postgres_reason() -> str:
    """Why PostgreSQL cannot be used here, or ``""`` when it can."""
    try:
        with psycopg.connect(_libpq(PG_URL), connect_timeout=3):
            return ""
    except psycopg.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"PostgreSQL not reachable at {PG_URL} ({first}); set OVERFLIGHT_TEST_PG"


@contextmanager
def opened_store(backend: str, tmp_path: Path, *, upgrade: bool = True) -> Iterator[Store]:
    """A freshly migrated (unless ``upgrade`` is off), empty store on ``backend``; then removed."""
    if backend == "sqlite":
        path = tmp_path / "overflight.db"
        if upgrade:
            path.parent.mkdir(parents=True, exist_ok=True)  # as open_store makes it
            shutil.copyfile(_sqlite_template(), path)
        store = open_store(path, upgrade=upgrade)
        try:
            yield store
        finally:
            store.close()
        return
    reason = postgres_reason()
    if reason:
        pytest.skip(reason)
    schema = _empty_pooled_schema() if upgrade else _new_schema()
    store = open_store(_schema_url(schema), upgrade=upgrade)
    try:
        yield store
    finally:
        store.close()
        if upgrade:
            _POOL_FREE.append(schema)
        else:
            _drop_schema(schema)


_TEMPLATE_DIR: list[Path] = []  # the folder of the migrated SQLite template, once made
_POOL_FREE: list[str] = []  # migrated PostgreSQL schemas no store uses now
_POOL_ALL: list[str] = []  # every schema of the pool, dropped at exit
_MIGRATED_ROWS: list[tuple[tuple[str, list[tuple[object, ...]]], ...]] = []  # rows at head
_TABLES = frozenset(Base.metadata.tables) | {"alembic_version"}
_CHILDREN_FIRST = tuple(reversed(Base.metadata.sorted_tables))


def _sqlite_template() -> Path:
    """A SQLite file migrated to head, made once per process (copied, never opened by tests)."""
    if not _TEMPLATE_DIR:
        folder = Path(tempfile.mkdtemp(prefix="overflight-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        open_store(folder / "template.db").close()
        _TEMPLATE_DIR.append(folder)
    return _TEMPLATE_DIR[0] / "template.db"


def _schema_url(schema: str) -> str:
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options={quote(f'-csearch_path={schema}')}"


def _new_schema() -> str:
    schema = f"overflight_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(PG_URL), autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    return schema


def _drop_schema(schema: str) -> None:
    with psycopg.connect(_libpq(PG_URL), autocommit=True) as admin:
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _empty_pooled_schema() -> str:
    """A schema of the pool, migrated and emptied; a new one when none is free and clean."""
    while _POOL_FREE:
        schema = _POOL_FREE.pop()
        if _emptied(schema):
            return schema
        _POOL_ALL.remove(schema)
        _drop_schema(schema)
    schema = _new_schema()
    if not _POOL_ALL:
        atexit.register(_drop_pool)
    _POOL_ALL.append(schema)
    open_store(_schema_url(schema)).close()
    if not _MIGRATED_ROWS:
        _MIGRATED_ROWS.append(_rows_of(schema))
    return schema


def _rows_of(schema: str) -> tuple[tuple[str, list[tuple[object, ...]]], ...]:
    """The rows a store holds as migrated (``store_revision``'s one row), table by table."""
    with psycopg.connect(_libpq(PG_URL)) as admin:
        found = (
            (table.name, admin.execute(f'SELECT * FROM "{schema}"."{table.name}"').fetchall())
            for table in Base.metadata.sorted_tables
        )
        return tuple((name, rows) for name, rows in found if rows)


def _emptied(schema: str) -> bool:
    """Empty every table of ``schema``; whether it then is a store as migrated, and empty.

    ``DELETE`` (children first), the migrated rows put back and sequences restarted:
    ``TRUNCATE`` of every table costs as much as migrating a new schema.
    """
    try:
        with psycopg.connect(_libpq(PG_URL)) as admin, admin.transaction():
            admin.execute("SET LOCAL lock_timeout = '5s'")  # a leaked transaction: a new schema
            found = admin.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,)
            ).fetchall()
            if {row[0] for row in found} != _TABLES:
                return False
            sequences = admin.execute(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = %s", (schema,)
            ).fetchall()
            statements = [f'DELETE FROM "{schema}"."{t.name}"' for t in _CHILDREN_FIRST]
            statements += [f'ALTER SEQUENCE "{schema}"."{row[0]}" RESTART' for row in sequences]
            admin.execute("; ".join(statements).encode())
            for name, rows in _MIGRATED_ROWS[0]:
                places = ", ".join(["%s"] * len(rows[0]))
                insert = f'INSERT INTO "{schema}"."{name}" VALUES ({places})'
                admin.cursor().executemany(insert.encode(), rows)
            versions = admin.execute(f'SELECT version_num FROM "{schema}".alembic_version')
            return versions.fetchall() == [(_head(),)]
    except psycopg.Error:
        return False


@cache
def _head() -> str:
    """The migrations' head revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def _drop_pool() -> None:
    for schema in _POOL_ALL:
        with suppress(psycopg.Error):  # the server went away: nothing to drop it from
            _drop_schema(schema)
