"""The four personas every web test asks as, a seeded store, and an app over it."""

from __future__ import annotations

import atexit
import html
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Starlette 1.10 prefers httpx2; the project pins httpx, which still works.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

from overflight.cables import parse_telegram
from overflight.cases import (
    ingest_text,
    open_case,
    record_engagement,
    record_telegram,
    record_verdict,
    stored_flights,
)
from overflight.cases.coordination import set_deadline
from overflight.markings import ClassificationLevel, parse_portion
from overflight.screening import ConcernLevel, ScreeningVerdict
from overflight.screening.finding import Finding
from overflight.services.accounts import Role, create_user
from overflight.store import Session, open_store
from overflight.web import WebSettings, create_app

PASSWORD = "correct horse battery"
FPL = (
    "(FPL-KOR151-IN-IL76/H-SDGY/S-ZKPY0200-K0780S1010 DCT SANKO-OSDI1055 OSAP"
    "-STS/STATE HUM DOF/260529 REG/P632 TYP/IL76 CODE/72A001 "
    "OPR/AIR KORYO RMK/CARGO MACHINE PARTS)"
)
# Paragraph texts are unique words, so a test can tell which portion leaked.
NOFORN_TEXT = "ZULUNOFORN the DPRK cargo was seen at Tehran."
REL_TUR_TEXT = "ALPHARELTUR approach appropriate-level Turkish officials."
UNCLAS_TEXT = "BRAVOUNCLAS the Department thanks post for its assistance."
SUBJECT = "KILOSUBJECT IRANIAN CARGO FLIGHTS"
# The talking points: a non-paper holds these (those releasable to the state), nothing else.
POINT_REL_TUR_TEXT = "LIMAPOINT we ask that you deny overflight."
POINT_NOFORN_TEXT = "MIKEPOINT our source is inside the airline."
POINT_UNCLAS_TEXT = "NOVEMBERPOINT we welcome any information on the flight."
TELEGRAM = f"""\
S E C R E T STATE 028302

E.O. 12958: DECL: 03/24/2019
TAGS: PARM, PREL, ETTC, TU, IR
SUBJECT: (S//NF) {SUBJECT}

Classified By: ISN Acting DAS Kenneth W. Staley, Reasons 1.4 (b) and (d)

1. (S//NF) {NOFORN_TEXT}

2. (S//REL TO USA, TUR) {REL_TUR_TEXT}

3. (U) {UNCLAS_TEXT}

TALKING POINTS

4. (S//REL TO USA, TUR) Begin talking points:
-- (S//REL TO USA, TUR) {POINT_REL_TUR_TEXT}
-- (S//NF) {POINT_NOFORN_TEXT}
-- (U) {POINT_UNCLAS_TEXT}

END POINTS.

CLINTON
"""


@dataclass(frozen=True, slots=True)
class Persona:
    """A test user: name, clearance, nationality, organisation, role."""

    username: str
    clearance: ClassificationLevel
    nationality: str
    organisation: str
    role: Role


UNCLAS_TUR = Persona("tur_unclas", ClassificationLevel.U, "TUR", "TURMFA", Role.VIEWER)
SECRET_TUR = Persona("tur_secret", ClassificationLevel.S, "TUR", "TURMFA", Role.VIEWER)
US_ANALYST = Persona("us_analyst", ClassificationLevel.S, "USA", "STATE", Role.ANALYST)
ADMIN = Persona("admin", ClassificationLevel.TS, "USA", "STATE", Role.ADMIN)
PERSONAS = (UNCLAS_TUR, SECRET_TUR, US_ANALYST, ADMIN)


@dataclass(frozen=True, slots=True)
class Seed:
    """Ids of what the seeded store holds."""

    unclassified_case: int  # (U), follows KOR151, holds the telegram
    noforn_case: int  # (S//NF)
    rel_tur_case: int  # (S//REL TO USA, TUR)
    telegram: int
    database: str


def add_personas(session: Session, personas: tuple[Persona, ...] = PERSONAS) -> None:
    """Accounts for the personas, all with ``PASSWORD``, committed."""
    for p in personas:
        create_user(
            session,
            p.username,
            PASSWORD,
            clearance=p.clearance,
            nationality=p.nationality,
            organisation=p.organisation,
            role=p.role,
        )
    session.commit()


