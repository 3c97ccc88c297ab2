"""Permit requests in the main job: stored, weighed against the store, linked to their plan."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from overflight import cases
from overflight.cables.drafting import Drafting
from overflight.cables.model import Serial
from overflight.markings import ClassificationLevel, Control, Marking
from overflight.services import load_reference, run_files
from overflight.services.drafting import compose_for_case

EXAMPLES = Path(__file__).parents[2] / "examples" / "permits"
SEED = EXAMPLES / "air-koryo-p912.yaml"
NOW = datetime(2008, 5, 20, 9, 0, tzinfo=UTC)

PLAN = """\
(FPL-KOR151-IN
-IL76/H-SDFGRY/S
-ZKPY0100
-N0430F330 DCT 4000N12000E DCT 4100N10000E DCT 4300N09000E DCT
4330N07900E DCT 4250N07430E DCT 4100N07100E DCT 4017N06937E DCT
3840N06848E DCT 3642N06712E DCT 3740N06150E DCT 3800N05830E DCT
3700N05400E DCT 3800N04600E DCT 3830N04330E DCT 3700N03800E DCT
-OSDI1100 OSDI
-DOF/080601 REG/P912 CODE/720112 OPR/AIR KORYO)
"""


def _drafting(refs: object) -> Drafting:
    return Drafting(released_at=NOW, serial=Serial("STATE", 1), classified_by="ISN")


@pytest.fixture(scope="module")
def reference():
    return load_reference([], None)


def _indicators(session, case_id: int) -> set[str]:
    return {f["indicator"] for v in cases.case_verdicts(session, case_id) for f in v.findings}


def test_requests_are_stored_repeated_denied_and_linked_to_their_plan(store, reference, tmp_path):
    drafts = tmp_path / "drafts"
    first, _ = run_files(store, [SEED], reference, drafts=drafts, now=NOW)
    assert first.cases_opened == [1]
    drafted = " ".join(first.drafts[0].read_text().split())
    assert "about an Air Koryo charter flight KOR151 (registration P-912) from" in drafted
    assert "Callsign KOR151; registration P-912; ICAO 24-bit address 720112" in drafted
    with store.session() as session:  # drafted again from the store: the request names it
        again = compose_for_case(session, 1, "action", _drafting, NOW)
        assert again is not None
        assert again.subject.startswith("AIR KORYO CHARTER FLIGHT KOR151: ")
    with store.session() as session, session.begin():
        timeline = cases.case_timeline(session, 1)
        (received,) = [e for e in timeline if e.kind == "permit"]
        assert received.detail.startswith("permit request KOR-2008-0601: KOR151 P-912 ZKPY-OSDI")
        assert "asks Kazakhstan, Uzbekistan, Turkmenistan, Türkiye" in received.detail
        # Kazakhstan answers the demarche: it denies the flight
        kz = next(e for e in cases.case_engagements(session, 1) if e.state == "KZ")
        cases.record_response(
            session, kz.id, cases.StateResponse.DENIED_OVERFLIGHT, responded_on=date(2008, 5, 22)
        )

    # The same aircraft asks China for the same day under another reference
    again = tmp_path / "kor-cn.yaml"
    again.write_text(
        SEED.read_text()
        .replace("reference: KOR-2008-0601", "reference: KOR-2008-0601-CN")
        .replace("requested_states: [KZ, UZ, TM, TR]", "requested_states: [CN]")
    )
    second, _ = run_files(store, [again], reference, drafts=drafts, now=NOW)
    assert second.cases_opened == [2]
    with store.session() as session:
        found = _indicators(session, 2)
        assert {"repeated-requests", "denied-elsewhere"} <= found
        verdict = cases.case_verdicts(session, 2)[-1]
        denied = next(f for f in verdict.findings if f["indicator"] == "denied-elsewhere")
        assert denied["evidence"] == [
            "Kazakhstan (KZ) denied KOR151 ZKPY-OSDI in case 1 on 22 May 2008",
        ]
        repeated = next(f for f in verdict.findings if f["indicator"] == "repeated-requests")
        assert repeated["evidence"][0].startswith("KOR-2008-0601 (same aircraft P-912)")

    # The same file again is the same request: stored once, no second case
    third, _ = run_files(store, [SEED], reference, drafts=drafts, now=NOW)
    assert third.cases_opened == []

    # The plan arrives: both requests link to it, the first case follows the flight
    plan = tmp_path / "kor151.txt"
    plan.write_text(PLAN)
    filed, _ = run_files(store, [plan], reference, drafts=drafts, now=NOW)
    assert filed.problems == []
    assert filed.cases_opened == []
    with store.session() as session:
        (flight,) = cases.stored_flights(session, 1)
        assert flight.aircraft_id == "KOR151"
        lines = [e.detail for e in cases.case_timeline(session, 1) if e.kind == "permit"]
        assert any(line.endswith("linked to the flight plan") for line in lines)
        # the plan is screened under its request: its filed route crosses states not asked
        assert "crossed-not-requested" in _indicators(session, 1)


def test_a_batch_row_sees_the_rows_stored_before_it(sqlite_store, reference, tmp_path):
    batch = EXAMPLES / "batch.csv"
    report, _ = run_files(sqlite_store, [batch], reference, drafts=tmp_path / "d", now=NOW)
    assert report.problems == []
    scores = [score for _, _, score, _ in report.verdicts]
    # the second row (the same aircraft asking Iran and Iraq) adds repeated-requests (15)
    assert scores[1] - scores[0] == 15
    aftn = EXAMPLES / "turkey-via-iran-iraq.aftn.txt"
    again, _ = run_files(sqlite_store, [aftn], reference, drafts=tmp_path / "d", now=NOW)
    assert again.problems == []
    assert [label for label, *_ in again.verdicts] == ["permit EXC7702 OPKC-LBSF"]


def test_what_a_higher_marked_request_or_case_tells_stays_there(sqlite_store, reference, tmp_path):
    drafts = tmp_path / "d"
    secret = Marking(ClassificationLevel.TS, frozenset({Control.NOFORN}))
    run_files(sqlite_store, [SEED], reference, drafts=drafts, now=NOW, case_marking=secret)
    with sqlite_store.session() as session, session.begin():
        kz = next(e for e in cases.case_engagements(session, 1) if e.state == "KZ")
        cases.record_response(session, kz.id, cases.StateResponse.DENIED_OVERFLIGHT)
    again = tmp_path / "kor-cn.yaml"
    again.write_text(SEED.read_text().replace("KOR-2008-0601", "KOR-2008-0601-CN"))
    report, _ = run_files(sqlite_store, [again], reference, drafts=drafts, now=NOW)
    assert report.cases_opened == [2]
    with sqlite_store.session() as session:
        # the first request and its case are TOP SECRET: neither reaches a SECRET case
        assert "denied-elsewhere" not in _indicators(session, 2)
        assert "repeated-requests" not in _indicators(session, 2)
        (event,) = [e for e in cases.case_timeline(session, 1) if e.kind == "permit"]
        assert event.marking == secret
    # a later TOP SECRET case does see both
    third = tmp_path / "kor-ts.yaml"
    third.write_text(SEED.read_text().replace("KOR-2008-0601", "KOR-2008-0601-TS"))
    report, _ = run_files(
        sqlite_store, [third], reference, drafts=drafts, now=NOW, case_marking=secret
    )
    with sqlite_store.session() as session:
        assert {"denied-elsewhere", "repeated-requests"} <= _indicators(session, 3)


def test_a_reply_quoting_callsign_and_aircraft_stays_a_reply(sqlite_store, reference, tmp_path):
    story = Path(__file__).parents[2] / "src" / "overflight" / "story"
    reply = tmp_path / "ankara.txt"
    reply.write_text(
        (story / "04-ankara-780.txt").read_text() + "\nCALLSIGN: KOR7717\nAIRCRAFT: IL76 P912\n"
    )
    report, _ = run_files(sqlite_store, [reply], reference, drafts=tmp_path / "d", now=NOW)
    assert report.verdicts == []  # not screened as a permit request
    assert any("cites no stored action request" in p for p in report.problems)
