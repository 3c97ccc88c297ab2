from overflight.errors import ParseError


def test_parse_error_says_file_line_column_and_field():
    err = ParseError(
        "'N04A0F350' is not a speed/level group",
        source="fpl.txt",
        line=3,
        column=14,
        field="field 15",
    )
    assert str(err) == "fpl.txt:3:14: field 15: 'N04A0F350' is not a speed/level group"


def test_parse_error_leaves_out_unknown_parts():
    assert str(ParseError("empty message", source="a.txt")) == "a.txt: empty message"
    assert str(ParseError("empty message")) == "empty message"
