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
from overflight.cases.coordination import (
    meet_deadline,
    record_engagement,
    record_response,
    record_telegram,
)
from overflight.cases.errors import HiddenCaseError, UnknownRecordError
from overflight.cases.flights import StoredFlight, flight_history, stored_flights
from overflight.cases.follow import log_event
from overflight.cases.ingest import ingest_messages, ingest_text
from overflight.cases.lifecycle import case_sort_key, opens_case
from overflight.cases.model import (
    Case,
    CaseStatus,
    CaseSummary,
    Deadline,
    DeadlineState,
    Engagement,
    OpenedBy,
    OutcomeKind,
    StateResponse,
    StoredVerdict,
    TimelineEntry,
)
from overflight.cases.permits import (
    case_permit_requests,
    link_permit_requests,
    other_permit_requests,
    permit_denials,
    permit_of_flight,
    record_permit_request,
    set_permit_case,
)
from overflight.cases.queries import (
    case_by_telegram,
    case_deadlines,
    case_engagements,
    case_outcomes,
    case_parts,
    case_timeline,
    case_verdicts,
    cases_of_flight,
    get_case,
    list_cases,
    read_case,
)
from overflight.cases.records import case_of
from overflight.cases.register import (
    PERMIT_SOURCE,
    clear_register,
    past_cases,
    readable_case_ids,
    record_case_traits,
)

__all__ = [
    "PERMIT_SOURCE",
    "Case",
    "CaseStatus",
    "CaseSummary",
    "Deadline",
    "DeadlineState",
    "Engagement",
    "HiddenCaseError",
    "OpenedBy",
    "OutcomeKind",
    "StateResponse",
    "StoredFlight",
    "StoredVerdict",
    "TimelineEntry",
    "UnknownRecordError",
    "attach_flight_to_case",
    "case_by_telegram",
    "case_deadlines",
    "case_engagements",
    "case_of",
    "case_outcomes",
    "case_parts",
    "case_permit_requests",
    "case_sort_key",
    "case_timeline",
    "case_verdicts",
    "cases_of_flight",
    "clear_register",
    "flight_history",
    "get_case",
    "ingest_messages",
    "ingest_text",
    "link_permit_requests",
    "list_cases",
    "log_event",
    "meet_deadline",
    "open_case",
    "opens_case",
    "other_permit_requests",
    "past_cases",
    "permit_denials",
    "permit_of_flight",
    "read_case",
    "readable_case_ids",
    "record_case_traits",
    "record_chokepoints",
    "record_engagement",
    "record_outcome",
    "record_permit_request",
    "record_response",
    "record_telegram",
    "record_transits",
    "record_verdict",
    "set_permit_case",
    "stored_flights",
]
