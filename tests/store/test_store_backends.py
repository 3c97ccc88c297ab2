"""The test stores (``store_backends.opened_store``): each one empty, as migrated, whatever the last
test left in the store it was handed (rows, used ids, a table renamed), with the rows its
migrations wrote."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from store_backends import BACKENDS, opened_store

from overflight.store import add
from overflight.store.schema import Base, ListVersionRow

AT = datetime(2026, 12, 3, 12, tzinfo=UTC)


def _version(store_path: Path, backend: str) -> int:
    """Add a list version to a new test store; its id. The store is left holding it."""
    with opened_store(backend, store_path) as store, store.session() as session:
        row = add(session, ListVersionRow(entities=1, imported_by="t", imported_at=AT))
        session.commit()
        return row.id


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_store_is_empty_and_counts_ids_from_one(backend: str, tmp_path: Path) -> None:
    assert _version(tmp_path / "a", backend) == 1
    assert _version(tmp_path / "b", backend) == 1  # not 2: rows and sequences start again
    with opened_store(backend, tmp_path / "c") as store, store.session() as session:
        assert session.scalars(select(ListVersionRow)).all() == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_store_whose_tables_a_test_changed_is_not_handed_out_again(
    backend: str, tmp_path: Path
) -> None:
    with opened_store(backend, tmp_path / "a") as store, store.engine.begin() as connection:
        connection.execute(text("ALTER TABLE list_versions RENAME TO list_versions_gone"))
    with opened_store(backend, tmp_path / "b") as store:
        assert set(inspect(store.engine).get_table_names()) == {
            *Base.metadata.tables,
            "alembic_version",
        }


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_stores_open_at_once_are_two(backend: str, tmp_path: Path) -> None:
    with (
        opened_store(backend, tmp_path / "a") as first,
        opened_store(backend, tmp_path / "b") as second,
    ):
        with first.session() as session:
            add(session, ListVersionRow(entities=1, imported_by="t", imported_at=AT))
            session.commit()
        with second.session() as session:
            assert session.scalars(select(ListVersionRow)).all() == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_store_holds_the_rows_its_migrations_wrote(backend: str, tmp_path: Path) -> None:
    for name in ("a", "b"):  # the second is a used one, put back
        with opened_store(backend, tmp_path / name) as store, store.engine.begin() as connection:
            revision = connection.execute(text("SELECT id, revision FROM store_revision"))
            assert revision.all() == [(1, 1)]
            connection.execute(text("UPDATE store_revision SET revision = revision + 5"))
