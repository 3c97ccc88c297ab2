import pytest

from overflight.errors import InputError
from overflight.model.speed import Speed, SpeedUnit, parse_speed


@pytest.mark.parametrize(
    ("text", "value", "unit", "m_s"),
    [
        ("N0450", 450, SpeedUnit.KNOTS, 450 * 1852 / 3600),
        ("K0830", 830, SpeedUnit.KM_H, 830 / 3.6),
        ("M082", 0.82, SpeedUnit.MACH, 0.82 * 295.07),
        ("n0300", 300, SpeedUnit.KNOTS, 300 * 1852 / 3600),
    ],
)
def test_parse_speed_reads_each_icao_form(text: str, value: float, unit: SpeedUnit, m_s: float):
    speed = parse_speed(text)
    assert speed == Speed(value, unit)
    assert speed.m_s == pytest.approx(m_s)


@pytest.mark.parametrize("text", ["N450", "450", "M0820", "X0450", "N0000", ""])
def test_parse_speed_names_the_argument_on_bad_input(text: str):
    with pytest.raises(InputError, match=r"^--speed: "):
        parse_speed(text, "--speed")


@pytest.mark.parametrize("text", ["N0450", "K0830", "M082"])
def test_speed_formats_back_to_its_icao_form(text: str):
    assert str(parse_speed(text)) == text
