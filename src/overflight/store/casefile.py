"""Repository functions for cases and their casework (each takes the caller's ``Session``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import BindParameter, Executable, Row, bindparam, func, select
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
    "StoredRow",
    "case_flights",
    "case_message_ids",
    "case_messages",
    "case_record",
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
    "read_rows",
    "telegrams_of",
    "verdicts_of",
]


# A row read by a Core select: a named tuple whose attributes are the table's columns (as the
# ORM row's are), without an ORM object behind it. The case view and the board read these.
StoredRow = Row[Any]

# Statements built once: a case view or the board runs them on every request (issue 17). They
# select the tables' columns (Core), not ORM entities: a row costs a tuple, not a tracked object.
_CASE_ID: BindParameter[int] = bindparam("case_id")
_CASE_IDS: BindParameter[list[int]] = bindparam("case_ids", expanding=True)
_CASES = CaseRow.__table__.c
_VERDICTS = VerdictRow.__table__.c
_ENGAGEMENTS = EngagementRow.__table__.c
_EVENTS = TimelineEventRow.__table__.c
_TELEGRAMS = TelegramRow.__table__.c
_DEADLINES = DeadlineRow.__table__.c
_CASE_RECORD = select(CaseRow.__table__).where(_CASES.id == _CASE_ID)
_CASE_ROWS = select(CaseRow.__table__).order_by(_CASES.id)
_CASE_ROWS_IN = _CASE_ROWS.where(_CASES.id.in_(_CASE_IDS))
_VERDICTS_OF = (
    select(VerdictRow.__table__)
    .where(_VERDICTS.case_id == _CASE_ID)
    .order_by(_VERDICTS.created_at, _VERDICTS.id)
)
_ENGAGEMENTS_OF = (
    select(EngagementRow.__table__)
    .where(_ENGAGEMENTS.case_id == _CASE_ID)
    .order_by(_ENGAGEMENTS.demarche_on, _ENGAGEMENTS.id)
)
_EVENTS_OF = (
    select(TimelineEventRow.__table__)
    .where(_EVENTS.case_id == _CASE_ID)
    .order_by(_EVENTS.at, _EVENTS.id)
)
_TELEGRAMS_OF = (
    select(TelegramRow.__table__).where(_TELEGRAMS.case_id == _CASE_ID).order_by(_TELEGRAMS.id)
)
_ALL_DEADLINES = select(DeadlineRow.__table__).order_by(_DEADLINES.due_on, _DEADLINES.id)
_DEADLINES_OF = _ALL_DEADLINES.where(_DEADLINES.case_id.in_(_CASE_IDS))
_RANKED_VERDICTS = (
    select(
        _VERDICTS.case_id,
        _VERDICTS.level,
        func.row_number()
        .over(
            partition_by=_VERDICTS.case_id,
            order_by=(_VERDICTS.created_at.desc(), _VERDICTS.id.desc()),
        )
        .label("rank"),
    )
    .where(_VERDICTS.case_id.is_not(None))
    .subquery()
)
_LATEST_VERDICT_LEVELS = select(_RANKED_VERDICTS.c.case_id, _RANKED_VERDICTS.c.level).where(
    _RANKED_VERDICTS.c.rank == 1
)


def read_rows(
    session: Session, statement: Executable, params: Mapping[str, Any] | None = None
) -> Sequence[StoredRow]:
    """The rows of a Core select, on the session's connection and in its transaction.

    What the session holds unflushed is flushed first, as an ORM read would (unless the caller
    turned autoflush off); the rows are plain tuples, not objects the session tracks.
    """
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, params).all()


def get_case(session: Session, case_id: int) -> CaseRow | None:
    """The case with this id, if any."""
    return session.get(CaseRow, case_id)


def case_record(session: Session, case_id: int) -> StoredRow | None:
    """The case with this id as a read-only row (a Core read: ``get_case`` gives the ORM's)."""
    found = read_rows(session, _CASE_RECORD, {"case_id": case_id})
    return found[0] if found else None


def list_case_rows(session: Session, case_ids: Sequence[int] | None = None) -> Sequence[StoredRow]:
    """Every case (``case_ids``: those of them that exist), by id (read-only rows)."""
    if case_ids is None:
        return read_rows(session, _CASE_ROWS)
    return read_rows(session, _CASE_ROWS_IN, {"case_ids": list(case_ids)})


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


def verdicts_of(session: Session, case_id: int) -> Sequence[StoredRow]:
    """A case's verdicts, oldest first (read-only rows)."""
    return read_rows(session, _VERDICTS_OF, {"case_id": case_id})


def engagements_of(session: Session, case_id: int) -> Sequence[StoredRow]:
    """A case's engagements, by demarche date then id (read-only rows)."""
    return read_rows(session, _ENGAGEMENTS_OF, {"case_id": case_id})


def deadlines_of(session: Session, case_ids: Sequence[int] | None) -> Sequence[StoredRow]:
    """The deadlines of the given cases (``None``: of every case), earliest due first."""
    if case_ids is None:
        return read_rows(session, _ALL_DEADLINES)
    return read_rows(session, _DEADLINES_OF, {"case_ids": list(case_ids)})


def latest_verdict_levels(session: Session) -> dict[int, str]:
    """The level of each case's latest verdict (by time, then id), in one query."""
    rows = read_rows(session, _LATEST_VERDICT_LEVELS)
    return {int(row.case_id): str(row.level) for row in rows}


def outcomes_of(session: Session, case_id: int) -> list[OutcomeRow]:
    """A case's outcomes, in the order they were recorded."""
    return list(
        session.scalars(
            select(OutcomeRow)
            .where(OutcomeRow.case_id == case_id)
            .order_by(OutcomeRow.recorded_at, OutcomeRow.id)
        )
    )


def events_of(session: Session, case_id: int) -> Sequence[StoredRow]:
    """A case's timeline, oldest first (ties in recording order; read-only rows)."""
    return read_rows(session, _EVENTS_OF, {"case_id": case_id})


def telegrams_of(session: Session, case_id: int) -> Sequence[StoredRow]:
    """A case's telegrams, in the order they were stored (read-only rows)."""
    return read_rows(session, _TELEGRAMS_OF, {"case_id": case_id})


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
