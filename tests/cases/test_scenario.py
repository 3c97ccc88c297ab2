"""Contract: the seed story, run against SQLite and PostgreSQL through the same service calls.

An Air Koryo charter ZKPY-OSDI is filed for 15 February 2008, delayed twice, moved to 1 March by
CHG, delayed again and cancelled; it is refiled for 20 May, delayed twice more and cancelled. A
high-concern verdict on the first plan opens the case; posts approach Turkey and the Central
Asian states, which deny overflight or will require landing; the outcome is recorded; the
thank-you telegram (the seed) sets a reporting deadline of 5 June 2008.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pytest

from overflight.ats import FlightStatus, link_messages, parse_messages
from overflight.cables import parse_telegram
from overflight.cases import (
    CaseStatus,
    DeadlineState,
    OpenedBy,
    OutcomeKind,
    StateResponse,
    case_deadlines,
    case_engagements,
    case_timeline,
    case_verdicts,
    flight_history,
    get_case,
    ingest_text,
    list_cases,
    meet_deadline,
    open_case,
    record_engagement,
    record_outcome,
    record_response,
    record_telegram,
    record_verdict,
    stored_flights,
)
from overflight.cases.ingest import ingest_file
from overflight.geo import load_airspace
from overflight.markings import ClassificationLevel, Marking
from overflight.screening import (
    ConcernLevel,
    History,
    Policy,
    ReferenceData,
    ScreeningContext,
    ScreeningVerdict,
    flight_transits,
    load_policy,
    screen,
)
from overflight.store import Store
from overflight.store.messages import count_messages

FEED = Path(__file__).with_name("fixtures") / "air_koryo_charter.txt"
SEED_TELEGRAM = "seed/000_d99df81b5c68d2d0.txt"


@cache
def _policy(level: ConcernLevel = ConcernLevel.HIGH, version: str = "") -> Policy:
    """The packaged policy, its thresholds moved so that the first plan screens at ``level``."""
    policy = load_policy()
    out_of_reach = 10_000.0
    if level is ConcernLevel.CLEAR:
        policy = replace(policy, review_threshold=out_of_reach, high_threshold=out_of_reach)
    elif level is ConcernLevel.REVIEW:
        policy = replace(policy, high_threshold=out_of_reach)
    return replace(policy, version=version) if version else policy


def _screen(plan: str, policy: Policy) -> ScreeningVerdict:
    """Screening's own verdict on a plan (no watch lists), as the main job would get it."""
    messages, errors = parse_messages(plan, "feed")
    assert errors == ()
    (flight,) = link_messages(messages).flights
    intent = flight.to_intent()
    (transits,) = flight_transits([(intent, ())], load_airspace())
    context = ScreeningContext(
        ReferenceData(policy), history=History.of_flight(flight), transits=transits
    )
    return screen(intent, context)


def _at(day: str, hhmm: str = "1200") -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm[:2]}:{hhmm[2:]}:00+00:00")


def _split_feed() -> tuple[str, str]:
    """The first FPL alone, then the rest of the feed."""
    text = FEED.read_text()
    cut = text.index("NNNN") + len("NNNN")
    return text[:cut], text[cut:]


