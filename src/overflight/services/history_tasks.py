"""What each worker does with one partition: observed flights → transits, messages → plans.

Both tasks are module-level functions of a ``Partition`` and small frozen settings (picklable,
so Dask sends them to any worker); both return a pandas frame with fixed columns, the same in
this process and on a cluster. Reference data (airspace, navigation data, policy, lists) is
loaded once per worker process and kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from overflight.archive import (
    FlightColumns,
    Partition,
    empty_transits_frame,
    flight_codes,
    flight_columns,
    flight_transits,
    last_nonempty,
    read_messages,
    read_positions,
    transits_frame,
)
from overflight.ats import AtsMessage, link_messages, parse_messages
from overflight.geo import load_airspace
from overflight.screening import ReferenceData, ScreeningVerdict
from overflight.services.history_select import Selection
from overflight.services.screening import (
    ScreeningItem,
    item_of_flight,
    load_reference,
    screen_items,
    unmatched_problem,
)
from overflight.services.watch_flights import normal_tail

__all__ = [
    "PLAN_COLUMNS",
    "PlanSettings",
    "empty_plans_frame",
    "flights_meta",
    "plans_of_partition",
    "transits_of_partition",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def flights_meta() -> Any:
    """The columns (empty frame) ``transits_of_partition`` returns."""
    frame = empty_transits_frame()
    frame["why"] = frame["callsign"]
    return frame


def transits_of_partition(partition: Partition, selection: Selection) -> Any:
    """The transits of the selected flights of one positions partition, with why each is."""
    import pandas as pd

    table = read_positions(partition, aircraft=selection.only_addresses())
    flights = flight_columns(table)
    if selection.everything:  # every flight: no per-flight identity to work out
        frame = transits_frame(flight_transits(flights, load_airspace()))
        frame["why"] = pd.Series(["all aircraft"] * len(frame), dtype="string")
        return frame
    flights, why = _selected(flights, selection)
    frame = transits_frame(flight_transits(flights, load_airspace()))
    frame["why"] = frame["flight_id"].map(why).astype("string")
    return frame


def _selected(flights: FlightColumns, selection: Selection) -> tuple[FlightColumns, dict[str, str]]:
    """The rows of selected flights, and why each flight is selected."""
    if not len(flights.flight_id):
        return flights, {}
    order = np.lexsort((flights.time_us, flight_codes(flights.flight_id)))
    fid = flights.flight_id[order]
    first = np.ones(len(fid), dtype=bool)
    first[1:] = fid[1:] != fid[:-1]
    starts = np.flatnonzero(first)
    callsign = last_nonempty(flights.callsign[order], first)
    registration = last_nonempty(flights.registration[order], first)
    seen = flights.time_us[order][starts]
    why: dict[str, str] = {}
    for k, i in enumerate(starts.tolist()):
        reason = selection.reasons(
            str(flights.icao24[order][i]),
            str(callsign[k]),
            str(registration[k]),
            _EPOCH + timedelta(microseconds=int(seen[k])),
        )
        if reason:
            why[str(fid[i])] = reason
    keep = np.isin(flights.flight_id, np.array(list(why), dtype=object))
    return FlightColumns(*(getattr(flights, f)[keep] for f in FlightColumns.__slots__)), why


PLAN_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("source", "string", "messages/day=…#N: the partition and the flight's first message there"),
    ("received", "timestamp[us, UTC]", "when its first message was received"),
    ("aircraft_id", "string", "field 7, as compared (upper case, no dash)"),
    ("registration", "string", "REG/, as compared ('' not filed)"),
    ("address", "string", "CODE/, six lower-case hex digits ('' not filed)"),
    ("departure", "string", "field 13"),
    ("destination", "string", "field 16"),
    ("eobt", "timestamp[us, UTC]", "EOBT (DOF and field 13b); null without a DOF"),
    ("filed_states", "string", "states the filed route crosses, in order, '|'-joined"),
    ("level", "string", "screening's concern: clear, review, high ('' for a problem row)"),
    ("score", "float64", "screening's score"),
    ("findings", "string", "the findings' summaries, '; '-joined"),
    ("actions", "string", "STATE:action per state crossed, '; '-joined"),
    ("problem", "string", "a message that could not be read or screened ('' otherwise)"),
)
"""(name, type, meaning) of each column of screened archived plans."""


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """What screening an archived plan needs: list files and a policy (paths every worker sees)."""

    lists: tuple[Path, ...] = ()
    policy: Path | None = None


@cache
def _reference(settings: PlanSettings) -> ReferenceData:
    return load_reference(list(settings.lists), settings.policy)


def plans_of_partition(partition: Partition, settings: PlanSettings) -> Any:
    """The flights first filed in one messages partition, screened, and its messages not read.

    A flight's later messages may come the next day (a DLA after midnight): the next day's
    messages are read too, and the day before's plans, so that a CHG or DLA links to a plan
    filed the day before. A flight is reported by the day of its plan, a problem by the day of
    its message. Messages more than a day after their plan link to nothing and are reported.
    """
    reference = _reference(settings)
    rows = read_messages(partition).to_pylist()
    before = _neighbour_messages(partition, -1, plans_only=True)
    messages, errors = parse_messages(_text_of(rows), partition.name)
    after = _neighbour_messages(partition, +1)
    linked = link_messages((*before, *messages, *after))
    own = [f for f in linked.flights if _source(f.history[0].message) == partition.name]
    items = [item_of_flight(flight, reference) for flight in own]
    received = [row["received"] for row in rows]  # each row is one message, in order
    verdicts = screen_items(items)
    records = [_plan_record(partition, item, verdict, received) for item, verdict in
               zip(items, verdicts, strict=True)]  # fmt: skip
    problems = [str(e) for e in errors] + [
        unmatched_problem(u, partition.name)
        for u in linked.unmatched
        if _source(u.message) == partition.name
    ]
    if not rows:
        problems.append(f"{partition.name}: no ATS message found")
    first = min(received, default=None)
    records += [_problem_record(partition, problem, first) for problem in problems]
    return _plans_frame(records)


def _source(message: AtsMessage) -> str:
    return message.origin.source if message.origin else ""


def _text_of(rows: list[dict[str, Any]]) -> str:
    return "\n\n".join(row["text"] for row in rows)


def _neighbour_messages(
    partition: Partition, days: int, *, plans_only: bool = False
) -> tuple[AtsMessage, ...]:
    """The messages of the day ``days`` away (its plans only), read under that day's name.

    Its errors are its own partition's to report.
    """
    day = partition.day + timedelta(days=days)
    folder = partition.path.parent / f"day={day.isoformat()}"
    if not folder.is_dir():
        return ()
    neighbour = Partition(partition.kind, day, partition.bucket, folder)
    rows = read_messages(neighbour).to_pylist()
    if plans_only:
        rows = [row for row in rows if row["text"].startswith("(FPL")]
    return parse_messages(_text_of(rows), neighbour.name)[0]


def _plan_record(
    partition: Partition, item: ScreeningItem, verdict: ScreeningVerdict, received: list[datetime]
) -> dict[str, Any]:
    intent = item.intent
    number = intent.provenance.message_index if intent.provenance else 0
    return {
        "source": f"{partition.name}#{number}" if number else partition.name,
        "received": received[number - 1] if 0 < number <= len(received) else None,
        "aircraft_id": normal_tail(intent.aircraft_id),
        "registration": normal_tail(intent.registration),
        "address": "" if intent.aircraft_address is None else f"{intent.aircraft_address:06x}",
        "departure": intent.departure,
        "destination": intent.destination,
        "eobt": intent.eobt,
        "filed_states": "|".join(dict.fromkeys(a.state for a in verdict.actions if a.state)),
        "level": verdict.level.value,
        "score": verdict.score,
        "findings": "; ".join(f.summary for f in verdict.findings),
        "actions": "; ".join(f"{a.state}:{a.action.value}" for a in verdict.actions if a.state),
        "problem": "",
    }


def _problem_record(
    partition: Partition, problem: str, received: datetime | None
) -> dict[str, Any]:
    blank = {name: "" for name, kind, _ in PLAN_COLUMNS if kind == "string"}
    return {**blank, "source": partition.name, "received": received, "eobt": None,
            "score": 0.0, "problem": problem}  # fmt: skip


def _plans_frame(records: list[dict[str, Any]]) -> Any:
    import pandas as pd

    data: dict[str, Any] = {}
    for name, kind, _ in PLAN_COLUMNS:
        values = [r[name] for r in records]
        if kind.startswith("timestamp"):
            data[name] = pd.Series(pd.to_datetime(values, utc=True), dtype="datetime64[us, UTC]")
        elif kind == "string":
            data[name] = pd.Series(values, dtype="string")
        else:
            data[name] = pd.Series(values, dtype=kind)
    return pd.DataFrame(data)


def empty_plans_frame() -> Any:
    """The frame with no row: Dask's ``meta`` for a plans partition."""
    return _plans_frame([])
