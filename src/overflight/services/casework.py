"""The main job: ingest flight plans, permit requests and posts' replies; screen; keep cases.

``run_files`` takes files in the order given, at one moment (``now``):

* ATS messages are stored and linked to their flights; every flight they touch is screened
  again (its plan as amended, with its history of delays and changes). A verdict of high
  concern opens a case; a new case gets its transits, one ask per state (``asks``: the desk's
  ``AskPolicy``; services.asking), an action request per group of states asked the same thing,
  drafted to the drafts folder, an engagement per state asked (its note keeps the ask and why)
  and each telegram's reporting deadline (from the first entry time).
* A cancelled flight whose case is open records the outcome and, once some state acted, drafts
  the thank-you to the states asked to act (services.drafting.compose_for_case).
* With ``chokepoints``, a new case also gets the chokepoint analysis (the smallest sets of
  states whose denial blocks every feasible route for the aircraft type); the states of the
  top-ranked set off the filed route are asked in advance, in a telegram of their own.
* A permit request is stored as received and screened with what the store adds (other requests
  by the same aircraft or operator, denials of the same flight in cases); high concern opens a
  case with its verdict, and the request shows in the case's timeline. When the plan for a stored
  request arrives (call sign and DOF, or aircraft and DOF), the request links to the flight, the
  case it opened follows the flight, and the plan is screened under it (its filed route against
  the states asked, its EOBT against the window).
* A post's telegram whose REF cites a stored action request records the host state's response;
  once every state that telegram asked has answered, its deadline is met.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from overflight import cases
from overflight.ats import (
    FlightStatus,
    find_messages,
    parse_message,
    parse_messages,
    to_flight_intent,
)
from overflight.cables import (
    CableReference,
    Drafting,
    Telegram,
    compose_action_request,
    parse_telegram,
    render_telegram,
    reporting_due,
)
from overflight.errors import InputError, OverflightError
from overflight.interdiction import AskPolicy
from overflight.markings import ClassificationLevel, Control, Marking
from overflight.model import FlightIntent, Trait, TraitKind
from overflight.permits import PermitRequest
from overflight.screening import (
    CaseMemory,
    History,
    PermitFacts,
    ReferenceData,
    ScreeningContext,
    ScreeningVerdict,
)
from overflight.services.asking import (
    ask_note,
    flight_of_concern,
    group_asks,
    plan_case_asks,
)
from overflight.services.drafting import (
    DraftingDefaults,
    classify_response,
    compose_for_case,
    concern_of,
    has_embassy,
    meet_answered_deadlines,
    serial_text,
    take_drafting,
)
from overflight.services.interdiction import chokepoint_analysis, record_case_chokepoints
from overflight.services.memory import case_memory, flight_traits, join_refile, note_case_traits
from overflight.services.screening import (
    PERMIT_SUFFIXES,
    ScreeningItem,
    is_permit,
    read_items,
    screen_items,
)
from overflight.store import Session, Store, telegram_by_serial
from overflight.textfile import make_folder, read_text_file

_DEFAULT_DRAFTING = DraftingDefaults()
_DEFAULT_ASKS = AskPolicy()
CASE_MARKING = Marking(ClassificationLevel.S, frozenset({Control.NOFORN}))
"""Cases a run opens hold demarches and states' answers: SECRET//NOFORN unless told otherwise."""


