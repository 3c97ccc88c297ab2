"""``lists fetch --db``: downloads from a loopback HTTP server, read in full, stored as a version.

The server (``http.server`` on 127.0.0.1, in a thread) serves the shared folder's real list
files, a copy of the UN list cut short on disk, and ``/cut/…``: a file whose connection closes
half-way through the length it announced.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from overflight.cli import app
from overflight.services.lists import stored_list_versions
from overflight.store import open_store
from overflight.watchlist.https_fetch import DEFAULT_SOURCES

runner = CliRunner()
WIDE = {"COLUMNS": "250"}
OFAC = "lists/ofac-sdn-2021-07"
UN = "lists/un-consolidated-2026-02/UN_consolidated.xml"
SAMPLE = "lists/opensanctions-ftm-sample/entities.ftm.json"
FIXTURES = Path(__file__).resolve().parents[1] / "watchlist" / "fixtures"


class _Handler(SimpleHTTPRequestHandler):
    """Files from the folder; ``/cut/PATH`` announces PATH's length and sends half of it."""

    def do_GET(self) -> None:
        if not self.path.startswith("/cut/"):
            super().do_GET()
            return
        body = Path(self.translate_path(self.path[len("/cut") :])).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.close_connection = True

    def log_message(self, *args: Any) -> None:
        """Quiet: the tests read the command's output, not the server's log."""


@pytest.fixture
def server(shared_dir: Path, tmp_path: Path) -> Iterator[str]:
    """The base URL of a loopback server over ``shared/data`` and a cut copy of the UN list."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "lists").symlink_to(shared_dir / "data" / "lists")
    (root / "fixtures").symlink_to(FIXTURES)
    (root / "bad").mkdir()
    (root / "bad" / "UN_consolidated.xml").write_bytes(
        (shared_dir / "data" / UN).read_bytes()[:6000]  # ends inside an element
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _fetch(db: Path, *sources: str) -> Any:
    args = ["lists", "fetch", "--db", str(db), "--by", "feed", "--timeout-s", "10"]
    for source in sources:
        args += ["--source", source]
    return runner.invoke(app, args, env=WIDE)


def test_the_official_files_are_fetched_verified_and_stored_as_one_version(
    server: str, shared_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "lists.db"
    result = _fetch(
        db,
        f"ofac-sdn={server}/{OFAC}/sdn.csv",
        f"ofac-alt={server}/{OFAC}/alt.csv",
        f"ofac-add={server}/{OFAC}/add.csv",
        f"un-sc={server}/{UN}",
    )
    assert result.exit_code == 0, result.output
    assert "List version stored" in result.output
    with open_store(db) as store, store.session() as session:
        [version] = stored_list_versions(session)
    assert version.imported_by == "feed"
    assert [f.name for f in version.files] == [
        "sdn.csv",
        "alt.csv",
        "add.csv",
        "UN_consolidated.xml",
    ]
    for stored, path in zip(
        version.files,
        [f"{OFAC}/sdn.csv", f"{OFAC}/alt.csv", f"{OFAC}/add.csv", UN],
        strict=True,
    ):
        body = (shared_dir / "data" / path).read_bytes()
        assert stored.sha256 == hashlib.sha256(body).hexdigest()
        assert stored.size_bytes == len(body)
        assert stored.source_url == f"{server}/{path}"
    assert version.files[1].entities == 0  # alt.csv's aliases join the sdn.csv's entities
    assert version.entities == version.files[0].entities + version.files[3].entities > 9_000


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("lists/missing.json", "answered HTTP 404"),
        (f"cut/{SAMPLE}", "broke off"),
        ("bad/UN_consolidated.xml", "not well-formed XML"),
    ],
    ids=["404", "cut-connection", "corrupt-file"],
)
def test_a_failed_or_unreadable_download_is_one_clear_error_and_stores_nothing(
    server: str, tmp_path: Path, path: str, says: str
) -> None:
    db = tmp_path / "lists.db"
    result = _fetch(db, f"os={server}/{SAMPLE}", f"un-sc={server}/{path}")
    assert result.exit_code == 2, result.output
    assert says in result.stderr
    assert "Traceback" not in result.output
    if db.exists():
        with open_store(db) as store, store.session() as session:
            assert stored_list_versions(session) == ()


def test_fetch_needs_a_folder_or_a_store() -> None:
    result = runner.invoke(app, ["lists", "fetch"])
    assert result.exit_code == 2
    assert "--db" in result.stderr


def test_the_sdn_csvs_and_the_advanced_xml_in_one_version_are_refused(
    server: str, tmp_path: Path
) -> None:
    db = tmp_path / "lists.db"
    result = _fetch(
        db,
        f"ofac-sdn={server}/{OFAC}/sdn.csv",
        f"ofac-alt={server}/{OFAC}/alt.csv",
        f"ofac-add={server}/{OFAC}/add.csv",
        f"ofac-advanced={server}/fixtures/sdn_advanced.xml",
    )
    assert result.exit_code == 2, result.output
    assert "sdn.csv and sdn_advanced.xml both hold the OFAC SDN list" in result.stderr
    assert "e.g. 11648" in result.stderr
    with open_store(db) as store, store.session() as session:
        assert stored_list_versions(session) == ()
    alone = _fetch(db, f"ofac-advanced={server}/fixtures/sdn_advanced.xml")
    assert alone.exit_code == 0, alone.output
    with open_store(db) as store, store.session() as session:
        [version] = stored_list_versions(session)
    assert [f.name for f in version.files] == ["sdn_advanced.xml"]


def test_the_default_sources_hold_one_form_of_each_list_and_the_rest_is_listed() -> None:
    assert [s.name for s in DEFAULT_SOURCES] == [
        "ofac-sdn",
        "ofac-alt",
        "ofac-add",
        "un-sc",
        "eu-fsf",
        "uk",
    ]
    listed = runner.invoke(app, ["lists", "fetch", "--list-sources"], env=WIDE)
    assert listed.exit_code == 0, listed.output
    line = next(row for row in listed.output.splitlines() if "ofac-advanced" in row)
    assert "opt-in" in line
    assert "SDN_ADVANCED.XML" in line
    unknown = runner.invoke(app, ["lists", "fetch", "--db", "x.db", "--source", "uk-ofsi"])
    assert unknown.exit_code == 2
    assert "no such list source" in unknown.stderr
    assert "ofac-advanced" in unknown.stderr
