"""The watch as a use case: a feed in, alerts stored and published, progress out.

``run_watch`` reads a feed (``observed.open_feed``) in batches: each batch's positions go
through the ``Watch`` (one vectorised airspace look-up), the events of aircraft of concern are
judged into alerts, new alerts are filed in the store (case timeline and audit) and published
to partners. Bad input and dropped connections are counted and the latest kept, never fatal.
A replay can be paced (``replay_speed``: 1 is real time, 60 a minute per second); unpaced, it
runs as fast as it can. Coverage gaps are looked for on the feed's own clock.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from overflight import cases
from overflight.cases import case_of
from overflight.errors import Param, ParseError
from overflight.geo import Airspace, NavData
from overflight.model import TraitKind
from overflight.observed import ObservedPosition, Reading, TrackEvent, Watch, WatchSettings
from overflight.screening import Policy, load_policy
from overflight.services.alert_bus import NatsAlertBus, PublishReport
from overflight.services.watch_alerts import Alert, judge, record_alerts
from overflight.services.watch_board import LiveBoard
from overflight.services.watch_concern import ConcernIndex
from overflight.services.watch_flights import (
    CaseRef,
    WatchedFlight,
    load_watched_flights,
    normal_tail,
)
from overflight.store import Session, Store, list_case_rows
from overflight.watchlist import Entity, load_lists, readable_entities

__all__ = [
    "WatchProgress",
    "WatchReport",
    "WatchSetup",
    "concern_index",
    "load_watch_reference",
    "remembered_aircraft",
    "run_watch",
]

BATCH = 2_000
"""Positions per batch: enough to amortise the vectorised look-up, small enough for latency."""
BATCH_WAIT_S = 0.2
"""A live batch is closed after this long even when not full."""
SWEEP_S = 30.0
"""How often (on the feed's clock) the watch looks for coverage gaps."""


@dataclass(frozen=True, slots=True)
class WatchProgress:
    """The running counts, for a progress line."""

    positions: int
    positions_per_s: float
    aircraft: int
    alerts: int
    bad_input: int
    last_problem: str
    feed_time: datetime | None


@dataclass(frozen=True, slots=True)
class WatchReport:
    """What a watch run did."""

    positions: int
    aircraft_seen: int
    rejected: int
    alerts: tuple[Alert, ...]
    filed: int  # alerts new to the store
    published: PublishReport
    bad_input: int
    problems: tuple[str, ...]  # the first problems, with their positions
    elapsed_s: float
    latencies_s: tuple[float, ...]  # per alert: from its position read to its alert published


@dataclass(frozen=True, slots=True)
class WatchSetup:
    """What a watch run needs besides its feed."""

    airspace: Airspace
    concerns: ConcernIndex
    settings: WatchSettings = field(default_factory=WatchSettings)
    store: Store | None = None
    bus: NatsAlertBus | None = None
    replay_speed: float | None = None
    live: bool = True  # with a store: keep where aircraft of concern are for the live map


def concern_index(
    store: Store | None,
    policy: Policy,
    airspace: Airspace,
    entities: Iterable[Entity] = (),
    navdata: NavData | None = None,
) -> ConcernIndex:
    """Aircraft of concern from the policy, the lists and the store's cases (if a store)."""
    flights: tuple[WatchedFlight, ...] = ()
    remembered: dict[str, list[CaseRef]] = {}
    if store is not None:
        with store.session() as session:
            flights = load_watched_flights(session, airspace, navdata)
            remembered = remembered_aircraft(session)
    return ConcernIndex(policy, flights, entities, remembered)


def remembered_aircraft(session: Session) -> dict[str, list[CaseRef]]:
    """The register's airframes: ``A:<address>`` and ``R:<registration>`` → their cases."""
    found: dict[str, list[CaseRef]] = {}
    by_id = {row.id: case_of(row) for row in list_case_rows(session)}  # one read, not one a case
    for past in cases.past_cases(session, None):
        case = by_id[past.case_id]
        ref = CaseRef(case.id, case.title, case.marking, past.closed)
        for trait in past.traits:
            if trait.kind is TraitKind.ADDRESS:
                found.setdefault(f"A:{trait.key.upper()}", []).append(ref)
            elif trait.kind is TraitKind.REGISTRATION:
                found.setdefault(f"R:{normal_tail(trait.key)}", []).append(ref)
    return found


def load_watch_reference(
    lists: Sequence[Path], policy: Path | None
) -> tuple[Policy, tuple[Entity, ...]]:
    """The screening policy (the packaged one by default) and the entities of the list files.

    Raises:
        InputError: list files were given but no entity could be read from them.
    """
    entities = readable_entities(load_lists(list(lists)), Param("lists")) if lists else ()
    return load_policy(policy), tuple(entities)


@dataclass(slots=True)
class _WatchRun:
    """The mutable state of one run (counts, the batch being built, pacing)."""

    setup: WatchSetup
    watch: Watch
    on_progress: Callable[[WatchProgress], None] | None
    started: float = field(default_factory=time.monotonic)
    batch: list[ObservedPosition] = field(default_factory=list)
    batch_read_at: float = 0.0
    alerts: list[Alert] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    filed: int = 0
    published: PublishReport = field(default_factory=lambda: PublishReport(0, 0, 0))
    bad_input: int = 0
    problems: deque[str] = field(default_factory=lambda: deque(maxlen=20))
    first_problems: list[str] = field(default_factory=list)
    feed_time: datetime | None = None
    first_feed_time: datetime | None = None
    next_sweep: datetime | None = None
    last_progress: float = 0.0
    board: LiveBoard | None = None


def run_watch(
    feed: Iterable[Reading | None],
    setup: WatchSetup,
    *,
    on_progress: Callable[[WatchProgress], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> WatchReport:
    """Watch a feed to its end (or until ``stop()`` says so) and report."""
    run = _WatchRun(setup, Watch(setup.airspace, setup.settings), on_progress)
    if setup.store is not None and setup.live:
        run.board = LiveBoard(setup.store)
    for item in feed:
        if stop is not None and stop():
            break
        if item is None:
            _flush(run)
            _sweep(run, datetime.now(UTC) if setup.replay_speed is None else run.feed_time)
        elif isinstance(item, ParseError):
            run.bad_input += 1
            run.problems.append(str(item))
            if len(run.first_problems) < 20:
                run.first_problems.append(str(item))
        else:
            _take(run, item)
        _report_progress(run)
    _flush(run)
    if run.board is not None:
        run.board.write(force=True)
    _report_progress(run, force=True)
    return WatchReport(
        positions=run.watch.positions,
        aircraft_seen=len(run.watch.tracks),
        rejected=run.watch.rejected,
        alerts=tuple(run.alerts),
        filed=run.filed,
        published=run.published,
        bad_input=run.bad_input,
        problems=tuple(run.first_problems),
        elapsed_s=time.monotonic() - run.started,
        latencies_s=tuple(run.latencies),
    )


def _take(run: _WatchRun, position: ObservedPosition) -> None:
    speed = run.setup.replay_speed
    if run.first_feed_time is None:
        run.first_feed_time = position.at
        run.next_sweep = position.at + timedelta(seconds=SWEEP_S)
    if speed:
        due = run.started + (position.at - run.first_feed_time).total_seconds() / speed
        wait = due - time.monotonic()
        if wait > 0:
            _flush(run)
            time.sleep(wait)
    if not run.batch:
        run.batch_read_at = time.monotonic()
    run.batch.append(position)
    if run.feed_time is None or position.at > run.feed_time:
        run.feed_time = position.at
    if len(run.batch) >= BATCH or time.monotonic() - run.batch_read_at > BATCH_WAIT_S:
        _flush(run)
    if run.next_sweep is not None and run.feed_time >= run.next_sweep:
        _flush(run)
        _sweep(run, run.feed_time)
        run.next_sweep = run.feed_time + timedelta(seconds=SWEEP_S)


def _flush(run: _WatchRun) -> None:
    if not run.batch:
        return
    batch, run.batch = run.batch, []
    _raise_alerts(run, run.watch.observe(batch), run.batch_read_at)
    if run.board is not None:
        run.board.note(batch, run.watch, run.setup.concerns)
        run.board.write()


def _sweep(run: _WatchRun, now: datetime | None) -> None:
    if now is not None:
        _raise_alerts(run, run.watch.sweep(now), time.monotonic())


def _raise_alerts(run: _WatchRun, events: Sequence[TrackEvent], read_at: float) -> None:
    alerts: list[Alert] = []
    for event in events:
        concerns = run.setup.concerns.concerns(
            event.icao24, event.callsign, event.registration, event.at
        )
        if concerns:
            alerts.extend(judge(event, concerns))
    if not alerts:
        return
    store, bus = run.setup.store, run.setup.bus
    if store is not None:
        with store.session(writing=True) as session, session.begin():
            run.filed += len(record_alerts(session, alerts))
    if bus is not None:
        report = bus.publish(alerts)
        p = run.published
        run.published = PublishReport(
            p.published + report.published,
            p.duplicates + report.duplicates,
            p.withheld + report.withheld,
        )
    done = time.monotonic()
    run.latencies.extend(done - read_at for _ in alerts)
    run.alerts.extend(alerts)


def _report_progress(run: _WatchRun, *, force: bool = False) -> None:
    now = time.monotonic()
    if run.on_progress is None or (not force and now - run.last_progress < 0.5):
        return
    run.last_progress = now
    elapsed = max(now - run.started, 1e-9)
    run.on_progress(
        WatchProgress(
            positions=run.watch.positions,
            positions_per_s=run.watch.positions / elapsed,
            aircraft=len(run.watch.tracks),
            alerts=len(run.alerts),
            bad_input=run.bad_input,
            last_problem=run.problems[-1] if run.problems else "",
            feed_time=run.feed_time,
        )
    )
