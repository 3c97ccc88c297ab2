"""The screening page: the level's colour on its badge alone, and an oversized submission answered
with the page (413, the form again and why), whether pasted or uploaded, within the multipart
envelope or past it."""

from __future__ import annotations

import pytest
from web_personas import FPL, US_ANALYST, TestClient, csrf_of, page_login

LIMIT = 20_000  # the test app's max_upload_bytes (web_personas.client)


def test_the_level_colours_the_badge_not_the_section(client: TestClient) -> None:
    page_login(client, US_ANALYST)
    token = csrf_of(client.get("/screen").text)
    page = client.post("/screen", data={"csrf_token": token, "text": FPL}).text
    assert '<section class="verdict">' in page
    assert 'class="level badge level-high">HIGH</span>' in page
    section = page[page.index('<section class="verdict">') :].split("</section>", 1)[0]
    assert section.count("level-high") == 1  # the badge, nothing else in the section


@pytest.mark.parametrize("how", ["pasted", "file"])
@pytest.mark.parametrize("size", [LIMIT + 5_000, LIMIT + 100_000])  # within and past the envelope
def test_an_oversized_submission_gets_the_form_again_with_why(
    client: TestClient, how: str, size: int
) -> None:
    page_login(client, US_ANALYST)
    token = csrf_of(client.get("/screen").text)
    body = FPL + " " * size
    if how == "pasted":
        answer = client.post("/screen", data={"csrf_token": token, "text": body})
    else:
        files = {"file": ("big.txt", body.encode())}
        answer = client.post("/screen", data={"csrf_token": token}, files=files)
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert "larger than the limit of 20,000 bytes, so nothing was screened" in page
    assert '<form method="post" action="/screen"' in page  # the form, to try again
    assert 'name="csrf_token"' in page
    assert 'section class="verdict"' not in page
