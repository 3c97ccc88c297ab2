"""Case tables: each indicator on small flights, with a hand-built list of four entries."""

from __future__ import annotations

import pytest

from overflight.model.flight import FlightIntent, FlightType, SpecialHandling
from overflight.permits import Cargo, Party, PartyRole
from overflight.screening import History, ReferenceData, ScreeningContext
from overflight.screening.finding import Indicator
from overflight.screening.indicators import indicator_for
from overflight.watchlist import Entity, IdentifierKind, Schema, WatchlistIndex
from overflight.watchlist.entity import EntityName, Identifier, SourceList

ENTITIES = (
    Entity("t-1", Schema.ORGANISATION, (EntityName("AIR KORYO"),), SourceList.OFAC_SDN, "20520"),
    Entity(
        "t-2",
        Schema.AIRCRAFT,
        (EntityName("P-912"),),
        SourceList.OFAC_SDN,
        "20554",
        identifiers=(
            Identifier(IdentifierKind.REGISTRATION, "P-912"),
            Identifier(IdentifierKind.ICAO24, "720112"),
        ),
    ),
    Entity(
        "t-3",
        Schema.ORGANISATION,
        (EntityName("KOREA MINING DEVELOPMENT TRADING CORPORATION"),),
        SourceList.UN_SC,
        "KPe.001",
    ),
    Entity("t-4", Schema.PERSON, (EntityName("RI Chong Chol"),), SourceList.OFAC_SDN, "1"),
    Entity(
        "t-5",
        Schema.PERSON,
        (EntityName("YUN HO-JIN"),),
        SourceList.UN_SC,
        "KPi.001",
        birth_dates=("1944-10-13",),
        nationalities=("KP",),
    ),
)


@pytest.fixture(scope="module")
def reference(policy) -> ReferenceData:
    return ReferenceData(policy, WatchlistIndex.build(ENTITIES), "test list")


def _flight(**fields) -> FlightIntent:
    base = {"aircraft_id": "ABC123", "departure": "LFPG", "destination": "EDDF"}
    return FlightIntent(**{**base, **fields})


