"""The telegram page shows the subject with its own portion mark, to those who may read it."""

from __future__ import annotations

import html

import pytest
from web_personas import PERSONAS, SUBJECT, Persona, Seed, TestClient, page_login


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_the_subject_carries_its_own_mark_or_is_not_shown(
    client: TestClient, seeded: Seed, persona: Persona
) -> None:
    client.cookies.clear()
    page_login(client, persona)
    try:
        page = client.get(f"/telegrams/{seeded.telegram}")
    finally:
        client.cookies.clear()
    assert page.status_code == 200, page.text
    text = html.unescape(page.text)
    if persona.nationality == "USA":  # the subject is (S//NF)
        assert (
            '<p id="subject"><strong>SUBJECT:</strong> <span class="mark">(S//NF)</span> '
            f"{SUBJECT}</p>"
        ) in text
    else:
        assert 'id="subject"' not in text
        assert SUBJECT not in text
