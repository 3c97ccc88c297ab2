from datetime import date

import pycountry

from overflight.interdiction import Stance, default_stance_table
from overflight.interdiction.psi import PSI_ENDORSEMENTS, STATES_OF_CONCERN


def test_every_encoded_state_is_a_real_iso_code() -> None:
    for change in (*PSI_ENDORSEMENTS, *STATES_OF_CONCERN):
        assert pycountry.countries.get(alpha_2=change.state) is not None, change.state
        assert change.basis


def test_core_group_cooperates_from_the_statement_of_principles() -> None:
    table = default_stance_table()
    assert table.as_of(date(2003, 9, 3)).stance("FR") is Stance.UNKNOWN
    assert table.as_of(date(2003, 9, 4)).stance("FR") is Stance.COOPERATING


def test_states_of_concern_are_permissive_and_not_endorsers() -> None:
    snapshot = default_stance_table().as_of(date(2026, 11, 29))
    for code in ("KP", "IR", "SY"):
        assert snapshot.stance(code) is Stance.PERMISSIVE
    endorsers = {change.state for change in PSI_ENDORSEMENTS}
    assert endorsers.isdisjoint({change.state for change in STATES_OF_CONCERN})


def test_russia_cooperating_until_it_suspended_in_2022() -> None:
    table = default_stance_table()
    assert table.as_of(date(2015, 1, 1)).stance("RU") is Stance.COOPERATING
    assert table.as_of(date(2023, 1, 1)).stance("RU") is Stance.UNKNOWN


def test_2024_african_endorsers_and_unlisted_states() -> None:
    table = default_stance_table()
    assert table.as_of(date(2024, 2, 1)).stance("GH") is Stance.UNKNOWN
    assert table.as_of(date(2024, 2, 2)).stance("GH") is Stance.COOPERATING
    # India publicly opposed the PSI (Wikipedia, citing The Hindu 2005): no prior either way.
    assert table.as_of(date(2026, 11, 29)).stance("IN") is Stance.UNKNOWN


def test_the_roster_is_complete_and_every_entry_is_dated_with_its_source() -> None:
    from overflight.interdiction.psi import PSI_ROSTER

    states = [e.state for e in PSI_ROSTER]
    assert len(states) == len(set(states)) == 112
    for entry in PSI_ROSTER:
        assert pycountry.countries.get(alpha_2=entry.state) is not None, entry.state
        assert entry.source
        assert date(2003, 9, 4) <= entry.since <= date(2026, 1, 1)
    # The State Department's 107 (106 named here) and the six endorsers since.
    assert {"BJ", "GH", "GQ", "TG", "ZM", "MG"} <= set(states)
    assert not {"CN", "IN", "ID", "PK", "KP", "IR", "SY"} & set(states)


def test_central_asia_cooperates_from_the_seeds_february_2008() -> None:
    table = default_stance_table()
    for code in ("KZ", "KG", "TJ", "TM", "UZ", "AF"):
        assert table.as_of(date(2008, 1, 31)).stance(code) is Stance.UNKNOWN, code
        assert table.as_of(date(2008, 2, 1)).stance(code) is Stance.COOPERATING, code
        assert "STATE 056778" in table.as_of(date(2008, 2, 1)).basis(code)


def test_turkey_endorsed_in_december_2003_by_embassy_ankaras_report() -> None:
    snapshot = default_stance_table().as_of(date(2004, 1, 1))
    assert snapshot.stance("TR") is Stance.COOPERATING
    assert "ANKARA 003416" in snapshot.basis("TR")
    assert default_stance_table().as_of(date(2003, 11, 30)).stance("TR") is Stance.UNKNOWN


def test_exact_days_are_marked_as_such() -> None:
    from overflight.interdiction.psi import PSI_ROSTER

    exact = {e.state: e.since for e in PSI_ROSTER if e.exact}
    assert exact["VC"] == date(2010, 5, 11)
    assert exact["LC"] == date(2012, 7, 3)
    assert exact["FR"] == date(2003, 9, 4)
    assert "KZ" not in exact  # the seed dates cooperation, not the endorsement