def test_seed_story(store: Store, shared_dir: Path) -> None:
    first_fpl, rest = _split_feed()
    secret = Marking(ClassificationLevel.S, rel_recipients=True)
    with store.session() as session:
        report = ingest_text(session, first_fpl, "feed-1", at=_at("2008-02-14"))
        assert (report.added, report.new_flights, report.errors) == (1, 1, ())
        (flight,) = stored_flights(session)
        assert flight.key == ("KOR715", "ZKPY", "OSDI", date(2008, 2, 15))

        review = _screen(first_fpl, _policy(ConcernLevel.REVIEW))
        assert review.level is ConcernLevel.REVIEW
        low = record_verdict(
            session,
            review,
            flight_id=flight.id,
            at=_at("2008-02-14", "1300"),
        )
        assert (low.case, low.opened) == (None, False)
        verdict = _screen(first_fpl, _policy())
        assert verdict.level is ConcernLevel.HIGH
        assert verdict.findings
        high = record_verdict(
            session,
            verdict,
            flight_id=flight.id,
            marking=secret,
            at=_at("2008-02-14", "1400"),
        )
        session.commit()
        assert high.opened
        case = high.case
        assert case is not None
        assert (case.opened_by, case.status, case.marking) == (
            OpenedBy.VERDICT,
            CaseStatus.FILED,
            secret,
        )

        report = ingest_text(session, rest, "feed-2", at=_at("2008-05-21"))
        assert (report.added, report.new_flights, report.linked, report.unmatched) == (9, 1, 8, 0)
        assert get_case(session, case.id).status is CaseStatus.CANCELLED
        flights = stored_flights(session, case.id)
        assert [f.dof for f in flights] == [date(2008, 3, 1), date(2008, 5, 20)]
        assert [f.status for f in flights] == [FlightStatus.CANCELLED] * 2
        titles = [entry.title for entry in flight_history(session, flights[0].id)]
        assert titles == ["FPL", "DLA", "DLA", "CHG", "DLA", "CNL"]

        demarche = _at("2008-05-22")
        engagements = {
            state: record_engagement(
                session, case.id, state, post=post, demarche_on=demarche.date(), at=demarche
            )
            for state, post in (
                ("TR", "ANKARA"),
                ("KZ", "ASTANA"),
                ("KG", "BISHKEK"),
                ("TM", "ASHGABAT"),
                ("TJ", "DUSHANBE"),
            )
        }
        answers = {
            "TR": (StateResponse.WILL_REQUIRE_LANDING, "ANKARA 780"),
            "KZ": (StateResponse.DENIED_OVERFLIGHT, "ASTANA 849"),
            "KG": (StateResponse.DENIED_OVERFLIGHT, "BISHKEK 41"),
            "TM": (StateResponse.DENIED_OVERFLIGHT, "ASHGABAT 520"),
        }
        for state, (response, ref) in answers.items():
            record_response(
                session,
                engagements[state].id,
                response,
                responded_on=date(2008, 5, 24),
                telegram_ref=ref,
                at=_at("2008-05-24"),
            )
        closed = record_outcome(
            session,
            case.id,
            OutcomeKind.CANCELLED,
            note="flight cancelled",
            at=_at("2008-05-27"),
        )
        assert closed.status is CaseStatus.CLOSED
        telegram = parse_telegram((shared_dir / SEED_TELEGRAM).read_text(), source="seed")
        record_telegram(session, case.id, telegram, at=_at("2008-05-28", "1347"))
        open_case(session, "IRAN AIR cargo charter", reason="tip", at=_at("2008-05-29"))
        session.commit()

        responses = {e.state: e.response for e in case_engagements(session, case.id)}
        assert responses == {
            "TR": StateResponse.WILL_REQUIRE_LANDING,
            "KZ": StateResponse.DENIED_OVERFLIGHT,
            "KG": StateResponse.DENIED_OVERFLIGHT,
            "TM": StateResponse.DENIED_OVERFLIGHT,
            "TJ": StateResponse.NO_RESPONSE,
        }
        assert [v.level for v in case_verdicts(session, case.id)] == ["high"]

        # The case closed (cancelled) before the thank-you's deadline: nothing is awaited, so
        # the deadline is closed, never overdue, and the case does not sit first on the board.
        (deadline,) = case_deadlines(session, case.id, _at("2008-06-01"))
        assert (deadline.due_on, deadline.state) == (date(2008, 6, 5), DeadlineState.CLOSED)
        assert deadline.telegram_ref == "STATE 056778"
        late = list_cases(session, _at("2008-06-06"))
        assert [s.case.id for s in late][-1] == case.id
        mine = next(s for s in late if s.case.id == case.id)
        assert mine.overdue == ()
        assert mine.next_due is None
        assert mine.latest_level == "high"

        meet_deadline(session, deadline.id, met_on=date(2008, 6, 4), at=_at("2008-06-04"))
        session.commit()
        after = list_cases(session, _at("2008-06-06"))
        assert all(not s.overdue for s in after)
        assert case_deadlines(session, case.id, _at("2008-06-06"))[0].state is DeadlineState.MET
        # Nothing pending: the open case comes first, though the closed one was updated later
        # (its deadline met on 4 June, after the other case was opened on 29 May).
        assert [x.case.id for x in after] == [after[0].case.id, case.id]
        assert after[0].case.title == "IRAN AIR cargo charter"

        kinds = [entry.kind for entry in case_timeline(session, case.id)]
        assert kinds[:2] == ["opened", "message"]
        assert kinds.count("message") == 10  # every message of both plans
        assert kinds.count("refiled") == 1
        assert kinds.count("demarche") == 5
        assert kinds.count("response") == 4
        assert kinds[-3:] == ["telegram", "deadline", "deadline met"]
        times = [entry.at for entry in case_timeline(session, case.id)]
        assert times == sorted(times)

        again = ingest_file(session, FEED, at=_at("2008-06-10"))
        assert (again.added, again.duplicates) == (0, 10)
        assert count_messages(session) == 10


