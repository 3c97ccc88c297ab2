"""Chunked ingest: the chunk size changes how writes are grouped, never what is stored.

``batch=1`` links every message against flights re-read from the store; a large batch links a
whole chunk in memory and writes it in bulk. Both must store the same rows, follow the same cases
and keep the same guarantees (interruption, replay of a failed write).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from overflight.ats import AtsMessage, link_messages, parse_messages
from overflight.cases import (
    CaseStatus,
    case_timeline,
    get_case,
    ingest_messages,
    open_case,
    stored_flights,
)
from overflight.cases.columns import content_hash
from overflight.model.jsonable import to_jsonable
from overflight.store import AtsMessageRow, Session, Store, case_messages, open_store
from overflight.store.messages import count_messages

FEED = Path(__file__).with_name("fixtures") / "air_koryo_charter.txt"
AT = datetime(2008, 5, 21, 12, tzinfo=UTC)

# IRA1 is delayed, moved to UAAA by CHG (a new key), delayed under the new key; a DLA under the
# old key then finds nothing; a second IRA1 plan on the old key is filed and cancelled. SYR22
# departs and arrives.
OTHER_FEED = """
(FPL-IRA1-IS-B744/H-SDFGIRY/S-OIIE0800-N0480F350 DCT RIKAL DCT-UTTT0330-DOF/080520)
(DLA-IRA1-OIIE0900-UTTT-DOF/080520)
(CHG-IRA1-OIIE0900-UTTT-DOF/080520-16/UAAA0400 UTTT)
(DLA-IRA1-OIIE0930-UAAA-DOF/080520)
(DLA-IRA1-OIIE0930-UTTT-DOF/080520)
(FPL-IRA1-IS-B744/H-SDFGIRY/S-OIIE1200-N0480F350 DCT RIKAL DCT-UTTT0330-DOF/080521)
(CNL-IRA1-OIIE1200-UTTT-DOF/080521)
(FPL-SYR22-IN-A320/M-SDFGIRY/S-OSDI1000-N0450F310 DCT TOLGA DCT-LTBA0300-DOF/080521)
(DEP-SYR22-OSDI1005-LTBA-DOF/080521)
(ARR-SYR22-OSDI-LTBA1250)
"""


def _messages(text: str, source: str) -> list[AtsMessage]:
    messages, errors = parse_messages(text, source)
    assert errors == ()
    return messages


CHARTER = _messages(FEED.read_text(), "feed")
OTHERS = _messages(OTHER_FEED, "other")


def _interleaved() -> list[AtsMessage]:
    """Charter and others alternating, so that every chunk mixes flights and routes."""
    mixed: list[AtsMessage] = []
    for index in range(max(len(CHARTER), len(OTHERS))):
        mixed.extend(CHARTER[index : index + 1])
        mixed.extend(OTHERS[index : index + 1])
    return mixed


def _stored(session: Session) -> tuple[object, ...]:
    """Every message row's link (by flight key, not id) and every flight, in order."""
    flights = stored_flights(session)
    key_of = {flight.id: flight.key for flight in flights}
    rows = session.scalars(select(AtsMessageRow).order_by(AtsMessageRow.id))
    messages = tuple(
        (
            row.content_hash,
            row.position,
            key_of.get(row.flight_id) if row.flight_id is not None else None,
            row.flight_status,
            tuple(row.changes),
            row.link_note,
        )
        for row in rows
    )
    return messages, tuple((f.key, f.status, f.eobt, f.plan_text) for f in flights)


def test_other_feed_follows_the_ats_rules() -> None:
    # The oracle the store is compared with, checked by hand once: CHG moved IRA1 to UAAA.
    linked = link_messages(OTHERS)
    assert [(f.aircraft_id, f.plan.destination.aerodrome) for f in linked.flights] == [
        ("IRA1", "UAAA"),
        ("IRA1", "UTTT"),
        ("SYR22", "LTBA"),
    ]
    assert [u.message.title.value for u in linked.unmatched] == ["DLA"]


