"""Every operation of the OpenAPI document, fuzzed in-process as an admin and as a viewer.

Schemathesis reads ``/openapi.json`` (served after a login) and sends each operation requests
generated from it through the app's ASGI interface, over a freshly seeded store on SQLite and
on PostgreSQL (skipped, saying why, where none answers). The bar: no answer is a 5xx, and
every answer with a documented schema matches it.

Each operation runs in three rounds: valid requests, invalid ones, and valid ones on the
seeded objects' ids (a generated id is nearly always unknown, which stops at the 404).
Bounded (``EXAMPLES`` per round, fewer where a password is hashed) and seeded (a fixed seed per
store, so CI runs the same examples every time, and the two stores get different ones); a
failure names the operation and a request that breaks it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from web_personas import ADMIN, PASSWORD, UNCLAS_TUR, Persona, Seed, TestClient, bearer, seed_store

from overflight.cases.coordination import set_deadline
from overflight.store import open_store
from overflight.web import WebSettings, create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_backends import opened_store

EXAMPLES = {"valid": 5, "invalid": 3, "seeded": 4}
# A password is hashed or checked (argon2, about half a second here): a few examples suffice.
SLOW = {"POST /api/token", "POST /api/me/password", "POST /api/users"}
SLOW_EXAMPLES = 1
SEEDS = {"sqlite": 20261202, "postgresql": 20261203}
NEVER = {
    # Ends the fuzzer's own login (test_web_requests.py checks it).
    "DELETE /api/token",
}
ADMIN_NEVER = {
    # Starts a chokepoint analysis: minutes of CPU in a background thread that the test could
    # not stop. The viewer, refused before anything is planned, sends it.
    "POST /api/cases/{case_id}/chokepoints",
}
ROUNDS = {
    "valid": GenerationMode.POSITIVE,
    "invalid": GenerationMode.NEGATIVE,
    "seeded": GenerationMode.POSITIVE,
}


@pytest.fixture(scope="module", params=list(SEEDS))
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Seed]]:
    """A freshly seeded store on SQLite, then on PostgreSQL: the backend's name and the seed."""
    with opened_store(request.param, tmp_path_factory.mktemp("fuzz")) as store:
        yield request.param, seed_store(store.url)


@pytest.fixture(scope="module")
def seeded_ids(backend: tuple[str, Seed]) -> dict[str, int]:
    """Ids of objects in the seed that the admin and the viewer may both see."""
    _, seeded = backend
    with open_store(seeded.database) as store, store.session() as session, session.begin():
        deadline = set_deadline(session, seeded.unclassified_case, date(2026, 6, 1), what="fuzz")
    return {
        "case_id": seeded.unclassified_case,
        "telegram_id": seeded.telegram,
        "engagement_id": 1,
        "deadline_id": deadline.id,
    }


@pytest.fixture(scope="module")
def fuzzed(backend: tuple[str, Seed], seeded_ids: dict[str, int]) -> Iterator[TestClient]:
    """An app over the seeded store; the login throttle out of the fuzzer's way."""
    config = WebSettings(database=backend[1].database, login_failures_per_address=1_000_000)
    with TestClient(create_app(config)) as client:
        yield client


@pytest.fixture(scope="module")
def logins(fuzzed: TestClient) -> dict[str, str]:
    """A bearer token for the admin and for the unclassified viewer."""
    found = {}
    for persona in (ADMIN, UNCLAS_TUR):
        form = {"username": persona.username, "password": PASSWORD}
        found[persona.username] = fuzzed.post("/api/token", data=form).json()["access_token"]
    return found


@pytest.fixture(scope="module")
def api_schema(fuzzed: TestClient, logins: dict[str, str]) -> schemathesis.BaseSchema:
    """The app's OpenAPI document, fetched with the admin's login."""
    return schemathesis.openapi.from_asgi(
        "/openapi.json", fuzzed.app, headers=bearer(logins, ADMIN)
    )


def _fuzz(
    operation: schemathesis.APIOperation,
    mode: GenerationMode,
    examples: int,
    headers: dict[str, str],
    ids: dict[str, int],
    seed_: int,
) -> None:
    @seed(seed_)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,  # no examples kept between runs: every run is the seed's
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=ids or None))
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, response_schema_conformance]
        )

    run()


@pytest.mark.parametrize("persona", [ADMIN, UNCLAS_TUR], ids=lambda p: p.username)
def test_no_operation_answers_5xx_or_off_its_schema(
    backend: tuple[str, Seed],
    api_schema: schemathesis.BaseSchema,
    logins: dict[str, str],
    seeded_ids: dict[str, int],
    persona: Persona,
) -> None:
    headers = bearer(logins, persona)
    failures: list[str] = []
    ran = set()
    for found in api_schema.get_all_operations():
        operation = found.ok()
        label = operation.label
        if label in NEVER or (persona is ADMIN and label in ADMIN_NEVER):
            continue
        named = re.findall(r"\{(\w+)\}", operation.path)
        for round_, mode in ROUNDS.items():
            ids = {name: seeded_ids[name] for name in named if name in seeded_ids}
            if round_ == "seeded" and not ids:
                continue
            examples = SLOW_EXAMPLES if label in SLOW else EXAMPLES[round_]
            try:
                sent_ids = ids if round_ == "seeded" else {}
                _fuzz(operation, mode, examples, headers, sent_ids, SEEDS[backend[0]])
            except Unsatisfiable:  # nothing to get wrong (no parameter): no invalid request
                assert mode is GenerationMode.NEGATIVE, label
            except (Exception, BaseExceptionGroup) as err:  # every operation runs; all reported
                failures.append(f"{label} ({round_}): {err}")
        ran.add(label)
    assert len(ran) >= 24
    assert not failures, "\n\n".join(failures)
