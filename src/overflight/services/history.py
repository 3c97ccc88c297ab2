"""History at scale: an archive's observed flights → states entered and left, against filed.

``run_history`` runs ``history_tasks.transits_of_partition`` over every positions partition
(days ``first``..``last``) on the engine (``archive.engine``: Dask, or this process), then
screens the archive's ATS messages of the same days, ±1, the same way
(``plans_of_partition``), joins each flown flight to its filed plan and the store's cases
(``history_join``), and writes:

```
OUT/parts/positions/day=…/bucket=….parquet   each partition's transits (resumable)
OUT/parts/messages/day=….parquet             each messages partition's screened plans
OUT/transits.parquet                         every transit of the selected flights
OUT/flights.parquet                          one row per flight: flown, filed, differences
OUT/history.json                             per aircraft: flights, transits, plans, marking
```

``screen_archive`` is the plans step alone: a year of archived flight plans screened.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from overflight.archive import (
    Engine,
    EngineOptions,
    EngineProgress,
    EngineReport,
    PartitionKind,
    list_partitions,
    open_archive,
    open_engine,
    require_scale,
)
from overflight.errors import InputError, Param
from overflight.markings import Marking, compute_banner
from overflight.services.history_join import (
    FiledPlan,
    FlownFlight,
    JoinedFlight,
    case_plans,
    join_plans,
)
from overflight.services.history_select import Selection
from overflight.services.history_tasks import (
    PlanSettings,
    empty_plans_frame,
    flights_meta,
    plans_of_partition,
    transits_of_partition,
)
from overflight.services.watch_flights import WatchedFlight
from overflight.textfile import make_folder

__all__ = ["HistoryReport", "HistoryRequest", "PlansReport", "run_history", "screen_archive"]

HistoryProgress = Callable[[str, EngineProgress], None]
"""Told the step (``positions``, ``messages``) and how far it is."""

_VERSION = "1"  # part of every result's fingerprint: bump when the answers change


@dataclass(frozen=True, slots=True)
class HistoryRequest:
    """What ``run_history`` is asked."""

    archive: Path
    out: Path
    selection: Selection
    first: date | None = None
    last: date | None = None
    engine: EngineOptions = field(default_factory=EngineOptions)
    plans: PlanSettings | None = field(default_factory=PlanSettings)  # None: no archived plans
    case_flights: tuple[WatchedFlight, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryReport:
    """What a history found, and how the run went."""

    flights: tuple[JoinedFlight, ...]
    observed: EngineReport
    plans: EngineReport | None
    banner: Marking
    files: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class PlansReport:
    """Screened archived plans: the engine's report and the file of every plan."""

    engine: EngineReport
    plans_file: Path
    plans: int
    problems: int
    levels: dict[str, int]


def run_history(
    request: HistoryRequest, on_progress: HistoryProgress | None = None
) -> HistoryReport:
    """The history of the selected aircraft (see the module's description).

    Raises:
        InputError: the archive is not there, has no positions in the days asked, the
            selection is empty, or the engine cannot start.
    """
    require_scale("history")
    if request.selection.is_empty():
        raise InputError(
            "selection",
            "name aircraft (by aircraft, registration, operator, block, lists, "
            "concern or cases) or ask for all",
        )
    archive = open_archive(request.archive)
    partitions = list_partitions(archive, PartitionKind.POSITIONS, request.first, request.last)
    if not partitions:
        raise InputError(str(request.archive), f"no positions partition {_days(request)}")
    out = make_folder(request.out, Param("out"))
    first = request.first - timedelta(days=1) if request.first else None
    last = request.last + timedelta(days=1) if request.last else None
    messages = list_partitions(archive, PartitionKind.MESSAGES, first, last)
    plans_engine, archived = None, []
    with open_engine(request.engine) as engine:
        observed = engine.run(
            partial(transits_of_partition, selection=request.selection),
            partitions,
            flights_meta(),
            out / "parts",
            f"transits:{_VERSION}:{request.selection.digest()}",
            _step("positions", on_progress),
        )
        if request.plans is not None and messages:
            plans_engine = _screen(engine, messages, out, request.plans, on_progress)
    transits = _read_results(observed.results, flights_meta())
    if plans_engine is not None:
        archived = _archived_plans(_read_results(plans_engine.results, empty_plans_frame()))
    flown = _flown_flights(transits)
    joined = join_plans(flown, [*case_plans(request.case_flights), *archived])
    banner = compute_banner([j.marking for j in joined]) if joined else compute_banner([])
    files = _write_outputs(out, transits, joined, banner)
    return HistoryReport(tuple(joined), observed, plans_engine, banner, files)


