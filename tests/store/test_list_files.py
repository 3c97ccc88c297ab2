"""List versions: stored bytes come back unchanged, the newest version is found by id."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from overflight.store import Store
from overflight.store.lists import (
    NewListFile,
    add_list_version,
    latest_list_version_id,
    list_version_files,
)

NOW = datetime(2026, 11, 29, 6, tzinfo=UTC)


def _file(name: str, content: bytes, url: str = "") -> NewListFile:
    sha256 = hashlib.sha256(content).hexdigest()
    return NewListFile(name, content, sha256, len(content.splitlines()), url)


def _add(store: Store, files: list[NewListFile], at: datetime) -> int:
    with store.session() as session, session.begin():
        version, _ = add_list_version(session, files, imported_by="admin", imported_at=at)
        return version.id


def test_list_versions_round_trip_and_the_newest_wins(store: Store) -> None:
    with store.session() as session:
        assert latest_list_version_id(session) is None
    older = _add(store, [_file("sdn.csv", b"1,a\n2,b\n"), _file("alt.csv", b"1,x\n")], NOW)
    latin = b'{"id":"x"}\n{"caption":"caf\xe9"}\n{"id":"z"}\n'  # bytes kept as sent, not text
    url = "http://127.0.0.1/entities.ftm.json"
    newer = _add(store, [_file("entities.ftm.json", latin, url)], NOW - timedelta(days=1))
    assert newer > older
    with store.session() as session:
        assert latest_list_version_id(session) == newer  # by id: the last import, whatever its time
        assert [f.name for f in list_version_files(session, older)] == ["sdn.csv", "alt.csv"]
        [row] = list_version_files(session, newer)
        assert (row.name, row.content, row.entities, row.size_bytes, row.source_url) == (
            "entities.ftm.json",
            latin,
            3,
            len(latin),
            url,
        )
        assert row.sha256 == hashlib.sha256(latin).hexdigest()
        assert row.imported_at == NOW - timedelta(days=1)
        assert row.imported_at.tzinfo is not None
