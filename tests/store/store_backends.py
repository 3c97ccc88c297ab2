"""Store backends for contract tests: a SQLite file, and a fresh PostgreSQL schema when reachable.

PostgreSQL is found at ``$OVERFLIGHT_TEST_PG`` (default ``postgresql+psycopg://postgres@127.0.0.1:
5432/test``). Each test gets its own schema (``overflight_test_<hex>``), dropped afterwards; the
store is reached through ``search_path`` in the URL. Tests on PostgreSQL skip, saying why, when the
server does not answer.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from overflight.store import Store, open_store

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
        store = open_store(tmp_path / "overflight.db", upgrade=upgrade)
        try:
            yield store
        finally:
            store.close()
        return
    reason = postgres_reason()
    if reason:
        pytest.skip(reason)
    schema = f"overflight_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(PG_URL), autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    store = open_store(url, upgrade=upgrade)
    try:
        yield store
    finally:
        store.close()
        with psycopg.connect(_libpq(PG_URL), autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