@dataclass(slots=True)
class RunReport:
    """What one run did, for the summary a person reads."""

    now: datetime
    messages_added: int = 0
    duplicates: int = 0
    verdicts: list[tuple[str, str, float, int | None]] = field(default_factory=list)
    cases_opened: list[int] = field(default_factory=list)
    drafts: list[Path] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    refiles: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def run_files(
    store: Store,
    paths: Sequence[Path],
    reference: ReferenceData,
    *,
    drafts: Path,
    drafting: DraftingDefaults = _DEFAULT_DRAFTING,
    now: datetime | None = None,
    chokepoints: bool = False,
    case_marking: Marking = CASE_MARKING,
    asks: AskPolicy = _DEFAULT_ASKS,
) -> tuple[RunReport, DraftingDefaults]:
    """Process files in order at ``now``.

    Returns the report and the drafting state after the run (its next serial), so that a
    series of runs numbers its telegrams on.

    Raises:
        InputError: the drafts folder cannot be made (checked before any file is read).
    """
    make_folder(drafts, "drafts")
    settle_drafts(store, drafts)
    report = RunReport(now or datetime.now(UTC))
    state = _RunState(store, reference, drafts, drafting, report, chokepoints, case_marking, asks)
    for path in paths:
        try:
            text = read_text_file(path)
        except OverflightError as err:  # unreadable, or not UTF-8 (at the bad byte)
            report.problems.append(str(err))
            continue
        try:
            # a post's telegram may quote a flight's CALLSIGN: and AIRCRAFT: as an AFTN
            # request does: it is a telegram unless its name says it is a request document
            if _is_telegram(text) and path.suffix.lower() not in PERMIT_SUFFIXES:
                state.reply(path, text)
            elif is_permit(path, text):
                state.permit(path)
            elif not find_messages(text):
                report.problems.append(f"{path}: nothing to read: {_NOTHING_READ}")
            else:
                state.messages(path, text)
        except OverflightError as err:
            report.problems.append(f"{path}: {err}")
    return report, state.drafting


def flight_intent(flight: cases.StoredFlight) -> FlightIntent:
    """A stored flight's filed plan as a ``FlightIntent`` (its DOF and EOBT as stored)."""
    return to_flight_intent(parse_message(flight.plan_text), dof=flight.dof, eobt=flight.eobt)


def flight_item(
    session: Session,
    flight: cases.StoredFlight,
    intent: FlightIntent,
    reference: ReferenceData,
    memory: CaseMemory,
    within: Marking,
) -> ScreeningItem:
    """A stored flight as screened: its plan, with what the store knows about it.

    That is its DLA and CHG count, the cases it belongs to, the register of past cases
    (``memory``), and the permit request it is flown under (one readable ``within``).
    """
    titles = [entry.title for entry in cases.flight_history(session, flight.id)]
    context = ScreeningContext(
        reference,
        history=History(titles.count("DLA"), titles.count("CHG")),
        memory=memory,
        own_cases=frozenset(case.id for case in cases.cases_of_flight(session, flight.id)),
        request=cases.permit_of_flight(session, flight.id, within=within),
    )
    return ScreeningItem(intent, context)


def ref_serial(ref: CableReference) -> str:
    """A reference as serials are stored (``STATE 043804``)."""
    return f"{ref.station} {ref.number or 0:06d}"


_NOTHING_READ = (
    "expected ATS messages in brackets (FPL-…), a permit request (YAML or JSON) or a reply telegram"
)


def _is_telegram(text: str) -> bool:
    return "E.O. 1" in text and bool(re.search(r"^\s*(FM|TO) ", text, re.MULTILINE))


