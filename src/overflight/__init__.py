"""overflight: stop proliferation cargo from moving by air."""

from overflight.errors import InputError, OverflightError, ParseError

__all__ = ["InputError", "OverflightError", "ParseError"]
__version__ = "0.1.0"