CASES = [
    # (indicator, intent fields, context fields, fires)
    (Indicator.LISTED_AIRCRAFT, {"registration": "P912"}, {}, True),
    (Indicator.LISTED_AIRCRAFT, {"registration": "P-912"}, {}, True),
    (Indicator.LISTED_AIRCRAFT, {"registration": "P-913"}, {}, False),  # one digit: not it
    (Indicator.LISTED_AIRCRAFT, {"aircraft_address": 0x720112}, {}, True),
    (Indicator.LISTED_AIRCRAFT, {"aircraft_address": 0x720113}, {}, False),
    (Indicator.LISTED_OPERATOR, {"operator": "AIR KORYO"}, {}, True),
    (Indicator.LISTED_OPERATOR, {"operator": "AIRKORYO"}, {}, True),
    (Indicator.LISTED_OPERATOR, {"operator": "Air France"}, {}, False),
    (Indicator.LISTED_OPERATOR, {"operator": ""}, {}, False),
    (
        Indicator.LISTED_PARTY,
        {},
        {"parties": (Party(PartyRole.CONSIGNOR, "Korea Mining Development Trading Corp"),)},
        True,
    ),
    (
        Indicator.LISTED_PARTY,
        {},
        {"parties": (Party(PartyRole.PILOT_IN_COMMAND, "RI Chong Chol"),)},
        True,
    ),
    (Indicator.LISTED_PARTY, {}, {"parties": (Party(PartyRole.CONSIGNEE, "Siemens AG"),)}, False),
    # the operator is listed-operator's business, not listed-party's
    (Indicator.LISTED_PARTY, {}, {"parties": (Party(PartyRole.OPERATOR, "AIR KORYO"),)}, False),
    (Indicator.REGISTRATION_STATE_OF_CONCERN, {"registration": "P999"}, {}, True),  # DPRK
    (Indicator.REGISTRATION_STATE_OF_CONCERN, {"registration": "P-912"}, {}, True),
    (Indicator.REGISTRATION_STATE_OF_CONCERN, {"registration": "EP-MNA"}, {}, True),  # Iran
    (Indicator.REGISTRATION_STATE_OF_CONCERN, {"registration": "YK-AKA"}, {}, True),  # Syria
    (Indicator.REGISTRATION_STATE_OF_CONCERN, {"registration": "P4-ABC"}, {}, False),  # Aruba
    (Indicator.REGISTRATION_STATE_OF_CONCERN, {"registration": "PH-BFA"}, {}, False),
    (Indicator.REGISTRATION_STATE_OF_CONCERN, {"registration": "EX-301"}, {}, False),
    (Indicator.REGISTRATION_STATE_OF_CONCERN, {}, {}, False),
    (Indicator.ADDRESS_STATE_OF_CONCERN, {"aircraft_address": 0x720000}, {}, True),  # DPRK
    (Indicator.ADDRESS_STATE_OF_CONCERN, {"aircraft_address": 0x727FFF}, {}, True),
    (Indicator.ADDRESS_STATE_OF_CONCERN, {"aircraft_address": 0x730001}, {}, True),  # Iran
    (Indicator.ADDRESS_STATE_OF_CONCERN, {"aircraft_address": 0x778001}, {}, True),  # Syria
    (Indicator.ADDRESS_STATE_OF_CONCERN, {"aircraft_address": 0x728000}, {}, False),  # Iraq
    (Indicator.ADDRESS_STATE_OF_CONCERN, {"aircraft_address": 0x39BD20}, {}, False),  # France
    (
        Indicator.ADDRESS_REGISTRATION_MISMATCH,
        {"aircraft_address": 0x720112, "registration": "P912"},
        {},
        False,
    ),
    (
        Indicator.ADDRESS_REGISTRATION_MISMATCH,
        {"aircraft_address": 0x720112, "registration": "P-912"},
        {},
        False,
    ),
    (
        Indicator.ADDRESS_REGISTRATION_MISMATCH,
        {"aircraft_address": 0x730A01, "registration": "EX-301"},
        {},
        True,
    ),
    (
        Indicator.ADDRESS_REGISTRATION_MISMATCH,
        {"aircraft_address": 0x39BD20, "registration": "FGSQA"},
        {},
        False,
    ),
    (
        Indicator.ADDRESS_REGISTRATION_MISMATCH,
        {"aircraft_address": 0x39BD20, "registration": "P912"},
        {},
        True,
    ),
    (Indicator.ADDRESS_REGISTRATION_MISMATCH, {"aircraft_address": 0x39BD20}, {}, False),  # no REG
    (
        Indicator.ADDRESS_REGISTRATION_MISMATCH,
        {"aircraft_address": 0x720112, "registration": "EP-MNA"},  # DPRK block, Iranian mark
        {},
        True,
    ),
    (
        Indicator.ADDRESS_REGISTRATION_MISMATCH,
        {"aircraft_address": 0x789000, "registration": "B-HKE"},  # Hong Kong in China's block
        {},
        False,
    ),
    (Indicator.DESIGNATOR_OF_CONCERN, {"aircraft_id": "KOR151"}, {}, True),
    (Indicator.DESIGNATOR_OF_CONCERN, {"aircraft_id": "IRM1100"}, {}, True),
    (Indicator.DESIGNATOR_OF_CONCERN, {"aircraft_id": "AFR292"}, {}, False),
    (Indicator.DESIGNATOR_OF_CONCERN, {"aircraft_id": "P912", "operator": "KOR"}, {}, True),
    (
        Indicator.DESIGNATOR_OF_CONCERN,
        {"aircraft_id": "XYZ1"},
        {"operator_designator": "SYR"},
        True,
    ),
    (Indicator.DESIGNATOR_OF_CONCERN, {"aircraft_id": "KORA"}, {}, False),  # no flight number
    (Indicator.ROUTE_STATE_OF_CONCERN, {"departure": "ZKPY"}, {}, True),
    (Indicator.ROUTE_STATE_OF_CONCERN, {"destination": "OSDI"}, {}, True),
    (Indicator.ROUTE_STATE_OF_CONCERN, {}, {"stops": ("OIIE",)}, True),
    (Indicator.ROUTE_STATE_OF_CONCERN, {"departure": "ZZZZ"}, {}, False),
    (Indicator.ROUTE_STATE_OF_CONCERN, {}, {}, False),
    (
        Indicator.NON_SCHEDULED_ON_ROUTE,
        {"destination": "OSDI", "flight_type": FlightType.NON_SCHEDULED},
        {},
        True,
    ),
    (
        Indicator.NON_SCHEDULED_ON_ROUTE,
        {"destination": "OSDI", "flight_type": FlightType.SCHEDULED},
        {},
        False,
    ),
    (Indicator.NON_SCHEDULED_ON_ROUTE, {"flight_type": FlightType.NON_SCHEDULED}, {}, False),
    (
        Indicator.STATE_FLIGHT_ON_ROUTE,
        {"departure": "ZKPY", "sts": (SpecialHandling.STATE,)},
        {},
        True,
    ),
    (
        Indicator.STATE_FLIGHT_ON_ROUTE,
        {"departure": "ZKPY", "flight_type": FlightType.MILITARY},
        {},
        True,
    ),
    (Indicator.STATE_FLIGHT_ON_ROUTE, {"sts": (SpecialHandling.STATE,)}, {}, False),
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("two rocket motors")}, True),
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("Inertial Measurement Units")}, True),
    (Indicator.CONTROLLED_GOODS, {"remarks": "CARGO GYROSCOPES"}, {}, True),
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("fresh flowers")}, False),
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("books", arms_munitions=True)}, True),
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("missionary bibles")}, False),  # whole words
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("TEL chassis")}, True),  # MTCR 12.A.2
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("detonators")}, True),
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("Kh-55 airframe sections")}, True),
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("Frozen gyros meat")}, False),
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("dairy centrifuges")}, False),
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("gas centrifuges")}, True),
    (Indicator.CONTROLLED_GOODS, {}, {"cargo": Cargo("robot arms")}, False),
    (Indicator.VAGUE_CARGO, {}, {"cargo": Cargo("centrifuges")}, True),  # which kind?
    (Indicator.VAGUE_CARGO, {}, {"cargo": Cargo("dairy centrifuges")}, False),
    (Indicator.VAGUE_CARGO, {}, {"cargo": Cargo("spare parts for Toyota Hilux")}, False),
    (Indicator.VAGUE_CARGO, {}, {"cargo": Cargo("machine parts")}, True),
    (Indicator.VAGUE_CARGO, {}, {"cargo": Cargo("spare parts for gyroscopes")}, False),  # named
    (Indicator.VAGUE_CARGO, {}, {"cargo": Cargo("fresh flowers")}, False),
    (Indicator.REPEATED_CHANGES, {}, {"history": History(2, 1)}, True),
    (Indicator.REPEATED_CHANGES, {}, {"history": History(1, 0)}, False),
    (Indicator.REPEATED_CHANGES, {}, {"history": None}, False),
]