def test_timeline_names_actors_and_status_changes(store: Store) -> None:
    first_fpl, rest = _split_feed()
    with store.session() as session:
        ingest_text(session, first_fpl, "feed", at=_at("2008-02-14"))
        (flight,) = stored_flights(session)
        case = open_case(
            session, "KOR715", flight_id=flight.id, at=_at("2008-02-14"), actor="desk officer"
        )
        session.commit()
        ingest_text(session, rest, "feed", at=_at("2008-05-21"), actor="aftn")
        timeline = case_timeline(session, case.id)
        statuses = [e.detail for e in timeline if e.kind == "status"]
        # open -> filed when the flight is attached; then each message's status in turn.
        assert statuses[0] == "open -> filed"
        assert statuses[1:4] == ["filed -> delayed", "delayed -> changed", "changed -> delayed"]
        assert statuses[-1] == "delayed -> cancelled"
        assert {e.actor for e in timeline} == {"desk officer", "aftn:feed"}


@pytest.mark.parametrize(
    ("level", "opens"),
    [(ConcernLevel.HIGH, True), (ConcernLevel.REVIEW, False), (ConcernLevel.CLEAR, False)],
)
def test_only_high_concern_opens_a_case(
    sqlite_store: Store, level: ConcernLevel, opens: bool
) -> None:
    first_fpl, _ = _split_feed()
    verdict = _screen(first_fpl, _policy(level))
    assert verdict.level is level
    with sqlite_store.session() as session:
        ingest_text(session, first_fpl, "feed", at=_at("2008-02-14"))
        (flight,) = stored_flights(session)
        outcome = record_verdict(session, verdict, flight_id=flight.id, at=_at("2008-02-14"))
        session.commit()
        assert outcome.opened is opens
        assert (outcome.case is not None) is opens
        assert len(list_cases(session, _at("2008-02-14"))) == int(opens)
        stored = outcome.verdict
        assert (stored.level, stored.score) == (level.value, verdict.score)
        assert stored.policy_version == verdict.policy
        assert [f["indicator"] for f in stored.findings] == [f.indicator for f in verdict.findings]


def test_second_high_verdict_goes_to_the_open_case(sqlite_store: Store) -> None:
    first_fpl, _ = _split_feed()
    with sqlite_store.session() as session:
        ingest_text(session, first_fpl, "feed", at=_at("2008-02-14"))
        (flight,) = stored_flights(session)
        first = _screen(first_fpl, _policy(version="p1"))
        second = _screen(first_fpl, _policy(version="p2"))
        one = record_verdict(session, first, flight_id=flight.id, at=_at("2008-02-14"))
        two = record_verdict(session, second, flight_id=flight.id, at=_at("2008-02-15"))
        session.commit()
        assert one.opened
        assert not two.opened
        assert one.case is not None
        assert two.case == one.case or (two.case is not None and two.case.id == one.case.id)
        assert [(v.score, v.policy_version) for v in case_verdicts(session, one.case.id)] == [
            (first.score, first.policy),
            (second.score, second.policy),
        ]
        assert first.policy.endswith(" p1")
