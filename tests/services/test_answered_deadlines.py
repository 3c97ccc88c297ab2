"""Replies recorded from the web meet the deadline their action request set, as ``run`` does.

An action request (STATE 43804) went to Turkey and Turkmenistan and set a reporting deadline;
the deadline stays open while one of them has not answered and is met, on the day of the last
answer, once both have. A deadline of another telegram is left alone. SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from overflight.cases import case_deadlines, case_engagements, open_case, record_engagement
from overflight.cases.coordination import set_deadline
from overflight.markings import ClassificationLevel
from overflight.services.accounts import Account, Role
from overflight.services.coordination import record_case_response
from overflight.store import Store

ANALYST = Account(101, "analyst", ClassificationLevel.S, "USA", "STATE", Role.ANALYST)
NOW = datetime(2008, 2, 1, 9, tzinfo=UTC)


def _asked_case(store: Store) -> int:
    with store.session() as session:
        case = open_case(session, "KOR151 ZKPY-OSDI", at=NOW)
        for state, post in (("TR", "ANKARA"), ("TM", "ASHGABAT")):
            record_engagement(
                session,
                case.id,
                state,
                demarche_on=date(2008, 2, 1),
                post=post,
                telegram_ref="STATE 43804",
                at=NOW,
            )
        set_deadline(session, case.id, date(2008, 2, 4), telegram_ref="STATE 43804", at=NOW)
        set_deadline(session, case.id, date(2008, 2, 9), telegram_ref="STATE 50000", at=NOW)
        session.commit()
    return case.id


def _answer(store: Store, case_id: int, state: str, on: date) -> None:
    with store.session() as session, session.begin():
        (engagement,) = [e for e in case_engagements(session, case_id) if e.state == state]
        record_case_response(
            session, ANALYST, case_id, engagement.id, "denied_overflight", NOW, responded_on=on
        )


def _met(store: Store, case_id: int) -> dict[str, date | None]:
    with store.session() as session:
        return {d.telegram_ref: d.met_on for d in case_deadlines(session, case_id, NOW)}


def test_the_last_answer_meets_the_action_requests_deadline(store: Store) -> None:
    case_id = _asked_case(store)
    _answer(store, case_id, "TR", date(2008, 2, 2))
    assert _met(store, case_id) == {"STATE 43804": None, "STATE 50000": None}
    _answer(store, case_id, "TM", date(2008, 2, 3))
    assert _met(store, case_id) == {"STATE 43804": date(2008, 2, 3), "STATE 50000": None}
