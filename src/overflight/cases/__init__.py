"""Cases of concern: lifecycle, flight status from messages, engagements, deadlines, outcomes.

Service functions take a store ``Session``. Ingest commits per batch of messages (see
``ingest_messages``); every other writer flushes and leaves the commit to the caller.
"""

from overflight.cases.casework import (
    attach_flight_to_case,
    open_case,
    record_chokepoints,
    record_outcome,
    record_transits,
    record_verdict,
)
from overflight.cases.columns import content_hash
from overflight.cases.coordination import (
    meet_deadline,
    record_engagement,
    record_response,
    record_telegram,
    set_deadline,
)
from overflight.cases.errors import CaseError, HiddenCaseError, UnknownRecordError
from overflight.cases.flights import (
    FlightHistoryEntry,
    StoredFlight,
    flight_history,
    stored_flights,
)
from overflight.cases.follow import log_event
from overflight.cases.ingest import ingest_file, ingest_messages, ingest_text
from overflight.cases.lifecycle import (
    HIGH_CONCERN_LEVELS,
    case_sort_key,
    case_status,
    deadline_state,
    is_high_concern,
)
from overflight.cases.model import (
    Case,
    CaseStatus,
    CaseSummary,
    Deadline,
    DeadlineState,
    Engagement,
    OpenedBy,
    Outcome,
    OutcomeKind,
    Response,
    TimelineEntry,
    Verdict,
    VerdictLike,
    VerdictOutcome,
)
from overflight.cases.queries import (
    case_by_telegram,
    case_deadlines,
    case_engagements,
    case_outcomes,
    case_timeline,
    case_verdicts,
    cases_of_flight,
    get_case,
    list_cases,
)
from overflight.cases.register import (
    PERMIT_SOURCE,
    clear_register,
    past_cases,
    readable_case_ids,
    record_case_traits,
)
from overflight.cases.report import IngestReport

__all__ = [
    "HIGH_CONCERN_LEVELS",
    "PERMIT_SOURCE",
    "Case",
    "CaseError",
    "CaseStatus",
    "CaseSummary",
    "Deadline",
    "DeadlineState",
    "Engagement",
    "FlightHistoryEntry",
    "HiddenCaseError",
    "IngestReport",
    "OpenedBy",
    "Outcome",
    "OutcomeKind",
    "Response",
    "StoredFlight",
    "TimelineEntry",
    "UnknownRecordError",
    "Verdict",
    "VerdictLike",
    "VerdictOutcome",
    "attach_flight_to_case",
    "case_by_telegram",
    "case_deadlines",
    "case_engagements",
    "case_outcomes",
    "case_sort_key",
    "case_status",
    "case_timeline",
    "case_verdicts",
    "cases_of_flight",
    "clear_register",
    "content_hash",
    "deadline_state",
    "flight_history",
    "get_case",
    "ingest_file",
    "ingest_messages",
    "ingest_text",
    "is_high_concern",
    "list_cases",
    "log_event",
    "meet_deadline",
    "open_case",
    "past_cases",
    "readable_case_ids",
    "record_case_traits",
    "record_chokepoints",
    "record_engagement",
    "record_outcome",
    "record_response",
    "record_telegram",
    "record_transits",
    "record_verdict",
    "set_deadline",
    "stored_flights",
]
