"""Repository functions for cases and their casework (each takes the caller's ``Session``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.orm import Session

from overflight.store.schema import (
    AtsMessageRow,
    CaseMessageRow,
    CaseRow,
    ChokepointResultRow,
    DeadlineRow,
    EngagementRow,
    FlightRow,
    OutcomeRow,
    TelegramRow,
    TimelineEventRow,
    TransitSnapshotRow,
    VerdictRow,
)

__all__ = [
    "case_flights",
    "case_message_ids",
    "case_messages",
    "cases_following_flight",
    "deadlines_of",
    "engagements_of",
    "events_of",
    "get_case",
    "get_deadline",
    "get_engagement",
    "latest_case_flight",
    "latest_chokepoint_result",
    "latest_verdict_levels",
    "list_case_rows",
    "open_cases_on_route",
    "outcomes_of",
    "telegrams_of",
    "verdicts_of",
]


# Statements built once: a case view or the board runs them on every request (issue 17).
_CASE_ID: BindParameter[int] = bindparam("case_id")
_CASE_ROWS = select(CaseRow).order_by(CaseRow.id)
_VERDICTS_OF = (
    select(VerdictRow)
    .where(VerdictRow.case_id == _CASE_ID)
    .order_by(VerdictRow.created_at, VerdictRow.id)
)
_ENGAGEMENTS_OF = (
    select(EngagementRow)
    .where(EngagementRow.case_id == _CASE_ID)
    .order_by(EngagementRow.demarche_on, EngagementRow.id)
)
_EVENTS_OF = (
    select(TimelineEventRow)
    .where(TimelineEventRow.case_id == _CASE_ID)
    .order_by(TimelineEventRow.at, TimelineEventRow.id)
)
_TELEGRAMS_OF = select(TelegramRow).where(TelegramRow.case_id == _CASE_ID).order_by(TelegramRow.id)
_RANKED_VERDICTS = (
    select(
        VerdictRow.case_id,
        VerdictRow.level,
        func.row_number()
        .over(
            partition_by=VerdictRow.case_id,
            order_by=(VerdictRow.created_at.desc(), VerdictRow.id.desc()),
        )
        .label("rank"),
    )
    .where(VerdictRow.case_id.is_not(None))
    .subquery()
)
_LATEST_VERDICT_LEVELS = select(_RANKED_VERDICTS.c.case_id, _RANKED_VERDICTS.c.level).where(
    _RANKED_VERDICTS.c.rank == 1
)


def get_case(session: Session, case_id: int) -> CaseRow | None:
    """The case with this id, if any."""
    return session.get(CaseRow, case_id)


def list_case_rows(session: Session) -> list[CaseRow]:
    """Every case, by id."""
    return list(session.scalars(_CASE_ROWS))


def get_engagement(session: Session, engagement_id: int) -> EngagementRow | None:
    """The engagement with this id, if any."""
    return session.get(EngagementRow, engagement_id)


def get_deadline(session: Session, deadline_id: int) -> DeadlineRow | None:
    """The deadline with this id, if any."""
    return session.get(DeadlineRow, deadline_id)


def case_message_ids(session: Session, case_id: int) -> set[int]:
    """Ids of the messages already in a case."""
    return set(
        session.scalars(select(CaseMessageRow.message_id).where(CaseMessageRow.case_id == case_id))
    )


def case_messages(session: Session, case_id: int) -> list[AtsMessageRow]:
    """The messages of a case, in ingest order."""
    return list(
        session.scalars(
            select(AtsMessageRow)
            .join(CaseMessageRow, CaseMessageRow.message_id == AtsMessageRow.id)
            .where(CaseMessageRow.case_id == case_id)
            .order_by(AtsMessageRow.id)
        )
    )


def case_flights(session: Session, case_id: int) -> list[FlightRow]:
    """The flights a case follows (through its messages), in filing order."""
    return list(
        session.scalars(
            select(FlightRow)
            .join(AtsMessageRow, AtsMessageRow.flight_id == FlightRow.id)
            .join(CaseMessageRow, CaseMessageRow.message_id == AtsMessageRow.id)
            .where(CaseMessageRow.case_id == case_id)
            .distinct()
            .order_by(FlightRow.id)
        )
    )


def latest_case_flight(session: Session, case_id: int) -> FlightRow | None:
    """The flight of the case's most recently ingested message: the one its status follows."""
    return session.scalars(
        select(FlightRow)
        .join(AtsMessageRow, AtsMessageRow.flight_id == FlightRow.id)
        .join(CaseMessageRow, CaseMessageRow.message_id == AtsMessageRow.id)
        .where(CaseMessageRow.case_id == case_id)
        .order_by(AtsMessageRow.id.desc())
        .limit(1)
    ).first()


