"""Migration 0006 seeds the serial counters from the telegrams a store already holds."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from overflight.store import open_store, take_serial
from overflight.store.sql import migrate


def test_a_store_with_telegrams_numbers_on_after_the_highest(tmp_path: Path) -> None:
    store = open_store(tmp_path / "o.db", upgrade=False)
    try:
        migrate(store.engine, "0005_memory")  # the revision before 0006
        with store.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO telegrams (serial, text, marking, sent_at, stored_at) VALUES "
                    "('STATE 000001', '', 'SECRET', '2008-02-01 00:30:00', '2008-02-01 00:30:00'),"
                    "('STATE 043804', '', 'SECRET', NULL, '2008-02-01 00:30:00'),"
                    "('STATE 000009', '', 'SECRET', '2009-01-01 00:00:00', '2009-01-01 00:00:00'),"
                    "('odd', '', 'SECRET', NULL, '2009-01-01 00:00:00')"
                )
            )
        migrate(store.engine)
        with store.session(writing=True) as session, session.begin():
            assert take_serial(session, "STATE", 2008) == 43805
            assert take_serial(session, "STATE", 2009) == 10
            assert take_serial(session, "STATE", 2010) == 1
    finally:
        store.close()
