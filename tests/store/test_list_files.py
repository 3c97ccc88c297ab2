"""Imported list files: stored bytes come back unchanged, the newest is found by id."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from overflight.store import Store
from overflight.store.lists import add_list_file, latest_list_file, latest_list_file_id

NOW = datetime(2026, 11, 29, 6, tzinfo=UTC)


def _add(store: Store, name: str, content: bytes, at: datetime) -> int:
    with store.session() as session, session.begin():
        row = add_list_file(
            session,
            name=name,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            entities=len(content.splitlines()),
            imported_by="admin",
            imported_at=at,
        )
        return row.id


def test_list_files_round_trip_and_the_newest_wins(store: Store) -> None:
    with store.session() as session:
        assert latest_list_file(session) is None
        assert latest_list_file_id(session) is None
    older = _add(store, "sdn.csv", b"1,a\n2,b\n", NOW)
    latin = b'{"id":"x"}\n{"caption":"caf\xe9"}\n{"id":"z"}\n'  # bytes kept as sent, not text
    newer = _add(store, "entities.ftm.json", latin, NOW - timedelta(days=1))
    assert newer > older
    with store.session() as session:
        assert latest_list_file_id(session) == newer  # by id: the last import, whatever its time
        row = latest_list_file(session)
        assert row is not None
        assert (row.id, row.name, row.content, row.entities) == (
            newer,
            "entities.ftm.json",
            latin,
            3,
        )
        assert row.sha256 == hashlib.sha256(latin).hexdigest()
        assert row.imported_at == NOW - timedelta(days=1)
        assert row.imported_at.tzinfo is not None