def cases_following_flight(session: Session, flight_id: int) -> list[CaseRow]:
    """Cases that hold at least one message of this flight."""
    return list(
        session.scalars(
            select(CaseRow)
            .join(CaseMessageRow, CaseMessageRow.case_id == CaseRow.id)
            .join(AtsMessageRow, AtsMessageRow.id == CaseMessageRow.message_id)
            .where(AtsMessageRow.flight_id == flight_id)
            .distinct()
            .order_by(CaseRow.id)
        )
    )


def open_cases_on_route(
    session: Session,
    aircraft_id: str,
    departure: str,
    destination: str,
    closed_statuses: Sequence[str],
) -> list[CaseRow]:
    """Cases not in ``closed_statuses`` that follow a flight with this id and route."""
    return list(
        session.scalars(
            select(CaseRow)
            .join(CaseMessageRow, CaseMessageRow.case_id == CaseRow.id)
            .join(AtsMessageRow, AtsMessageRow.id == CaseMessageRow.message_id)
            .join(FlightRow, FlightRow.id == AtsMessageRow.flight_id)
            .where(
                FlightRow.aircraft_id == aircraft_id,
                FlightRow.departure == departure,
                FlightRow.destination == destination,
                CaseRow.status.not_in(closed_statuses),
            )
            .distinct()
            .order_by(CaseRow.id)
        )
    )


def verdicts_of(session: Session, case_id: int) -> list[VerdictRow]:
    """A case's verdicts, oldest first."""
    return list(session.scalars(_VERDICTS_OF, {"case_id": case_id}))


def engagements_of(session: Session, case_id: int) -> list[EngagementRow]:
    """A case's engagements, by demarche date then id."""
    return list(session.scalars(_ENGAGEMENTS_OF, {"case_id": case_id}))


def deadlines_of(session: Session, case_ids: Sequence[int] | None) -> list[DeadlineRow]:
    """The deadlines of the given cases (``None``: of every case), earliest due first."""
    query = select(DeadlineRow).order_by(DeadlineRow.due_on, DeadlineRow.id)
    if case_ids is not None:
        query = query.where(DeadlineRow.case_id.in_(case_ids))
    return list(session.scalars(query))


def latest_verdict_levels(session: Session) -> dict[int, str]:
    """The level of each case's latest verdict (by time, then id), in one query."""
    rows = session.execute(_LATEST_VERDICT_LEVELS)
    return {int(case_id): str(level) for case_id, level in rows}


def outcomes_of(session: Session, case_id: int) -> list[OutcomeRow]:
    """A case's outcomes, in the order they were recorded."""
    return list(
        session.scalars(
            select(OutcomeRow)
            .where(OutcomeRow.case_id == case_id)
            .order_by(OutcomeRow.recorded_at, OutcomeRow.id)
        )
    )


def events_of(session: Session, case_id: int) -> list[TimelineEventRow]:
    """A case's timeline, oldest first (ties in recording order)."""
    return list(session.scalars(_EVENTS_OF, {"case_id": case_id}))


def telegrams_of(session: Session, case_id: int) -> list[TelegramRow]:
    """A case's telegrams, in the order they were stored."""
    return list(session.scalars(_TELEGRAMS_OF, {"case_id": case_id}))


def telegram_by_serial(session: Session, serial: str) -> TelegramRow | None:
    """The first stored telegram with this serial (``STATE 043804``)."""
    return session.scalars(
        select(TelegramRow).where(TelegramRow.serial == serial).order_by(TelegramRow.id)
    ).first()


def get_telegram(session: Session, telegram_id: int) -> TelegramRow | None:
    """One stored telegram by id."""
    return session.get(TelegramRow, telegram_id)


def latest_transit_snapshot(session: Session, case_id: int) -> TransitSnapshotRow | None:
    """The most recent transit snapshot recorded for a case."""
    return session.scalar(
        select(TransitSnapshotRow)
        .where(TransitSnapshotRow.case_id == case_id)
        .order_by(TransitSnapshotRow.id.desc())
        .limit(1)
    )


def latest_chokepoint_result(session: Session, case_id: int) -> ChokepointResultRow | None:
    """The most recent chokepoint (interdiction) result recorded for a case."""
    return session.scalar(
        select(ChokepointResultRow)
        .where(ChokepointResultRow.case_id == case_id)
        .order_by(ChokepointResultRow.id.desc())
        .limit(1)
    )
