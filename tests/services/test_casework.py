"""The main job on the bundled story: the seed telegram's events, end to end."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from overflight import cases
from overflight.cables import parse_telegram, render_telegram
from overflight.errors import InputError
from overflight.interdiction.asks import AskKind
from overflight.services import (
    classify_response,
    load_reference,
    play_story,
    read_story,
    run_files,
)
from overflight.services.drafting import DraftingDefaults
from overflight.services.interdiction import stored_chokepoints
from overflight.store.messages import count_messages

STORY = Path(__file__).parents[2] / "src" / "overflight" / "story"


@pytest.fixture(scope="module")
def reference():
    return load_reference([], None)


def test_the_story_opens_a_case_asks_the_states_records_answers_and_thanks_them(
    store, reference, tmp_path
):
    story = read_story(STORY / "story.yaml")
    reports = [report for _, report in play_story(store, story, reference, tmp_path)]
    opening, *_, cancellation = reports
    assert opening.cases_opened == [1]
    assert [level for _, level, _, _ in opening.verdicts] == ["high"]

    # One telegram per ask: the PSI partners on the route are asked to deny overflight (the
    # story's desk), China (no PSI record) to monitor and report.
    deny, monitor = (parse_telegram(path.read_text()) for path in opening.drafts)
    assert (deny.serial.number, monitor.serial.number) == (43804, 43805)
    assert deny.subject.endswith("REQUEST TO DENY OVERFLIGHT")
    assert set(deny.action_countries) == {"TR", "TM", "KZ", "KG", "TJ", "AF", "UZ"}
    assert monitor.action_countries == ("CN",)
    # Departure, destination and Iran are never asked: permissive, and no embassy anyway.
    assert not {"KP", "SY", "IR"} & {*deny.action_countries, *monitor.action_countries}

    replies = reports[3]
    assert replies.responses == [
        "case 1: KZ denied_overflight",
        "case 1: TR will_require_landing",
        "case 1: TM denied_overflight",
        "case 1: KG denied_overflight",
    ]
    assert cancellation.outcomes == ["case 1: cancelled"]
    thanks = parse_telegram(cancellation.drafts[0].read_text())
    assert thanks.serial.number == 56778
    assert thanks.subject.startswith("AIR KORYO FLIGHT")  # OPR/AIR KORYO of the stored plan
    # Every state asked to act on the route is thanked, as the seed thanks Dushanbe and Kabul.
    assert set(thanks.action_countries) == set(deny.action_countries)
    assert [(r.station, r.number) for r in thanks.refs] == [
        ("STATE", 43804), ("ASTANA", 849), ("ANKARA", 780), ("ASHGABAT", 520), ("BISHKEK", 41),
    ]  # fmt: skip
    with store.session() as session:
        case = cases.get_case(session, 1)
        assert case.status is cases.CaseStatus.CLOSED
        timeline = cases.case_timeline(session, 1)
        kinds = [e.kind for e in timeline]
        assert kinds.count("verdict") == 5  # FPL, two DLA, two CHG
        assert kinds.count("telegram") == 3 + 4  # drafted, and the posts' four replies kept
        # Why each state was asked what it was, kept with the case.
        notes = {e.state: e.note for e in cases.case_engagements(session, 1)}
        assert notes["KZ"].startswith("deny-overflight: cooperating (")
        assert "STATE 056778" in notes["KZ"]  # the roster's source for Central Asia in 2008
        assert "the case's default ask" in notes["KZ"]
        assert "crosses 468 km over land" in notes["KZ"]
        assert notes["CN"].startswith("monitor: no PSI endorsement on record")
        not_asked = [e.detail for e in timeline if e.kind == "ask"]
        assert any(d.startswith("IR not asked: no U.S. embassy") for d in not_asked)
        # The closed case awaits nothing: no deadline is overdue, and it does not lead the board.
        later = datetime(2008, 7, 1, tzinfo=UTC)
        deadlines = cases.case_deadlines(session, 1, later)
        assert deadlines
        assert all(d.state is not cases.DeadlineState.OVERDUE for d in deadlines)
        (summary,) = cases.list_cases(session, later)
        assert summary.overdue == ()


def test_running_the_same_file_twice_adds_nothing(store, reference, tmp_path):
    now = datetime(2008, 2, 1, 0, 30, tzinfo=UTC)
    first, drafting = run_files(store, [STORY / "01-fpl.txt"], reference, drafts=tmp_path, now=now)
    again, _ = run_files(
        store, [STORY / "01-fpl.txt"], reference, drafts=tmp_path, drafting=drafting, now=now
    )
    assert (first.messages_added, again.messages_added, again.duplicates) == (1, 0, 1)
    assert again.cases_opened == []
    with store.session() as session:
        assert len(cases.list_cases(session, now)) == 1


def test_bad_files_are_reported_and_the_rest_is_run(store, reference, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text("(FPL-BROKEN-IN-IL76/H-S/C-ZKPY0100-N0430F330 DCT-OSDI0300-DOF/080299)")
    report, _ = run_files(
        store,
        [tmp_path / "missing.txt", broken, STORY / "01-fpl.txt"],
        reference,
        drafts=tmp_path,
        drafting=DraftingDefaults(serial="STATE 100"),
        now=datetime(2008, 2, 1, tzinfo=UTC),
    )
    assert any("missing.txt: cannot read" in p for p in report.problems)
    assert report.cases_opened == [1]


def test_a_drafts_folder_that_cannot_be_made_stops_the_run_before_anything_is_read(
    store, reference, tmp_path
):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="drafts: cannot make the folder"):
        run_files(
            store,
            [STORY / "01-fpl.txt"],
            reference,
            drafts=blocker / "drafts",
            now=datetime(2008, 2, 1, tzinfo=UTC),
        )
    with store.session() as session:
        assert cases.list_cases(session, datetime(2008, 2, 1, tzinfo=UTC)) == ()
        assert count_messages(session) == 0


def test_a_reply_citing_no_stored_telegram_is_a_problem(store, reference, tmp_path):
    report, _ = run_files(
        store,
        [STORY / "04-ankara-780.txt"],
        reference,
        drafts=tmp_path,
        now=datetime(2008, 2, 4, tzinfo=UTC),
    )
    assert report.responses == []
    assert "cites no stored action request" in report.problems[0]


@pytest.mark.parametrize(
    ("text", "response"),
    [
        (
            "Turkey will require the aircraft to land for inspection at Esenboga",
            "will_require_landing",
        ),
        ("Kazakhstan has denied the request for overflight permission", "denied_overflight"),
        ("the authority refused the overflight request", "denied_overflight"),
        ("the MFA said overflight permission was granted last week", "granted"),
        ("the MFA took note and will reply", "no_response"),
    ],
)
def test_classify_response_reads_the_host_states_answer(text, response):
    telegram = parse_telegram(
        "O 041015Z FEB 08\nFM AMEMBASSY ANKARA\nTO SECSTATE WASHDC IMMEDIATE\n\n"
        "S E C R E T ANKARA 000780\n\nE.O. 12958: DECL: 02/04/2033\nTAGS: PARM\n"
        "SUBJECT: AIR KORYO FLIGHT\n\nREF: STATE 43804\n\n"
        f"1. (S//REL TO USA, TUR) {text}.\n"
    )
    assert classify_response(telegram).value == response


def test_with_the_real_lists_the_filed_charter_is_a_listed_aircraft_of_a_listed_operator(
    sqlite_store, shared_dir, tmp_path
):
    lists = shared_dir / "data" / "lists"
    reference = load_reference(
        [
            lists / "ofac-sdn-2021-07" / "sdn.csv",
            lists / "un-consolidated-2026-02" / "UN_consolidated.xml",
        ],
        None,
    )
    report, _ = run_files(
        sqlite_store,
        [STORY / "01-fpl.txt"],
        reference,
        drafts=tmp_path,
        now=datetime(2008, 2, 1, tzinfo=UTC),
    )
    assert report.cases_opened == [1]
    with sqlite_store.session() as session:
        (verdict,) = cases.case_verdicts(session, 1)
    indicators = {finding["indicator"] for finding in verdict.findings}
    # REG/P912 is Air Koryo's Il-76 on OFAC's SDN list (entry 20520's aircraft), and OPR/AIR
    # KORYO names the listed operator.
    assert {"listed-aircraft", "listed-operator"} <= indicators


def test_with_chokepoints_the_action_request_also_goes_to_the_blocking_set(
    sqlite_store, reference, tmp_path
):
    report, _ = run_files(
        sqlite_store,
        [STORY / "01-fpl.txt"],
        reference,
        drafts=tmp_path,
        now=datetime(2008, 2, 1, tzinfo=UTC),
        chokepoints=True,
    )
    assert report.problems == []
    with sqlite_store.session() as session:
        kinds = [e.kind for e in cases.case_timeline(session, 1)]
        kept = stored_chokepoints(session, 1)
    assert "chokepoints" in kinds
    # The result keeps the stances it assumed (as of the run) and the route options it saw.
    assert kept is not None
    assert kept["stances_as_of"] == "2008-02-01"
    assert kept["stances"]["KP"] == "permissive"
    assert kept["routes"]
    assert all(r["stops"][0] == "ZKPY" for r in kept["routes"])
    assert all(len(r["path"]) >= 2 for r in kept["routes"])
    drafted = [parse_telegram(path.read_text()) for path in report.drafts]
    on_route = {"TR", "TM", "KZ", "KG", "TJ", "AF", "UZ", "CN"}
    addressed = {c for t in drafted for c in t.action_countries}
    # The transit states are all asked...
    assert on_route <= addressed
    # ...and the analysis added states the filed route never crosses (a route around Central
    # Asia exists, so blocking every route takes states off the filed path), in telegrams of
    # their own that ask them in advance.
    ahead = [t for t in drafted if not set(t.action_countries) & on_route]
    assert ahead
    assert all("stay out of your airspace on its filed route" in render_telegram(t) for t in ahead)


REPLY = """\
O 041015Z FEB 08
FM AMEMBASSY {post}
TO SECSTATE WASHDC IMMEDIATE

