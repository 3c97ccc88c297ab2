"""The set-at-a-time repository functions ingest uses: routes, case statuses, bulk insert."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from overflight.store import (
    AtsMessageRow,
    CaseMessageRow,
    CaseRow,
    FlightRow,
    Store,
    add,
    flights_on_route,
)
from overflight.store.messages import (
    case_statuses_of_flights,
    flights_on_routes,
    insert_messages,
)

AT = datetime(2026, 11, 29, 6, tzinfo=UTC)


def _flight(aircraft_id: str, departure: str, destination: str) -> FlightRow:
    return FlightRow(
        aircraft_id=aircraft_id,
        departure=departure,
        destination=destination,
        status="filed",
        plan_text="(FPL-...)",
        created_at=AT,
        updated_at=AT,
    )


def _message(content_hash: str, flight_id: int | None, status: str | None) -> dict[str, object]:
    return {
        "content_hash": content_hash,
        "title": "FPL",
        "aircraft_id": "KOR715",
        "departure": "ZKPY",
        "destination": "OSDI",
        "raw_text": f"({content_hash})",
        "source": "",
        "position": 1,
        "line": 1,
        "parsed": {"title": "FPL"},
        "flight_id": flight_id,
        "flight_status": status,
        "changes": [],
        "link_note": "",
        "ingested_at": AT,
    }


def test_flights_on_routes_is_flights_on_route_for_each_route(store: Store) -> None:
    # 600 aircraft ids (more than one query's worth), two routes each, some sharing an id.
    with store.session() as session:
        for number in range(600):
            for route in (("ZKPY", "OSDI"), ("OSDI", "ZKPY")):
                session.add(_flight(f"KOR{number}", *route))
        session.add(_flight("KOR7", "ZKPY", "OSDI"))  # a second flight on one route
        session.flush()
        wanted = [(f"KOR{number}", "ZKPY", "OSDI") for number in range(0, 600, 3)]
        wanted.append(("KOR7", "ZKPY", "OSDI"))
        wanted.append(("NOBODY", "ZKPY", "OSDI"))
        found = flights_on_routes(session, wanted)
        expected = sorted(
            (row for route in set(wanted) for row in flights_on_route(session, *route)),
            key=lambda row: row.id,
        )
        assert [row.id for row in found] == [row.id for row in expected]
        assert len(found) == 200 + 2  # every third id, and KOR7 (not one of them) twice
        assert flights_on_routes(session, []) == []


def test_case_statuses_name_the_flights_cases_follow(store: Store) -> None:
    with store.session() as session:
        followed, alone = add(session, _flight("A", "X", "Y")), add(session, _flight("B", "X", "Y"))
        insert_messages(session, [_message("m1", followed.id, "filed")])
        insert_messages(session, [_message("m2", alone.id, "filed")])
        message = session.scalars(select(AtsMessageRow).where(AtsMessageRow.content_hash == "m1"))
        message_id = message.one().id
        for status in ("filed", "closed"):
            case = add(
                session,
                CaseRow(
                    title=status,
                    status=status,
                    opened_at=AT,
                    opened_by="hand",
                    classification="(U)",
                    updated_at=AT,
                ),
            )
            add(session, CaseMessageRow(case_id=case.id, message_id=message_id, linked_at=AT))
        assert case_statuses_of_flights(session, [followed.id, alone.id]) == [
            (followed.id, "closed"),
            (followed.id, "filed"),
        ]
        assert case_statuses_of_flights(session, []) == []


def test_insert_messages_keeps_order_and_empty_columns(store: Store) -> None:
    with store.session() as session:
        flight = add(session, _flight("KOR715", "ZKPY", "OSDI"))
        rows = [
            _message(
                f"h{number}", flight.id if number % 2 else None, "filed" if number % 3 else None
            )
            for number in range(25)
        ]
        insert_messages(session, rows)
        insert_messages(session, [])
        session.commit()
        stored = session.scalars(select(AtsMessageRow).order_by(AtsMessageRow.id)).all()
        assert [row.content_hash for row in stored] == [row["content_hash"] for row in rows]
        assert [(row.flight_id, row.flight_status) for row in stored] == [
            (row["flight_id"], row["flight_status"]) for row in rows
        ]
        assert all(row.parsed == {"title": "FPL"} and row.changes == [] for row in stored)
