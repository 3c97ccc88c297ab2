"""Similar cases on the web, per persona: a case hidden from the reader is never compared.

The seeded store's three cases (U; S//NF; S//REL TO USA, TUR) are given registers that share
the tail P632 of the unclassified case's flight, and the unclassified case a verdict (as the
main job records it) that names the NOFORN case as a look-alike. Expected outcomes come from
the markings: the unclassified Turkish partner sees no look-alike; the SECRET Turkish partner
the REL TO TUR case; the U.S. analyst and the admin both.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from web_personas import (
    ADMIN,
    PERSONAS,
    SECRET_TUR,
    UNCLAS_TUR,
    US_ANALYST,
    Persona,
    Seed,
    TestClient,
    bearer,
    page_banners,
    page_login,
    seed_store,
    seed_verdict,
)

from overflight.cases import record_case_traits, record_verdict
from overflight.model.traits import Trait, TraitKind
from overflight.screening.finding import Finding, Indicator
from overflight.store import open_store

AT = datetime(2026, 5, 28, 13, tzinfo=UTC)
HIDDEN_TITLE = "Hidden noforn matter"
REL_TITLE = "Shared with Ankara"
FPL_P632 = (
    "(FPL-KOR155-IN-IL76/H-SDGY/S-ZKPY0200-K0780S1010 DCT SANKO-OSDI1055 OSAP"
    "-DOF/260601 REG/P632 OPR/AIR KORYO)"
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    """The personas' store, with registers sharing P632 and a verdict naming the NOFORN case."""
    seed = seed_store(str(tmp_path_factory.mktemp("similar") / "web.db"))
    tail = {
        Trait(TraitKind.REGISTRATION, "P632", "registration P632"),
        Trait(TraitKind.CITY_PAIR, "ZKPY-OSDI", "city pair ZKPY-OSDI"),
    }
    with open_store(seed.database) as store, store.session() as session:
        for case_id in (seed.unclassified_case, seed.noforn_case, seed.rel_tur_case):
            record_case_traits(session, case_id, tail, source="seed", at=AT)
        finding = Finding(
            Indicator.RESEMBLES_CASE,
            39.2,
            f"resembles case {seed.noforn_case} ({HIDDEN_TITLE}): score 0.98",
            ("same-registration +0.95: same registration P632",),
        )
        listed = Finding(Indicator.LISTED_AIRCRAFT, 70.0, "P632 listed")
        verdict = seed_verdict(109.2, (listed, finding))
        record_verdict(session, verdict, case_id=seed.unclassified_case)
        session.commit()
    return seed


LOOK_ALIKES = {
    UNCLAS_TUR.username: set(),
    SECRET_TUR.username: {"rel_tur_case"},
    US_ANALYST.username: {"noforn_case", "rel_tur_case"},
    ADMIN.username: {"noforn_case", "rel_tur_case"},
}


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_similar_lists_only_cases_the_reader_may_see(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Persona
) -> None:
    response = client.get(
        f"/api/cases/{seeded.unclassified_case}/similar", headers=bearer(tokens, persona)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    found = {item["case_id"] for item in body["past"] + body["newer"]}
    assert found == {getattr(seeded, name) for name in LOOK_ALIKES[persona.username]}
    if "noforn_case" not in LOOK_ALIKES[persona.username]:
        assert HIDDEN_TITLE not in response.text
        assert "(S//NF)" not in response.text
    if not LOOK_ALIKES[persona.username]:
        assert body == {"past": [], "newer": []}  # not even a count
    for item in body["past"] + body["newer"]:
        assert item["features"][0]["feature"] == "same-registration"
        assert item["features"][0]["why"]


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_a_stored_resemblance_to_a_hidden_case_leaves_no_trace(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Persona
) -> None:
    response = client.get(f"/api/cases/{seeded.unclassified_case}", headers=bearer(tokens, persona))
    assert response.status_code == 200
    verdict = response.json()["verdicts"][-1]  # the seed's own verdict comes first
    summaries = [f["summary"] for f in verdict["findings"]]
    if "noforn_case" in LOOK_ALIKES[persona.username]:
        assert any(HIDDEN_TITLE in s for s in summaries)
        assert verdict["score"] == 109.2
    else:
        assert summaries == ["P632 listed"]
        assert verdict["score"] == 70.0  # the hidden finding's weight is not in the sum
        assert HIDDEN_TITLE not in response.text
        assert f"resembles case {seeded.noforn_case}" not in response.text


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_the_case_page_shows_look_alikes_under_the_banner_of_what_it_shows(
    client: TestClient, seeded: Seed, persona: Persona
) -> None:
    client.cookies.clear()
    page_login(client, persona)
    try:
        page = client.get(f"/cases/{seeded.unclassified_case}").text
    finally:
        client.cookies.clear()
    assert "Similar past cases" in page
    assert "New activity that resembles this case" in page
    shows_noforn = "noforn_case" in LOOK_ALIKES[persona.username]
    assert (HIDDEN_TITLE in page) is shows_noforn
    assert (REL_TITLE in page) is ("rel_tur_case" in LOOK_ALIKES[persona.username])
    if shows_noforn:
        assert all("NOFORN" in banner for banner in page_banners(page))
    elif persona is UNCLAS_TUR:
        assert all(banner == "UNCLASSIFIED" for banner in page_banners(page))


def test_similar_of_a_hidden_case_is_the_404_of_a_missing_one(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    headers = bearer(tokens, SECRET_TUR)
    hidden = client.get(f"/api/cases/{seeded.noforn_case}/similar", headers=headers)
    missing = client.get("/api/cases/999999/similar", headers=headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.text.replace(str(seeded.noforn_case), "N") == missing.text.replace("999999", "N")


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_screening_recalls_only_cases_the_reader_may_see(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Persona
) -> None:
    response = client.post("/api/screen", headers=bearer(tokens, persona), data={"text": FPL_P632})
    assert response.status_code == 200, response.text
    (verdict,) = response.json()["verdicts"]
    named = {
        int(f["summary"].split()[2])
        for f in verdict["findings"]
        if f["indicator"] == "resembles-case"
    }
    visible = {seeded.unclassified_case} | {
        getattr(seeded, name) for name in LOOK_ALIKES[persona.username]
    }
    assert named == visible
    if "noforn_case" not in LOOK_ALIKES[persona.username]:
        assert HIDDEN_TITLE not in response.text
