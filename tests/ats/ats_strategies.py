"""Hypothesis strategies for ATS messages: typed values that a canonical message can carry."""

from __future__ import annotations

from datetime import date, time

from hypothesis import strategies as st

from overflight.ats import AtsMessage, Title
from overflight.ats.field18 import Field18
from overflight.ats.message import (
    AircraftIdentification,
    AircraftType,
    Amendment,
    Arrival,
    Departure,
    Destination,
    Equipment,
    FlightRulesAndType,
    RouteField,
    Supplementary,
    SupplementaryItem,
)
from overflight.model.flight import (
    CruisingLevel,
    EetEstimate,
    FlightRules,
    FlightType,
    LevelUnit,
    OtherIndicator,
    SpecialHandling,
    WakeCategory,
)
from overflight.model.speed import Speed, SpeedUnit

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
COM_NAV = [
    "S",
    "A",
    "B",
    "C",
    "D",
    "E1",
    "E2",
    "E3",
    "F",
    "G",
    "H",
    "I",
    "J1",
    "J3",
    "J5",
    "K",
    "L",
    "M1",
    "O",
    "P2",
    "R",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
]
SURVEILLANCE = ["A", "C", "E", "H", "I", "L", "P", "S", "X", "B1", "B2", "U1", "V1", "D1", "G1"]
STS_NAMES = {member.value for member in SpecialHandling}

locations = st.text(LETTERS, min_size=4, max_size=4)
hhmm = st.builds(time, st.integers(0, 23), st.integers(0, 59))
words = st.one_of(
    st.text(LETTERS + DIGITS, min_size=1, max_size=8),
    st.sampled_from(["N/A", "1/2", "C/O", "W/"]),
)
free_text = st.lists(words, min_size=1, max_size=5).map(" ".join)


@st.composite
def speeds(draw: st.DrawFn) -> Speed:
    unit = draw(st.sampled_from(SpeedUnit))
    if unit is SpeedUnit.MACH:
        return Speed(draw(st.integers(1, 999)) / 100, unit)
    return Speed(draw(st.integers(1, 9999)), unit)


@st.composite
def levels(draw: st.DrawFn, vfr: bool = True) -> CruisingLevel:
    units = list(LevelUnit) if vfr else [u for u in LevelUnit if u is not LevelUnit.VFR]
    unit = draw(st.sampled_from(units))
    if unit is LevelUnit.VFR:
        return CruisingLevel(unit)
    top = 999 if unit in (LevelUnit.FLIGHT_LEVEL, LevelUnit.ALTITUDE_FT) else 9999
    return CruisingLevel(unit, draw(st.integers(0, top)))


@st.composite
def coordinates(draw: st.DrawFn) -> str:
    ns, ew = draw(st.sampled_from("NS")), draw(st.sampled_from("EW"))
    if draw(st.booleans()):
        return f"{draw(st.integers(0, 89)):02d}{ns}{draw(st.integers(0, 179)):03d}{ew}"
    lat = f"{draw(st.integers(0, 89)):02d}{draw(st.integers(0, 59)):02d}"
    lon = f"{draw(st.integers(0, 179)):03d}{draw(st.integers(0, 59)):02d}"
    return f"{lat}{ns}{lon}{ew}"


route_tokens = st.one_of(
    st.just("DCT"),
    st.text(LETTERS, min_size=2, max_size=5),
    st.builds(
        lambda a, n: f"{a}{n}",
        st.sampled_from(["UL", "J", "R", "Q", "G", "UN"]),
        st.integers(1, 999),
    ),
    coordinates(),
    st.builds(
        lambda p, b, d: f"{p}{b:03d}{d:03d}",
        st.text(LETTERS, min_size=2, max_size=5),
        st.integers(0, 360),
        st.integers(0, 999),
    ),
    st.builds(
        lambda p, s, lv: f"{p}/{s}{lv}",
        st.text(LETTERS, min_size=2, max_size=5),
        speeds(),
        levels(),
    ),
    st.sampled_from(["VFR", "IFR", "NATA"]),
)


@st.composite
def routes(draw: st.DrawFn) -> RouteField:
    return RouteField(
        draw(speeds()), draw(levels()), " ".join(draw(st.lists(route_tokens, max_size=12)))
    )


