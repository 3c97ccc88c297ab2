"""A new list version screens the open cases again and records on each what moved."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from overflight import cases
from overflight.cli import app
from overflight.markings import ClassificationLevel, Control, Marking
from overflight.store import open_store

runner = CliRunner()
WIDE = {"COLUMNS": "250"}
FPL = """(FPL-ACM101-IS
-A320/M-SDE3FGHIRWY/LB1
-EGLL1200
-N0450F350 DCT
-LFPG0100
-DOF/261210 REG/GABCD OPR/ACME CARGO AIRLINES)
"""
KORYO = '20520,"AIR KORYO",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
ACME = '30001,"ACME CARGO AIRLINES",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
AT = datetime(2026, 12, 3, 9, tzinfo=UTC)
KORYO_PERMIT = Path(__file__).resolve().parents[2] / "examples" / "permits" / "air-koryo-p912.yaml"


def _store_with_cases(db: Path) -> tuple[int, int]:
    """An open case following a clear flight, and a closed one following the same flight."""
    with open_store(db) as store, store.session() as session:
        cases.ingest_text(session, FPL, "acme.txt", at=AT)  # commits as it goes
    with open_store(db) as store, store.session() as session, session.begin():
        [flight] = cases.stored_flights(session)
        marking = Marking(ClassificationLevel.S, frozenset({Control.NOFORN}))
        watched = cases.open_case(
            session, "ACM101 watch", flight_id=flight.id, marking=marking, at=AT
        )
        closed = cases.open_case(session, "old", flight_id=flight.id, at=AT)
        cases.record_outcome(session, closed.id, cases.OutcomeKind.TRANSITED, at=AT)
        return watched.id, closed.id


def _import(tmp_path: Path, db: Path, name: str, sdn: str) -> str:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "sdn.csv").write_text(sdn, encoding="utf-8")
    result = runner.invoke(
        app, ["lists", "import", str(folder / "sdn.csv"), "--db", str(db), "--by", "ann"], env=WIDE
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_a_clear_case_becomes_a_hit_when_a_version_lists_its_operator(tmp_path: Path) -> None:
    db = tmp_path / "cases.db"
    watched, closed = _store_with_cases(db)

    first = _import(tmp_path, db, "v1", KORYO)
    row = next(line for line in first.splitlines() if "ACM101" in line)
    assert "none → clear" in row
    with open_store(db) as store, store.session() as session:
        assert [v.level for v in cases.case_verdicts(session, watched)] == ["clear"]
        assert cases.case_verdicts(session, closed) == ()  # a closed case is left alone

    second = _import(tmp_path, db, "v2", KORYO + ACME)
    row = next(line for line in second.splitlines() if "ACM101" in line)
    assert f"│ {watched} " in row
    assert "clear → " in row
    assert "listed-operator" in row
    assert "1 screened, 1 moved" in second
    with open_store(db) as store, store.session() as session:
        verdicts = cases.case_verdicts(session, watched)
        assert [v.level for v in verdicts[:1]] == ["clear"]
        assert verdicts[-1].level in {"review", "high"}
        events = [e for e in cases.case_timeline(session, watched) if e.kind == "lists"]
        assert [e.actor for e in events] == ["ann", "ann"]
        last = events[-1]
        assert last.detail.startswith(f"list version 2: clear → {verdicts[-1].level}")
        assert "findings added: listed-operator:" in last.detail
        assert "ACME CARGO AIRLINES" in last.detail
        assert last.marking is None  # the case's own marking, no more
        assert cases.case_timeline(session, closed)[-1].kind != "lists"

    # The same lists again: nothing moved, nothing written.
    third = _import(tmp_path, db, "v3", KORYO + ACME)
    assert "unchanged" in third
    with open_store(db) as store, store.session() as session:
        assert len(cases.case_verdicts(session, watched)) == 2


def test_a_case_on_a_permit_request_alone_is_screened_again_on_a_new_version(
    shared_dir: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "cases.db")
    run = ["run", str(KORYO_PERMIT), "--db", db, "--drafts", str(tmp_path / "drafts")]
    opened = runner.invoke(app, [*run, "--now", "2026-12-01T10:00Z"], env=WIDE)
    assert opened.exit_code == 0, opened.output
    assert "case 1 opened" in opened.output
    sdn = str(shared_dir / "data" / "lists" / "ofac-sdn-2021-07" / "sdn.csv")
    imported = runner.invoke(app, ["lists", "import", sdn, "--db", db, "--by", "admin"], env=WIDE)
    assert imported.exit_code == 0, imported.output
    assert "permit KOR151 ZKPY-OSDI" in imported.output
    assert "1 screened, 1 moved" in imported.output
    with open_store(db) as store, store.session() as session:
        (moved,) = [e for e in cases.case_timeline(session, 1) if e.kind == "lists"]
        latest = cases.case_verdicts(session, 1)[-1]
        marking = cases.get_case(session, 1).marking
    assert moved.detail.startswith("list version 1: high → high. findings added: listed-aircraft")
    assert "listed-operator" in moved.detail
    assert "resembles-case" not in moved.detail  # the case is not compared with itself
    assert moved.marking is None  # the case's own marking, (S//NF) as the run opened it
    assert marking.portion() == "(S//NF)"
    assert "listed-operator" in {f["indicator"] for f in latest.findings}
    again = runner.invoke(app, ["lists", "import", sdn, "--db", db, "--by", "admin"], env=WIDE)
    assert again.exit_code == 0, again.output
    assert "1 screened, 0 moved" in again.output
