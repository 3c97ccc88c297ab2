r"""Undo the artifacts scanned, OCR'd and web-rendered telegrams carry, line by line.

Artifacts handled (see ``shared/reference/cables.md`` §3.2): LaTeX residue of the paragraph sign
(``$\\P4$``, ``$\\P6.$``, ``$\\underline{\\mbox{1}} 7.$``), list dashes before paragraph numbers
and bullets (``- 12.``, ``- -- Thank``), stray ``<br>``, non-breaking spaces, apostrophes
transmitted as commas (``DPRK,s``), a lost parenthesis before a portion mark (``¶1. C)``) and a
comma for the full stop after a paragraph number (``1, (C)``). The ``¶`` read as ``1`` (``11.``
for ``¶1.``) depends on the paragraph expected next and is handled by the body reader.
"""

from __future__ import annotations

import re

__all__ = ["normalise_line", "restore_apostrophes"]

_LATEX_PILCROW = re.compile(r"\$\s*\\P\s*(\d{1,3})\s*(\.?)\s*\$")
_LATEX_UNDERLINED = re.compile(r"\$\s*\\underline\{\\mbox\{[1¶]\}\}\s*(\d{1,3})\s*(\.?)\s*\$")
_LIST_DASH = re.compile(r"^-\s+(?=¶|\d{1,3}\s?\.|--)")
_MISSING_PAREN = re.compile(
    r"^(\s*¶?\s*\d{1,3}\s?\.\s*)(?=(?:[CSU]|SBU|TS)(?:/{1,2}[A-Z]{1,6})*\)\s)"
)
"""``¶1. C) Summary``: the opening parenthesis of the portion mark was lost."""
_COMMA_NUMBER = re.compile(r"^(\s*¶?\s*\d{1,3}),(?=\s*\()")
"""``1, (C) Summary``: a comma typed for the paragraph number's full stop."""
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_APOSTROPHE_COMMA = re.compile(r"(?<=[A-Za-z]),s\b")


def normalise_line(line: str) -> str:
    """One line with OCR and rendering artifacts undone, trailing spaces removed."""
    text = _BR.sub("", line.replace("\u00a0", " ").replace("\t", "    ")).rstrip()
    if "$" in text:
        text = _LATEX_PILCROW.sub(r"¶\1\2", text)
        text = _LATEX_UNDERLINED.sub(r"¶\1\2", text)
    text = _COMMA_NUMBER.sub(r"\1.", _LIST_DASH.sub("", text))
    return _MISSING_PAREN.sub(r"\1(", text)


def restore_apostrophes(text: str) -> str:
    """``DPRK,s`` becomes ``DPRK's`` (telegrams sent the apostrophe as a comma)."""
    return _APOSTROPHE_COMMA.sub("'s", text)
