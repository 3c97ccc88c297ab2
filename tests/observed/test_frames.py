import pytest
from adsb_samples import sample
from hypothesis import given
from hypothesis import strategies as st

from overflight.errors import ParseError
from overflight.observed import ObservedPosition
from overflight.observed.decoder import ModeSDecoder
from overflight.observed.frames import BeastDeframer, Frame, check_frame, read_avr

KLM = "8D4840D6202CC371C32CE0576098"  # DF17 identification: KLM1023


def beast(kind: bytes, counter: int, message: bytes, signal: int = 0x20) -> bytes:
    body = counter.to_bytes(6, "big") + bytes([signal]) + message
    return b"\x1a" + kind + body.replace(b"\x1a", b"\x1a\x1a")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("8D4840D6202CC371C32CE057609", "a Mode S frame has 14 or 28 hex digits, this one 27"),
        ("zz", "'zz' is not hex"),
        ("", "'' is not hex"),
        ("8D4840D6", "a Mode S frame has 14 or 28 hex digits, this one 8"),
        ("8D4840D6202CC3", "downlink format 17 has 28 hex digits, this frame 14"),
        ("404840D6202CC3", "downlink format 8 is not a Mode S reply"),
    ],
)
def test_bad_frames_are_refused_before_rs1090_sees_them(text, message):
    with pytest.raises(ParseError) as caught:
        check_frame(text, "feed:1")
    assert caught.value.message == message


def test_good_frames_pass_in_upper_case():
    assert check_frame(KLM.lower()) == KLM
    assert check_frame("5D4840D6202CC3") == "5D4840D6202CC3"


@given(st.text(max_size=40) | st.text(alphabet="0123456789abcdefABCDEF", max_size=30))
def test_no_input_makes_the_decoder_raise(text):
    decoder = ModeSDecoder()
    for found in decoder.decode([Frame(0.0, text, "fuzz")]):
        assert isinstance(found, ParseError | ObservedPosition)


def test_beast_frames_are_cut_out_with_escapes_noise_and_split_chunks():
    message = bytes.fromhex(KLM)
    stream = (
        b"noise"
        + beast(b"3", 0x1A1A, message)  # the counter holds two escaped 0x1a bytes
        + beast(b"1", 5, b"\x12\x34")  # Mode A/C: skipped quietly
        + beast(b"2", 12_000_000 + 0x1A1A, bytes.fromhex("5D4840D6202CC3"))
    )
    deframer = BeastDeframer(lambda counter: counter / 12e6, source="cap.bin")
    found = list(deframer.feed(stream[:20])) + list(deframer.feed(stream[20:]))
    frames = [f for f in found if isinstance(f, Frame)]
    assert [f.hex for f in frames] == [KLM, "5D4840D6202CC3"]
    assert frames[1].at - frames[0].at == pytest.approx(1.0)
    (noise,) = [f for f in found if isinstance(f, ParseError)]
    assert str(noise) == "cap.bin@0: 5 byte(s) that are no Beast frame skipped"


def test_avr_lines_with_and_without_counter():
    lines = [f"*{KLM};", f"@00000000000C{KLM};", "*8D4840D6;", "hello", ""]
    found = list(read_avr(lines, clock=lambda c: c / 12e6, source="f.avr"))
    assert [f.at for f in found if isinstance(f, Frame)] == [0.0, 1e-6]
    assert [str(f) for f in found if isinstance(f, ParseError)] == [
        "f.avr:3: frame: a Mode S frame has 14 or 28 hex digits, this one 8",
        "f.avr:4: 'hello' is not an AVR frame (*hex; or @hex;)",
    ]


def test_the_real_beast_sample_decodes_to_positions_in_time_order():
    path = sample("dump1090/sample_dump1090.bin")
    deframer = BeastDeframer(lambda counter: counter / 12e6, source=str(path))
    decoder = ModeSDecoder()
    found = list(decoder.decode(deframer.feed(path.read_bytes())))
    positions = [f for f in found if isinstance(f, ObservedPosition)]
    assert positions, "the sample holds at least one even/odd pair"
    assert {p.icao24 for p in positions} == {"48520a"}
    assert positions[-1].callsign == "TRA89M"
    assert not [f for f in found if isinstance(f, ParseError)]
