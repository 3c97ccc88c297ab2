"""Store ingest throughput: ``ingest_messages`` against a naive one-commit-per-row ORM loop.

Generates a seeded feed of ATS messages (FPLs, then DLA/CHG/DEP/ARR/CNL for some; the templates
of ``bench_ats_parse.generate``), parses it once, then times on SQLite (a temporary file) and on
PostgreSQL (a temporary schema, skipped with a message when the server does not answer), each
run on a new store:

* ``ours``: ``ingest_messages`` (hash, store, link into flights, update cases), chunks of 500
  linked in memory and written in bulk, one commit per chunk;
* ``batch1``: the same with ``batch=1`` (one commit per message);
* ``naive``: for each message, look its hash up, add one ORM row, commit (no linking) - the
  obvious alternative;
* ``bulk``: hash lookup per 500, then one multi-row INSERT of every message and one commit, no
  linking and no cases - a ceiling for what the store itself can take.

Run: .venv/bin/python bench/bench_ingest.py [--messages 20000] [--seed 4444] [--pg URL]
     [--runs ours,batch1,naive,bulk] [--backends sqlite,postgresql]
(the naive loop on SQLite does one file sync per message: leave it out of long runs.)
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import psycopg
from sqlalchemy import select

from bench_ats_parse import generate
from overflight.ats import AtsMessage, format_message, parse_messages
from overflight.cases import ingest_messages
from overflight.cases.columns import content_hash
from overflight.store import AtsMessageRow, Store, known_hashes, open_store
from overflight.store.messages import count_flights, insert_messages

AT = datetime(2026, 11, 29, tzinfo=UTC)


def naive(store: Store, messages: list[AtsMessage]) -> None:
    """One ORM row and one commit per message; the hash is looked up first."""
    with store.session() as session:
        for position, message in enumerate(messages, start=1):
            digest = content_hash(message)
            found = session.scalars(
                select(AtsMessageRow).where(AtsMessageRow.content_hash == digest)
            ).first()
            if found is not None:
                continue
            session.add(
                AtsMessageRow(
                    content_hash=digest,
                    title=message.title.value,
                    aircraft_id=message.aircraft_id,
                    raw_text=format_message(message),
                    position=position,
                    parsed={},
                    changes=[],
                    ingested_at=AT,
                )
            )
            session.commit()


def bulk(store: Store, messages: list[AtsMessage]) -> None:
    """Known hashes per 500, then every new message in one multi-row INSERT; no linking."""
    with store.session() as session:
        canonical = [format_message(message) for message in messages]
        digests = [content_hash(message) for message in messages]
        known = known_hashes(session, digests)
        rows = []
        for position, (message, text, digest) in enumerate(
            zip(messages, canonical, digests, strict=True), start=1
        ):
            if digest in known:
                continue
            known.add(digest)
            rows.append(
                {
                    "content_hash": digest,
                    "title": message.title.value,
                    "aircraft_id": message.aircraft_id,
                    "raw_text": text,
                    "position": position,
                    "parsed": {},
                    "changes": [],
                    "ingested_at": AT,
                }
            )
        insert_messages(session, rows)
        session.commit()


def ours(batch: int) -> Callable[[Store, list[AtsMessage]], None]:
    def run(store: Store, messages: list[AtsMessage]) -> None:
        with store.session() as session:
            report = ingest_messages(session, messages, source="bench", at=AT, batch=batch)
            stored = count_flights(session)
        if report.errors or report.read != len(messages) or stored != report.new_flights:
            raise SystemExit(f"ingest went wrong: {report!r:.300}, {stored} flights stored")

    return run


RUNS: dict[str, tuple[str, Callable[[Store, list[AtsMessage]], None]]] = {
    "ours": ("ingest_messages (chunks of 500)", ours(500)),
    "batch1": ("ingest_messages (batch 1)", ours(1)),
    "naive": ("naive ORM loop, commit per row (no linking)", naive),
    "bulk": ("bulk INSERT, one commit (no linking)", bulk),
}


def timed(
    opener: Callable[[], Store],
    action: Callable[[Store, list[AtsMessage]], None],
    messages: list[AtsMessage],
) -> float:
    store = opener()
    try:
        start = time.perf_counter()
        action(store, messages)
        return time.perf_counter() - start
    finally:
        store.close()


def pg_opener(url: str) -> Callable[[], Store] | str:
    libpq = url.replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        with psycopg.connect(libpq, connect_timeout=3):
            pass
    except psycopg.Error as error:
        return f"PostgreSQL skipped: {url} does not answer ({str(error).strip()[:80]})"

    def opener() -> Store:
        schema = f"overflight_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(libpq, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"')
        store = open_store(f"{url}?options={quote(f'-csearch_path={schema}')}")
        close = store.close

        class Dropping(Store):
            def close(self) -> None:
                close()
                with psycopg.connect(libpq, autocommit=True) as admin:
                    admin.execute(f'DROP SCHEMA "{schema}" CASCADE')

        return Dropping(store.url, store.engine, store.sessions)

    return opener


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--messages", type=int, default=20_000)
    arguments.add_argument("--seed", type=int, default=4444)
    arguments.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    arguments.add_argument("--runs", default="ours,batch1,naive,bulk")
    arguments.add_argument("--backends", default="sqlite,postgresql")
    options = arguments.parse_args()
    runs = [RUNS[name] for name in options.runs.split(",")]
    feed, _ = generate(options.messages, options.seed)
    messages, errors = parse_messages(feed, "bench")
    messages = messages[: options.messages]
    print(f"{len(messages):,} messages generated (seed {options.seed}), {len(errors)} unreadable")

    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(1_000_000))
        backends: list[tuple[str, Callable[[], Store] | str]] = []
        if "sqlite" in options.backends:
            backends.append(
                ("SQLite", lambda: open_store(Path(folder) / f"bench{next(counter)}.db"))
            )
        if "postgresql" in options.backends:
            backends.append(("PostgreSQL", pg_opener(options.pg)))
        for name, opener in backends:
            if isinstance(opener, str):
                print(opener)
                continue
            seconds = {}
            for label, action in runs:
                seconds[label] = timed(opener, action, messages)
                rate = len(messages) / seconds[label]
                print(f"{name:10} {label:45} {rate:9,.0f} messages/s  {seconds[label]:7.1f} s")
            base = seconds.get(RUNS["naive"][0])
            if base is not None:
                for label, value in seconds.items():
                    print(f"{name:10} {label:45} {base / value:9.2f}x naive")


if __name__ == "__main__":
    main()
