"""The tables, as typed SQLAlchemy models: messages and flights, cases and their casework.

Closed sets (statuses, responses, outcomes) are stored as their enum's string value; the case layer
owns the enums and turns strings back into them. Times are aware UTC (``UtcDateTime``); days that
have no time of day (a demarche, a due date) are ``Date``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from overflight.store.types import JsonDocument, UtcDateTime

__all__ = [
    "AtsMessageRow",
    "AuditEventRow",
    "AuthSessionRow",
    "Base",
    "CaseMessageRow",
    "CaseRow",
    "CaseTraitRow",
    "ChokepointResultRow",
    "DeadlineRow",
    "EngagementRow",
    "FlightRow",
    "ListFileRow",
    "ListVersionRow",
    "LoginFailureRow",
    "OutcomeRow",
    "PermitRequestRow",
    "StoreRevisionRow",
    "TelegramRow",
    "TelegramSerialRow",
    "TimelineEventRow",
    "TransitSnapshotRow",
    "UserRow",
    "VerdictRow",
    "WatchedAircraftRow",
    "WebJobRow",
]

# Named constraints, so that later migrations can alter them on every backend.
_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Root of every table; its metadata is what the migrations must produce."""

    metadata = MetaData(naming_convention=_NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime}


class FlightRow(Base):
    """One flight: the link key, the current plan and where it stands."""

    __tablename__ = "flights"
    __table_args__ = (Index("ix_flights_route", "aircraft_id", "departure", "destination"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    aircraft_id: Mapped[str] = mapped_column(String(16))
    departure: Mapped[str] = mapped_column(String(8))
    destination: Mapped[str] = mapped_column(String(8))
    dof: Mapped[date | None] = mapped_column(Date)
    eobt: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    plan_text: Mapped[str] = mapped_column(Text)  # canonical text of the plan, amendments applied
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AtsMessageRow(Base):
    """One ATS message as received, with its parsed form and the flight it linked to."""

    __tablename__ = "ats_messages"
    __table_args__ = (Index("ix_ats_messages_route", "aircraft_id", "departure", "destination"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(3))
    aircraft_id: Mapped[str] = mapped_column(String(16), default="")
    departure: Mapped[str] = mapped_column(String(8), default="")
    destination: Mapped[str] = mapped_column(String(8), default="")
    raw_text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(1000), default="")
    position: Mapped[int] = mapped_column(Integer)  # 1-based message number in the source
    line: Mapped[int] = mapped_column(Integer, default=1)
    parsed: Mapped[Any] = mapped_column(JsonDocument)
    flight_id: Mapped[int | None] = mapped_column(ForeignKey("flights.id"), index=True)
    flight_status: Mapped[str | None] = mapped_column(String(16))  # status this message led to
    changes: Mapped[list[str]] = mapped_column(JsonDocument)  # what the message changed
    link_note: Mapped[str] = mapped_column(Text, default="")  # why it linked to no flight
    ingested_at: Mapped[datetime]


class CaseRow(Base):
    """A case of concern about one or more flights (a plan refiled stays in its case)."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), index=True)
    opened_at: Mapped[datetime]
    opened_by: Mapped[str] = mapped_column(String(16))  # "verdict" or "hand"
    reason: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[str] = mapped_column(String(300))  # portion form, e.g. (S//NF)
    updated_at: Mapped[datetime]


class CaseMessageRow(Base):
    """A message that belongs to a case (through the flight the case follows)."""

    __tablename__ = "case_messages"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("ats_messages.id"), primary_key=True)
    linked_at: Mapped[datetime]


class VerdictRow(Base):
    """A screening verdict at one time, kept so a case shows how concern changed."""

    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    flight_id: Mapped[int | None] = mapped_column(ForeignKey("flights.id"), index=True)
    level: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    policy_version: Mapped[str] = mapped_column(String(64))
    findings: Mapped[list[Any]] = mapped_column(JsonDocument)
    created_at: Mapped[datetime]


class TransitSnapshotRow(Base):
    """The transits computed for a flight at one time (JSON from ``to_jsonable``)."""

    __tablename__ = "transit_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    flight_id: Mapped[int | None] = mapped_column(ForeignKey("flights.id"), index=True)
    transits: Mapped[Any] = mapped_column(JsonDocument)
    created_at: Mapped[datetime]


class ChokepointResultRow(Base):
    """A chokepoint (interdiction) analysis for a case at one time."""

    __tablename__ = "chokepoint_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    result: Mapped[Any] = mapped_column(JsonDocument)
    created_at: Mapped[datetime]


class EngagementRow(Base):
    """A demarche to one state about a case, and the state's response."""

    __tablename__ = "engagements"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    state: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    post: Mapped[str] = mapped_column(String(100), default="")
    demarche_on: Mapped[date] = mapped_column(Date)
    response: Mapped[str] = mapped_column(String(24))
    responded_on: Mapped[date | None] = mapped_column(Date)
    telegram_ref: Mapped[str] = mapped_column(String(100), default="")  # e.g. ASTANA 849
    note: Mapped[str] = mapped_column(Text, default="")


class DeadlineRow(Base):
    """A reporting deadline (``report ... by 5 June``) and when it was met."""

    __tablename__ = "deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    what: Mapped[str] = mapped_column(Text, default="")
    met_on: Mapped[date | None] = mapped_column(Date)
    telegram_ref: Mapped[str] = mapped_column(String(100), default="")
    # The portion it was read from, e.g. (S//NF); NULL: the case's own marking.
    classification: Mapped[str | None] = mapped_column(String(300))


class OutcomeRow(Base):
    """What became of the flight, as the case learnt it (several over time are possible)."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    recorded_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")


class TimelineEventRow(Base):
    """One change to a case: when, who, what kind, and a line saying what."""

    __tablename__ = "timeline_events"
    __table_args__ = (Index("ix_timeline_events_case_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    # What the detail was derived from, e.g. a telegram's subject (S//NF); NULL: the case's.
    classification: Mapped[str | None] = mapped_column(String(300))


class TelegramRow(Base):
    """A telegram sent or received about a case, as text with its classification."""

    __tablename__ = "telegrams"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    serial: Mapped[str] = mapped_column(String(100), index=True)  # e.g. STATE 056778
    text: Mapped[str] = mapped_column(Text)
    marking: Mapped[str] = mapped_column(String(300))  # banner line
    sent_at: Mapped[datetime | None]  # from the DTG
    stored_at: Mapped[datetime]


class TelegramSerialRow(Base):
    """The next serial an originator gives its telegrams in a year (``STATE``, 2008 → 43805).

    Taken inside the transaction that stores the telegram, so no two telegrams of one store
    share a serial, whichever run or worker drafted them.
    """

    __tablename__ = "telegram_serials"

    station: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    next_number: Mapped[int] = mapped_column(Integer)


class UserRow(Base):
    """Someone who may log in: clearance, nationality, organisation and role (web accounts)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, PHC string
    clearance: Mapped[str] = mapped_column(String(2))  # U, C, S, TS
    nationality: Mapped[str] = mapped_column(String(3))  # ISO 3166-1 alpha-3
    organisation: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(16))  # viewer, analyst, admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords in a row
    locked_until: Mapped[datetime | None]  # no login before then (after too many failures)


class AuthSessionRow(Base):
    """A login: the SHA-256 of its secret token, its CSRF token and when it expires."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # cookie (pages) or bearer (API)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class AuditEventRow(Base):
    """Who read or changed what, when (every case and telegram access, granted or not)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_object", "object_kind", "object_id"),
        Index("ix_audit_log_classification", "classification"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))  # read, change, export, denied, login...
    object_kind: Mapped[str] = mapped_column(String(32))  # case, telegram, lists, user
    object_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    # The marking of what the row is about (portion form); NULL on rows from before markings.
    classification: Mapped[str | None] = mapped_column(String(300))


