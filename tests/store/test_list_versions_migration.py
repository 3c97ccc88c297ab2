"""Migration 0010 makes each list file stored before a version of its own, still screened."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from store_backends import BACKENDS, opened_store

from overflight.store.lists import (
    NewListFile,
    add_list_version,
    latest_list_version_id,
    list_version,
    list_version_files,
)
from overflight.store.sql import migrate

AT = datetime(2026, 11, 29, 6, tzinfo=UTC)


@pytest.mark.parametrize("backend", BACKENDS)
def test_old_list_files_become_one_version_each(backend: str, tmp_path: Path) -> None:
    with opened_store(backend, tmp_path, upgrade=False) as store:
        migrate(store.engine, "0009")
        with store.engine.begin() as connection:
            for name, content, by in ((b"sdn", b"1,a\n", "ann"), (b"un", b"<x/>\n\n", "bob")):
                connection.execute(
                    text(
                        "INSERT INTO list_files (name, content, sha256, entities, imported_by, "
                        "imported_at) VALUES (:name, :content, :sha, 2, :by, :at)"
                    ),
                    {
                        "name": name.decode(),
                        "content": content,
                        "sha": hashlib.sha256(content).hexdigest(),
                        "by": by,
                        "at": AT,
                    },
                )
        migrate(store.engine)
        with store.session() as session, session.begin():
            assert latest_list_version_id(session) == 2  # the newest file is still the one used
            old = list_version(session, 1)
            assert old is not None
            assert (old.entities, old.imported_by, old.imported_at) == (2, "ann", AT)
            [file] = list_version_files(session, 2)
            assert (file.name, file.content, file.size_bytes, file.source_url) == (
                "un",
                b"<x/>\n\n",
                6,
                "",
            )
            # New versions number on after the old ones (PostgreSQL's sequence moved past them).
            version, _ = add_list_version(
                session,
                [NewListFile("new.xml", b"<y/>", "0" * 64, 1)],
                imported_by="cli",
                imported_at=AT,
            )
            assert version.id == 3
