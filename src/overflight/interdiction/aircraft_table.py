"""The aircraft performance table: published figures only, each with where it was seen.

Sources are those collected in the project's reference notes (shared ``reference/domain.md``
§1.3) plus Boeing's 777 Freighter figures as reported at delivery. Figures disagree between
sources and variants; where one was chosen the others are in the entry's notes. Where no figure
was seen the entry says so (``value=None``) rather than guess. OpenAP has no entry for the
Soviet types and maps ``a124`` to ``b744``, so it is not used (reference notes §0).
"""

from __future__ import annotations

from overflight.interdiction.aircraft import AircraftPerformance, Figure, unknown_figure

__all__ = ["AIRCRAFT_PERFORMANCE", "NM_KM"]

NM_KM = 1.852
"""Kilometres in one international nautical mile (exact)."""

_NOT_SEEN = "no published figure seen (reference notes §1.3)"

AIRCRAFT_PERFORMANCE: tuple[AircraftPerformance, ...] = (
    AircraftPerformance(
        designator="IL76",
        variant="",
        name="Ilyushin Il-76 (design specification)",
        max_payload_kg=Figure(40_000, "airlinersnow.com; planehistoria.com", "40 t design load"),
        range_at_max_payload_km=Figure(
            5_000,
            "airlinersnow.com; airports-worldwide.com (Wikipedia copy); planehistoria.com",
            "design requirement: 40 t over 5,000 km",
        ),
        ferry_range_km=unknown_figure(_NOT_SEEN),
        notes=(
            "militaryfactory.com gives an unqualified 'Range: 4,400 km (2,376 nm)' and MTOW "
            "190,000 kg; it is below the design figure at full load, so it is not used",
            "unsourced GitHub aircraft databases give Il-76TD range_nm 2600 or 2300: not used",
        ),
    ),
    AircraftPerformance(
        designator="IL76",
        variant="TD",
        name="Ilyushin Il-76TD",
        max_payload_kg=Figure(
            52_000,
            "TASS via brics-info.org",
            "payload raised 47 → 52 t, MTOW 170 → 190 t; historic-aircraft-infoweb.de gives "
            "47 → 50 t and MTOW 190–210 t",
        ),
        range_at_max_payload_km=unknown_figure(
            "TASS says 'increased flight range with the maximum payload' but gives no number"
        ),
        ferry_range_km=unknown_figure(_NOT_SEEN),
    ),
    AircraftPerformance(
        designator="IL76",
        variant="MD",
        name="Ilyushin Il-76MD (military)",
        max_payload_kg=unknown_figure(_NOT_SEEN),
        range_at_max_payload_km=unknown_figure(_NOT_SEEN),
        ferry_range_km=unknown_figure(_NOT_SEEN),
        notes=("airlinersnow.com: the civil TD 'is the civil variant of the military Il-76MD'",),
    ),
    AircraftPerformance(
        designator="IL62",
        variant="M",
        name="Ilyushin Il-62M",
        max_payload_kg=unknown_figure(_NOT_SEEN),
        range_at_max_payload_km=unknown_figure(_NOT_SEEN),
        ferry_range_km=Figure(8_000, "everything2.com", "8,000 km (5,000 mi) at max fuel"),
        notes=("everything2.com: loaded weight 165,000 kg",),
    ),
    AircraftPerformance(
        designator="IL62",
        variant="",
        name="Ilyushin Il-62 (basic)",
        max_payload_kg=unknown_figure(_NOT_SEEN),
        range_at_max_payload_km=unknown_figure(_NOT_SEEN),
        ferry_range_km=unknown_figure(_NOT_SEEN),
        notes=(
            "planeandpilotmag.com: 'more than 150 passengers and reserve fuel … more than 4,800 "
            "miles' and 'range 4,160' (miles): passenger figures, not max payload or ferry",
        ),
    ),
    AircraftPerformance(
        designator="T204",
        variant="",
        name="Tupolev Tu-204 (base)",
        max_payload_kg=Figure(21_000, "janes.migavia.com", "commercial load"),
        range_at_max_payload_km=unknown_figure(
            "only '214 passengers over 4,900 km' seen (janes.migavia.com), not at max payload"
        ),
        ferry_range_km=unknown_figure(_NOT_SEEN),
    ),
    AircraftPerformance(
        designator="T204",
        variant="C",
        name="Tupolev Tu-204C (freighter)",
        max_payload_kg=Figure(30_000, "aerospace-technology.com", "'about 30 t'"),
        range_at_max_payload_km=unknown_figure(
            "a 'service range 4,300 km' is published without its payload; not used as loaded range"
        ),
        ferry_range_km=unknown_figure(_NOT_SEEN),
    ),
    AircraftPerformance(
        designator="T204",
        variant="300",
        name="Tupolev Tu-204-300 (operated by Air Koryo since 2007, dprk-aviation.com)",
        max_payload_kg=unknown_figure(_NOT_SEEN),
        range_at_max_payload_km=unknown_figure(
            "planeworlds.com: 2,500–3,500 km with 18 t at 84.8 t TOW (short-range weight "
            "variant); not a max-payload figure"
        ),
        ferry_range_km=Figure(
            9_000, "janes.migavia.com", "'9,000-km range'; newsinfo.ru (2003): 'up to 9,500 km'"
        ),
    ),
    AircraftPerformance(
        designator="T154",
        variant="M",
        name="Tupolev Tu-154M",
        max_payload_kg=unknown_figure(_NOT_SEEN),
        range_at_max_payload_km=Figure(
            3_900, "barrieaircraft.com (same text as airliners.net aircraft data)", "2,100 nm"
        ),
        ferry_range_km=Figure(
            6_600,
            "barrieaircraft.com (same text as airliners.net aircraft data)",
            "3,563 nm at max fuel with 5,450 kg payload; MTOW 100,000 kg",
        ),
    ),
    AircraftPerformance(
        designator="T154",
        variant="",
        name="Tupolev Tu-154 (original)",
        max_payload_kg=Figure(
            18_000, "barrieaircraft.com (same text as airliners.net)", "16–18 t design"
        ),
        range_at_max_payload_km=Figure(
            3_460, "barrieaircraft.com (same text as airliners.net)", "1,870 nm with reserves"
        ),
        ferry_range_km=Figure(
            5_280, "barrieaircraft.com (same text as airliners.net)", "with 13,650 kg payload"
        ),
    ),
    AircraftPerformance(
        designator="AN12",
        variant="",
        name="Antonov An-12",
        max_payload_kg=Figure(20_000, "aeropedia.com.au"),
        range_at_max_payload_km=Figure(
            3_600,
            "aeropedia.com.au",
            "vintageaviationnews.com gives '1,900 nautical miles' (3,519 km)",
        ),
        ferry_range_km=Figure(5_700, "aeropedia.com.au"),
    ),
    AircraftPerformance(
        designator="A124",
        variant="",
        name="Antonov An-124 Ruslan",
        max_payload_kg=Figure(150_000, "aeropedia.com.au"),
        range_at_max_payload_km=Figure(4_500, "aeropedia.com.au"),
        ferry_range_km=Figure(16_500, "aeropedia.com.au"),
        notes=("OpenAP's synonym table maps a124 to b744: never model an An-124 as a 747",),
    ),
    AircraftPerformance(
        designator="A124",
        variant="100",
        name="Antonov An-124-100 (civil)",
        max_payload_kg=Figure(120_000, "russianmilitaryphotos", "commercial certification"),
        range_at_max_payload_km=Figure(
            5_400, "russianmilitaryphotos", "'5,400 km … when fully loaded' (120 t)"
        ),
        ferry_range_km=Figure(16_500, "aeropedia.com.au", "figure for the type"),
    ),
    AircraftPerformance(
        designator="B744",
        variant="F",
        name="Boeing 747-400F",
        max_payload_kg=Figure(
            113_000,
            "Boeing figures quoted in sci.aeronautics.airliners, 1997 (kls2.com)",
            "124 short tons",
        ),
        range_at_max_payload_km=Figure(
            4_400 * NM_KM,
            "Boeing figures quoted in sci.aeronautics.airliners, 1997 (kls2.com)",
            "'>4,400 nm' at 124 t; by MTOW: 800 klb 3,200 nm, 833 klb 3,760, 850 klb 4,050, "
            "875 klb 4,450 nm",
        ),
        ferry_range_km=unknown_figure(_NOT_SEEN),
    ),
    AircraftPerformance(
        designator="B744",
        variant="",
        name="Boeing 747-400 (passenger, reference)",
        max_payload_kg=unknown_figure(_NOT_SEEN),
        range_at_max_payload_km=unknown_figure(_NOT_SEEN),
        ferry_range_km=unknown_figure(_NOT_SEEN),
        notes=(
            "published range 7,285 nmi (13,490 km) with a typical passenger load "
            "(Wikipedia copy); OpenAP b744 cruise.range 13,400: neither is a cargo figure",
            "747-400ERF: MTOW 910,000 lb (410 t), no range seen (a.osmarks.net Wikipedia copy)",
        ),
    ),
    AircraftPerformance(
        designator="B77L",
        variant="F",
        name="Boeing 777 Freighter",
        max_payload_kg=Figure(
            103_000,
            "Boeing, as reported at first delivery (aircrewbuzz.blogspot.com, Feb 2009)",
            "226,700 lb 'full payload'; Boeing 2007 (domain-b.com) gave 104 t before delivery",
        ),
        range_at_max_payload_km=Figure(
            9_038,
            "Boeing, as reported at first delivery (aircrewbuzz.blogspot.com, Feb 2009)",
            "4,880 nm with a full payload; 2007–08 Boeing releases: 4,885 nm (9,045 km)",
        ),
        ferry_range_km=unknown_figure(_NOT_SEEN),
        notes=("ICAO designator B77L covers the 777-200LR and the 777F",),
    ),
)
