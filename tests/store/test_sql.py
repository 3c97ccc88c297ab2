from __future__ import annotations

import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError, StatementError

from overflight.errors import InputError
from overflight.store import (
    FlightRow,
    Store,
    add,
    flights_on_route,
    open_store,
    use_write_ahead_log,
)
from overflight.store.location import database_url, default_database_path
from overflight.store.schema import Base


def test_migrations_produce_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    tables = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) | {"alembic_version"} == tables


def test_opening_twice_keeps_what_was_stored(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "store.db"
    first = open_store(path)
    at = datetime(2008, 2, 14, 12, tzinfo=UTC)
    with first.session() as session:
        add(session, _flight(at))
        session.commit()
    first.close()
    second = open_store(str(path))
    with second.session() as session:
        assert len(flights_on_route(session, "KOR715", "ZKPY", "OSDI")) == 1
    second.close()


def _flight(at: datetime) -> FlightRow:
    return FlightRow(
        aircraft_id="KOR715",
        departure="ZKPY",
        destination="OSDI",
        dof=date(2008, 2, 15),
        eobt=at,
        status="filed",
        plan_text="(FPL-KOR715-IN ...)",
        created_at=at,
        updated_at=at,
    )


def test_times_come_back_aware_utc(store: Store) -> None:
    seoul = timezone(timedelta(hours=9))
    at = datetime(2008, 2, 15, 10, 0, tzinfo=seoul)
    with store.session() as session:
        row = add(session, _flight(at))
        session.commit()
        flight_id = row.id
    with store.session() as session:
        stored = session.get(FlightRow, flight_id)
        assert stored is not None
        assert stored.eobt == datetime(2008, 2, 15, 1, 0, tzinfo=UTC)
        assert stored.eobt.utcoffset() == timedelta(0)


def test_naive_times_are_refused(store: Store) -> None:
    with store.session() as session:
        session.add(_flight(datetime(2008, 2, 15, 1, 0)))
        with pytest.raises(StatementError, match="naive datetime") as caught:
            session.flush()
        assert isinstance(caught.value.orig, InputError)


@pytest.mark.parametrize(
    ("target", "environ", "expected"),
    [
        ("/var/x.db", {}, "sqlite:////var/x.db"),
        ("postgresql://u@h/db", {}, "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", {}, "postgresql+psycopg://u@h/db"),
        (None, {"OVERFLIGHT_DB": "postgres://u@h/db"}, "postgresql+psycopg://u@h/db"),
        (None, {"OVERFLIGHT_HOME": "/srv/of"}, "sqlite:////srv/of/overflight.db"),
        (None, {"XDG_DATA_HOME": "/data"}, "sqlite:////data/overflight/overflight.db"),
    ],
)
def test_database_url(target: str | None, environ: dict[str, str], expected: str) -> None:
    assert database_url(target, environ) == expected


def test_default_location_is_under_local_share() -> None:
    path = default_database_path({})
    assert path == Path.home() / ".local" / "share" / "overflight" / "overflight.db"


def _read_then_write(store: Store, *, writing: bool, other_writes: threading.Event) -> None:
    """Read, let another connection write and commit, then write: one unit of work."""
    at = datetime(2008, 2, 14, 12, tzinfo=UTC)
    with store.session(writing=writing) as session, session.begin():
        flights_on_route(session, "KOR715", "ZKPY", "OSDI")  # the read: a snapshot begins
        other_writes.set()
        time.sleep(0.3)  # the other connection commits now, or waits for this unit's lock
        add(session, _flight(at))


def _other_writer(store: Store, go: threading.Event) -> None:
    go.wait()
    with store.session() as session, session.begin():
        add(session, _flight(datetime(2008, 2, 15, 12, tzinfo=UTC)))


@pytest.mark.parametrize("writing", [False, True])
def test_a_writing_unit_on_sqlite_waits_its_turn_instead_of_failing(
    tmp_path: Path, writing: bool
) -> None:
    store = open_store(tmp_path / "store.db")
    use_write_ahead_log(store.engine)
    go = threading.Event()
    other = threading.Thread(target=_other_writer, args=(store, go))
    other.start()
    try:
        if writing:
            _read_then_write(store, writing=True, other_writes=go)
        else:  # a deferred transaction cannot write after another connection's commit
            with pytest.raises(OperationalError, match="database is locked"):
                _read_then_write(store, writing=False, other_writes=go)
    finally:
        other.join()
    with store.session() as session:
        assert len(flights_on_route(session, "KOR715", "ZKPY", "OSDI")) == (2 if writing else 1)
    store.close()


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("postgresql+psycopg://postgres:s3cret@127.0.0.1:1/none", "connection"),
        ("nosuchdialect://host/db", "'nosuchdialect' is not supported"),
        ("mysql://user:s3cret@host/db", "'mysql' is not supported"),
        ("nonsense://::::", "neither a file path nor a URL"),
        ("/proc/no-such-dir/store.db", "No such file or directory"),
    ],
)
def test_a_store_that_cannot_be_opened_is_a_clear_error(target: str, said: str) -> None:
    with pytest.raises(InputError, match="cannot open the store") as refused:
        open_store(target)
    assert said in str(refused.value)
    assert "s3cret" not in str(refused.value)  # the password never appears


@pytest.mark.parametrize(
    "target",
    ["postgresql://postgres:s3cret@127.0.0.1:5432/test", "postgres://postgres@127.0.0.1/test"],
)
def test_a_postgresql_url_without_psycopg_names_the_extra(
    target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # psycopg comes with the postgres extra: here, as where it is not installed, importing it fails
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(InputError) as refused:
        open_store(target)
    said = str(refused.value)
    assert said.startswith("database: cannot open the store postgresql+psycopg://postgres")
    assert said.endswith(
        "PostgreSQL needs the psycopg driver, which is not installed: "
        "pip install 'overflight[postgres]'"
    )
    assert "s3cret" not in said


def test_a_file_that_is_not_a_database_is_refused_unchanged(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 100)
    with pytest.raises(InputError, match="file is not a database"):
        open_store(notes)
    assert notes.read_text() == "not a database\n" * 100