@st.composite
def field18s(draw: st.DrawFn) -> Field18:
    def maybe(strategy: st.SearchStrategy, empty: object = "") -> object:
        return draw(st.one_of(st.just(empty), strategy))

    sts_words = st.one_of(
        st.sampled_from(SpecialHandling),
        st.text(LETTERS, min_size=3, max_size=8).filter(lambda w: w not in STS_NAMES),
    )
    eet = st.lists(
        st.builds(EetEstimate, st.one_of(locations, coordinates()), st.integers(0, 99 * 60 + 59)),
        min_size=1,
        max_size=6,
    ).map(tuple)
    others = st.lists(
        st.builds(
            OtherIndicator,
            st.sampled_from(["IFP", "RVR", "SRC", "XYZ", "STAYINFO1"]),
            st.text(LETTERS + DIGITS, min_size=1, max_size=10),
        ),
        max_size=3,
    ).map(tuple)
    return Field18(
        sts=maybe(st.lists(sts_words, min_size=1, max_size=3).map(tuple), ()),
        pbn=maybe(st.sampled_from(["A1B1", "D1O1S1", "B2C2"])),
        nav=maybe(free_text),
        dep=maybe(free_text),
        # two-digit years resolve to the century nearest today: keep within +-45 years
        dof=maybe(st.dates(date(1985, 1, 1), date(2065, 12, 31)), None),
        reg=maybe(st.text(LETTERS + DIGITS, min_size=2, max_size=7)),
        eet=maybe(eet, ()),
        sel=maybe(st.text(LETTERS, min_size=4, max_size=4)),
        typ=maybe(free_text),
        code=maybe(st.integers(0, 2**24 - 1).map(lambda n: f"{n:06X}")),
        opr=maybe(free_text),
        per=maybe(st.sampled_from("ABCDEH")),
        rif=maybe(free_text),
        rmk=maybe(free_text),
        others=draw(others),
    )


aircraft = st.builds(
    AircraftIdentification,
    st.text(LETTERS + DIGITS, min_size=2, max_size=7),
    st.just(""),
    st.just(""),
) | st.builds(
    AircraftIdentification,
    st.text(LETTERS + DIGITS, min_size=2, max_size=7),
    st.just("A"),
    st.text("01234567", min_size=4, max_size=4),
)
rules = st.builds(
    FlightRulesAndType, st.sampled_from(FlightRules), st.none() | st.sampled_from(FlightType)
)
aircraft_types = st.builds(
    AircraftType,
    st.sampled_from(["B763", "A320", "IL76", "C172", "ZZZZ", "AN12"]),
    st.sampled_from(WakeCategory),
    st.none() | st.integers(2, 99),
)
equipment = st.builds(
    Equipment,
    st.lists(st.sampled_from(COM_NAV), min_size=1, max_size=8).map(tuple),
    st.lists(st.sampled_from(SURVEILLANCE), min_size=1, max_size=4).map(tuple),
)
timed_departures = st.builds(Departure, locations, hhmm)
departures = st.builds(Departure, locations, st.none() | hhmm)
destinations = st.builds(
    Destination,
    locations,
    st.none() | st.integers(0, 99 * 60 + 59),
    st.lists(locations, max_size=2).map(tuple),
)
plain_destinations = st.builds(Destination, locations)
supplementary = st.builds(
    Supplementary,
    st.lists(
        st.builds(
            SupplementaryItem,
            st.sampled_from("EPRSJDANC"),
            st.one_of(st.just(""), st.text(LETTERS + DIGITS, min_size=1, max_size=8)),
        ),
        min_size=1,
        max_size=5,
    ).map(tuple),
)
arrivals = st.builds(Arrival, locations, hhmm, st.just("")) | st.builds(
    Arrival, st.just("ZZZZ"), hhmm, free_text
)
amendments = st.one_of(
    st.builds(Amendment, st.just(13), timed_departures),
    st.builds(Amendment, st.just(16), destinations),
    st.builds(Amendment, st.just(18), field18s()),
    st.builds(Amendment, st.just(15), routes()),
    st.builds(Amendment, st.just(9), aircraft_types),
)

fpls = st.builds(
    AtsMessage,
    title=st.just(Title.FPL),
    aircraft=aircraft,
    rules=rules,
    aircraft_type=aircraft_types,
    equipment=equipment,
    departure=timed_departures,
    route=routes(),
    destination=destinations,
    other=field18s(),
    supplementary=st.none() | supplementary,
)
linked = st.builds(
    AtsMessage,
    title=st.sampled_from([Title.DLA, Title.CNL, Title.DEP]),
    aircraft=aircraft,
    departure=timed_departures,
    destination=plain_destinations,
    other=field18s(),
)
changes = st.builds(
    AtsMessage,
    title=st.just(Title.CHG),
    number=st.just("") | st.just("KZOB/CZYZ078"),
    aircraft=aircraft,
    departure=departures,
    destination=plain_destinations,
    other=field18s(),
    amendments=st.lists(amendments, min_size=1, max_size=3).map(tuple),
)
arrival_messages = st.builds(
    AtsMessage,
    title=st.just(Title.ARR),
    aircraft=aircraft,
    departure=departures,
    destination=st.none() | plain_destinations,
    arrival=arrivals,
)
messages = st.one_of(fpls, linked, changes, arrival_messages)
