"""The watch end to end: positions → events → alerts filed to cases and published to partners."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "observed"))
from adsb_samples import sample

from overflight import cases
from overflight.errors import ParseError
from overflight.geo import load_airspace
from overflight.markings import ClassificationLevel, Marking, parse_portion
from overflight.model.traits import Trait, TraitKind
from overflight.observed import ObservedPosition, open_feed
from overflight.screening import load_policy
from overflight.services.alert_bus import DEFAULT_PARTNERS, alert_subject, partners_for
from overflight.services.audit import audit_trail
from overflight.services.watch import WatchSetup, concern_index, run_watch
from overflight.services.watch_alerts import AlertKind
from overflight.store import watched_since

FPL = """(FPL-THY9BP-IS
-B738/M-SDFGRY/S
-LTFM0730
-N0450F370 DCT 4748N02312E DCT 4912N02248E DCT
-ENGM0330
-DOF/240917 REG/TCJVF OPR/TURKISH AIRLINES)"""
CASE_MARKING = parse_portion("(S//REL TO USA, GBR)")


@pytest.fixture(scope="module")
def airspace():
    return load_airspace()


@pytest.fixture(scope="module")
def policy():
    return load_policy(None)


def open_thy_case(store) -> int:
    """THY9BP filed over Romania and Ukraine; Poland denied overflight, Norway will inspect."""
    with store.session() as session:
        cases.ingest_text(session, FPL, "thy.txt", at=datetime(2024, 9, 16, tzinfo=UTC))
    with store.session() as session, session.begin():
        (flight,) = cases.stored_flights(session)
        case = cases.open_case(
            session, "THY9BP LTFM-ENGM", marking=CASE_MARKING, flight_id=flight.id
        )
        for state, answer in (("PL", "denied_overflight"), ("NO", "will_require_landing")):
            engagement = cases.record_engagement(
                session, case.id, state, demarche_on=date(2024, 9, 16)
            )
            cases.record_response(
                session, engagement.id, cases.StateResponse(answer), responded_on=date(2024, 9, 16)
            )
        return case.id


def test_the_real_thy9bp_is_followed_against_its_filed_route_and_the_answers(
    store, airspace, policy
):
    feed = list(open_feed(str(sample("fr24/372355e5.json"))))
    case_id = open_thy_case(store)
    setup = WatchSetup(airspace, concern_index(store, policy, airspace), store=store)
    report = run_watch(feed, setup)
    kinds = [(a.kind, a.state) for a in report.alerts]
    assert kinds == [
        (AlertKind.OBSERVED, "TR"),
        (AlertKind.DEPARTED, "TR"),
        (AlertKind.ENTERED, ""),
        (AlertKind.ENTERED, "BG"),
        (AlertKind.ENTERED, "RO"),
        (AlertKind.ENTERED_UNFILED, "HU"),
        (AlertKind.ENTERED_UNFILED, "SK"),
        (AlertKind.ENTERED_DENIED, "PL"),
        (AlertKind.ENTERED, ""),
        (AlertKind.ENTERED, "SE"),
        (AlertKind.ENTERED, "NO"),
        (AlertKind.LANDED_AS_ASKED, "NO"),
    ]
    assert {a.case_id for a in report.alerts} == {case_id}
    assert {a.marking for a in report.alerts} == {CASE_MARKING}
    departed = report.alerts[1]
    assert "08:02Z (EOBT 07:30Z)" in departed.text
    assert report.filed == len(report.alerts)
    with store.session() as session:
        timeline = [e for e in cases.case_timeline(session, case_id) if e.kind == "observed"]
        assert len(timeline) == len(report.alerts)
        assert {e.marking for e in timeline} == {CASE_MARKING}
        assert timeline[1].at == departed.at  # the actual departure, in the case's history
        audit = audit_trail(session, action="alert", object_kind="case", object_id=case_id)
        assert len(audit) == len(report.alerts)
        assert {row.marking for row in audit} == {CASE_MARKING}

    again = run_watch(feed, setup)
    assert [a.id for a in again.alerts] == [a.id for a in report.alerts]
    assert again.filed == 0
    with store.session() as session:
        timeline = [e for e in cases.case_timeline(session, case_id) if e.kind == "observed"]
        assert len(timeline) == len(report.alerts)


def test_a_case_alert_goes_only_to_partners_its_marking_allows(store, airspace, policy):
    alert = next(iter(_synthetic_alerts(store, airspace, policy, CASE_MARKING)))
    allowed = [p.name for p in partners_for(alert, DEFAULT_PARTNERS)]
    assert allowed == ["USA", "GBR"]
    assert alert_subject(alert, DEFAULT_PARTNERS[1]) == f"overflight.alerts.GBR.{alert.state}"
    noforn = replace(alert, marking=parse_portion("(C//NF)"))
    assert [p.name for p in partners_for(noforn, DEFAULT_PARTNERS)] == ["USA"]


T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def line(icao24, start, end, minutes, callsign="", every_s=10.0, **extra) -> list[ObservedPosition]:
    count = int(minutes * 60 / every_s) + 1
    return [
        ObservedPosition(
            at=T0 + timedelta(seconds=i * every_s),
            icao24=icao24,
            lat=start[0] + (end[0] - start[0]) * i / (count - 1),
            lon=start[1] + (end[1] - start[1]) * i / (count - 1),
            altitude_ft=extra.get("altitude_ft", 30_000.0),
            ground_speed_kt=450.0,
            callsign=callsign,
        )
        for i in range(count)
    ]


def _synthetic_alerts(store, airspace, policy, marking: Marking):
    with store.session() as session:
        cases.ingest_text(
            session,
            "(FPL-IRM123-IN\n-IL76/H-S/S\n-OIII0900\n-N0430F330 DCT\n-LTAI0400\n-DOF/260501)",
            "irm.txt",
            at=T0,
        )
    with store.session() as session, session.begin():
        case = cases.open_case(session, "IRM flight", marking=marking)
        (flight,) = [f for f in cases.stored_flights(session) if f.aircraft_id == "IRM123"]
        cases.attach_flight_to_case(session, case.id, flight.id, actor="analyst")
    setup = WatchSetup(airspace, concern_index(store, policy, airspace), store=store)
    positions = line("730123", (38.5, 44.0), (38.5, 45.5), minutes=20, callsign="IRM123")
    return run_watch(positions, setup).alerts


def test_an_aircraft_from_a_block_of_concern_is_reported_as_public(store, airspace, policy):
    positions = line("730123", (38.5, 44.0), (38.5, 45.5), minutes=20)  # Turkey into Iran
    setup = WatchSetup(airspace, concern_index(store, policy, airspace), store=store)
    report = run_watch(positions, setup)
    assert [(a.kind, a.state) for a in report.alerts] == [
        (AlertKind.OBSERVED, "TR"),
        (AlertKind.ENTERED, "IR"),
    ]
    assert {a.marking for a in report.alerts} == {Marking(ClassificationLevel.U)}
    assert "block of Iran" in report.alerts[0].text
    assert {a.case_id for a in report.alerts} == {None}
    with store.session() as session:
        audit = audit_trail(session, action="alert", object_kind="aircraft", object_id="730123")
        assert len(audit) == 2


def test_a_landing_far_from_the_filed_destination_is_a_diversion(store, airspace, policy):
    with store.session() as session:
        cases.ingest_text(
            session,
            "(FPL-ABC123-IN\n-IL76/H-S/S\n-LOWW1200\n-N0430F330 DCT\n-LZIB0030\n-DOF/260501)",
            "abc.txt",
            at=T0,
        )
    with store.session() as session, session.begin():
        (flight,) = cases.stored_flights(session)
        case = cases.open_case(session, "ABC123", marking=parse_portion("(C)"), flight_id=flight.id)
    track = line("4ca2d6", (48.2, 16.0), (48.3, 18.0), minutes=25, callsign="ABC123")
    track[-3:] = [replace(p, on_ground=True, altitude_ft=None) for p in track[-3:]]
    setup = WatchSetup(airspace, concern_index(store, policy, airspace), store=store)
    report = run_watch(track, setup)
    (landing,) = [a for a in report.alerts if a.kind is AlertKind.DIVERTED]
    assert landing.case_id == case.id
    assert "from its filed destination LZIB: diverted" in landing.text


def test_bad_input_is_counted_with_its_position_and_never_fatal(store, airspace, policy):
    feed = [
        ParseError("not hex", source="cap.avr", line=3),
        None,
        *line("4ca2d6", (48.2, 16.0), (48.2, 16.1), 1),
    ]
    report = run_watch(feed, WatchSetup(airspace, concern_index(None, policy, airspace)))
    assert report.bad_input == 1
    assert report.problems == ("cap.avr:3: not hex",)
    assert report.positions == 7
    assert report.alerts == ()


def test_the_live_picture_keeps_each_concern_with_its_marking_and_trail(store, airspace, policy):
    with store.session() as session:
        cases.ingest_text(
            session,
            "(FPL-IRM123-IN\n-IL76/H-S/S\n-OIII0900\n-N0430F330 DCT\n-LTAI0400\n-DOF/260501)",
            "irm.txt",
            at=T0,
        )
    with store.session() as session, session.begin():
        case = cases.open_case(session, "IRM flight", marking=parse_portion("(S//NF)"))
        (flight,) = cases.stored_flights(session)
        cases.attach_flight_to_case(session, case.id, flight.id, actor="analyst")
    watched = line("730123", (38.5, 44.0), (38.5, 45.5), minutes=20, callsign="IRM123")
    other = line("4ca2d6", (48.2, 16.0), (48.2, 16.5), minutes=20)
    feed = [p for pair in zip(watched, other, strict=True) for p in pair]
    setup = WatchSetup(airspace, concern_index(store, policy, airspace), store=store)
    run_watch(feed, setup)
    with store.session() as session:
        rows = {r.concern: r for r in watched_since(session)}
    assert set(rows) == {"public", f"case:{case.id}"}  # the Irish aircraft is of no concern
    public, of_case = rows["public"], rows[f"case:{case.id}"]
    assert public.marking == "(U)"
    assert "block of Iran" in public.why
    assert of_case.marking == "(S//NF)"
    assert of_case.case_id == case.id
    for row in (public, of_case):
        assert row.icao24 == "730123"
        assert row.callsign == "IRM123"
        assert row.state == "IR"
        assert (round(row.lat, 3), round(row.lon, 3)) == (38.5, 45.5)
        assert row.at == watched[-1].at
        lons = [lon for lon, _ in row.trail]
        assert len(lons) > 10
        assert lons == sorted(lons)
        assert row.trail[-1] == [45.5, 38.5]
    assert public.seq == of_case.seq


def test_a_watch_without_the_live_picture_writes_none(store, airspace, policy):
    positions = line("730123", (38.5, 44.0), (38.5, 45.5), minutes=5)
    setup = WatchSetup(airspace, concern_index(store, policy, airspace), store=store, live=False)
    run_watch(positions, setup)
    with store.session() as session:
        assert watched_since(session) == []


def test_the_aircraft_of_a_past_case_is_watched_whenever_it_is_seen_again(store, airspace, policy):
    """A tail stopped a year ago (its flight's window long over) is of that case's concern."""
    with store.session() as session:
        cases.ingest_text(
            session,
            "(FPL-IRM555-IN\n-IL76/H-S/S\n-OIII0900\n-N0430F330 DCT\n-LTAI0400\n"
            "-REG/EPMNA DOF/250501)",
            "irm.txt",
            at=T0 - timedelta(days=365),
        )
    marking = parse_portion("(S//REL TO USA, TUR)")
    with store.session() as session, session.begin():
        (flight,) = cases.stored_flights(session)
        case = cases.open_case(session, "IRM555 2025", marking=marking, flight_id=flight.id)
        cases.record_case_traits(
            session,
            case.id,
            [
                Trait(TraitKind.ADDRESS, "730123", "730123"),
                Trait(TraitKind.REGISTRATION, "EPMNA", "EP-MNA"),
            ],
            source="flight 1",
        )
    positions = line("730123", (38.5, 44.0), (38.5, 45.5), minutes=20, callsign="IRM777")
    setup = WatchSetup(airspace, concern_index(store, policy, airspace), store=store)
    report = run_watch(positions, setup)
    of_case = [a for a in report.alerts if a.case_id == case.id]
    assert [(a.kind, a.state) for a in of_case] == [
        (AlertKind.OBSERVED, "TR"),
        (AlertKind.ENTERED, "IR"),
    ]
    assert all(a.marking == marking for a in of_case)
    assert "730123: the aircraft of past case" in of_case[0].text
    with store.session() as session:
        timeline = cases.case_timeline(session, case.id)
    assert sum("past case" in e.detail for e in timeline) == 2  # new activity, on the case
