import json
import socket
import threading
from pathlib import Path

import pytest
from test_sbs import LINES

from overflight.errors import InputError, ParseError
from overflight.observed import FeedOptions, ObservedPosition, open_feed
from overflight.observed.feeds import FeedFormat, feed_format


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("cap.bin", b"\x1a3\x00", FeedFormat.BEAST),
        ("x", b"\x1a2", FeedFormat.BEAST),
        ("sv.parquet", b"PAR1", FeedFormat.PARQUET),
        ("trace_full_ac671b.json", b'{"icao":"ac671b"', FeedFormat.JSON),
        ("aircraft.json", b'{"now": 1, "aircraft": []}', FeedFormat.JSON),
        ("x", b"\x1f\x8b\x08", FeedFormat.JSON),
        ("flight.jsonl", b'{"timestamp": 1, "frame": "8d"}', FeedFormat.FRAMES),
        ("feed.avr", b"*8D4840D6202CC371C32CE0576098;\n", FeedFormat.AVR),
        ("feed.txt", b"MSG,3,1,1,4CA2D6", FeedFormat.SBS),
        ("sv.csv", b"time,icao24,lat,lon", FeedFormat.STATE_VECTORS),
    ],
)
def test_a_files_format_is_told_by_its_content_and_suffix(name, head, kind):
    assert feed_format(Path(name), head) is kind


def test_files_of_each_text_format_open_by_name(tmp_path):
    sbs = tmp_path / "feed.txt"
    sbs.write_text("\n".join(LINES) + "\n")
    snapshot = tmp_path / "aircraft.json"
    snapshot.write_text(
        json.dumps({"now": 10, "aircraft": [{"hex": "abcdef", "lat": 1, "lon": 2}]})
    )
    assert [p.icao24 for p in open_feed(str(sbs)) if isinstance(p, ObservedPosition)] == [
        "4ca2d6"
    ] * 2
    assert [p.lat for p in open_feed(str(snapshot)) if isinstance(p, ObservedPosition)] == [1.0]


def test_a_missing_file_and_a_bad_address_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="cannot read the feed file"):
        open_feed(str(tmp_path / "absent.txt"))
    with pytest.raises(InputError, match="give host and port"):
        open_feed("sbs://127.0.0.1")


def _serve_twice(server: socket.socket, pieces: list[bytes]) -> None:
    """Accept two connections: send one piece on each, then hang up."""
    for piece in pieces:
        connection, _ = server.accept()
        with connection:
            connection.sendall(piece)


def test_a_dropped_tcp_feed_reconnects_and_reading_goes_on():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    first = ("\n".join(LINES[:4]) + "\n").encode()
    second = (LINES[5] + "\n").encode()
    thread = threading.Thread(target=_serve_twice, args=(server, [first, second]), daemon=True)
    thread.start()
    feed = open_feed(f"sbs://127.0.0.1:{port}", FeedOptions(attempts=2))
    found = [item for item in feed if item is not None]
    thread.join(timeout=5)
    server.close()
    positions = [f for f in found if isinstance(f, ObservedPosition)]
    drops = [str(f) for f in found if isinstance(f, ParseError)]
    assert [p.lat for p in positions] == [53.1, 53.11]
    assert positions[1].callsign == "RYR12AB"  # facts survive the reconnection
    assert drops == [f"tcp://127.0.0.1:{port}: feed closed by the sender; reconnecting"] * 2


def test_a_refused_connection_is_reported_not_raised():
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    found = list(open_feed(f"beast://127.0.0.1:{port}", FeedOptions(attempts=1)))
    assert len(found) == 1
    assert isinstance(found[0], ParseError)
    assert "cannot connect" in str(found[0])
