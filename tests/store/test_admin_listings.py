"""The admin pages' queries: list versions and their files (no bytes), audit rows by user."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from overflight.store import Store, add
from overflight.store.accounts import audit_events
from overflight.store.lists import (
    NewListFile,
    add_list_version,
    list_versions_newest,
    version_file_summaries,
)
from overflight.store.schema import AuditEventRow

NOW = datetime(2026, 11, 29, 6, tzinfo=UTC)


def test_list_versions_newest_come_first_and_their_files_without_bytes(store: Store) -> None:
    with store.session() as session, session.begin():
        assert list(list_versions_newest(session, 10)) == []
        for i, name in enumerate(("sdn.csv", "un.xml", "entities.ftm.json")):
            content = f"file {i}\n".encode()
            add_list_version(
                session,
                [NewListFile(name, content, hashlib.sha256(content).hexdigest(), i + 1)],
                imported_by=f"admin{i}",
                imported_at=NOW + timedelta(hours=i),
            )
    with store.session() as session, session.begin():
        versions = list_versions_newest(session, 2)
        assert [(v.entities, v.imported_by) for v in versions] == [(3, "admin2"), (2, "admin1")]
        assert versions[0].id > versions[1].id
        assert versions[0].imported_at == NOW + timedelta(hours=2)
        rows = version_file_summaries(session, [v.id for v in versions])
        assert [(r.version_id, r.name, r.size_bytes) for r in rows] == [
            (versions[1].id, "un.xml", 7),
            (versions[0].id, "entities.ftm.json", 7),
        ]
        assert rows[1].sha256 == hashlib.sha256(b"file 2\n").hexdigest()
        assert "content" not in rows[0]._fields  # the listing never reads the files
        assert len(list_versions_newest(session, 10)) == 3


def test_audit_events_filter_by_user_and_action_before_the_limit(store: Store) -> None:
    events = [
        ("alice", "login"),
        ("alice", "read"),
        ("bob", "read"),
        ("alice", "read"),
        ("bob", "login"),
        ("bob", "change"),
    ]
    with store.session() as session, session.begin():
        for i, (who, action) in enumerate(events):
            add(
                session,
                AuditEventRow(
                    at=NOW + timedelta(minutes=i),
                    username=who,
                    action=action,
                    object_kind="case",
                    object_id=str(i),
                    detail="",
                ),
            )
    with store.session() as session, session.begin():
        ids = [r.object_id for r in audit_events(session, username="alice")]
        assert ids == ["3", "1", "0"]
        assert [r.object_id for r in audit_events(session, action="login")] == ["4", "0"]
        both = audit_events(session, username="bob", action="read")
        assert [r.object_id for r in both] == ["2"]
        # Filtered in the query: the limit counts matching rows, not the newest rows overall.
        assert [r.object_id for r in audit_events(session, username="alice", limit=2)] == [
            "3",
            "1",
        ]
        assert audit_events(session, username="carol") == []
        assert len(audit_events(session)) == len(events)