def seed_store(database: str) -> Seed:
    """Personas, three cases of different markings, a telegram with four kinds of portion.

    A new SQLite file (a path, not a URL) is a copy of the one this process seeded first: the
    four accounts' argon2 hashes and the ingest cost seconds, and every copy holds the same.
    """
    if "://" in database or Path(database).exists():
        return _seed(database)
    if not _SEEDED:
        folder = Path(tempfile.mkdtemp(prefix="overflight-seeded-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _SEEDED.append(_seed(str(folder / "seeded.db")))
    shutil.copyfile(_SEEDED[0].database, database)
    return replace(_SEEDED[0], database=database)


_SEEDED: list[Seed] = []  # the first seeded SQLite file of this process, copied for the others


def _seed(database: str) -> Seed:
    now = datetime(2026, 5, 28, 12, tzinfo=UTC)
    with open_store(database) as store, store.session() as session:
        add_personas(session)
        ingest_text(session, FPL, "kor151.txt", at=now)  # commits its own batches
        flight = stored_flights(session)[0]
        unclas = open_case(
            session, "KOR151 Pyongyang to Damascus", flight_id=flight.id, at=now, actor="seed"
        )
        record_verdict(
            session,
            seed_verdict(70.0),
            case_id=unclas.id,
            at=now,
        )
        record_engagement(session, unclas.id, "TR", demarche_on=date(2026, 5, 28), post="ANKARA")
        noforn = open_case(
            session,
            "Hidden noforn matter",
            reason="ECHOSECRET source reporting",
            marking=parse_portion("(S//NF)"),
            at=now,
        )
        set_deadline(session, noforn.id, date(2026, 5, 30), what="report back")
        rel = open_case(
            session,
            "Shared with Ankara",
            reason="joint watch",
            marking=parse_portion("(S//REL TO USA, TUR)"),
            at=now,
        )
        telegram_id = record_telegram(session, unclas.id, parse_telegram(TELEGRAM), at=now)
        session.commit()
    return Seed(unclas.id, noforn.id, rel.id, telegram_id, database)


def seed_verdict(score: float, findings: tuple[Finding, ...] = ()) -> ScreeningVerdict:
    """A high-concern verdict on the seeded plan KOR151, as screening makes one."""
    return ScreeningVerdict(
        aircraft_id="KOR151",
        departure="ZKPY",
        destination="OSDI",
        provenance=None,
        score=score,
        level=ConcernLevel.HIGH,
        findings=findings,
        runs=(),
        actions=(),
        policy="test 1",
        lists="",
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    """A seeded SQLite store in a temporary folder (one per test module)."""
    database = str(tmp_path_factory.mktemp("web") / "web.db")
    return seed_store(database)


@pytest.fixture(scope="module")
def client(seeded: Seed) -> Iterator[TestClient]:
    """A test client on an app over the seeded store."""
    # Lockout tests fail many logins from the one test address: the throttle has its own tests.
    settings = WebSettings(
        database=seeded.database,
        max_upload_bytes=20_000,
        max_list_bytes=20_000,
        login_failures_per_address=1_000,
    )
    app = create_app(settings)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def tokens(client: TestClient) -> dict[str, str]:
    """A bearer token per persona, by user name."""
    found = {}
    for p in PERSONAS:
        response = client.post("/api/token", data={"username": p.username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        found[p.username] = response.json()["access_token"]
    return found


def bearer(tokens: dict[str, str], persona: Persona) -> dict[str, str]:
    """The Authorization header of a persona."""
    return {"Authorization": f"Bearer {tokens[persona.username]}"}


def csrf_of(page: str) -> str:
    """The CSRF token a page's form carries (its first ``csrf_token`` field)."""
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def page_login(client: TestClient, persona: Persona) -> TestClient:
    """Log a persona in through the login page (cookie); returns the same client."""
    form = client.get("/login")
    token = csrf_of(form.text)
    response = client.post(
        "/login",
        data={"username": persona.username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"
    return client


EXPIRY = timedelta(seconds=-1)
FIXTURES = Path(__file__).with_name("fixtures")


def page_banners(page: str) -> list[str]:
    """The banner lines of a page (top and bottom), as shown."""
    return [
        html.unescape(line)
        for line in re.findall(r'<p class="banner" id="banner-(?:top|bottom)">([^<]*)</p>', page)
    ]