S E C R E T {post} 0000{number:02d}

E.O. 12958: DECL: 02/04/2033
TAGS: PARM PREL MNUC
SUBJECT: AIR KORYO FLIGHT: HOST GOVERNMENT DENIES OVERFLIGHT

REF: STATE 43804

Classified By: Ambassador, Reasons 1.4 b and d

1. (S//REL TO USA, {trigraph}) The MFA has denied the operator overflight permission.
"""
POSTS = {
    "TR": ("ANKARA", "TUR"), "TM": ("ASHGABAT", "TKM"), "KZ": ("ASTANA", "KAZ"),
    "KG": ("BISHKEK", "KGZ"), "TJ": ("DUSHANBE", "TJK"), "AF": ("KABUL", "AFG"),
    "UZ": ("TASHKENT", "UZB"),
}  # fmt: skip


def test_replies_meet_the_deadline_once_every_state_asked_has_answered(
    sqlite_store, reference, tmp_path
):
    story = read_story(STORY / "story.yaml")
    run_files(sqlite_store, [STORY / "01-fpl.txt"], reference, drafts=tmp_path / "d",
              drafting=story.drafting, asks=story.asks, now=story.steps[0].at)  # fmt: skip
    replies = []
    for number, (post, trigraph) in enumerate(POSTS.values(), start=1):
        path = tmp_path / f"{post.lower()}.txt"
        path.write_text(REPLY.format(post=post, number=number, trigraph=trigraph))
        replies.append(path)
    feb_4 = datetime(2008, 2, 4, 14, tzinfo=UTC)

    def deadline(serial: str) -> cases.Deadline:
        with sqlite_store.session() as session:
            found = cases.case_deadlines(session, 1, feb_4)
        return next(d for d in found if d.telegram_ref == serial)

    report, _ = run_files(sqlite_store, replies[:-1], reference, drafts=tmp_path / "d",
                          now=feb_4)  # fmt: skip
    assert len(report.responses) == 6
    assert deadline("STATE 043804").state is cases.DeadlineState.OVERDUE  # Tashkent is silent
    run_files(sqlite_store, replies[-1:], reference, drafts=tmp_path / "d", now=feb_4)
    met = deadline("STATE 043804")
    assert (met.state, met.met_on) == (cases.DeadlineState.MET, datetime(2008, 2, 4).date())
    # China, asked apart to monitor, has not answered: its deadline is still overdue.
    assert deadline("STATE 043805").state is cases.DeadlineState.OVERDUE


def test_a_permit_request_of_high_concern_gets_a_telegram_per_ask(
    sqlite_store, reference, tmp_path
):
    permit = Path(__file__).parents[2] / "examples" / "permits" / "air-koryo-p912.yaml"
    report, _ = run_files(sqlite_store, [permit], reference, drafts=tmp_path,
                          now=datetime(2008, 5, 20, tzinfo=UTC))  # fmt: skip
    assert report.cases_opened == [1]
    drafted = [parse_telegram(path.read_text()) for path in report.drafts]
    subjects = [t.subject.split(": ")[1] for t in drafted]
    assert len(set(subjects)) == len(subjects)  # one telegram per ask
    for telegram in drafted:
        assert "Callsign KOR151" in render_telegram(telegram)
    with sqlite_store.session() as session:
        engaged = cases.case_engagements(session, 1)
    asked = {c for t in drafted for c in t.action_countries}
    assert {e.state for e in engaged} == asked
    assert all(e.note.split(":")[0] in {k.value for k in AskKind} for e in engaged)
