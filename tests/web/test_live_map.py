"""The live map: a reader sees the watched aircraft of the concerns they may read, no more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from web_personas import (
    SECRET_TUR,
    UNCLAS_TUR,
    US_ANALYST,
    Persona,
    Seed,
    TestClient,
    bearer,
    page_login,
)

from overflight.store import open_store, put_watched
from overflight.web import live


def _sighting(icao24: str, concern: str, marking: str, callsign: str, **extra: Any) -> dict:
    seen = datetime.now(UTC) - timedelta(minutes=10)
    return {
        "icao24": icao24,
        "concern": concern,
        "case_id": None,
        "marking": marking,
        "why": f"{callsign} is watched",
        "callsign": callsign,
        "registration": "",
        "at": seen,
        "lat": 38.5,
        "lon": 45.0,
        "altitude_ft": 33_000.0,
        "ground_speed_kt": 430.0,
        "track_deg": 90.0,
        "on_ground": False,
        "state": "IR",
        "trail": [[44.0, 38.5], [45.0, 38.5]],
        **extra,
    }


@pytest.fixture(scope="module")
def watched(seeded: Seed) -> int:
    """Sightings of four aircraft: public, two cases of different markings, one seen long ago."""
    with open_store(seeded.database) as store, store.session() as session, session.begin():
        put_watched(session, [
            _sighting("730123", "public", "(U)", "IRM123"),
            _sighting("72a001", f"case:{seeded.noforn_case}", "(S//NF)", "KOR151",
                      case_id=seeded.noforn_case),
            _sighting("778001", f"case:{seeded.rel_tur_case}", "(S//REL TO USA, TUR)",
                      "SYR9101", case_id=seeded.rel_tur_case),
            _sighting("730999", "public", "(U)", "IRM999",
                      at=datetime.now(UTC) - timedelta(hours=7)),
        ])  # fmt: skip
        return put_watched(session, [_sighting("730124", "public", "(U)", "IRM124")])


SEES = {
    UNCLAS_TUR: ({"IRM123", "IRM124"}, "UNCLASSIFIED"),
    SECRET_TUR: ({"IRM123", "IRM124", "SYR9101"}, "SECRET//REL TO USA, TUR"),
    US_ANALYST: ({"IRM123", "IRM124", "SYR9101", "KOR151"}, "SECRET//NOFORN"),
}


@pytest.mark.parametrize("persona", list(SEES), ids=lambda p: p.username)
def test_each_reader_gets_the_aircraft_they_may_read(
    client: TestClient, tokens: dict[str, str], watched: int, persona: Persona
) -> None:
    body = client.get("/api/watch/aircraft", headers=bearer(tokens, persona)).json()
    callsigns, banner = SEES[persona]
    assert {a["callsign"] for a in body["aircraft"]} == callsigns  # IRM999: seen 7 h ago
    assert body["banner"] == banner
    assert body["seq"] == watched
    hidden = {"IRM123", "IRM124", "SYR9101", "KOR151"} - callsigns
    assert not any(h in orjson.dumps(body).decode() for h in hidden)


def test_since_gives_only_what_changed(
    client: TestClient, tokens: dict[str, str], watched: int
) -> None:
    body = client.get(
        f"/api/watch/aircraft?since={watched - 1}", headers=bearer(tokens, US_ANALYST)
    ).json()
    assert [a["callsign"] for a in body["aircraft"]] == ["IRM124"]
    assert (
        client.get("/api/watch/aircraft?since=-1", headers=bearer(tokens, US_ANALYST)).status_code
        == 422
    )


def test_the_page_shows_the_reader_their_aircraft_under_the_right_banner(
    client: TestClient, watched: int
) -> None:
    client.cookies.clear()
    page_login(client, SECRET_TUR)
    try:
        page = client.get("/watch").text
    finally:
        client.cookies.clear()
    assert "SYR9101" in page
    assert "IRM123" in page
    assert "KOR151" not in page
    assert "SECRET//REL TO USA, TUR" in page
    assert f'data-seq="{watched}"' in page


def test_the_stream_sends_the_reader_what_changed_and_ends(
    client: TestClient, tokens: dict[str, str], watched: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "STREAM_S", 1.5)
    with client.stream(
        "GET", "/api/watch/stream?since=0", headers=bearer(tokens, UNCLAS_TUR)
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        text = "".join(response.iter_text())
    events = [line.removeprefix("data: ") for line in text.splitlines() if line.startswith("data:")]
    assert len(events) == 1  # what there is, then nothing new until the stream ends
    body = orjson.loads(events[0])
    assert {a["callsign"] for a in body["aircraft"]} == {"IRM123", "IRM124"}  # not SYR9101
    assert body["seq"] == watched
    assert text.startswith("retry: 2000")


def test_no_login_no_map(client: TestClient) -> None:
    client.cookies.clear()
    assert client.get("/api/watch/aircraft").status_code == 401
    assert client.get("/api/watch/stream").status_code == 401
    assert client.get("/watch", follow_redirects=False).status_code in (303, 307)
