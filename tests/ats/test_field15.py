import pytest

from overflight.ats.errors import FieldSyntaxError
from overflight.ats.field15 import (
    AtsRoute,
    BearingDistancePoint,
    CoordinatePoint,
    CruiseClimb,
    Direct,
    Marker,
    NamedPoint,
    Procedure,
    RulesChange,
    SpeedLevel,
    Truncation,
    decode_route,
    route_points,
)
from overflight.ats.fields import read_route
from overflight.ats.message import RouteField
from overflight.model.flight import CruisingLevel, FlightRules, LevelUnit
from overflight.model.speed import Speed, SpeedUnit


def _decode(text: str):
    return decode_route(read_route(text))


def test_every_element_keeps_its_offset_in_the_field():
    text = "N0450F350 BIG2A DCT RIKAL/M078F350 UL975 46N078W T"
    for element in _decode(text)[1:]:
        token = text[element.offset :].split(" ")[0]
        assert token
    kinds = [type(e) for e in _decode(text)]
    assert kinds == [
        SpeedLevel,
        Procedure,
        Direct,
        NamedPoint,
        AtsRoute,
        CoordinatePoint,
        Truncation,
    ]


def test_change_of_speed_and_level_at_a_point():
    point = _decode("N0450F350 RIKAL/M078F350")[1]
    assert point == NamedPoint(
        "RIKAL", 10, Speed(0.78, SpeedUnit.MACH), CruisingLevel(LevelUnit.FLIGHT_LEVEL, 350)
    )


@pytest.mark.parametrize(
    ("token", "lat", "lon"),
    [
        ("46N078W", 46.0, -78.0),
        ("12S176E", -12.0, 176.0),
        ("4620N07805W", 46 + 20 / 60, -(78 + 5 / 60)),
        ("0500S17435W", -5.0, -(174 + 35 / 60)),
        ("4830N00210E", 48.5, 2 + 10 / 60),
    ],
)
def test_coordinates_in_both_forms_and_all_hemispheres(token, lat, lon):
    point = _decode(f"N0450F350 {token}")[1]
    assert isinstance(point, CoordinatePoint)
    assert point.position.lat == pytest.approx(lat)
    assert point.position.lon == pytest.approx(lon)


def test_coordinates_with_bearing_and_distance():
    point = _decode("N0450F350 46N078W045120")[1]
    assert isinstance(point, CoordinatePoint)
    assert (point.bearing_deg, point.distance_nm) == (45, 120)
    assert point.position.lat == 46.0


def test_point_bearing_distance():
    assert _decode("N0450F350 DCT ABC123045")[2] == BearingDistancePoint("ABC", 123, 45, 14)


def test_rules_changes_markers_and_cruise_climb():
    elements = _decode("N0120VFR LN/N0284A050 IFR C/48N050W/M082F290F350 OAT STAY1/0030 NATR")
    assert elements[0].level == CruisingLevel(LevelUnit.VFR)
    assert elements[2] == RulesChange(FlightRules.IFR, len("N0120VFR LN/N0284A050 "))
    climb = elements[3]
    assert isinstance(climb, CruiseClimb)
    assert climb.level == CruisingLevel(LevelUnit.FLIGHT_LEVEL, 290)
    assert climb.upper_level == CruisingLevel(LevelUnit.FLIGHT_LEVEL, 350)
    assert isinstance(elements[4], Marker)
    assert elements[5] == Marker("STAY1/0030", elements[5].offset)
    assert elements[6] == AtsRoute("NATR", elements[6].offset)
    plus = _decode("N0450F330 C/46N078W/M082F330PLUS")[1]
    assert plus.upper_level is None
    assert [type(p) for p in route_points(elements)] == [NamedPoint, CoordinatePoint]


def test_sid_and_star_are_told_apart_from_airways_by_place():
    elements = _decode("N0450F350 ABI1A ABI J4 INK INK2B")
    assert elements[1] == Procedure("ABI1A", "SID", 10)
    assert elements[3] == AtsRoute("J4", 20)
    assert elements[5] == Procedure("INK2B", "STAR", 27)


def test_reference_route_decodes_fully():
    text = (
        "N0501F280 DCT ABI J4 INK/N0504F300 J50 ELP J26 HMO V2 GRN 2704N11627W 26N119W "
        "2544N12000W 24N126W/M084F320 22N133W 19N139W 16N144W/M084F340 11N152W 06N159W/M084F360 "
        "01N166W 01S169W 0500S17435W 06S176W 12S176E/M084F380 18S168E 2125S16300E GUXIB R587 "
        "HARVS Q21 SAVER G329 BN DCT"
    )
    elements = _decode(text)
    coordinates = [e for e in elements if isinstance(e, CoordinatePoint)]
    assert len(coordinates) == 16
    # crossing the antimeridian: 06S176W then 12S176E
    assert coordinates[12].text == "06S176W"
    assert coordinates[12].position.lon == -176.0
    assert coordinates[13].position.lon == 176.0
    assert coordinates[13].speed == Speed(0.84, SpeedUnit.MACH)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("N0450F350 DCT 99N078W", 14),
        ("N0450F350 4661N07805W", 10),
        ("N0450F350 ABC/X123", 14),
        ("N0450F350 DCT abc", 14),
        ("N0450F350 ABC999045", 10),
    ],
)
def test_unreadable_tokens_raise_with_their_offset(text, offset):
    with pytest.raises(FieldSyntaxError) as caught:
        _decode(text)
    assert caught.value.offset == offset
    assert caught.value.field == "field 15"


def test_empty_route_is_just_the_speed_and_level():
    assert decode_route(
        RouteField(Speed(100, SpeedUnit.KNOTS), CruisingLevel(LevelUnit.VFR), "")
    ) == (SpeedLevel(Speed(100, SpeedUnit.KNOTS), CruisingLevel(LevelUnit.VFR), 0),)