def screen_archive(
    archive_root: Path,
    out: Path,
    settings: PlanSettings,
    engine: EngineOptions,
    first: date | None = None,
    last: date | None = None,
    on_progress: HistoryProgress | None = None,
) -> PlansReport:
    """Screen every flight plan archived between ``first`` and ``last``; write ``plans.parquet``.

    Raises:
        InputError: no archive, no messages partition in those days, or no engine.
    """
    require_scale("archive screen")
    archive = open_archive(archive_root)
    partitions = list_partitions(archive, PartitionKind.MESSAGES, first, last)
    if not partitions:
        raise InputError(str(archive_root), "no messages partition in the days asked")
    folder = make_folder(out, Param("out"))
    with open_engine(engine) as opened:
        report = _screen(opened, partitions, folder, settings, on_progress)
    plans = _read_results(report.results, empty_plans_frame())
    target = folder / "plans.parquet"
    plans.to_parquet(target, index=False)
    read = plans[plans["problem"] == ""]
    return PlansReport(
        engine=report,
        plans_file=target,
        plans=len(read),
        problems=len(plans) - len(read),
        levels={str(k): int(v) for k, v in read["level"].value_counts().sort_index().items()},
    )


def _screen(
    engine: Engine,
    partitions: list[Any],
    out: Path,
    settings: PlanSettings,
    on_progress: HistoryProgress | None,
) -> EngineReport:
    key = f"plans:{_VERSION}:{sorted(map(str, settings.lists))}:{settings.policy}"
    for path in (*settings.lists, *([settings.policy] if settings.policy else [])):
        key += f":{path.stat().st_mtime_ns}" if path.exists() else ""
    return engine.run(
        partial(plans_of_partition, settings=settings),
        partitions,
        empty_plans_frame(),
        out / "parts",
        key,
        _step("messages", on_progress),
    )


def _step(
    name: str, on_progress: HistoryProgress | None
) -> Callable[[EngineProgress], None] | None:
    if on_progress is None:
        return None
    callback = on_progress
    return lambda progress: callback(name, progress)


def _days(request: HistoryRequest) -> str:
    if request.first or request.last:
        return f"between {request.first or 'the first day'} and {request.last or 'the last'}"
    return "at all (import positions with `overflight archive import`)"


def _read_results(paths: tuple[Path, ...], meta: Any) -> Any:
    import pandas as pd
    import pyarrow.parquet as pq

    frames = [pq.read_table(p).to_pandas() for p in paths]
    frames = [f for f in frames if len(f)]
    if not frames:
        return meta
    return pd.concat(frames, ignore_index=True).astype(meta.dtypes.to_dict())


def _flown_flights(transits: Any) -> list[FlownFlight]:
    flights: list[FlownFlight] = []
    ordered = transits.sort_values(["icao24", "first_seen", "flight_id", "seq"], kind="stable")
    for flight_id, rows in ordered.groupby("flight_id", sort=False):
        top = rows.iloc[0]
        states = tuple(dict.fromkeys(s for s in rows["state"].tolist() if s))
        flights.append(
            FlownFlight(
                flight_id=str(flight_id),
                icao24=str(top["icao24"]),
                callsign=str(top["callsign"]),
                registration=str(top["registration"]),
                first_seen=top["first_seen"].to_pydatetime(),
                last_seen=top["last_seen"].to_pydatetime(),
                positions=int(top["positions"]),
                rejected=int(top["rejected"]),
                why=str(top["why"]),
                states=states,
            )
        )
    return flights


def _archived_plans(plans: Any) -> list[FiledPlan]:
    read = plans[plans["problem"] == ""]
    found = []
    for row in read.itertuples(index=False):
        eobt = None if row.eobt is None or str(row.eobt) == "NaT" else row.eobt.to_pydatetime()
        received = None if str(row.received) == "NaT" else row.received.to_pydatetime()
        found.append(
            FiledPlan(
                source=str(row.source),
                aircraft_id=str(row.aircraft_id),
                registration=str(row.registration),
                address=str(row.address),
                departure=str(row.departure),
                destination=str(row.destination),
                anchor=eobt or received,
                filed_states=tuple(s for s in str(row.filed_states).split("|") if s),
                level=str(row.level),
            )
        )
    return found


