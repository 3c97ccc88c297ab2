"""Following background jobs through the API: wait for one to finish, cancel what is left.

Waits poll with a generous deadline (the machine is shared); no test asserts how long a job
takes.
"""

from __future__ import annotations

import time
from typing import Any

from web_personas import PERSONAS, TestClient, bearer

DEADLINE_S = 300.0
FINISHED = frozenset({"done", "failed", "cancelled"})


def wait_for_job(
    client: TestClient, url: str, headers: dict[str, str], *, until: frozenset[str] = FINISHED
) -> dict[str, Any]:
    """The job's status once its state is one of ``until`` (by default: finished)."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        if body["state"] in until:
            return body
        time.sleep(0.05)
    raise AssertionError(f"{url} still {body['state']} after {DEADLINE_S} s")


def cancel_every_job(client: TestClient, tokens: dict[str, str]) -> None:
    """Cancel every persona's unfinished jobs and wait until they have stopped.

    Tests that start jobs leave none running for the next (each user may have only two).
    """
    for persona in PERSONAS:
        headers = bearer(tokens, persona)
        for job in client.get("/api/jobs", headers=headers).json():
            if job["state"] not in FINISHED:
                client.delete(f"/api/jobs/{job['id']}", headers=headers)
                wait_for_job(client, f"/api/jobs/{job['id']}", headers)
