"""The seam: the web and the command line decide through ``services.accounts`` alone.

For each persona and each seeded case, the owner module's decision (``may_see`` on the account
``account_named`` gives, ``require`` for the analyst role) is taken first; the API, the page
and ``overflight case show --as`` must then answer the same. A second gate anywhere (a web-only
bypass, a CLI that reads the store as its owner) makes one of them disagree.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner
from web_personas import PERSONAS, Persona, Seed, TestClient, bearer

from overflight.cases import get_case
from overflight.cli import app as cli_app
from overflight.services.accounts import (
    Account,
    ForbiddenError,
    Role,
    account_named,
    may_see,
    require,
)
from overflight.store import open_store

runner = CliRunner()
CASES = ("unclassified_case", "noforn_case", "rel_tur_case")  # U, S//NF, S//REL TO USA, TUR


def _owner(seeded: Seed, persona: Persona, case_name: str) -> tuple[Account, bool]:
    """The account and the owner module's read decision for one case."""
    case_id = getattr(seeded, case_name)
    with open_store(seeded.database, create=False) as store, store.session() as session:
        account = account_named(session, persona.username)
        return account, may_see(account, get_case(session, case_id).marking)


def _may_write(account: Account) -> bool:
    try:
        require(account, Role.ANALYST)
    except ForbiddenError:
        return False
    return True


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_the_web_and_the_cli_read_what_the_owner_module_decides(
    seeded: Seed, client: TestClient, tokens: dict[str, str], persona: Persona
) -> None:
    seen = set()
    for name in CASES:
        case_id = getattr(seeded, name)
        account, allowed = _owner(seeded, persona, name)
        api = client.get(f"/api/cases/{case_id}", headers=bearer(tokens, persona))
        show = ["case", "show", str(case_id), "--format", "json", "--db", seeded.database]
        cli = runner.invoke(cli_app, [*show, "--as", persona.username])
        where = f"{persona.username} on {name}"
        assert api.status_code == (200 if allowed else 404), where
        assert (cli.exit_code == 0) is allowed, f"{where}: {cli.output}"
        if allowed:
            assert json.loads(cli.output)["id"] == api.json()["id"] == case_id
            seen.add(name)
        else:
            assert "not found" in cli.output, where
        assert account.may(Role.ANALYST) is _may_write(account) is (persona.role != Role.VIEWER)
    assert "unclassified_case" in seen  # every persona reads (U): the loop judged something


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_a_write_to_a_case_is_refused_by_the_owner_modules_two_gates_in_order(
    seeded: Seed, client: TestClient, tokens: dict[str, str], persona: Persona
) -> None:
    """Hidden: 404 whatever the role; visible: 403 without the analyst role; else the body."""
    for name in CASES:
        case_id = getattr(seeded, name)
        account, allowed = _owner(seeded, persona, name)
        response = client.post(
            f"/api/cases/{case_id}/outcomes", json={}, headers=bearer(tokens, persona)
        )
        expected = 404 if not allowed else 422 if _may_write(account) else 403
        assert response.status_code == expected, f"{persona.username} on {name}"
