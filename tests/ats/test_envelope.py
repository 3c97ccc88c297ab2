from hypothesis import given
from hypothesis import strategies as st

from overflight.ats.envelope import LineIndex, find_messages, fold, source_offset


@given(st.text(alphabet="AB -\n\t", max_size=40))
def test_source_offset_finds_each_folded_character(raw):
    folded = fold(raw)
    for index, char in enumerate(folded):
        at = source_offset(raw, index)
        if char == " ":
            assert raw[at].isspace()
        else:
            assert raw[at] == char


def test_line_index_counts_from_one():
    index = LineIndex("ab\ncd\n\nef")
    assert index.locate(0) == (1, 1)
    assert index.locate(4) == (2, 2)
    assert index.locate(7) == (4, 1)


def test_prose_parentheses_are_not_messages_and_unclosed_ones_stop_at_the_next():
    text = "see (ICAO Doc) (FPL-A-IS (CNL-ABC-EGLL0900-LFPG-0) trailer"
    found = find_messages(text)
    assert [(m.closed, text[m.start : m.start + 4]) for m in found] == [
        (False, "(FPL"),
        (True, "(CNL"),
    ]
