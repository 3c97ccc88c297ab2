"""``lists import --db`` stores the files as one version; ``lists versions`` lists them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from overflight.cli import app
from overflight.services.lists import stored_list_versions
from overflight.store import open_store

runner = CliRunner()
WIDE = {"COLUMNS": "250"}
SDN = '20520,"AIR KORYO",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
ALT = '20520,9001,"aka","AIR KORYO AIRLINES",-0- \n'


def _ofac(folder: Path, sdn: str = SDN) -> Path:
    folder.mkdir()
    (folder / "sdn.csv").write_text(sdn, encoding="utf-8")
    (folder / "alt.csv").write_text(ALT, encoding="utf-8")
    return folder / "sdn.csv"


def test_import_with_db_stores_one_version_with_the_ofac_companions(
    shared_dir: Path, tmp_path: Path
) -> None:
    sample = shared_dir / "data" / "lists" / "opensanctions-ftm-sample" / "entities.ftm.json"
    db = tmp_path / "lists.db"
    sdn = _ofac(tmp_path / "ofac")
    stored = runner.invoke(
        app, ["lists", "import", str(sdn), str(sample), "--db", str(db), "--by", "ann"], env=WIDE
    )
    assert stored.exit_code == 0, stored.output
    assert "List version stored" in stored.output
    with open_store(db) as store, store.session() as session:
        [version] = stored_list_versions(session)
    assert (version.imported_by, version.entities) == ("ann", 7)
    assert [(f.name, f.entities) for f in version.files] == [
        ("sdn.csv", 1),
        ("alt.csv", 0),  # read with the sdn.csv beside it, stored with it
        ("entities.ftm.json", 6),
    ]
    assert version.files[1].size_bytes == len(ALT.encode())

    listed = runner.invoke(app, ["lists", "versions", "--db", str(db)], env=WIDE)
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.output.splitlines() if "sdn.csv" in line)
    assert row.split()[1:2] == ["1"]
    assert " ann " in row
    assert " 7 " in row
    assert version.files[0].sha256 in row
    assert "alt.csv" in listed.output
    assert "entities.ftm.json" in listed.output


def test_import_with_db_refuses_the_whole_version_for_one_bad_row(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    bad = SDN + 'oops,"BROKEN",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    result = runner.invoke(
        app, ["lists", "import", str(_ofac(tmp_path / "ofac", bad)), "--db", str(db)], env=WIDE
    )
    assert result.exit_code == 2
    assert "sdn.csv:2: ent_num: 'oops' is not an entry number" in result.stderr
    assert "nothing was imported" in result.stderr
    assert not db.exists()  # refused before the store is opened: none is made
    good = runner.invoke(
        app, ["lists", "import", str(_ofac(tmp_path / "good", SDN)), "--db", str(db)], env=WIDE
    )
    assert good.exit_code == 0, good.output
    again = runner.invoke(
        app, ["lists", "import", str(tmp_path / "ofac" / "sdn.csv"), "--db", str(db)], env=WIDE
    )
    assert again.exit_code == 2
    assert "sdn.csv:2" in again.stderr
    with open_store(db) as store, store.session() as session:
        assert len(stored_list_versions(session)) == 1  # the good one alone


def test_versions_of_a_missing_store_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lists", "versions", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 2
    assert not (tmp_path / "typo.db").exists()


def _version(tmp_path: Path, db: Path, name: str, sdn: str) -> None:
    result = runner.invoke(
        app, ["lists", "import", str(_ofac(tmp_path / name, sdn)), "--db", str(db)], env=WIDE
    )
    assert result.exit_code == 0, result.output


def test_diff_shows_what_was_added_removed_and_changed_between_versions(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    mahan = '9999,"MAHAN AIR",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    _version(tmp_path, db, "v1", SDN + mahan)
    cubana = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    _version(tmp_path, db, "v2", cubana + SDN.replace('"DPRK3"', '"DPRK3] [DPRK4"'))
    result = runner.invoke(app, ["lists", "diff", "--db", str(db)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "List version 1 → 2" in result.output
    lines = result.output.splitlines()
    assert any("added" in line and "AEROCARIBBEAN AIRLINES" in line for line in lines)
    assert any("removed" in line and "MAHAN AIR" in line for line in lines)
    assert any("changed" in line and "AIR KORYO" in line for line in lines)
    assert "+ DPRK4" in result.output
    assert "1 added, 1 removed, 1 changed" in result.output

    as_json = runner.invoke(app, ["lists", "diff", "1", "2", "--db", str(db), "--json"])
    assert as_json.exit_code == 0, as_json.output
    payload = json.loads(as_json.stdout)
    assert (payload["from"]["id"], payload["to"]["id"]) == (1, 2)
    assert [(c["kind"], c["source_ref"]) for c in payload["changes"]] == [
        ("changed", "20520"),
        ("added", "36"),
        ("removed", "9999"),
    ]
    assert payload["changes"][0]["fields"] == [
        {"field": "programmes", "added": ["DPRK4"], "removed": []}
    ]


def test_diff_needs_two_versions_and_known_ids(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    _version(tmp_path, db, "v1", SDN)
    alone = runner.invoke(app, ["lists", "diff", "--db", str(db)])
    assert alone.exit_code == 2
    assert "a diff needs two" in alone.stderr
    unknown = runner.invoke(app, ["lists", "diff", "1", "7", "--db", str(db)])
    assert unknown.exit_code == 2
    assert "no list version 7" in unknown.stderr