@pytest.mark.parametrize(("indicator", "intent_fields", "context_fields", "fires"), CASES)
def test_indicator_case(reference, indicator, intent_fields, context_fields, fires):
    context = ScreeningContext(reference, **context_fields)
    findings = indicator_for(indicator)(_flight(**intent_fields), context)
    assert bool(findings) is fires
    for finding in findings:
        assert finding.indicator is indicator
        assert finding.weight > 0
        assert finding.summary
        assert finding.evidence


def test_name_weight_scales_with_match_score(reference, policy):
    context = ScreeningContext(reference)
    (exact,) = indicator_for(Indicator.LISTED_OPERATOR)(_flight(operator="AIR KORYO"), context)
    assert exact.weight == policy.weight(Indicator.LISTED_OPERATOR)


@pytest.mark.parametrize(
    ("country", "score", "feature"),
    [
        ("KP", 1.0, "nationality_match=1.05"),
        ("JP", 0.9, "nationality_mismatch=0.90"),
        ("", 1.0, ""),
    ],
)
def test_a_pilots_nationality_qualifies_the_match(reference, policy, country, score, feature):
    pilot = Party(PartyRole.PILOT_IN_COMMAND, "Yun Ho-jin", country=country)
    context = ScreeningContext(reference, parties=(pilot,))
    (finding,) = indicator_for(Indicator.LISTED_PARTY)(_flight(), context)
    (evidence,) = finding.evidence
    assert f"score {score:.2f}" in evidence
    assert feature in evidence
    assert "nationality_" in evidence if country else "nationality_" not in evidence
    assert finding.weight == round(policy.weight(Indicator.LISTED_PARTY) * score, 2)


def test_repeated_changes_weight_is_capped(reference, policy):
    context = ScreeningContext(reference, history=History(20, 20))
    (finding,) = indicator_for(Indicator.REPEATED_CHANGES)(_flight(), context)
    assert finding.weight == policy.max_changes_weight


def test_controlled_goods_evidence_names_the_mtcr_item(reference):
    context = ScreeningContext(reference, cargo=Cargo("Re-entry vehicles"))
    (finding,) = indicator_for(Indicator.CONTROLLED_GOODS)(_flight(), context)
    assert "MTCR 2.A.1.a" in finding.evidence[0]
