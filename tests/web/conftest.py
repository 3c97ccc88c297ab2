"""Fixtures of the web tests (defined in ``web_personas`` and ``web_server``)."""

from web_personas import client, seeded, tokens
from web_server import browser

__all__ = ["browser", "client", "seeded", "tokens"]
