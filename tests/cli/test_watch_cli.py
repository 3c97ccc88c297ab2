import json
import os
import re
import socket
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from overflight.cli import app
from overflight.services.partners import DEFAULT_PARTNERS

runner = CliRunner()
T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def run(*args: str):
    """Run the command on a wide terminal, so that Rich wraps no line the tests read."""
    return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "400"})


def sbs_lines(icao24: str, start, end, minutes: float, callsign: str = "") -> list[str]:
    """SBS-1 lines of a straight flight: a callsign line, then a position every 10 s."""
    count = int(minutes * 6) + 1
    lines = []
    if callsign:
        lines.append(f"MSG,1,1,1,{icao24},1,2026/05/01,12:00:00.000,2026/05/01,12:00:00.000,"
                     f"{callsign},,,,,,,,,,,0")  # fmt: skip
    for i in range(count):
        at = T0 + timedelta(seconds=10 * i)
        lat = start[0] + (end[0] - start[0]) * i / (count - 1)
        lon = start[1] + (end[1] - start[1]) * i / (count - 1)
        stamp = f"{at:%Y/%m/%d},{at:%H:%M:%S}.000"
        lines.append(f"MSG,3,1,1,{icao24},1,{stamp},{stamp},,33000,,,{lat:.5f},{lon:.5f},,,0,0,0,0")
    return lines


@pytest.fixture
def sbs_file(tmp_path: Path) -> Path:
    """An Iranian-registered aircraft from Turkey into Iran, one garbage line, another aircraft."""
    path = tmp_path / "feed.sbs"
    lines = sbs_lines("730123", (38.5, 44.0), (38.5, 45.5), 20, "IRA711")
    lines.insert(5, "MSG,3,this line is broken")
    lines += sbs_lines("4ca2d6", (48.3, 16.0), (48.3, 16.2), 2)
    path.write_text("\n".join(lines) + "\n")
    return path


def test_track_prints_the_transits_of_the_aircraft_seen_most(sbs_file):
    result = run("track", str(sbs_file))
    assert result.exit_code == 0, result.output
    assert "IRA711 (730123)" in result.stdout
    assert "TR Türkiye" in result.stdout
    assert "IR Iran" in result.stdout
    assert "1 other aircraft in the file" in result.stdout
    assert "feed.sbs:6: an SBS MSG line has 22 fields, this one 3" in result.stderr