@dataclass(slots=True)
class _RunState:
    store: Store
    reference: ReferenceData
    drafts: Path
    drafting: DraftingDefaults
    report: RunReport
    chokepoints: bool = False
    case_marking: Marking = CASE_MARKING
    asks: AskPolicy = _DEFAULT_ASKS
    memory: CaseMemory | None = None  # the register as indexed; None once it changed
    staged: list[tuple[Path, Path]] = field(default_factory=list)  # (written, its own name)

    @property
    def now(self) -> datetime:
        return self.report.now

    def _memory(self, session: Session) -> CaseMemory:
        """The register of past cases, indexed once and again only after it changed."""
        if self.memory is None:
            self.memory = case_memory(session)
        return self.memory

    @contextmanager
    def _unit(self) -> Iterator[Session]:
        """One transaction; the drafts it wrote are published only once it has committed.

        Drafts are written under a hidden temporary name; after the commit they are renamed to
        their own, after a failure removed. A crash in between leaves only temporary files,
        which the next run settles against the store (``settle_drafts``).
        """
        try:
            with self.store.session(writing=True) as session, session.begin():
                yield session
        except BaseException:
            for staged, _ in self.staged:
                staged.unlink(missing_ok=True)
            self.staged.clear()
            raise
        for staged, final in self.staged:
            staged.replace(final)
            self.report.drafts.append(final)
        self.staged.clear()

    def messages(self, path: Path, text: str) -> None:
        """Store ATS messages, then screen each flight they touch."""
        with self.store.session(writing=True) as session:  # ingest commits its batches
            ingested = cases.ingest_text(session, text, str(path), at=self.now)
        self.report.messages_added += ingested.added
        self.report.duplicates += ingested.duplicates
        self.report.problems += [str(e) for e in ingested.errors]
        parsed, _ = parse_messages(text, str(path))
        keys = {
            (m.aircraft_id, m.departure.aerodrome, m.destination.aerodrome)
            for m in parsed
            if m.departure is not None and m.destination is not None
        }
        with self._unit() as session:
            for flight in cases.stored_flights(session):
                if (flight.aircraft_id, flight.departure, flight.destination) in keys:
                    self._follow(session, flight)

    def _follow(self, session: Session, flight: cases.StoredFlight) -> None:
        if flight.status is FlightStatus.CANCELLED:
            for case in cases.cases_of_flight(session, flight.id):
                if case.status is not cases.CaseStatus.CLOSED:
                    self._thank(session, case, flight)
            return
        intent = flight_intent(flight)
        cases.link_permit_requests(
            session,
            flight.id,
            callsign=intent.aircraft_id,
            dof=flight.dof,
            registration=intent.registration,
            at=self.now,
        )
        # after linking: a permit request's case now follows the flight, and is its own
        memory = self._memory(session)
        item = flight_item(session, flight, intent, self.reference, memory, self.case_marking)
        own = item.context.own_cases
        (verdict,) = screen_items([item])
        traits = flight_traits(item, verdict)
        label = f"{intent.aircraft_id} {intent.departure}-{intent.destination}"
        refiled = None if own else self._refile(session, flight, memory, traits, verdict)
        outcome = cases.record_verdict(
            session,
            verdict,
            flight_id=None if refiled else flight.id,
            case_id=refiled,
            marking=self.case_marking,
            at=self.now,
            title=label,
        )
        case_id = outcome.case.id if outcome.case else None
        self.report.verdicts.append((label, verdict.level.value, verdict.score, case_id))
        for case in cases.cases_of_flight(session, flight.id):
            if note_case_traits(session, case.id, traits, f"flight {flight.id}", self.now):
                self.memory = None  # the register changed: index it again when next needed
        if outcome.opened and outcome.case is not None:
            self.report.cases_opened.append(outcome.case.id)
            self._open(session, outcome.case.id, verdict, intent)

    def _refile(
        self,
        session: Session,
        flight: cases.StoredFlight,
        memory: CaseMemory,
        traits: frozenset[Trait],
        verdict: ScreeningVerdict,
    ) -> int | None:
        """Join a refiled flight to the case it refiles (reopening a closed one, by policy).

        Returns the case's id, or ``None`` when the flight refiles no case (or the policy opens
        a new case for a closed one). The decision and its evidence go to the case's timeline.
        """
        what = f"{flight.aircraft_id} {flight.departure}-{flight.destination} (flight {flight.id})"
        policy = self.reference.policy
        case_id = join_refile(session, flight.id, what, memory, traits, policy, at=self.now)
        if case_id is None:
            return None
        self.report.refiles.append(f"{what}: case {case_id}")
        self.memory = None  # the case may have reopened
        return case_id

    def _open(
        self, session: Session, case_id: int, verdict: ScreeningVerdict, intent: FlightIntent
    ) -> None:
        """A new case: its transits, one ask per state, a telegram per group of the same ask.

        Each state asked gets an engagement whose note keeps its ask and the reason; a state
        not asked (permissive, or no U.S. embassy) gets a timeline line saying why.
        """
        transits = [t for action in verdict.actions for t in action.transits]
        cases.record_transits(
            session, sorted(transits, key=lambda t: t.entry_m), case_id=case_id, at=self.now
        )
        blocking = (
            self._chokepoint_states(session, case_id, verdict, intent.aircraft_type)
            if self.chokepoints
            else ()
        )
        asks = plan_case_asks(
            verdict,
            self.asks,
            day=self.now.date(),
            flight_day=intent.eobt.date() if intent.eobt else intent.dof,
            aircraft_type=intent.aircraft_type,
            also_deny=blocking,
        )
        for ask in asks:
            why = "" if has_embassy(ask.state) else "no U.S. embassy to carry a demarche; "
            if not ask.asked or why:
                detail = f"{ask.state} not asked: {why}{ask.reason}"
                cases.log_event(session, case_id, self.now, "analysis", "ask", detail)
        flight = flight_of_concern(intent, concern_of(verdict.findings, self.drafting.concern))
        within = timedelta(days=self.drafting.report_within_days)
        for group in group_asks(asks, has_post=has_embassy):
            due = reporting_due(group.asks, self.now, within=within)
            telegram = compose_action_request(flight, group.asks, due, self._drafting(session))
            self._file(session, case_id, telegram)
            for ask in group.asks:
                post = next(a.post.name for a in telegram.action if a.post.country == ask.state)
                cases.record_engagement(
                    session,
                    case_id,
                    ask.state,
                    demarche_on=self.now.date(),
                    post=post,
                    telegram_ref=serial_text(telegram),
                    note=ask_note(ask),
                    at=self.now,
                )

    def _chokepoint_states(
        self, session: Session, case_id: int, verdict: ScreeningVerdict, aircraft_type: str
    ) -> tuple[str, ...]:
        """The top-ranked smallest set of states whose denial blocks every feasible route.

        The analysis (sets of up to three states, stances as of the run) is kept with the case;
        an unknown aircraft type or aerodrome is a problem in the report, not a failure.
        """
        try:
            study = chokepoint_analysis(
                verdict.departure,
                verdict.destination,
                aircraft_type,
                max_size=3,
                day=self.now.date(),
            )
        except OverflightError as err:
            self.report.problems.append(f"case {case_id}: no chokepoint analysis: {err}")
            return ()
        analysis = study.analysis
        record_case_chokepoints(session, case_id, study, aircraft_type, at=self.now)
        return analysis.answers[0].states if analysis.answers else ()

    def _thank(self, session: Session, case: cases.Case, flight: cases.StoredFlight) -> None:
        cases.record_outcome(
            session,
            case.id,
            cases.OutcomeKind.CANCELLED,
            note=f"{flight.aircraft_id} cancelled",
            at=self.now,
        )
        self.report.outcomes.append(f"case {case.id}: cancelled")
        cancelled = frozenset({Trait(TraitKind.TIMING, "cancelled", "cancelled")})
        if note_case_traits(session, case.id, cancelled, f"flight {flight.id}", self.now):
            self.memory = None
        telegram = compose_for_case(
            session,
            case.id,
            "thanks",
            lambda refs: self._drafting(session, refs),
            self.now,
            self.drafting.report_within_days,
            self.drafting.concern,
        )
        if telegram is not None:
            self._file(session, case.id, telegram)

    def reply(self, path: Path, text: str) -> None:
        """A post's telegram: record the host state's response on the case its REF cites.

        The reply is kept with the case's telegrams (unless a telegram of its serial is).
        """
        telegram = parse_telegram(text, source=str(path))
        origin = telegram.origin
        if origin is None or not origin.country:
            raise InputError(str(path), "a reply needs an FM line naming a post abroad")
        response = classify_response(telegram)
        with self.store.session(writing=True) as session, session.begin():
            for ref in telegram.refs:
                if ref.number is None:
                    continue
                case = cases.case_by_telegram(session, ref_serial(ref))
                if case is None:
                    continue
                for engagement in cases.case_engagements(session, case.id):
                    if engagement.state == origin.country:
                        cases.record_response(
                            session,
                            engagement.id,
                            response,
                            at=self.now,
                            responded_on=telegram.created or self.now.date(),
                            telegram_ref=serial_text(telegram),
                        )
                        self.report.responses.append(
                            f"case {case.id}: {origin.country} {response.value}"
                        )
                        met_on = telegram.created or self.now.date()
                        meet_answered_deadlines(session, case.id, met_on, self.now)
                        # The reply joins the case's telegrams (once), cut per reader as any.
                        if cases.case_by_telegram(session, serial_text(telegram)) is None:
                            cases.record_telegram(
                                session, case.id, telegram, at=self.now, actor="reply"
                            )
                        return
        self.report.problems.append(f"{path}: cites no stored action request to {origin.name}")

    def permit(self, path: Path) -> None:
        """Store and screen permit requests; high concern opens a case with its verdict.

        Each request is screened with the store's other requests by the same aircraft or
        operator and the denials of the same flight; a plan already stored for it links now.
        """
        items, problems = read_items([path], self.reference)
        self.report.problems += problems
        with self.store.session() as session:
            memory = self._memory(session)
        for item in items:
            request = item.context.request
            if request is None:
                continue
            with self._unit() as session:
                stored = cases.record_permit_request(
                    session,
                    request,
                    text=item.text,
                    form=item.form,
                    source=str(path),
                    line=item.line,
                    at=self.now,
                    marking=self.case_marking,
                )
                facts = PermitFacts(
                    cases.other_permit_requests(
                        session, request, exclude_id=stored.id, within=self.case_marking
                    ),
                    cases.permit_denials(session, request, within=self.case_marking),
                    searched=True,
                )
                context = replace(item.context, permit_facts=facts, memory=memory)
                (verdict,) = screen_items([ScreeningItem(item.intent, context)])
                label = f"permit {verdict.aircraft_id} {verdict.departure}-{verdict.destination}"
                case_id = None
                if stored.added and cases.opens_case(verdict.level):
                    case = cases.open_case(
                        session,
                        label,
                        reason=f"permit request {path.name}",
                        opened_by=cases.OpenedBy.VERDICT,
                        marking=self.case_marking,
                        at=self.now,
                    )
                    cases.set_permit_case(session, stored.id, case.id, self.now)
                    cases.record_verdict(session, verdict, case_id=case.id, at=self.now)
                    case_id = case.id
                    self.report.cases_opened.append(case.id)
                    traits = flight_traits(item, verdict)
                    source = f"{cases.PERMIT_SOURCE}{path.name}"
                    note_case_traits(session, case.id, traits, source, self.now)
                    self.memory = None
                    self._open(session, case.id, verdict, item.intent)
                if stored.added:
                    self._link_stored_plan(session, request)
            self.report.verdicts.append((label, verdict.level.value, verdict.score, case_id))

    def _link_stored_plan(self, session: Session, request: PermitRequest) -> None:
        """A plan stored before its request: link them now (the case follows the flight)."""
        intent = request.intent
        for flight in cases.stored_flights(session):
            if flight.aircraft_id == intent.aircraft_id and flight.dof == intent.dof:
                cases.link_permit_requests(
                    session,
                    flight.id,
                    callsign=intent.aircraft_id,
                    dof=flight.dof,
                    registration=intent.registration,
                    at=self.now,
                )

    def _drafting(self, session: Session, refs: tuple[CableReference, ...] = ()) -> Drafting:
        """The next telegram's particulars, its serial taken from the store in this unit."""
        drafting, self.drafting = take_drafting(session, self.drafting, self.now, refs)
        return drafting

    def _file(self, session: Session, case_id: int, telegram: Telegram) -> None:
        cases.record_telegram(session, case_id, telegram, at=self.now)
        path = self.drafts / f"case-{case_id}-{serial_text(telegram).replace(' ', '-')}.txt"
        staged = path.with_name(f"{_STAGED}{path.name}")
        staged.write_text(render_telegram(telegram), encoding="utf-8")
        self.staged.append((staged, path))


_STAGED = ".staged-"  # a draft written in a transaction not yet committed


def settle_drafts(store: Store, drafts: Path) -> int:
    """Settle drafts a crashed run left under their temporary names; returns how many kept.

    A draft whose telegram the store holds (the crash came after the commit) takes its own
    name; one the store does not hold (the transaction never committed) is removed. After it,
    the folder holds a draft for a telegram if and only if the store does.
    """
    kept = 0
    with store.session() as session:
        for staged in sorted(drafts.glob(f"{_STAGED}case-*.txt")):
            final = staged.with_name(staged.name.removeprefix(_STAGED))
            serial = final.stem.split("-", 2)[-1].replace("-", " ")
            if telegram_by_serial(session, serial) is not None:
                staged.replace(final)
                kept += 1
            else:
                staged.unlink()
    return kept
