from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overflight.ats import AtsMessage, link_messages, parse_messages
from overflight.cases import (
    CaseStatus,
    get_case,
    ingest_messages,
    ingest_text,
    open_case,
    stored_flights,
)
from overflight.cases.ingest import ingest_file
from overflight.cases.report import IngestReport
from overflight.errors import InputError
from overflight.store import Store, open_store
from overflight.store.messages import count_flights, count_messages

FEED = Path(__file__).with_name("fixtures") / "air_koryo_charter.txt"
AT = datetime(2008, 5, 21, 12, tzinfo=UTC)


class SimulatedCrashError(Exception):
    """Stands for a crash or ^C in the middle of a message."""


def _snapshot(store: Store) -> tuple[object, ...]:
    with store.session() as session:
        flights = tuple((f.key, f.status, f.eobt, f.plan_text) for f in stored_flights(session))
        return (count_messages(session), flights)


def test_same_file_twice_adds_nothing(store: Store) -> None:
    with store.session() as session:
        first = ingest_file(session, FEED, at=AT)
        before = _snapshot(store)
        second = ingest_file(session, FEED, at=AT)
    assert (first.added, first.duplicates) == (10, 0)
    assert (second.added, second.duplicates, second.new_flights, second.linked) == (0, 10, 0, 0)
    assert _snapshot(store) == before


def test_same_message_in_two_files_is_stored_once(sqlite_store: Store) -> None:
    text = FEED.read_text()
    with sqlite_store.session() as session:
        ingest_text(session, text, "a.txt", at=AT)
        # The same messages, differently laid out (one line each, other headers).
        relaid = "\n".join(
            " ".join(line.split()) for line in text.replace("\n-", " -").splitlines()
        )
        report = ingest_text(session, "GG HEADER\n" + relaid, "b.txt", at=AT)
        assert report.added == 0
        assert report.duplicates == 10
        assert count_messages(session) == 10


@pytest.mark.parametrize("interrupt_at", [1, 4, 7, 10])
def test_interrupted_run_keeps_messages_before_the_interruption(
    store: Store, tmp_path: Path, interrupt_at: int
) -> None:
    text = FEED.read_text()
    messages, _ = parse_messages(text, "feed")

    # What the store should hold: exactly the messages before the interrupted one.
    with open_store(tmp_path / "expected.db") as expected_store:
        with expected_store.session() as session:
            ingest_messages(session, messages[: interrupt_at - 1], source="feed", at=AT)
        expected = _snapshot(expected_store)

    def crash(number: int, message: AtsMessage) -> None:
        if number == interrupt_at:
            raise SimulatedCrashError(message.title.value)

    with store.session() as session, pytest.raises(SimulatedCrashError):
        ingest_messages(session, messages, source="feed", at=AT, progress=crash)
    assert _snapshot(store) == expected

    # Running again completes the feed, and the result is as if never interrupted.
    with store.session() as session:
        report = ingest_messages(session, messages, source="feed", at=AT)
    assert report.added == len(messages) - (interrupt_at - 1)
    with open_store(tmp_path / "whole.db") as whole:
        with whole.session() as session:
            ingest_messages(session, messages, source="feed", at=AT)
        assert _snapshot(store) == _snapshot(whole)


def test_interruption_leaves_case_untouched(sqlite_store: Store) -> None:
    messages, _ = parse_messages(FEED.read_text(), "feed")
    with sqlite_store.session() as session:
        ingest_messages(session, messages[:1], at=AT)
        (flight,) = stored_flights(session)
        case = open_case(session, "KOR715", flight_id=flight.id, at=AT)
        session.commit()

        def crash(number: int, message: AtsMessage) -> None:
            raise SimulatedCrashError

        with pytest.raises(SimulatedCrashError):
            ingest_messages(session, messages[1:2], at=AT, progress=crash)
        assert get_case(session, case.id).status is CaseStatus.FILED
        ingest_messages(session, messages[1:2], at=AT)
        assert get_case(session, case.id).status is CaseStatus.DELAYED


def test_unreadable_message_costs_only_itself(sqlite_store: Store) -> None:
    text = FEED.read_text().replace("(DLA-KOR715-ZKPY0400", "(DLA-KOR715-ZKPY04X0", 1)
    with sqlite_store.session() as session:
        report = ingest_text(session, text, "feed", at=AT)
    assert report.added == 9
    assert len(report.errors) == 1
    assert "feed" in str(report.errors[0])


def test_unreadable_file_is_an_input_error(sqlite_store: Store, tmp_path: Path) -> None:
    with sqlite_store.session() as session, pytest.raises(InputError, match="cannot read"):
        ingest_file(session, tmp_path / "missing.txt")


def test_report_counts_add_up(sqlite_store: Store) -> None:
    with sqlite_store.session() as session:
        report = ingest_file(session, FEED, at=AT)
    assert isinstance(report, IngestReport)
    assert report.added == report.new_flights + report.linked + report.unmatched
    assert report.read == 10


# Two more flights to interleave with the charter: one delayed, one departed and arrived.
OTHER_FEED = """
(FPL-IRA1-IS-B744/H-SDFGIRY/S-OIIE0800-N0480F350 DCT RIKAL DCT-UTTT0330-DOF/080520)
(DLA-IRA1-OIIE0900-UTTT-DOF/080520)
(FPL-SYR22-IN-A320/M-SDFGIRY/S-OSDI1000-N0450F310 DCT TOLGA DCT-LTBA0300-DOF/080521)
(DEP-SYR22-OSDI1005-LTBA-DOF/080521)
(ARR-SYR22-OSDI-LTBA1250)
"""


def _streams() -> list[list[AtsMessage]]:
    charter, _ = parse_messages(FEED.read_text(), "feed")
    others, errors = parse_messages(OTHER_FEED, "other")
    assert errors == ()
    by_flight: dict[str, list[AtsMessage]] = {}
    for message in (*charter, *others):
        by_flight.setdefault(message.aircraft_id, []).append(message)
    return list(by_flight.values())


STREAMS = _streams()


@st.composite
def interleavings(draw: st.DrawFn) -> list[AtsMessage]:
    """Each flight's messages in their order, flights interleaved, some messages repeated."""
    queues = [list(stream) for stream in STREAMS]
    out: list[AtsMessage] = []
    while any(queues):
        choice = draw(st.sampled_from([i for i, q in enumerate(queues) if q]))
        out.append(queues[choice].pop(0))
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(out)))  # a duplicate of anything seen so far
    return out


def _oracle() -> set[tuple[object, ...]]:
    flights = link_messages([m for stream in STREAMS for m in stream]).flights
    return {(f.aircraft_id, f.dof, f.status.value, f.eobt) for f in flights}


ORACLE = _oracle()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=interleavings(), seed=st.integers(0, 1000))
def test_any_interleaving_with_duplicates_gives_the_same_flights(
    tmp_path_factory: pytest.TempPathFactory, order: list[AtsMessage], seed: int
) -> None:
    path = tmp_path_factory.mktemp("prop") / "overflight.db"
    with open_store(path) as store, store.session() as session:
        cut = random.Random(seed).randint(0, len(order))
        ingest_messages(session, order[:cut], at=AT)  # two runs, as two files would be
        ingest_messages(session, order[cut:], at=AT)
        flights = {(f.aircraft_id, f.dof, f.status.value, f.eobt) for f in stored_flights(session)}
        assert flights == ORACLE
        assert count_flights(session) == len(ORACLE)
        assert count_messages(session) == sum(len(stream) for stream in STREAMS)
