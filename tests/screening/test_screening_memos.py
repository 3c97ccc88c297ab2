"""What a screening keeps between screenings gives the answers it would compute afresh.

Route transits are kept by every input of the route (``TransitMemo``); a lexicon keeps its
scans of recent texts and skips the entries when none of their words occur; registrations are
read through a memo. Each is compared with the computation it replaces.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from overflight.ats import parse_messages, to_flight_intent
from overflight.geo import NavData, find_transits_many, load_airspace, load_navdata
from overflight.model import FlightIntent, OtherIndicator
from overflight.screening import flight_route, flight_transits
from overflight.screening.lexicon import GoodsHit, Lexicon, normalise_goods_text
from overflight.screening.policy_file import load_lexicon
from overflight.screening.routing import transit_memo

CARGO = Path(__file__).parent / "fixtures" / "cargo_descriptions.csv"
EOBT = datetime(2026, 5, 29, 2, 0, tzinfo=UTC)


def _intent(**changes: object) -> FlightIntent:
    base = FlightIntent(aircraft_id="KOR151", departure="ZKPY", destination="OSDI", eobt=EOBT)
    return replace(base, **changes)  # type: ignore[arg-type]


def _afresh(flights: list[tuple[FlightIntent, tuple[str, ...]]]) -> list[tuple[object, ...]]:
    """The transits computed with nothing kept: one route per flight, found together."""
    navdata = load_navdata()
    routes = [flight_route(intent, stops, navdata) for intent, stops in flights]
    found = iter(find_transits_many([r for r in routes if r is not None], load_airspace()))
    return [next(found) if route is not None else () for route in routes]


def test_kept_transits_are_those_computed_afresh() -> None:
    flights = [
        (_intent(), ()),
        (_intent(destination="UTTT"), ()),
        (_intent(), ("UAAA",)),
        (_intent(eobt=EOBT.replace(hour=9)), ()),
        (_intent(departure="XXXX"), ()),  # no such aerodrome: no route
    ]
    transit_memo().clear()
    first = flight_transits(flights, load_airspace(), load_navdata())
    assert len(transit_memo()) == len(flights)
    again = flight_transits(flights[::-1], load_airspace(), load_navdata())
    assert again[::-1] == first == _afresh(flights)
    assert first[0]
    assert first[0] != first[1]
    assert first[-1] == ()


def _filed(departure: str, dep: str) -> FlightIntent:
    """A filed plan to OSDI at K0780S1010 from ``departure``, with ``DEP/`` text if any."""
    text = (
        f"(FPL-KOR151-IN-IL76/H-SDGY/S-{departure}0200-K0780S1010 DCT SANKO-OSDI1055 OSAP"
        "-DOF/260529 REG/P632)"
    )
    messages, errors = parse_messages(text, "test")
    assert not errors, errors
    other = (OtherIndicator("DEP", dep),) if dep else ()
    return replace(to_flight_intent(messages[0]), other_indicators=other)


def test_zzzz_aerodromes_are_told_apart_by_their_named_positions() -> None:
    """Two flights from ``ZZZZ`` (DEP/ gives the place) share no route, in a batch or later."""
    flights = [
        (_filed("ZZZZ", "PYONGYANG 3903N12545E"), ()),
        (_filed("ZZZZ", "LONDON 5133N00028W"), ()),
        (_filed("ZKPY", ""), ()),
    ]
    transit_memo().clear()
    together = flight_transits(flights, load_airspace(), load_navdata())
    alone = [flight_transits([f], load_airspace(), load_navdata())[0] for f in flights]
    assert together == alone == _afresh(flights)
    assert together[0] != together[1]
    assert "GB" in {t.state for t in together[1]}


def test_other_navdata_forgets_what_was_kept() -> None:
    flights = [(_intent(), ())]
    flight_transits(flights, load_airspace(), load_navdata())
    assert len(transit_memo()) >= 1
    found = flight_transits(flights, load_airspace(), NavData())
    assert len(transit_memo()) == 1
    assert found == flight_transits(flights, load_airspace(), load_navdata())


def _by_every_entry(lexicon: Lexicon, text: str) -> tuple[tuple[GoodsHit, ...], ...]:
    """The obvious reading: every entry's patterns on the text, nothing kept or skipped."""
    normal = normalise_goods_text(text)
    found = [p.find(normal) for p in lexicon._patterns] if normal else []
    named = tuple(GoodsHit(e, w) for e, (w, _) in zip(lexicon.entries, found, strict=False) if w)
    unqualified = tuple(
        GoodsHit(e, u) for e, (w, u) in zip(lexicon.entries, found, strict=False) if u and not w
    )
    return named, unqualified


def test_lexicon_scans_agree_with_every_entry_read_in_turn() -> None:
    lexicon = load_lexicon()
    with CARGO.open(encoding="utf-8", newline="") as handle:
        texts = [row["description"] for row in csv.DictReader(handle)]
    texts += ["", "   ", "CARGO MACHINE PARTS", "dairy centrifuges", "centrifuges"]
    for text in texts * 2:  # the second time from what was kept
        named, unqualified = _by_every_entry(lexicon, text)
        assert lexicon.find_goods(text) == named, text
        assert lexicon.find_unqualified(text) == unqualified, text
    assert any(lexicon.find_goods(t) for t in texts)
    assert any(lexicon.find_unqualified(t) for t in texts)
