"""Classification levels, ordered from UNCLASSIFIED to TOP SECRET."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ClassificationLevel"]


class ClassificationLevel(IntEnum):
    """A US classification level; comparison follows sensitivity (``S > C``)."""

    U = 0
    C = 1
    S = 2
    TS = 3

    @property
    def word(self) -> str:
        """The level in words, as a banner writes it (``SECRET``)."""
        return _WORDS[self]

    @property
    def spaced(self) -> str:
        """The level as a telegram's classification line writes it (``S E C R E T``).

        Unclassified telegrams write ``UNCLAS``, not spaced.
        """
        if self is ClassificationLevel.U:
            return "UNCLAS"
        return " ".join(self.word.replace(" ", ""))

    @classmethod
    def from_word(cls, word: str) -> ClassificationLevel:
        """The level named by an abbreviation or word (``S``, ``SECRET``, ``unclas``).

        Raises:
            ValueError: the word names no level.
        """
        key = " ".join(word.upper().split())
        level = _BY_WORD.get(key)
        if level is None:
            raise ValueError(f"{word!r} is not a classification level (U, C, S, TS)")
        return level


_WORDS = {
    ClassificationLevel.U: "UNCLASSIFIED",
    ClassificationLevel.C: "CONFIDENTIAL",
    ClassificationLevel.S: "SECRET",
    ClassificationLevel.TS: "TOP SECRET",
}
_BY_WORD = {
    **{level.name: level for level in ClassificationLevel},
    **{word: level for level, word in _WORDS.items()},
    "UNCLAS": ClassificationLevel.U,
}
