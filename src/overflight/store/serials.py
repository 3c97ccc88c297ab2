"""Telegram serials from the store: unique per originator and year (``telegram_serials``).

Like every repository function here, ``take_serial`` takes the caller's ``Session`` and never
commits: the number is taken in the transaction that stores the telegram, and given back if it
rolls back.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from overflight.store.schema import TelegramSerialRow
from overflight.store.sql import Session

__all__ = ["take_serial"]


def take_serial(session: Session, station: str, year: int, at_least: int = 1) -> int:
    """The next serial of ``station`` in ``year``: ``at_least``, or past every one taken.

    The counter's row is locked until the transaction ends (``FOR UPDATE`` on PostgreSQL; a
    SQLite writer holds the file's lock), so two runs never take the same number.
    """
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(TelegramSerialRow)
        .values(station=station, year=year, next_number=at_least)
        .on_conflict_do_nothing()
    )
    row = session.scalars(
        select(TelegramSerialRow)
        .where(TelegramSerialRow.station == station, TelegramSerialRow.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    number = max(row.next_number, at_least)
    row.next_number = number + 1
    session.flush()
    return number
