"""The admin pages' queries: list files without their bytes, audit rows by user and action."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from overflight.store import Store, add
from overflight.store.accounts import audit_events
from overflight.store.lists import add_list_file, list_files_newest
from overflight.store.schema import AuditEventRow

NOW = datetime(2026, 11, 29, 6, tzinfo=UTC)


def test_list_files_newest_come_first_without_their_bytes(store: Store) -> None:
    with store.session() as session, session.begin():
        assert list(list_files_newest(session, 10)) == []
        for i, name in enumerate(("sdn.csv", "un.xml", "entities.ftm.json")):
            content = f"file {i}\n".encode()
            add_list_file(
                session,
                name=name,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
                entities=i + 1,
                imported_by=f"admin{i}",
                imported_at=NOW + timedelta(hours=i),
            )
    with store.session() as session, session.begin():
        rows = list_files_newest(session, 2)
        assert [(r.name, r.entities, r.imported_by) for r in rows] == [
            ("entities.ftm.json", 3, "admin2"),
            ("un.xml", 2, "admin1"),
        ]
        assert rows[0].id > rows[1].id
        assert rows[0].sha256 == hashlib.sha256(b"file 2\n").hexdigest()
        assert rows[0].imported_at == NOW + timedelta(hours=2)
        assert "content" not in rows[0]._fields  # the listing never reads the files
        assert len(list_files_newest(session, 10)) == 3


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