class ListVersionRow(Base):
    """A version of the sanctions lists: the list files imported together, screened as one.

    The newest version (highest id) is what every worker screens against.
    """

    __tablename__ = "list_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    entities: Mapped[int] = mapped_column(Integer)  # how many entities its files gave
    imported_by: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime]


class ListFileRow(Base):
    """One file of a list version: its bytes, so every worker screens against it."""

    __tablename__ = "list_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))  # the file's name (unique in its version)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    source_url: Mapped[str] = mapped_column(String(1000))  # where it was fetched from, or ""
    entities: Mapped[int] = mapped_column(Integer)  # entities it gave (0: an OFAC alt/add file)
    imported_by: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime]


class CaseTraitRow(Base):
    """One fact in the register of what a case is about (``overflight.model.traits``).

    Kept for closed cases too; rebuilt from the case's flights, transits and verdicts, except
    the traits a permit request gave (``source`` ``permit ...``), which only live here.
    """

    __tablename__ = "case_traits"
    __table_args__ = (Index("ix_case_traits_kind_key", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # TraitKind value
    key: Mapped[str] = mapped_column(String(300))  # normalised: P912, ZKPY-OSDI, 720112
    label: Mapped[str] = mapped_column(Text, default="")  # for display
    source: Mapped[str] = mapped_column(String(300), default="")  # flight 3, permit KOR-2008-0601
    recorded_at: Mapped[datetime]


class PermitRequestRow(Base):
    """A permit request as received: its text, the keys it links by, its flight and case.

    The text is kept whole (``form`` says how to read it again: yaml, json, aftn, csv); the
    columns copy what linking and the search for repeated requests need.
    """

    __tablename__ = "permit_requests"
    __table_args__ = (
        Index("ix_permit_requests_callsign", "callsign", "dof"),
        Index("ix_permit_requests_registration", "registration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reference: Mapped[str] = mapped_column(String(100), default="")
    form: Mapped[str] = mapped_column(String(8))  # yaml, json, aftn, csv
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(1000), default="")
    line: Mapped[int] = mapped_column(Integer, default=1)  # where in the source it starts
    callsign: Mapped[str] = mapped_column(String(16))
    registration: Mapped[str] = mapped_column(String(16), default="")  # hyphens dropped
    operator: Mapped[str] = mapped_column(String(200), default="")
    departure: Mapped[str] = mapped_column(String(8))
    destination: Mapped[str] = mapped_column(String(8))
    dof: Mapped[date | None] = mapped_column(Date)
    requested_states: Mapped[list[str]] = mapped_column(JsonDocument)
    flight_id: Mapped[int | None] = mapped_column(ForeignKey("flights.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    received_at: Mapped[datetime]
    # The marking of the request as received (portion form, e.g. (S//NF)): what it tells
    # reaches only cases whose marking covers it.
    classification: Mapped[str] = mapped_column(String(300))


class WatchedAircraftRow(Base):
    """Where a watched aircraft was last seen, for one reason it is watched (the live map).

    One row per aircraft and concern (``concern``: ``case:<id>`` or ``public``), carrying that
    concern's marking: a reader sees an aircraft only for the concerns they may read. ``seq``
    grows with every write, so a reader asks for what changed since the last ``seq`` it saw.
    """

    __tablename__ = "watched_aircraft"
    __table_args__ = (
        Index("ix_watched_aircraft_icao24_concern", "icao24", "concern", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, index=True)
    icao24: Mapped[str] = mapped_column(String(6))
    concern: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    marking: Mapped[str] = mapped_column(String(300))  # portion form, e.g. (S//REL TO USA, TUR)
    why: Mapped[str] = mapped_column(Text, default="")
    callsign: Mapped[str] = mapped_column(String(16), default="")
    registration: Mapped[str] = mapped_column(String(16), default="")
    at: Mapped[datetime]  # the position's time
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    altitude_ft: Mapped[float | None] = mapped_column(Float)
    ground_speed_kt: Mapped[float | None] = mapped_column(Float)
    track_deg: Mapped[float | None] = mapped_column(Float)
    on_ground: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(8), default="")  # alpha-2; '' international
    trail: Mapped[list[list[float]]] = mapped_column(JsonDocument)  # [[lon, lat], …], oldest first


class LoginFailureRow(Base):
    """One failed login: from which client address, for which typed name, when.

    The web's login throttle counts an address's rows within its window; every worker sees the
    same rows. Rows older than the window are deleted as new ones come.
    """

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_address_at", "address", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))  # the client's IP address ('' if none)
    username: Mapped[str] = mapped_column(String(64), index=True)  # as typed (cut to 64)
    at: Mapped[datetime] = mapped_column(index=True)


class WebJobRow(Base):
    """A background job of the web (a chokepoint analysis): its state, shared by every worker.

    The worker that took the request runs it (``runner``); any worker reads its state, result
    or error, and may ask it to stop (``cancel_requested``). ``heartbeat_at`` is renewed while
    its runner lives: an unfinished job whose runner went quiet is reported as failed.
    """

    __tablename__ = "web_jobs"
    __table_args__ = (Index("ix_web_jobs_state_owner", "state", "owner"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    case_id: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16))  # web.jobs.JobState
    runner: Mapped[str] = mapped_column(String(64))  # host:pid of the worker that runs it
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    heartbeat_at: Mapped[datetime]
    result: Mapped[Any | None] = mapped_column(JsonDocument)
    error: Mapped[str] = mapped_column(Text, default="")


class StoreRevisionRow(Base):
    """The store's revision: one row (``id`` 1), counting the writes the web's views can see.

    Triggers (migration 0012) add one after every write to a table the case view or the board
    reads, in the writer's transaction, so a kept answer can tell whether it is current.
    """

    __tablename__ = "store_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger)