@pytest.mark.parametrize("batch", [2, 3, 7, 500])
def test_chunk_size_does_not_change_what_is_stored(
    store: Store, tmp_path: Path, batch: int
) -> None:
    feed = _interleaved()
    with open_store(tmp_path / "one-by-one.db") as reference, reference.session() as session:
        expected_report = ingest_messages(session, feed, source="f", at=AT, batch=1)
        expected = _stored(session)
    with store.session() as session:
        report = ingest_messages(session, feed, source="f", at=AT, batch=batch)
        assert report == expected_report
        assert _stored(session) == expected
    # Independent of both: the ATS linking rules over the whole stream.
    oracle = link_messages(feed)
    with store.session() as session:
        flights = {(f.aircraft_id, f.dof, f.status, f.eobt) for f in stored_flights(session)}
    assert flights == {(f.aircraft_id, f.dof, f.status, f.eobt) for f in oracle.flights}
    assert report.unmatched == len(oracle.unmatched)


def _case_view(session: Session, case_id: int) -> tuple[object, ...]:
    titles = tuple((row.title, row.aircraft_id) for row in case_messages(session, case_id))
    events = tuple((e.kind, e.detail) for e in case_timeline(session, case_id))
    return get_case(session, case_id).status, titles, events


@pytest.mark.parametrize("batch", [1, 4, 500])
def test_case_follows_its_flight_and_refiled_plan_inside_a_chunk(store: Store, batch: int) -> None:
    with store.session() as session:
        ingest_messages(session, CHARTER[:1], source="feed", at=AT)
        (flight,) = stored_flights(session)
        case = open_case(session, "KOR715 charter", flight_id=flight.id, at=AT)
        session.commit()
        rest = [m for m in _interleaved() if m is not CHARTER[0]]
        report = ingest_messages(session, rest, source="feed", at=AT, batch=batch)
        status, titles, events = _case_view(session, case.id)
    assert report.added == len(rest)
    # Every charter message joined the case (first plan and the refiled one), no other flight's.
    assert titles == tuple((m.title.value, "KOR715") for m in CHARTER)
    assert [kind for kind, _ in events].count("refiled") == 1
    assert [kind for kind, _ in events].count("message") == len(CHARTER)
    assert status is CaseStatus.CANCELLED  # the refiled plan's CNL was the latest message


def test_case_timeline_is_the_same_whatever_the_chunk_size(store: Store, tmp_path: Path) -> None:
    def run(target: Store, batch: int) -> tuple[object, ...]:
        with target.session() as session:
            ingest_messages(session, CHARTER[:1], source="feed", at=AT)
            (flight,) = stored_flights(session)
            case = open_case(session, "KOR715 charter", flight_id=flight.id, at=AT)
            session.commit()
            ingest_messages(session, _interleaved()[1:], source="feed", at=AT, batch=batch)
            return _case_view(session, case.id)

    with open_store(tmp_path / "one-by-one.db") as reference:
        expected = run(reference, 1)
    assert run(store, 500) == expected


