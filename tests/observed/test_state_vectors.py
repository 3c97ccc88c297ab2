import pytest

from overflight.errors import InputError, ParseError
from overflight.observed import ObservedPosition
from overflight.observed.state_vectors import read_state_vector_csv, read_state_vector_parquet

OPENSKY = [
    "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,"
    "baroaltitude,geoaltitude,lastposupdate,lastcontact",
    "1700000010,4baac6,41.3,28.7,257.2222,334.0,6.2,THY9BP  ,False,False,False,2312,"
    "10668.0,10900.0,1700000008.5,1700000009.9",
    "1700000020,4baac6,,,257.2,334.0,6.2,THY9BP,False,False,False,2312,10668.0,,,",
    "1700000030,4baac6,91.0,28.7,257.2,334.0,6.2,THY9BP,False,False,False,2312,10668.0,,,",
    "1700000040,4baac6,41.4,28.6,fast,334.0,6.2,THY9BP,False,False,False,2312,10668.0,,,",
    "1700000050,4baac6,41.4,28.6,0,0,0,THY9BP,True,False,False,2312,,,,",
]


def test_opensky_rows_become_feet_and_knots_timed_by_the_position_update():
    found = list(read_state_vector_csv(OPENSKY, "sv.csv"))
    first = found[0]
    assert isinstance(first, ObservedPosition)
    assert first.at.timestamp() == 1700000008.5
    assert first.altitude_ft == pytest.approx(35000.0)
    assert first.ground_speed_kt == pytest.approx(500.0, abs=0.01)
    assert first.callsign == "THY9BP"
    assert [str(f) for f in found if isinstance(f, ParseError)] == [
        "sv.csv:4: position: (91.0, 28.7) is not a latitude/longitude in range",
        "sv.csv:5: velocity: 'fast' is not a number",
    ]
    assert found[-1].on_ground


def test_traffic_columns_take_milliseconds_and_iso_times():
    lines = [
        "timestamp,icao24,latitude,longitude,groundspeed,track,callsign,altitude,last_position",
        "1726560266000,4baac6,41.37,28.76,233.0,334.1,THY9BP,4175.0,1726560263061",
        "2024-09-17T08:04:30Z,4baac6,41.38,28.75,233.0,334.1,THY9BP,4200.0,",
    ]
    first, second = read_state_vector_csv(lines, "t.csv")
    assert isinstance(first, ObservedPosition)
    assert isinstance(second, ObservedPosition)
    assert first.at.timestamp() == 1726560263.061
    assert first.altitude_ft == 4175.0
    assert second.at.isoformat() == "2024-09-17T08:04:30+00:00"


def test_an_unknown_header_is_one_error_at_line_one():
    (err,) = read_state_vector_csv(["a,b,c", "1,2,3"], "odd.csv")
    assert isinstance(err, ParseError)
    assert err.line == 1


def test_parquet_reads_the_same_as_csv(tmp_path):
    parquet = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed")
    import csv
    import io

    import pyarrow

    rows = list(csv.DictReader(io.StringIO("\n".join(OPENSKY[:2]))))
    path = tmp_path / "sv.parquet"
    parquet.write_table(pyarrow.Table.from_pylist(rows), path)
    assert list(read_state_vector_parquet(path)) == list(read_state_vector_csv(OPENSKY[:2]))


def test_a_file_that_is_no_parquet_is_an_input_error(tmp_path):
    pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed")
    path = tmp_path / "x.parquet"
    path.write_text("not parquet")
    with pytest.raises(InputError, match="not a readable parquet file"):
        list(read_state_vector_parquet(path))


@pytest.mark.parametrize("when", ["170000000800000009.9", "-1e300", "inf", "nan"])
def test_a_time_past_the_years_1900_to_2199_is_a_located_error(when):
    header, row = OPENSKY[0], OPENSKY[1].replace("1700000008.5", when)
    (found,) = read_state_vector_csv([header, row], "sv.csv")
    assert isinstance(found, ParseError)
    assert "is not a time of the years 1900–2199" in str(found)
