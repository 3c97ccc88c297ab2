"""Fixtures of the web tests (defined in ``web_personas``)."""

from web_personas import client, seeded, tokens

__all__ = ["client", "seeded", "tokens"]
