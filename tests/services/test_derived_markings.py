"""Deadlines and timeline lines carry the marking of their portion, and are cut with it.

A (U) case holds a telegram whose only deadline is set in a (S//NF) paragraph, and a second
telegram every portion of which is (S//NF). An unclassified Turkish reader of the case sees
neither the deadline (date, serial, line) nor the second telegram's serial anywhere; on the
board the case has no deadline for them and keeps its place as if it had none. A SECRET U.S.
reader sees all of it. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from overflight.cables import parse_telegram
from overflight.cases import meet_deadline, open_case, record_engagement, record_telegram
from overflight.markings import ClassificationLevel, parse_portion
from overflight.services.accounts import Account, Role
from overflight.services.web import open_case_view, visible_cases
from overflight.store import Store

TURKISH = Account(201, "tur", ClassificationLevel.U, "TUR", "", Role.VIEWER)
AMERICAN = Account(202, "us", ClassificationLevel.S, "USA", "", Role.VIEWER)
NOW = datetime(2008, 6, 20, tzinfo=UTC)  # after both deadlines: they would be overdue
HEADER = """\
O 281347Z MAY 08
FM SECSTATE WASHDC
TO AMEMBASSY ANKARA IMMEDIATE

S E C R E T STATE {serial}

E.O. 12958: DECL: 05/28/2033
TAGS: PARM, PREL, TU
SUBJECT: {subject}

Classified By: ISN/CPI Director, Reasons 1.4 (b) and (d)
"""
MIXED = (
    HEADER.format(serial="099002", subject="(U) AIR KORYO CHARTER")
    + """
1. (S//NF) Posts should report on host government responses by June 5.

2. (U) The Department thanks posts for their help.
"""
)
NOFORN = (
    HEADER.format(serial="099003", subject="(S//NF) HIDDENSUBJECT")
    + """
1. (S//NF) Posts should report on the HIDDENPARAGRAPH by June 9.
"""
)


def _seed(store: Store) -> int:
    with store.session() as session:
        case = open_case(session, "KOR151 Pyongyang to Damascus", at=NOW)
        for text in (MIXED, NOFORN):
            record_telegram(session, case.id, parse_telegram(text), at=NOW)
        record_engagement(
            session,
            case.id,
            "TR",
            demarche_on=date(2008, 5, 28),
            telegram_ref="STATE 099003",
            at=NOW,
        )
        session.commit()
    return case.id


def _everything(view: object) -> str:
    return repr(view)


def test_a_deadline_from_a_noforn_paragraph_never_reaches_a_foreign_reader(store: Store) -> None:
    case_id = _seed(store)
    with store.session() as session:
        foreign = open_case_view(session, TURKISH, case_id, NOW)
        american = open_case_view(session, AMERICAN, case_id, NOW)
    assert foreign.deadlines == ()
    assert {d.due_on for d in american.deadlines} == {date(2008, 6, 5), date(2008, 6, 9)}
    assert {d.marking for d in american.deadlines} == {parse_portion("(S//NF)")}
    seen = _everything(foreign)
    for hidden in ("099003", "June 5", "2008-06-05", "2008-06-09", "HIDDEN", "report on"):
        assert hidden not in seen, hidden
    assert "099002" in seen  # the telegram they may open part of
    assert all(entry.marking is not None for entry in foreign.timeline)
    lines = [e.detail for e in american.timeline]
    assert "STATE 099003: HIDDENSUBJECT" in lines
    assert [e.telegram_ref for e in american.engagements] == ["STATE 099003"]
    assert [e.telegram_ref for e in foreign.engagements] == [""]  # the demarche, not its cable
    assert "TR on 2008-05-28" in [e.detail for e in foreign.timeline]
    assert any(line.startswith("report on STATE 099002 due 2008-06-05") for line in lines)


def test_the_board_counts_and_orders_by_the_deadlines_each_reader_may_see(store: Store) -> None:
    case_id = _seed(store)
    with store.session() as session:
        quiet = open_case(session, "A later case", at=NOW + timedelta(hours=1))
        session.commit()
        foreign = visible_cases(session, TURKISH, NOW)
        american = visible_cases(session, AMERICAN, NOW)
    by_id = {s.case.id: s for s in american}
    assert len(by_id[case_id].overdue) == 2
    assert american[0].case.id == case_id  # overdue first
    mine = {s.case.id: s for s in foreign}
    assert mine[case_id].deadlines == ()
    assert mine[case_id].next_due is None
    # Without visible deadlines the order is by the latest change: the later case comes first.
    assert [s.case.id for s in foreign] == [quiet.id, case_id]


def test_a_met_deadline_line_keeps_its_marking(store: Store) -> None:
    case_id = _seed(store)
    with store.session() as session:
        american = open_case_view(session, AMERICAN, case_id, NOW)
        meet_deadline(session, american.deadlines[0].id, met_on=date(2008, 6, 4), at=NOW)
        session.commit()
        foreign = open_case_view(session, TURKISH, case_id, NOW)
        again = open_case_view(session, AMERICAN, case_id, NOW)
    assert not any(e.kind == "deadline met" for e in foreign.timeline)
    [met] = [e for e in again.timeline if e.kind == "deadline met"]
    assert met.marking == parse_portion("(S//NF)")
    assert replace(met, marking=None).detail.startswith("report on STATE 099002 on 2008-06-04")
