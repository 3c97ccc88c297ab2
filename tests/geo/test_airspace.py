"""The packaged airspace checked against facts that do not come from it: where well-known places
are, and how large some states are."""

import pytest
import shapely
from pyproj import Geod

from overflight.geo import load_airspace

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def airspace():
    return load_airspace()


@pytest.mark.parametrize(
    ("place", "lat", "lon", "state"),
    [
        ("Pyongyang", 39.03, 125.75, "KP"),
        ("Damascus", 33.51, 36.29, "SY"),
        ("Ankara", 39.93, 32.86, "TR"),
        ("Astana", 51.17, 71.45, "KZ"),
        ("Ashgabat", 37.95, 58.38, "TM"),
        ("Bishkek", 42.87, 74.59, "KG"),
        ("Dushanbe", 38.56, 68.79, "TJ"),
        ("Kabul", 34.53, 69.17, "AF"),
        ("Tashkent", 41.30, 69.24, "UZ"),
        ("Petrozavodsk, Russian Karelia", 61.79, 34.36, "RU"),
        ("Kuusamo, Finland near the Russian border", 65.97, 29.19, "FI"),
        ("Helsinki", 60.17, 24.94, "FI"),
        ("Kaliningrad, Russian exclave", 54.71, 20.51, "RU"),
        ("Anadyr, Chukotka east of 177E", 64.73, 177.51, "RU"),
        ("Uelen, Chukotka west of 180 in longitude -169.8", 66.16, -169.81, "RU"),
        ("Nome, Alaska", 64.50, -165.41, "US"),
        ("Adak, Aleutians", 51.88, -176.65, "US"),
        ("Suva, Fiji", -18.14, 178.44, "FJ"),
        ("Taveuni, Fiji east of 180", -16.85, -179.95, "FJ"),
        ("Baikonur, leased by Russia in Kazakhstan", 45.62, 63.31, "KZ"),
        ("Nicosia", 35.17, 33.36, "CY"),
        ("Istanbul, European side", 41.01, 28.98, "TR"),
        ("Singapore", 1.29, 103.85, "SG"),
        ("Nuuk, Greenland", 64.18, -51.69, "GL"),
        ("Hong Kong", 22.30, 114.17, "HK"),
        ("Pristina, Kosovo", 42.66, 21.17, "XK"),
        ("McMurdo, Antarctica", -77.85, 166.67, ""),
        ("mid-Atlantic", 40.0, -40.0, ""),
        ("middle of the Caspian", 42.0, 50.5, ""),
    ],
)
def test_well_known_places_lie_in_the_right_state(airspace, place, lat, lon, state):
    assert airspace.state_at(lon, lat) == state, place


@pytest.mark.parametrize(
    ("state", "area_km2", "tolerance"),
    [
        # Land area including inland water, rounded published figures (CIA World Factbook
        # "total area"); Natural Earth at 1:10m lands within a few percent.
        ("RU", 17_098_242, 0.04),
        ("FI", 338_145, 0.05),
        ("KZ", 2_724_900, 0.04),
        ("US", 9_833_517, 0.06),
        ("FJ", 18_274, 0.10),
    ],
)
def test_land_areas_match_published_figures(airspace, state, area_km2, tolerance):
    land = shapely.union_all(
        [g for g, c, sea in zip(airspace.regions, airspace.codes, airspace.is_sea, strict=True)
         if c == state and not sea]
    )  # fmt: skip
    area = sum(abs(GEOD.geometry_area_perimeter(p)[0]) for p in shapely.get_parts(land)) / 1e6
    assert area == pytest.approx(area_km2, rel=tolerance)


def test_territorial_sea_reaches_12_nm_and_no_further(airspace):
    # Due west of Cabo da Roca (38.78N 9.50W, the westernmost point of mainland Europe):
    # 20 km out is Portuguese sea, 25 km out is international.
    for distance_m, state in ((20_000, "PT"), (25_000, "")):
        lon, lat, _ = GEOD.fwd(-9.50, 38.78, 270, distance_m)
        assert airspace.state_at(lon, lat) == state, distance_m


def test_regions_of_different_states_do_not_overlap(airspace):
    tree = shapely.STRtree(airspace.regions)
    left, right = tree.query(airspace.regions, predicate="overlaps")
    pairs = {(airspace.codes[i], airspace.codes[j]) for i, j in zip(left, right, strict=True)
             if i < j and airspace.codes[i] != airspace.codes[j]}  # fmt: skip
    overlapping = {
        pair for pair in pairs
        if shapely.intersection(
            airspace.geometry(pair[0]), airspace.geometry(pair[1])
        ).area > 1e-4  # 1.2 km² at the equator: quantisation slivers (China/Macao) are below
    }  # fmt: skip
    assert overlapping == set()
