"""Lossless blocking: the names whose score against a query can reach a cutoff, by bigram counts.

The matcher's score is the better of two ratios (see ``scoring``): rapidfuzz ``ratio`` of the
word-sorted texts (``token_sort_ratio``) and ``ratio`` of the squashed texts. For strings of
lengths ``n_a`` and ``n_b`` that ratio is ``2 L / (n_a + n_b)`` with ``L`` their longest
common subsequence, so a score of at least ``c`` needs ``L >= Lmin = ceil(c (n_a + n_b) / 2)``.
Necessary conditions follow, checked with numpy; none can drop a name that reaches the cutoff:

- **length**: ``Lmin <= min(n_a, n_b)``.
- **characters**: ``L`` is at most the shared character multiset, ``sum(min(h_a, h_b))``
  (for squashed texts, letters only).
- **bigrams of the sorted texts** (the q-gram lemma for insert/delete edits): take an optimal
  alignment. A bigram of ``a`` survives into ``b`` when both its characters are kept and
  nothing is inserted between them; a deleted character spoils at most 2 bigrams of ``a``, an
  inserted one at most 1. So the bigram multisets share at least
  ``(n_a - 1) - 2 (n_a - L) - (n_b - L)``, and the same with ``a`` and ``b`` swapped; both grow
  with ``L``, so they hold at ``Lmin``.
- **bigrams of the squashed texts**: the same lemma on ``m``-letter squashed texts,
  ``(m_a - 1) - 2 (m_a - L) - (m_b - L)``. Their bigrams are those inside words (shared with
  the sorted text, whatever the word order) plus one per word boundary in list order.

One index serves both: each name's bigram multiset is its sorted text's plus its squashed
text's word-boundary pairs. Counting over that union can only overstate what either text
shares, so a name meeting either bound is never missed (``min(u_a, u_b) >= min(s_a, s_b)``
whenever ``u >= s`` per bigram).

Bigrams are counted with multiplicity by numbering repeats (``an#0``, ``an#1``), and kept in an
inverted index of compressed rows (CSR): a query's posting lists are concatenated and counted
with one ``np.bincount``. Characters outside ``[a-z0-9 ]`` share one class, which can only add
common characters and bigrams, never remove them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from overflight.watchlist.names import NameForm

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 "
_OTHER = len(_ALPHABET)
"""Class of every character outside the alphabet."""
_CLASSES = _OTHER + 1
_SPACE = _ALPHABET.index(" ")
_SEPARATOR = _CLASSES
"""Class of the byte that separates names in a concatenated buffer (never a real character)."""
_CODE_BASE = _CLASSES + 1
_LOOKUP = np.full(256, _OTHER, dtype=np.uint8)
for _position, _char in enumerate(_ALPHABET):
    _LOOKUP[ord(_char)] = _position
_LOOKUP[0] = _SEPARATOR
_HISTOGRAM_CHUNK = 65_536
_SLACK = 1e-7
"""Taken off ``c (n_a + n_b) / 2`` before rounding up, so float rounding never tightens a bound."""

_INFEASIBLE = np.iinfo(np.int32).max
"""More bigrams than any name has: the need of a length that cannot reach the cutoff."""

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def sorted_text(form: NameForm) -> str:
    """The core words in alphabetical order, single-spaced: what ``token_sort_ratio`` compares."""
    return " ".join(sorted(form.core))


def _classes(strings: Sequence[str]) -> tuple[npt.NDArray[np.uint8], IntArray]:
    """Character classes of ``strings`` joined by separators, and the owner of each position."""
    joined = "\x00".join(strings).encode("ascii", "replace")
    classes = _LOOKUP[np.frombuffer(joined, dtype=np.uint8)]
    lengths = np.fromiter((len(s) + 1 for s in strings), dtype=np.int64, count=len(strings))
    owners = np.repeat(np.arange(len(strings), dtype=np.int64), lengths)[: len(classes)]
    return classes, owners


def _bigram_keys(strings: Sequence[str]) -> tuple[IntArray, IntArray]:
    """Numbered bigram keys of ``strings`` and the string each comes from (sorted by string)."""
    classes, owners = _classes(strings)
    if len(classes) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    first, second = classes[:-1].astype(np.int64), classes[1:].astype(np.int64)
    keep = (first != _SEPARATOR) & (second != _SEPARATOR)
    codes = (first * _CODE_BASE + second)[keep]
    owner = owners[:-1][keep]
    order = np.lexsort((codes, owner))
    codes, owner = codes[order], owner[order]
    # Repeats of one bigram in one string get numbers 0, 1, 2 ... (multiset as a set).
    starts = np.ones(len(codes), dtype=bool)
    starts[1:] = (codes[1:] != codes[:-1]) | (owner[1:] != owner[:-1])
    run_start = np.maximum.accumulate(np.where(starts, np.arange(len(codes)), 0))
    repeat = np.arange(len(codes)) - run_start
    return repeat * (_CODE_BASE * _CODE_BASE) + codes, owner


def _histograms(strings: Sequence[str]) -> npt.NDArray[np.uint8]:
    """Character-class counts per string, saturating at 255 (see ``_saturated``)."""
    out = np.zeros((len(strings), _CLASSES), dtype=np.uint8)
    for start in range(0, len(strings), _HISTOGRAM_CHUNK):
        chunk = strings[start : start + _HISTOGRAM_CHUNK]
        classes, owners = _classes(chunk)
        real = classes != _SEPARATOR
        counts = np.bincount(
            owners[real] * _CLASSES + classes[real], minlength=len(chunk) * _CLASSES
        ).reshape(len(chunk), _CLASSES)
        out[start : start + len(chunk)] = np.minimum(counts, 255)
    return out


def _lcs_floor(cutoff: float, length_a: int, lengths_b: IntArray) -> IntArray:
    """Smallest common-subsequence length giving ``ratio >= cutoff``."""
    return np.ceil(cutoff * (length_a + lengths_b) / 2.0 - _SLACK).astype(np.int64)


def bigram_document(form: NameForm) -> str:
    """The string whose bigrams are indexed for a name: sorted text, then word-boundary pairs.

    Pieces are separated by NUL, which no bigram spans.
    """
    boundaries = (left[-1] + right[0] for left, right in pairwise(form.core))
    return "\x00".join((sorted_text(form), *boundaries))


def _query_keys(document: str) -> list[int]:
    """Numbered bigram keys of one document (as ``_bigram_keys``, without numpy overhead)."""
    classes = _LOOKUP[np.frombuffer(document.encode("ascii", "replace"), dtype=np.uint8)]
    seen: dict[int, int] = {}
    keys = []
    for first, second in pairwise(classes.tolist()):
        if _SEPARATOR in (first, second):
            continue
        code = first * _CODE_BASE + second
        repeat = seen.get(code, 0)
        seen[code] = repeat + 1
        keys.append(repeat * _CODE_BASE * _CODE_BASE + code)
    return keys


def _needs(lcs: IntArray, feasible: BoolArray, floor: IntArray) -> IntArray:
    return np.where(feasible, floor, _INFEASIBLE)


@dataclass(frozen=True, slots=True)
class _Query:
    """What the bounds need to know about a query: its sorted text and its counts."""

    text: str
    document: str
    length: int
    letters: int

    @classmethod
    def of(cls, form: NameForm) -> _Query:
        text = sorted_text(form)
        return cls(text, bigram_document(form), len(text), len(form.squashed))

    def text_needs(self, cutoff: float, longest: int) -> IntArray:
        """Bigrams a name of each sorted-text length (index) must share; huge if it cannot."""
        lengths = np.arange(longest + 1, dtype=np.int64)
        lcs = _lcs_floor(cutoff, self.length, lengths)
        from_a = (self.length - 1) - 2 * (self.length - lcs) - (lengths - lcs)
        from_b = (lengths - 1) - 2 * (lengths - lcs) - (self.length - lcs)
        feasible = lcs <= np.minimum(self.length, lengths)
        return _needs(lcs, feasible, np.maximum(from_a, from_b))

    def squashed_needs(self, cutoff: float, longest: int) -> IntArray:
        """As ``text_needs``, by squashed length."""
        letters = np.arange(longest + 1, dtype=np.int64)
        lcs = _lcs_floor(cutoff, self.letters, letters)
        from_a = (self.letters - 1) - 2 * (self.letters - lcs) - (letters - lcs)
        from_b = (letters - 1) - 2 * (letters - lcs) - (self.letters - lcs)
        feasible = lcs <= np.minimum(self.letters, letters)
        return _needs(lcs, feasible, np.maximum(from_a, from_b))


class NameBlocker:
    """Names indexed by bigrams and character counts, for lossless candidate generation.

    ``candidates(form, cutoff)`` returns every name whose ``token_sort_ratio`` or squashed
    ``ratio`` with the query can reach ``cutoff`` (a fraction), and usually few others.
    """

    __slots__ = (
        "_histograms",
        "_ids",
        "_indptr",
        "_keys",
        "_lengths",
        "_letters",
        "_longest",
        "_saturated",
    )

    def __init__(self, forms: Sequence[NameForm]) -> None:
        """Index the comparable forms of the names, in id order."""
        texts = [sorted_text(form) for form in forms]
        count = len(forms)
        self._lengths = np.fromiter(map(len, texts), dtype=np.int64, count=count)
        self._letters = np.fromiter((len(f.squashed) for f in forms), dtype=np.int64, count=count)
        self._longest = int(self._lengths.max()) if count else 0
        keys, owner = _bigram_keys([bigram_document(form) for form in forms])
        unique, inverse = np.unique(keys, return_inverse=True)
        self._keys = unique
        self._indptr = np.zeros(len(unique) + 1, dtype=np.int64)
        np.cumsum(np.bincount(inverse, minlength=len(unique)), out=self._indptr[1:])
        self._ids = owner[np.argsort(inverse, kind="stable")].astype(np.int32)
        self._histograms = _histograms(texts)
        self._saturated = (self._histograms == 255).any(axis=1)

    def __len__(self) -> int:
        return len(self._lengths)

    @property
    def nbytes(self) -> int:
        """Memory held by the index arrays, in bytes."""
        arrays = (
            self._keys,
            self._indptr,
            self._ids,
            self._histograms,
            self._saturated,
            self._lengths,
            self._letters,
        )
        return sum(array.nbytes for array in arrays)

    def shared_bigrams(self, form: NameForm) -> IntArray:
        """For every name, how many numbered bigrams its document shares with ``form``'s."""
        keys = np.array(_query_keys(bigram_document(form)), dtype=np.int64)
        rows = np.searchsorted(self._keys, keys)
        inside = rows < len(self._keys)
        rows = rows[inside][self._keys[rows[inside]] == keys[inside]]
        starts, stops = self._indptr[rows].tolist(), self._indptr[rows + 1].tolist()
        slices = [self._ids[start:stop] for start, stop in zip(starts, stops, strict=True)]
        if not slices:
            return np.zeros(len(self), dtype=np.int64)
        return np.bincount(np.concatenate(slices), minlength=len(self))

    def candidates(self, form: NameForm, cutoff: float) -> tuple[IntArray, IntArray]:
        """Ids (ascending) of the names that may score ``>= cutoff``, and their shared bigrams.

        ``cutoff`` is a fraction (0.8, not 80); at 0 or below every name is a candidate.
        """
        if cutoff <= 0.0 or not len(self):
            everything = np.arange(len(self), dtype=np.int64)
            return everything, np.zeros(len(self), dtype=np.int64)
        query = _Query.of(form)
        text_needs = query.text_needs(cutoff, self._longest)
        squashed_needs = query.squashed_needs(cutoff, self._longest)
        if min(text_needs.min(), squashed_needs.min()) >= _INFEASIBLE:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        counts = self.shared_bigrams(form)
        needs = np.minimum(text_needs[self._lengths], squashed_needs[self._letters])
        ids = np.flatnonzero(counts >= needs)
        if not len(ids):
            return ids, ids
        shared = counts[ids]
        by_text = shared >= text_needs[self._lengths[ids]]
        by_squashed = shared >= squashed_needs[self._letters[ids]]
        counts = np.bincount(
            _LOOKUP[np.frombuffer(query.text.encode("ascii", "replace"), dtype=np.uint8)],
            minlength=_CLASSES,
        )
        common_classes = np.minimum(self._histograms[ids], np.minimum(counts, 255).astype(np.uint8))
        common = common_classes.sum(axis=1, dtype=np.int64)
        common_letters = common - common_classes[:, _SPACE]
        # A saturated row undercounts its characters: let it through the character test.
        saturated = self._saturated[ids]
        if saturated.any():
            common[saturated] = common_letters[saturated] = _INFEASIBLE
        by_text &= common >= _lcs_floor(cutoff, query.length, self._lengths[ids])
        by_squashed &= common_letters >= _lcs_floor(cutoff, query.letters, self._letters[ids])
        keep = by_text | by_squashed
        return ids[keep], shared[keep]


__all__ = ["NameBlocker", "bigram_document", "sorted_text"]