def _json_text(value: object) -> object:
    """Times of day as ISO text, as the case layer stores them (JSON has no time type)."""
    if isinstance(value, dict):
        return {key: _json_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_text(item) for item in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_stored_parsed_form_is_the_message_as_json_without_its_origin(store: Store) -> None:
    feed = _interleaved()
    with store.session() as session:
        ingest_messages(session, feed, source="f", at=AT)
        rows = session.scalars(select(AtsMessageRow).order_by(AtsMessageRow.id)).all()
        stored = [row.parsed for row in rows]
    expected = []
    for message in feed:
        form = _json_text(to_jsonable(replace(message, origin=None)))
        form.pop("origin")
        expected.append(form)
    assert stored == expected
    assert all("origin" not in form for form in stored)


class SimulatedCrashError(Exception):
    """Stands for a crash or ^C while a message is being ingested."""


@pytest.mark.parametrize(("batch", "interrupt_at"), [(3, 3), (3, 4), (3, 11), (500, 11)])
def test_interruption_inside_a_chunk_keeps_exactly_the_messages_before(
    store: Store, tmp_path: Path, batch: int, interrupt_at: int
) -> None:
    feed = _interleaved()
    with open_store(tmp_path / "prefix.db") as prefix, prefix.session() as session:
        ingest_messages(session, feed[: interrupt_at - 1], source="f", at=AT)
        expected = _stored(session)

    def crash(number: int, message: AtsMessage) -> None:
        if number == interrupt_at:
            raise SimulatedCrashError(message.title.value)

    with store.session() as session, pytest.raises(SimulatedCrashError):
        ingest_messages(session, feed, source="f", at=AT, batch=batch, progress=crash)
    with store.session() as session:
        assert _stored(session) == expected
        report = ingest_messages(session, feed, source="f", at=AT, batch=batch)
        assert report.added == len(feed) - (interrupt_at - 1)
        completed = _stored(session)
    with open_store(tmp_path / "whole.db") as whole, whole.session() as session:
        ingest_messages(session, feed, source="f", at=AT)
        assert completed == _stored(session)


def test_failed_bulk_write_is_replayed_one_message_at_a_time(store: Store, tmp_path: Path) -> None:
    feed = _interleaved()
    clash = 6  # message 6's hash is taken behind ingest's back while message 5 is linked
    with store.session() as session:

        def take_hash(number: int, message: AtsMessage) -> None:
            if number == clash - 1:
                intruder = AtsMessageRow(
                    content_hash=content_hash(feed[clash - 1]),
                    title="XXX",
                    raw_text="(intruder)",
                    position=0,
                    parsed={},
                    changes=[],
                    ingested_at=AT,
                )
                session.add(intruder)
                session.flush()

        with pytest.raises(IntegrityError):
            ingest_messages(session, feed, source="f", at=AT, progress=take_hash)
    # The bulk write failed as a whole; the replay kept messages 1-5 and stopped at 6.
    with open_store(tmp_path / "prefix.db") as prefix, prefix.session() as session:
        ingest_messages(session, feed[: clash - 1], source="f", at=AT)
        expected_messages, expected_flights = _stored(session)
    with store.session() as session:
        stored_messages, stored_flights_ = _stored(session)
        assert count_messages(session) == clash  # five messages and the intruder
    intruder, *kept = stored_messages  # written first: the chunk's bulk write came later
    assert intruder[:2] == (content_hash(feed[clash - 1]), 0)
    assert tuple(kept) == expected_messages
    assert stored_flights_ == expected_flights


@st.composite
def feeds(draw: st.DrawFn) -> list[AtsMessage]:
    """Each flight's messages in order, flights interleaved, duplicates anywhere."""
    by_flight: dict[str, list[AtsMessage]] = {}
    for message in (*CHARTER, *OTHERS):
        by_flight.setdefault(message.aircraft_id, []).append(message)
    queues = list(by_flight.values())
    out: list[AtsMessage] = []
    while any(queues):
        choice = draw(st.sampled_from([i for i, q in enumerate(queues) if q]))
        out.append(queues[choice].pop(0))
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(out)))
    return out


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(feed=feeds(), batch=st.integers(1, 8), seed=st.integers(0, 1000))
def test_any_chunking_of_any_interleaving_follows_the_ats_rules(
    tmp_path_factory: pytest.TempPathFactory, feed: list[AtsMessage], batch: int, seed: int
) -> None:
    oracle = link_messages(feed)
    path = tmp_path_factory.mktemp("chunks") / "overflight.db"
    with open_store(path) as target, target.session() as session:
        cut = random.Random(seed).randint(0, len(feed))
        first = ingest_messages(session, feed[:cut], at=AT, batch=batch)
        second = ingest_messages(session, feed[cut:], at=AT, batch=batch)
        flights = {(f.aircraft_id, f.dof, f.status, f.eobt) for f in stored_flights(session)}
        assert flights == {(f.aircraft_id, f.dof, f.status, f.eobt) for f in oracle.flights}
        assert first.unmatched + second.unmatched == len(oracle.unmatched)
        assert count_messages(session) == len(set(feed))
