import pytest

from overflight.geo.location_indicators import state_of_indicator


@pytest.mark.parametrize(
    ("indicator", "state"),
    [
        # FIRs of the seed flight's route and neighbours; ICAO nationality letters (Doc 7910):
        ("ZKKP", "KP"),  # ZK North Korea, though Z is otherwise China
        ("ZBPE", "CN"),
        ("ZMUB", "MN"),  # ZM Mongolia
        ("UAAA", "KZ"),  # UA Kazakhstan (and UAF Kyrgyzstan)
        ("UTAA", "TM"),  # UT shared: UTA Turkmenistan, UTD Tajikistan
        ("UTDD", "TJ"),
        ("UTTR", "UZ"),  # Uzbekistan's former UT- indicators (now UZ-)
        ("UBBA", "AZ"),
        ("UGGG", "GE"),
        ("LTAA", "TR"),
        ("OSTT", "SY"),
        ("OIIX", "IR"),
        ("EGTT", "GB"),
        ("KZNY", "US"),
    ],
)
def test_location_indicators_name_their_state(indicator, state):
    assert state_of_indicator(indicator) == state


@pytest.mark.parametrize("text", ["XXXX", "UT", "12AB", "", "ABCDE"])
def test_unknown_or_malformed_indicators_name_no_state(text):
    assert state_of_indicator(text) is None
