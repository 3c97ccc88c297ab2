import json

from adsb_samples import sample

from overflight.errors import ParseError
from overflight.observed import ObservedPosition
from overflight.observed.decoder import ModeSDecoder
from overflight.observed.feeds import read_frames_jsonl
from overflight.observed.frames import Frame

EVEN = "8D40621D58C382D690C8AC2863A7"
ODD = "8D40621D58C386435CC412692AD6"


def test_an_even_and_odd_pair_gives_a_global_fix_then_frames_decode_locally():
    decoder = ModeSDecoder()
    found = list(decoder.decode([Frame(0.0, ODD), Frame(2.0, EVEN), Frame(3.0, ODD)]))
    assert len(found) == 2
    first = found[0]
    assert isinstance(first, ObservedPosition)
    assert (round(first.lat, 4), round(first.lon, 4)) == (52.2572, 3.9194)
    assert first.altitude_ft == 38000


def test_a_pair_too_far_apart_in_time_is_not_paired():
    decoder = ModeSDecoder()
    assert list(decoder.decode([Frame(0.0, ODD), Frame(20.0, EVEN)])) == []


def test_replies_from_addresses_never_seen_in_the_clear_are_ignored():
    decoder = ModeSDecoder()
    assert list(decoder.decode([Frame(0.0, "02E197B00179C3")])) == []  # DF0, AP = addr ^ CRC
    assert decoder.untrusted == 1
    assert "4b18fe" not in decoder.aircraft


def test_a_corrupted_squitter_is_reported():
    (err,) = ModeSDecoder().decode([Frame(0.0, EVEN[:-1] + "8", "f:7")])
    assert isinstance(err, ParseError)
    assert str(err) == "f:7: frame: parity check failed (corrupted frame)"


def test_decoding_the_real_flight_matches_rs1090s_own_decoding():
    path = sample("rs1090/full_flight_short.jsonl")
    lines = path.read_text().splitlines()
    expected = [json.loads(line) for line in lines]
    expected = [(row["latitude"], row["longitude"]) for row in expected if "latitude" in row]
    decoder = ModeSDecoder(receiver=(49.0, 2.55))  # the recording began at Paris CDG
    found = list(decoder.decode(read_frames_jsonl(lines, str(path))))
    assert not [f for f in found if isinstance(f, ParseError)]
    ours = [(f.lat, f.lon) for f in found if isinstance(f, ObservedPosition)]
    assert ours == expected
    assert decoder.untrusted == 0