def test_track_json_geojson_and_map(sbs_file, tmp_path):
    data = json.loads(run("track", str(sbs_file), "--format", "json").stdout)
    assert [t["state"] for t in data["transits"]] == ["TR", "IR"]
    assert data["transits"][1]["entered_at"].startswith("2026-05-01T12:")
    assert [e["kind"] for e in data["events"]] == ["entered"]
    other = json.loads(
        run("track", str(sbs_file), "--aircraft", "4CA2D6", "--format", "json").stdout
    )
    assert [t["state"] for t in other["transits"]] == ["AT"]
    geo = json.loads(run("track", str(sbs_file), "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection"
    svg = tmp_path / "track.svg"
    result = run("track", str(sbs_file), "--map", str(svg))
    assert result.exit_code == 0
    assert svg.read_text().lstrip().startswith("<?xml")


def test_track_errors_are_one_line_and_exit_2(sbs_file, tmp_path):
    result = run("track", str(sbs_file), "--aircraft", "abcdef")
    assert result.exit_code == 2
    assert "no position of abcdef could be read" in result.stderr
    result = run("track", str(tmp_path / "absent.sbs"))
    assert result.exit_code == 2
    assert "cannot read the feed file" in result.stderr
    assert "Traceback" not in result.output


def test_watch_files_and_prints_the_alerts_of_aircraft_of_concern(sbs_file, tmp_path):
    db = tmp_path / "watch.db"
    result = run("watch", "--feed", str(sbs_file), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "2 alerts" in result.stdout
    assert "block of Iran" in result.stdout
    assert "entered" in result.stdout
    assert "1 bad input" in result.stdout
    assert "2 alerts filed" in result.stdout
    again = run("watch", "--feed", str(sbs_file), "--db", str(db))
    assert "0 alerts filed" in again.stdout


def test_watch_refuses_a_bad_replay_speed_and_feed(sbs_file, tmp_path):
    db = str(tmp_path / "x.db")
    result = run("watch", "--feed", str(sbs_file), "--replay-speed", "0", "--db", db)
    assert result.exit_code == 2
    assert "--replay-speed: 0: give a speed above 0" in result.stderr
    result = run("watch", "--feed", "sbs://nohost", "--db", db)
    assert result.exit_code == 2
    assert "give host and port" in result.stderr


def test_watch_reads_a_tcp_feed_and_reconnects(sbs_file, tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    lines = sbs_file.read_bytes().splitlines(keepends=True)
    halves = [b"".join(lines[:60]), b"".join(lines[60:])]

    def serve() -> None:
        for half in halves:
            connection, _ = server.accept()
            with connection:
                connection.sendall(half)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    result = run("watch", "--feed", f"sbs://127.0.0.1:{port}", "--connections", "2",
                 "--db", str(tmp_path / "tcp.db"))  # fmt: skip
    thread.join(timeout=5)
    server.close()
    assert result.exit_code == 0, result.output
    assert "block of Iran" in result.stdout
    assert "3 bad input" in result.stdout  # the broken line, and each connection the sender closed
    assert "feed closed by the sender; reconnecting" in result.stdout + result.stderr


def test_watch_publishes_to_a_nats_broker(sbs_file, tmp_path, nats_consumers):
    url = os.environ.get("OVERFLIGHT_NATS", "nats://127.0.0.1:4222")
    nats_consumers.extend(partner.consumer for partner in DEFAULT_PARTNERS)
    probe = run("watch", "--feed", str(sbs_file), "--db", str(tmp_path / "n.db"), "--nats", url)
    if probe.exit_code == 2 and "no NATS JetStream answers" in probe.stderr:
        pytest.skip(f"no NATS JetStream broker at {url}")
    assert probe.exit_code == 0, probe.output
    assert "withheld by marking" in probe.stdout
    # The alerts' ids are the same on every run (a fresh store too): the broker keeps one copy.
    again = run("watch", "--feed", str(sbs_file), "--db", str(tmp_path / "n2.db"), "--nats", url)
    assert "0 messages published (6 already sent" in again.stdout


def test_watch_refuses_a_bad_partners_file_before_reading_the_feed(sbs_file, tmp_path):
    partners = tmp_path / "partners.yaml"
    partners.write_text("partners:\n  - name: KAZ\n    clearance: SECRET\n    nationality: KAZ\n")
    result = run("watch", "--feed", str(sbs_file), "--partners", str(partners),
                 "--db", str(tmp_path / "p.db"))  # fmt: skip
    assert result.exit_code == 2
    assert "partners.yaml:3" in result.stderr
    assert "partners[0].clearance" in result.stderr
    assert not (tmp_path / "p.db").exists()


def test_watch_releases_to_the_partners_of_the_file(sbs_file, tmp_path, nats_consumers):
    url = os.environ.get("OVERFLIGHT_NATS", "nats://127.0.0.1:4222")
    nats_consumers.extend(("partner-USA", "partner-KAZ"))
    partners = tmp_path / "partners.yaml"
    partners.write_text(
        "partners:\n"
        "  - {name: USA, clearance: TS, nationality: USA}\n"
        "  - {name: KAZ, clearance: S, nationality: KAZ}\n"
    )
    result = run("watch", "--feed", str(sbs_file), "--db", str(tmp_path / "k.db"),
                 "--nats", url, "--partners", str(partners))  # fmt: skip
    if result.exit_code == 2 and "no NATS JetStream answers" in result.stderr:
        pytest.skip(f"no NATS JetStream broker at {url}")
    assert result.exit_code == 0, result.output
    counts = re.search(r"(\d+) messages published \((\d+) already sent", result.stdout)
    assert counts is not None, result.stdout
    # Two unclassified alerts, each to both partners (ids repeat across runs: some already sent).
    assert int(counts[1]) + int(counts[2]) == 4
