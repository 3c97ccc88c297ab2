"""Memory across cases, on the seed story: refiles join their case, look-alikes are reported.

Each scenario plays the bundled story (the Air Koryo charter KOR7717, P912, Pyongyang to
Damascus, cancelled on 28 May 2008, which closes case 1), then files one more thing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from overflight import cases
from overflight.screening.finding import Indicator
from overflight.services import load_reference, play_story, read_story, run_files
from overflight.services.memory import rebuild_register, similar_cases
from overflight.store import Store, case_trait_rows

STORY = Path(__file__).parents[2] / "src" / "overflight" / "story"
LATER = datetime(2008, 6, 20, 9, 0, tzinfo=UTC)

_ROUTE = """-N0430F330 DCT 4000N12000E DCT 4100N10000E DCT 4300N09000E DCT
4330N07900E DCT 4250N07430E DCT 4100N07100E DCT 4017N06937E DCT
3840N06848E DCT 3642N06712E DCT 3740N06150E DCT 3800N05830E DCT
3700N05400E DCT 3800N04600E DCT 3830N04330E DCT 3700N03800E DCT"""


def _fpl(callsign: str, item18: str, *, flight_type: str = "N", operator: str = "") -> str:
    return f"""ZCZC AAA101 200830
FF LTAAZQZX UTAAZQZX UAAAZQZX
200825 ZKKPZQZX
(FPL-{callsign}-I{flight_type}
-IL76/H-SDFGRY/S
-ZKPY0100
{_ROUTE}
-OSDI1100 OSDI
-PBN/B2 {item18}{operator})
NNNN
"""


@pytest.fixture(scope="module")
def reference():
    return load_reference([], None)


def _played(store: Store, reference, tmp_path: Path) -> None:
    story = read_story(STORY / "story.yaml")
    for _ in play_story(store, story, reference, tmp_path / "story"):
        pass


def _run(store: Store, reference, tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    report, _ = run_files(store, [path], reference, drafts=tmp_path / "drafts", now=LATER)
    return report


def _resembling(store: Store, case_id: int) -> list[str]:
    with store.session() as session:
        verdicts = cases.case_verdicts(session, case_id)
    return [
        finding["summary"]
        for finding in verdicts[-1].findings
        if finding["indicator"] == Indicator.RESEMBLES_CASE.value
    ]


def test_the_refiled_charter_reopens_its_closed_case_without_a_new_action_request(
    store, reference, tmp_path
):
    _played(store, reference, tmp_path)
    text = _fpl("KOR7717", "DOF/080625 REG/P912 CODE/72100F", operator=" OPR/AIR KORYO")
    report = _run(store, reference, tmp_path, "refile.txt", text)
    assert report.cases_opened == []
    assert report.drafts == []
    assert report.refiles
    assert report.refiles[0].endswith("case 1")
    with store.session() as session:
        case = cases.get_case(session, 1)
        assert case.status is cases.CaseStatus.FILED  # reopened: the refiled plan's status
        timeline = cases.case_timeline(session, 1)
        refile = next(e for e in timeline if e.kind == "refile")
        assert "same-address +0.98: same 24-bit address 72100F" in refile.detail
        assert "city-pair" in refile.detail
        outcome = [e.detail for e in timeline if e.kind == "outcome"][-1]
        assert outcome.startswith("reopened: refiled as KOR7717 ZKPY-OSDI")
        assert len(cases.list_cases(session, LATER)) == 1


def test_a_new_callsign_on_the_same_tail_joins_the_case(store, reference, tmp_path):
    _played(store, reference, tmp_path)
    text = _fpl("KOR161", "DOF/080701 REG/P912")
    report = _run(store, reference, tmp_path, "kor161.txt", text)
    assert report.cases_opened == []
    assert report.drafts == []
    assert [case_id for *_, case_id in report.verdicts] == [1]
    with store.session() as session:
        refile = [e.detail for e in cases.case_timeline(session, 1) if e.kind == "refile"]
        assert refile
        assert "same registration P912" in refile[0]
        # The register now holds both callsigns of the tail.
        keys = {(r.kind, r.key) for r in case_trait_rows(session, [1])}
    assert {("callsign", "KOR7717"), ("callsign", "KOR161")} <= keys


def test_a_rescheduled_plan_with_a_new_callsign_joins_the_open_case(store, reference, tmp_path):
    # Only the first steps: the case is still open (rescheduled to 15 March).
    story = read_story(STORY / "story.yaml")
    for step, _ in play_story(store, story, reference, tmp_path / "story"):
        if "15 March" in step.note:
            break
    text = _fpl("KOR7718", "DOF/080316 CODE/72100F")
    report = _run(store, reference, tmp_path, "kor7718.txt", text)
    assert report.cases_opened == []
    with store.session() as session:
        assert cases.get_case(session, 1).status is not cases.CaseStatus.CLOSED
        outcomes = [o.kind for o in cases.case_outcomes(session, 1)]
    assert cases.OutcomeKind.REOPENED not in outcomes  # an open case needs no reopening


def test_the_same_operator_on_a_new_tail_opens_a_case_that_names_the_old_one(
    store, reference, tmp_path
):
    _played(store, reference, tmp_path)
    text = _fpl("KOR7719", "DOF/080701 REG/P913 CODE/72100A", operator=" OPR/AIR KORYO")
    report = _run(store, reference, tmp_path, "p913.txt", text)
    assert report.cases_opened == [2]
    (summary,) = _resembling(store, 2)
    assert summary.startswith("resembles case 1 (KOR7717 ZKPY-OSDI, closed)")
    with store.session() as session:
        verdict = cases.case_verdicts(session, 2)[-1]
    finding = next(f for f in verdict.findings if f["indicator"] == "resembles-case")
    assert any(line.startswith("operator-name") for line in finding["evidence"])
    assert not any("same-registration" in line for line in finding["evidence"])


def test_an_unrelated_flight_on_the_same_city_pair_does_not_link(store, reference, tmp_path):
    _played(store, reference, tmp_path)
    text = _fpl("SYR502", "DOF/080701 REG/YKAQA CODE/760001", operator=" OPR/SYRIANAIR")
    report = _run(store, reference, tmp_path, "syr502.txt", text)
    assert report.refiles == []
    (verdict_case,) = [case_id for *_, case_id in report.verdicts]
    assert verdict_case == 2  # its own case (Syrian Arab Airlines, a designator of concern)
    assert _resembling(store, 2) == []
    with store.session() as session:
        assert similar_cases(session, 1, reference.policy) == ()


def test_the_same_agent_on_a_permit_request_is_recalled(store, reference, tmp_path):
    permit = Path(__file__).parents[2] / "examples" / "permits" / "air-koryo-p912.yaml"
    first = _run(store, reference, tmp_path, "first.yaml", permit.read_text())
    assert first.cases_opened == [1]
    # Another operator, another tail, another route: only the consignor is the same.
    text = (
        permit.read_text()
        .replace("P-912", "EP-TQA")
        .replace('"720112"', '"730ABC"')
        .replace("name: Air Koryo", "name: Pars Cargo Lines")
        .replace("icao: KOR", "icao: PCL")
        .replace("KOR151", "PCL77")
        .replace("Scientific Studies and Research Center", "Tehran Machinery Import Co")
        .replace("Korea Tangun Trading Corporation", "Caspian Logistics FZE")
    )
    second = _run(store, reference, tmp_path, "second.yaml", text)
    _label, _, _, case_id = second.verdicts[0]
    assert case_id == 2  # a permit of high concern opens its own case
    (summary,) = _resembling(store, 2)
    assert summary.startswith("resembles case 1 (permit KOR151 ZKPY-OSDI)")
    with store.session() as session:
        found = similar_cases(session, 2, reference.policy)
    assert [s.case_id for s in found] == [1]
    evidence = " ".join(f.explain() for f in found[0].resemblance.features)
    assert "party-name" in evidence
    assert "Korea Mining Development" in evidence


def test_the_register_is_rebuilt_from_the_store_with_the_same_traits(store, reference, tmp_path):
    _played(store, reference, tmp_path)
    with store.session() as session:
        before = {(r.case_id, r.kind, r.key) for r in case_trait_rows(session)}
    assert ("registration", "P912") in {(k, v) for _, k, v in before}
    with store.session() as session, session.begin():
        cases_written, _, problems = rebuild_register(session, reference, LATER)
    assert (cases_written, problems) == (1, [])
    with store.session() as session:
        after = {(r.case_id, r.kind, r.key) for r in case_trait_rows(session)}
    assert after == before


def test_similar_cases_lists_past_and_new_cases_but_never_the_case_itself(
    store, reference, tmp_path
):
    _played(store, reference, tmp_path)
    text = _fpl("KOR7719", "DOF/080701 REG/P913 CODE/72100A", operator=" OPR/AIR KORYO")
    _run(store, reference, tmp_path, "p913.txt", text)
    with store.session() as session:
        of_new = similar_cases(session, 2, reference.policy)
        of_old = similar_cases(session, 1, reference.policy)
    assert [(s.case_id, s.earlier) for s in of_new] == [(1, True)]
    assert [(s.case_id, s.earlier) for s in of_old] == [(2, False)]
    # Symmetric here: the same two registers compared either way.
    assert of_new[0].resemblance.score == of_old[0].resemblance.score