def _write_outputs(
    out: Path, transits: Any, joined: list[JoinedFlight], banner: Marking
) -> tuple[Path, ...]:
    import pandas as pd

    transits_file, flights_file, json_file = (
        out / "transits.parquet", out / "flights.parquet", out / "history.json",
    )  # fmt: skip
    transits.sort_values(["icao24", "first_seen", "seq"]).to_parquet(transits_file, index=False)
    rows = [_flight_row(j) for j in joined]
    pd.DataFrame(rows, columns=list(_FLIGHT_COLUMNS)).to_parquet(flights_file, index=False)
    json_file.write_text(
        json.dumps(_history_json(transits, joined, banner), indent=2) + "\n", encoding="utf-8"
    )
    return transits_file, flights_file, json_file


_FLIGHT_COLUMNS = (
    "flight_id", "icao24", "callsign", "registration", "first_seen", "last_seen", "positions",
    "rejected", "why", "states", "plan", "filed_states", "unfiled", "denied_entered",
    "filed_not_flown", "screening", "cases", "marking",
)  # fmt: skip


def _flight_row(j: JoinedFlight) -> dict[str, Any]:
    f, plan = j.flown, j.plan
    return {
        "flight_id": f.flight_id,
        "icao24": f.icao24,
        "callsign": f.callsign,
        "registration": f.registration,
        "first_seen": f.first_seen,
        "last_seen": f.last_seen,
        "positions": f.positions,
        "rejected": f.rejected,
        "why": f.why,
        "states": "|".join(f.states),
        "plan": plan.source if plan else "",
        "filed_states": "|".join(plan.filed_states) if plan else "",
        "unfiled": "|".join(j.unfiled),
        "denied_entered": "|".join(j.denied_entered),
        "filed_not_flown": "|".join(j.filed_not_flown),
        "screening": plan.level if plan else "",
        "cases": "|".join(str(c) for c, _, _ in plan.cases) if plan else "",
        "marking": j.marking.portion(),
    }


def _history_json(transits: Any, joined: list[JoinedFlight], banner: Marking) -> dict[str, Any]:
    by_flight: dict[str, list[dict[str, Any]]] = {}
    for row in transits.sort_values(["flight_id", "seq"]).itertuples(index=False):
        by_flight.setdefault(str(row.flight_id), []).append(
            {
                "state": row.state,
                "entered": row.entered.isoformat(),
                "exited": row.exited.isoformat(),
                "entry": [round(row.entry_lat, 5), round(row.entry_lon, 5)],
                "exit": [round(row.exit_lat, 5), round(row.exit_lon, 5)],
                "distance_km": round(row.distance_m / 1000, 1),
            }
        )
    aircraft: dict[str, dict[str, Any]] = {}
    for j in joined:
        f, plan = j.flown, j.plan
        entry = aircraft.setdefault(
            f.icao24, {"icao24": f.icao24, "why": f.why, "callsigns": [], "flights": []}
        )
        if f.callsign and f.callsign not in entry["callsigns"]:
            entry["callsigns"].append(f.callsign)
        entry["flights"].append(
            {
                "flight_id": f.flight_id,
                "marking": j.marking.portion(),
                "callsign": f.callsign,
                "registration": f.registration,
                "first_seen": f.first_seen.isoformat(),
                "last_seen": f.last_seen.isoformat(),
                "positions": f.positions,
                "rejected": f.rejected,
                "states": list(f.states),
                "transits": by_flight.get(f.flight_id, []),
                "plan": None if plan is None else {
                    "source": plan.source,
                    "aircraft_id": plan.aircraft_id,
                    "departure": plan.departure,
                    "destination": plan.destination,
                    "filed_states": list(plan.filed_states),
                    "screening": plan.level,
                    "cases": [{"id": c, "title": t, "marking": m.portion()}
                              for c, t, m in plan.cases],
                },
                "unfiled": list(j.unfiled),
                "denied_entered": list(j.denied_entered),
                "filed_not_flown": list(j.filed_not_flown),
            }
        )  # fmt: skip
    for entry in aircraft.values():
        entry["states"] = sorted({s for fl in entry["flights"] for s in fl["states"]})
    return {"banner": banner.banner(), "aircraft": list(aircraft.values())}
