from datetime import date

import pycountry

from overflight.interdiction import (
    PSI_ENDORSEMENTS,
    STATES_OF_CONCERN,
    Stance,
    default_stance_table,
)


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
