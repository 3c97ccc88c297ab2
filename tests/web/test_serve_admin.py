"""``overflight serve``: the local admin, once; forwarded headers; bodies answered unread.

The forwarded-header and body tests start ``overflight serve`` in a process of its own on a
free loopback port and speak HTTP to it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner
from web_server import answers_login, free_port

from overflight.cli import app
from overflight.cli.serve import (
    first_admin,
    parse_trusted_proxies,
    proxy_options,
    serve_settings,
)
from overflight.errors import OverflightError
from overflight.services.accounts import Role, authenticate
from overflight.store import open_store
from overflight.web import create_app


def test_first_admin_is_created_once_and_can_log_in(tmp_path: Path) -> None:
    database = str(tmp_path / "fresh.db")
    created = first_admin(database)
    assert created is not None
    user, password = created
    assert len(password) >= 16
    assert first_admin(database) is None  # a second start creates nothing
    with open_store(database) as store, store.session() as session:
        account = authenticate(session, user, password)
        assert account is not None
        assert account.role is Role.ADMIN
        assert authenticate(session, user, password + "x") is None


def test_serve_screens_against_the_lists_given_until_an_admin_imports_one(
    tmp_path: Path, shared_dir: Path
) -> None:
    un = shared_dir / "data" / "lists" / "un-consolidated-2026-02" / "UN_consolidated.xml"
    settings = serve_settings(str(tmp_path / "s.db"), [un], None, secure_cookies=True)
    assert settings.reference.lists is not None
    assert "UN_consolidated.xml" in settings.reference.lists_label
    assert settings.secure_cookies
    app = create_app(settings)
    assert app.state.screening_lists.list_version_id is None  # nothing imported: the start-up lists
    app.state.store.close()


def test_serve_refuses_a_list_file_with_no_entity(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(OverflightError):
        serve_settings(None, [empty], None, secure_cookies=False)


def test_serve_refuses_a_port_out_of_range_before_starting(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "99999", "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2
    assert "--port" in result.output
    assert "65535" in result.output
    assert not (tmp_path / "p.db").exists()  # refused before the store was touched


@pytest.mark.parametrize(
    ("given", "trusted"),
    [
        (["127.0.0.1"], ("127.0.0.1",)),
        (["10.0.0.0/8", " ::1 "], ("10.0.0.0/8", "::1")),
        (["2001:db8::/32"], ("2001:db8::/32",)),
        ([], ()),
    ],
)
def test_trusted_proxies_are_addresses_or_networks(given: list[str], trusted: tuple[str]) -> None:
    assert parse_trusted_proxies(given) == trusted
    options = proxy_options(trusted)
    assert options["proxy_headers"] is bool(trusted)
    assert options.get("forwarded_allow_ips", []) == list(trusted)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("proxy.example", "does not appear to be an IPv4 or IPv6 address"),
        ("10.0.0.1/8", "has host bits set"),
        ("*", "does not appear"),
        ("", "does not appear"),
    ],
)
def test_serve_refuses_a_trusted_proxy_that_is_no_address(
    tmp_path: Path, value: str, why: str
) -> None:
    database = tmp_path / "t.db"
    result = CliRunner().invoke(app, ["serve", "--trusted-proxy", value, "--db", str(database)])
    assert result.exit_code == 2
    assert "--trusted-proxy" in result.output
    assert why in " ".join(result.output.split())
    assert not database.exists()  # refused before the store was touched


@contextmanager
def _serving(folder: Path, *options: str) -> Iterator[str]:
    """``overflight serve`` in a process of its own on a free loopback port; its base URL."""
    port = free_port()
    command = [sys.executable, "-c", "from overflight.cli import main; main()", "serve"]
    command += ["--db", str(folder / "served.db"), "--port", str(port), *options]
    log = folder / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        if not answers_login(base, process):
            pytest.fail(f"overflight serve stopped or did not answer on /login: {log.read_text()}")
        assert "Created the local admin" in log.read_text()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _fail_login(client: httpx.Client, forwarded_for: str) -> int:
    """One wrong password for the local admin, said to come from ``forwarded_for``."""
    response = client.post(
        "/api/token",
        data={"username": "admin", "password": "not the password"},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return response.status_code


# The throttle allows 30 failed logins per address in 15 minutes. The first 5 lock the admin;
# the rest are refused without a password check (fast), and count toward the throttle alike.
THROTTLE = 30


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``overflight serve`` as started by default: no proxy trusted."""
    with _serving(tmp_path_factory.mktemp("serve")) as base:
        yield base


def test_serve_ignores_forwarded_for_by_default(served: str) -> None:
    with httpx.Client(base_url=served, timeout=30) as client:
        codes = [_fail_login(client, f"198.51.100.{n}") for n in range(THROTTLE)]
        assert set(codes) == {401}
        refused = client.post(
            "/api/token",
            data={"username": "admin", "password": "x"},
            headers={"X-Forwarded-For": "198.51.100.200"},
        )
    assert refused.status_code == 429  # a fresh forwarded address per request changes nothing
    assert int(refused.headers["Retry-After"]) > 0


def test_serve_answers_a_huge_anonymous_body_before_reading_it(served: str) -> None:
    address = served.removeprefix("http://").split(":")
    with socket.create_connection((address[0], int(address[1])), timeout=10) as raw:
        raw.sendall(
            b"POST /api/screen HTTP/1.1\r\nHost: overflight\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n"
            b"Content-Length: 536870912\r\n\r\n"
        )
        head = raw.recv(4096).decode()  # answered with not a byte of the body sent
    assert head.startswith("HTTP/1.1 401")
    assert "connection: close" in head.lower()
    sent = [0]

    def body() -> Iterator[bytes]:
        for _ in range(8192):  # 512 MiB
            sent[0] += 65536
            yield b"x" * 65536

    response = httpx.post(
        f"{served}/api/screen",
        content=body(),
        headers={"content-type": "multipart/form-data; boundary=b"},
        timeout=30,
    )
    assert response.status_code == 401
    assert sent[0] < 32 * 2**20  # what the sockets' buffers took before the server hung up


def test_serve_counts_the_forwarded_address_from_a_trusted_proxy(tmp_path: Path) -> None:
    with (
        _serving(tmp_path, "--trusted-proxy", "127.0.0.1") as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        # One failure from each of 31 addresses: none of them is over the limit.
        assert {_fail_login(client, f"198.51.100.{n}") for n in range(THROTTLE + 1)} == {401}
        # 30 from one address: its 31st waits, while another address is still heard.
        assert {_fail_login(client, "203.0.113.7") for _ in range(THROTTLE)} == {401}
        assert _fail_login(client, "203.0.113.7") == 429
        assert _fail_login(client, "203.0.113.8") == 401


def test_serve_with_two_workers_shares_the_login_throttle(tmp_path: Path) -> None:
    """Two worker processes: failed logins on fresh connections (either worker) add up."""
    with _serving(tmp_path, "--workers", "2") as base:
        assert "Serving with 2 workers" in (tmp_path / "serve.log").read_text()
        codes = []
        for _ in range(THROTTLE):
            with httpx.Client(base_url=base, timeout=30) as client:  # a new connection each
                codes.append(_fail_login(client, "198.51.100.7"))
        assert set(codes) == {401}
        with httpx.Client(base_url=base, timeout=30) as client:
            assert _fail_login(client, "198.51.100.8") == 429
