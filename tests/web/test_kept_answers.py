"""Kept answers (``web.kept_answers``): the case view and the board, never stale, never another's.

Each test serves one seeded store (``web_personas.seed_store``) with two apps: one that keeps
answers, and one that keeps none (``kept_answers=0``), the oracle. A login is stored, so the
same token or cookie works on both, and the two must answer alike, byte for byte, whatever was
asked before and whatever was written in between. Runs on SQLite and PostgreSQL (skipped, saying
why, where no PostgreSQL answers).
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from typer.testing import CliRunner
from web_personas import (
    NOFORN_TEXT,
    PASSWORD,
    PERSONAS,
    REL_TUR_TEXT,
    UNCLAS_TUR,
    US_ANALYST,
    Persona,
    Seed,
    TestClient,
    seed_store,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_backends import BACKENDS, opened_store

from overflight.cases.coordination import set_deadline
from overflight.cli import app as cli_app
from overflight.markings import UNCLASSIFIED
from overflight.services.accounts import Account, IssuedLogin
from overflight.services.web import NotVisibleError, visible_cases
from overflight.store import Store
from overflight.store.schema import Base
from overflight.web import WebSettings, create_app
from overflight.web.case_api import case_answer
from overflight.web.kept_answers import AnswerCache, KeptAnswer, reader_view_key

DLA = "(DLA-KOR151-ZKPY0500-OSDI-DOF/260529)"


@dataclass
class Served:
    """A seeded store, an app that keeps answers over it, and one that keeps none."""

    store: Store
    seed: Seed
    kept: TestClient
    fresh: TestClient
    tokens: dict[str, str]
    cookies: dict[str, str]

    def bearer(self, persona: Persona) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[persona.username]}"}

    def cookie(self, persona: Persona) -> dict[str, str]:
        return {"Cookie": f"overflight_session={self.cookies[persona.username]}"}

    def hits(self) -> int:
        answers: AnswerCache = self.kept.app.state.answers  # type: ignore[attr-defined]
        return answers.hits

    def both(self, path: str, headers: dict[str, str]) -> tuple[Any, Any]:
        """The kept app's answer, then the oracle's, to the same request."""
        return self.kept.get(path, headers=headers), self.fresh.get(path, headers=headers)


@pytest.fixture(params=BACKENDS)
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Served]:
    with opened_store(request.param, tmp_path) as store:
        seed = seed_store(store.url)
        kept_settings = WebSettings(database=store.url, login_failures_per_address=1_000)
        fresh_settings = WebSettings(
            database=store.url, login_failures_per_address=1_000, kept_answers=0
        )
        with (
            TestClient(create_app(kept_settings)) as kept,
            TestClient(create_app(fresh_settings)) as fresh,
        ):
            tokens, cookies = {}, {}
            for p in PERSONAS:
                form = {"username": p.username, "password": PASSWORD}
                tokens[p.username] = kept.post("/api/token", data=form).json()["access_token"]
                cookies[p.username] = _page_cookie(kept, p)
            yield Served(store, seed, kept, fresh, tokens, cookies)


def _page_cookie(client: TestClient, persona: Persona) -> str:
    page = client.get("/login").text
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = {"username": persona.username, "password": PASSWORD, "csrf_token": csrf}
    client.post("/login", data=form, follow_redirects=False)
    cookie = client.cookies.get("overflight_session")
    client.cookies.clear()
    assert cookie
    return str(cookie)


def _revision(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text("SELECT revision FROM store_revision")).scalar_one())


def _account(persona: Persona, account_id: int = 0) -> Account:
    return Account(
        account_id,
        persona.username,
        persona.clearance,
        persona.nationality,
        persona.organisation,
        persona.role,
    )


def _case_ids(seed: Seed) -> tuple[int, ...]:
    return (seed.unclassified_case, seed.noforn_case, seed.rel_tur_case)


def _tables_the_views_read(store: Store, seed: Seed) -> set[str]:
    """The tables named in every statement the case view and the board send, for each persona."""
    statements: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        now = datetime.now(UTC)
        with store.session() as session:
            for persona in PERSONAS:
                account = _account(persona)
                visible_cases(session, account, now)
                for case_id in _case_ids(seed):
                    try:
                        case_answer(session, account, case_id, now)
                    except NotVisibleError:
                        continue
    finally:
        event.remove(store.engine, "before_cursor_execute", note)
    names = {table.name for table in Base.metadata.sorted_tables}
    return {n for n in names if any(re.search(rf"\b{n}\b", s) for s in statements)}


def _trigger_events(store: Store, table: str) -> set[str]:
    """The row events (insert, update, delete) that fire a trigger bumping the revision."""
    with store.engine.connect() as connection:
        if store.engine.dialect.name == "postgresql":
            rows = connection.execute(
                text(
                    "SELECT tgtype, pg_get_triggerdef(oid) FROM pg_trigger "
                    "WHERE tgrelid = to_regclass(:t) AND NOT tgisinternal"
                ),
                {"t": table},
            )
            found = set()
            for tgtype, definition in rows:
                if "bump_store_revision" in definition:
                    found |= {
                        e
                        for e, bit in (("insert", 4), ("delete", 8), ("update", 16))
                        if tgtype & bit
                    }
            return found
        rows = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
            {"t": table},
        )
        return {
            m.group(1).lower()
            for (sql,) in rows
            if "store_revision" in sql
            and (m := re.search(r"AFTER (INSERT|UPDATE|DELETE) ON", sql, re.IGNORECASE))
        }


def test_every_table_the_views_read_has_the_revision_triggers(served: Served) -> None:
    read = _tables_the_views_read(served.store, served.seed)
    assert {"cases", "deadlines", "telegrams"} <= read  # the derivation sees the views' reads
    assert not read & {"audit_log", "auth_sessions", "users", "store_revision"}
    for table in sorted(read):
        assert _trigger_events(served.store, table) == {"insert", "update", "delete"}, table
        before = _revision(served.store)
        with served.store.engine.begin() as connection:
            rows = connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
            assert rows > 0, f"the seed holds no {table} row to update"
            connection.execute(text(f"UPDATE {table} SET id = id"))
        assert _revision(served.store) > before, table


def test_logins_and_audited_reads_leave_the_revision_alone(served: Served) -> None:
    before = _revision(served.store)
    for persona in PERSONAS:
        served.kept.get("/api/me", headers=served.bearer(persona))
        served.kept.get(
            f"/api/cases/{served.seed.unclassified_case}", headers=served.bearer(persona)
        )
        served.kept.get("/", headers=served.cookie(persona))
    assert _revision(served.store) == before
    assert served.hits() == 0  # every persona asked once: nothing given twice
    served.kept.get(
        f"/api/cases/{served.seed.unclassified_case}", headers=served.bearer(US_ANALYST)
    )
    assert served.hits() == 1


def test_personas_never_get_each_others_answer(served: Served) -> None:
    paths = [f"/api/cases/{case_id}" for case_id in _case_ids(served.seed)]
    for first in PERSONAS:
        for second in PERSONAS:
            for path in paths:
                served.kept.get(path, headers=served.bearer(first))
                kept, fresh = served.both(path, served.bearer(second))
                assert (kept.status_code, kept.content) == (fresh.status_code, fresh.content)
            served.kept.get("/", headers=served.cookie(first))
            kept, fresh = served.both("/", served.cookie(second))
            assert (kept.status_code, kept.text) == (fresh.status_code, fresh.text)
            assert second.username in kept.text
            assert first is second or first.username not in kept.text
    assert served.hits() > 0  # the answers above were given from the keep too
    unclas = [served.kept.get(p, headers=served.bearer(UNCLAS_TUR)).text for p in paths]
    assert not any(NOFORN_TEXT in t or REL_TUR_TEXT in t for t in unclas)


def _deadline_of(served: Served) -> dict[str, Any]:
    path = f"/api/cases/{served.seed.noforn_case}"
    deadlines: list[dict[str, Any]] = served.kept.get(
        path, headers=served.bearer(US_ANALYST)
    ).json()["deadlines"]
    return deadlines[0]


def test_a_write_through_the_api_changes_the_next_answer(served: Served) -> None:
    path = f"/api/cases/{served.seed.noforn_case}"
    headers = served.bearer(US_ANALYST)
    deadline = _deadline_of(served)
    assert deadline["met_on"] is None
    board_before = served.kept.get("/", headers=served.cookie(US_ANALYST)).text
    hits = served.hits()
    assert served.kept.get(path, headers=headers).json()["deadlines"][0] == deadline
    assert served.hits() == hits + 1  # kept: the next answer is stale unless the write shows
    met = served.kept.post(
        f"{path}/deadlines/{deadline['id']}/met", headers=headers, data={"met_on": "2026-05-29"}
    )
    assert met.status_code == 200, met.text
    kept, fresh = served.both(path, headers)
    assert kept.json()["deadlines"][0]["met_on"] == "2026-05-29"
    assert kept.content == fresh.content
    board, fresh_board = served.both("/", served.cookie(US_ANALYST))
    assert board.text == fresh_board.text != board_before


def test_a_write_by_the_cli_changes_the_next_answer(served: Served, tmp_path: Path) -> None:
    path = f"/api/cases/{served.seed.unclassified_case}"
    headers = served.bearer(US_ANALYST)
    before = served.kept.get(path, headers=headers).content
    assert served.kept.get(path, headers=headers).content == before  # kept now
    board_before = served.kept.get("/", headers=served.cookie(US_ANALYST)).text
    plan = tmp_path / "dla.txt"
    plan.write_text(DLA + "\n")
    ran = CliRunner().invoke(
        cli_app,
        [
            "run",
            str(plan),
            "--db",
            served.store.url,
            "--drafts",
            str(tmp_path / "drafts"),
            "--now",
            "2026-05-28T13:00Z",
        ],
    )
    assert ran.exit_code == 0, ran.output
    kept, fresh = served.both(path, headers)
    assert kept.content == fresh.content != before
    assert "filed -> delayed" in kept.text
    board, fresh_board = served.both("/", served.cookie(US_ANALYST))
    assert board.text == fresh_board.text != board_before  # the status column moved


def test_a_write_no_code_path_knows_changes_the_next_answer(served: Served) -> None:
    path = f"/api/cases/{served.seed.rel_tur_case}"
    headers = served.bearer(US_ANALYST)
    before = served.kept.get(path, headers=headers).content
    with served.store.engine.begin() as connection:  # as a script or another program would
        connection.execute(
            text("UPDATE cases SET title = 'YANKEETITLE' WHERE id = :id"),
            {"id": served.seed.rel_tur_case},
        )
    kept, fresh = served.both(path, headers)
    assert kept.content == fresh.content != before
    assert "YANKEETITLE" in kept.text
    assert "YANKEETITLE" in served.kept.get("/", headers=served.cookie(US_ANALYST)).text


def test_an_answer_is_not_given_on_the_next_day(served: Served) -> None:
    case_id = served.seed.unclassified_case
    with served.store.session(writing=True) as session:
        set_deadline(session, case_id, date(2026, 6, 10), what="report on the landing")
        session.commit()
    account = _account(US_ANALYST)
    expires = datetime(2099, 1, 1, tzinfo=UTC)
    login = IssuedLogin("token", "csrf", expires, account, _revision(served.store))
    answers = AnswerCache(16)
    key = ("case", case_id, reader_view_key(account))

    def states(now: datetime) -> list[str]:
        def build(session: Any) -> KeptAnswer:
            return case_answer(session, account, case_id, now)

        kept = asyncio.run(answers.answer(key, login, now, served.store, build))
        return [d["state"] for d in json.loads(kept.body)["deadlines"]]

    due = datetime(2026, 6, 10, 12, tzinfo=UTC)
    assert states(due) == ["pending"]
    assert states(due + timedelta(hours=11, minutes=59)) == ["pending"]
    assert answers.hits == 1  # the same day: kept
    assert states(due + timedelta(hours=12, minutes=1)) == ["overdue"]
    assert answers.misses == 2


def test_an_answer_of_an_older_revision_is_never_given(served: Served) -> None:
    account = _account(US_ANALYST)
    built: list[int] = []

    def login_at(revision: int | None) -> IssuedLogin:
        return IssuedLogin("t", "c", datetime(2099, 1, 1, tzinfo=UTC), account, revision)

    def ask(revision: int | None) -> bytes:
        def build(_session: Any) -> KeptAnswer:
            built.append(len(built))
            return KeptAnswer(str(len(built)).encode(), UNCLASSIFIED)

        now = datetime(2026, 6, 1, tzinfo=UTC)
        found = answers.answer("board", login_at(revision), now, served.store, build)
        return asyncio.run(found).body

    answers = AnswerCache(16)
    assert ask(5) == b"1"
    assert ask(5) == b"1"  # kept
    assert ask(6) == b"2"  # a newer revision: built again, the old one dropped
    assert ask(5) == b"3"  # a login read before the latest write: built, not given the newer
    assert ask(6) == b"2"
    assert ask(None) == b"4"  # no revision known: always built
    assert len(answers) == 1


def test_requests_asking_while_an_answer_is_built_share_that_build(served: Served) -> None:
    account = _account(US_ANALYST)
    login = IssuedLogin("t", "c", datetime(2099, 1, 1, tzinfo=UTC), account, 7)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    answers = AnswerCache(16)
    started = threading.Event()
    release = threading.Event()

    def build(_session: Any) -> KeptAnswer:
        started.set()
        release.wait(10)  # until every other request asks
        return KeptAnswer(b"built once", UNCLASSIFIED)

    def hidden(_session: Any) -> KeptAnswer:
        raise NotVisibleError("case", 99)

    async def ask_many() -> list[bytes]:
        first = asyncio.ensure_future(answers.answer("k", login, now, served.store, build))
        await asyncio.to_thread(started.wait, 10)
        others = [answers.answer("k", login, now, served.store, build) for _ in range(4)]
        waiting = asyncio.gather(*others)
        await asyncio.sleep(0.05)  # the others are waiting for the first's build
        release.set()
        return [a.body for a in [await first, *await waiting]]

    assert asyncio.run(ask_many()) == [b"built once"] * 5
    assert (answers.misses, answers.hits) == (1, 4)
    with pytest.raises(NotVisibleError):
        asyncio.run(answers.answer("gone", login, now, served.store, hidden))
    assert answers.misses == 2  # an error is not kept
    with pytest.raises(NotVisibleError):
        asyncio.run(answers.answer("gone", login, now, served.store, hidden))
    assert answers.misses == 3


def test_two_writers_of_the_same_cases_never_deadlock_on_the_revision(tmp_path: Path) -> None:
    """PostgreSQL: the counter is taken at commit, after every row lock, so no lock cycle forms.

    The first writer changes case A, the second case B, then the first case B (it waits for
    the second). A counter taken at each statement would be the first's already, and the
    second would wait for it while holding B: a deadlock, one of them refused.
    """
    with opened_store("postgresql", tmp_path) as store:
        seed = seed_store(store.url)
        before = _revision(store)
        change = text("UPDATE cases SET title = :title WHERE id = :id")
        errors: list[Exception] = []

        def run(step: Any) -> threading.Thread:
            def guarded() -> None:
                try:
                    step()
                except Exception as error:  # shown by the assertion below
                    errors.append(error)

            thread = threading.Thread(target=guarded)
            thread.start()
            return thread

        with store.engine.connect() as first, store.engine.connect() as second:
            for connection in (first, second):
                connection.execute(text("SET lock_timeout = '20s'"))
            first_pid = first.execute(text("SELECT pg_backend_pid()")).scalar_one()
            first.execute(change, {"title": "A by first", "id": seed.unclassified_case})
            run(
                lambda: second.execute(change, {"title": "B by second", "id": seed.noforn_case})
            ).join()
            waiting = run(
                lambda: (
                    first.execute(change, {"title": "B by first", "id": seed.noforn_case}),
                    first.commit(),
                )
            )
            _wait_for_a_lock_wait(store, first_pid)
            second.commit()
            waiting.join()
        assert errors == []
        assert _revision(store) == before + 2  # one per transaction
        with store.engine.connect() as connection:
            titles = connection.execute(text("SELECT title FROM cases ORDER BY id")).scalars()
            assert list(titles)[:2] == ["A by first", "B by first"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_each_transaction_writing_the_views_tables_raises_the_revision(
    backend: str, tmp_path: Path
) -> None:
    """On PostgreSQL once a transaction, however many rows it writes; on SQLite once a row."""
    with opened_store(backend, tmp_path) as store:
        seed_store(store.url)
        with store.engine.connect() as connection:
            cases = connection.execute(text("SELECT count(*) FROM cases")).scalar_one()
        assert cases >= 2
        raised = []
        for _ in range(2):
            before = _revision(store)
            with store.engine.begin() as connection:
                connection.execute(text("UPDATE cases SET title = title || '.'"))
                connection.execute(text("UPDATE cases SET title = title || '.'"))
            raised.append(_revision(store) - before)
        assert raised == ([1, 1] if backend == "postgresql" else [2 * cases, 2 * cases])


def _wait_for_a_lock_wait(store: Store, pid: int) -> None:
    with store.engine.connect() as connection:
        for _ in range(200):
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE pid = :pid AND wait_event_type = 'Lock'"
                ),
                {"pid": pid},
            ).scalar_one()
            if waiting:
                return
            threading.Event().wait(0.05)
    raise AssertionError("the first writer never waited for the second's row")


def test_a_worker_keeps_at_most_its_count_and_bytes_least_recently_used_out(
    served: Served,
) -> None:
    login = IssuedLogin("t", "c", datetime(2099, 1, 1, tzinfo=UTC), _account(US_ANALYST), 3)
    now = datetime(2026, 6, 1, tzinfo=UTC)

    def ask(answers: AnswerCache, key: str, size: int) -> None:
        def build(_session: Any) -> KeptAnswer:
            return KeptAnswer(b"x" * size, UNCLASSIFIED)

        asyncio.run(answers.answer(key, login, now, served.store, build))

    by_count = AnswerCache(2)
    for key in ("a", "b", "a", "c"):  # "a" used again: "b" is the least recently used
        ask(by_count, key, 10)
    assert len(by_count) == 2
    misses = by_count.misses
    ask(by_count, "a", 10)
    assert by_count.misses == misses  # still kept
    ask(by_count, "b", 10)
    assert by_count.misses == misses + 1  # was dropped
    by_bytes = AnswerCache(100, max_bytes=25)
    for key in ("a", "b", "c"):
        ask(by_bytes, key, 10)
    assert len(by_bytes) == 2  # 30 bytes would be over 25
