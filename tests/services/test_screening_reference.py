"""A worker's screening index is kept per list version, and a newer version is never screened
with the index of an older one.

Two versions of the OpenSanctions sample go into one store: all six entities, then the five
that are not the IRGC ("Iranian Revolutionary Guard Corps"). A plan flown for the IRGC is
screened through one worker's ``StoredReference`` after each import, as the web's screening
request does; the second import is made without telling that worker (as another worker would).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from overflight.screening import ReferenceData, load_policy
from overflight.services.lists import ListFileBody, StoredReference, import_list_version
from overflight.services.screening import read_text, screen_items
from overflight.store import Store

SAMPLE = Path("data/lists/opensanctions-ftm-sample/entities.ftm.json")
IRGC_FPL = (
    "(FPL-KOR151-IN-IL76/H-SDGY/S-ZKPY0200-K0780S1010 DCT SANKO-OSDI1055 OSAP"
    "-STS/STATE HUM DOF/260529 REG/P632 TYP/IL76 CODE/72A001 "
    "OPR/IRANIAN REVOLUTIONARY GUARD CORPS RMK/CARGO MACHINE PARTS)"
)
NOW = datetime(2026, 5, 28, 12, tzinfo=UTC)


def _indicators(reference: ReferenceData) -> set[str]:
    items, problems, _ = read_text(IRGC_FPL, "text", reference, strict=True)
    assert not problems
    [verdict] = screen_items(items)
    return {finding.indicator.value for finding in verdict.findings}


def _import(store: Store, name: str, body: bytes) -> int:
    with store.session(writing=True) as session, session.begin():
        _, version = import_list_version(
            session, "admin", [ListFileBody(name, body)], load_policy(None), NOW
        )
    return version.id


def test_a_new_list_version_is_screened_with_its_own_index(
    sqlite_store: Store, shared_dir: Path
) -> None:
    sample = (shared_dir / SAMPLE).read_bytes()
    without_irgc = b"".join(
        line for line in sample.splitlines(keepends=True) if b"Revolutionary Guard" not in line
    )
    assert len(without_irgc.splitlines()) == len(sample.splitlines()) - 1
    lists = StoredReference(ReferenceData(load_policy(None)))
    with sqlite_store.session() as session, session.begin():
        assert "listed-operator" not in _indicators(lists.current(session))

    first = _import(sqlite_store, "all.json", sample)
    with sqlite_store.session() as session, session.begin():
        kept = lists.current(session)
    assert lists.list_version_id == first
    assert "listed-operator" in _indicators(kept)
    with sqlite_store.session() as session, session.begin():
        assert lists.current(session) is kept  # same version: the same index, not rebuilt

    second = _import(sqlite_store, "five.json", without_irgc)
    with sqlite_store.session() as session, session.begin():
        newer = lists.current(session)
    assert lists.list_version_id == second
    assert newer.lists is not kept.lists
    assert newer.lists_label.startswith("5 entities from five.json")
    assert "listed-operator" not in _indicators(newer)
