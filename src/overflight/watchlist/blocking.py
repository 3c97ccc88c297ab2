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
from functools import lru_cache
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


_LONGEST_BUCKET = 255
"""Names this long or longer share one length bucket in the posting offsets."""


def _bucket(length: int) -> int:
    return min(length, _LONGEST_BUCKET)


def _lcs_floor(cutoff: float, length_a: int, lengths_b: IntArray) -> IntArray:
    """Smallest common-subsequence length giving ``ratio >= cutoff``."""
    floor: IntArray = np.ceil(cutoff * (length_a + lengths_b) / 2.0 - _SLACK).astype(np.int64)
    return floor


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


@lru_cache(maxsize=4096)
def _needs(cutoff: float, length_a: int, longest: int) -> tuple[IntArray, IntArray]:
    """Bigram and LCS floors per name length (cached: query lengths repeat; read-only)."""
    lengths = np.arange(longest + 1, dtype=np.int64)
    lcs = _lcs_floor(cutoff, length_a, lengths)
    from_a = (length_a - 1) - 2 * (length_a - lcs) - (lengths - lcs)
    from_b = (lengths - 1) - 2 * (lengths - lcs) - (length_a - lcs)
    feasible = lcs <= np.minimum(length_a, lengths)
    needs = np.where(feasible, np.maximum(from_a, from_b), _INFEASIBLE)
    needs.flags.writeable = lcs.flags.writeable = False
    return needs, lcs


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

    def text_needs(self, cutoff: float, longest: int) -> tuple[IntArray, IntArray]:
        """Per sorted-text length (index): bigrams a name must share, and the LCS it needs.

        A length that cannot reach ``cutoff`` at all needs more bigrams than any name has.
        """
        return _needs(cutoff, self.length, longest)

    def squashed_needs(self, cutoff: float, longest: int) -> tuple[IntArray, IntArray]:
        """As ``text_needs``, by squashed length."""
        return _needs(cutoff, self.letters, longest)


class NameBlocker:
    """Names indexed by bigrams and character counts, for lossless candidate generation.

    ``candidates(form, cutoff)`` returns every name whose ``token_sort_ratio`` or squashed
    ``ratio`` with the query can reach ``cutoff`` (a fraction), and usually few others.

    Inside, names sit in order of sorted-text length (``_order`` maps back to name ids), so
    the names whose length can reach the cutoff form one run of positions, and each posting
    list, sorted by position, is cut to that run through a row-by-length offset table before
    counting: names of hopeless lengths cost nothing.
    """

    __slots__ = (
        "_histograms",
        "_ids",
        "_keys",
        "_length_starts",
        "_lengths",
        "_letters",
        "_longest",
        "_offsets",
        "_order",
        "_pair_lengths",
        "_pair_letters",
        "_pairs",
        "_saturated",
        "_text_span",
    )

    def __init__(self, forms: Sequence[NameForm]) -> None:
        """Index the comparable forms of the names, in id order."""
        texts = [sorted_text(form) for form in forms]
        count = len(forms)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=count)
        letters = np.fromiter((len(f.squashed) for f in forms), dtype=np.int64, count=count)
        self._longest = longest = int(lengths.max()) if count else 0
        self._order = order = np.argsort(lengths, kind="stable")
        position = np.empty(count, dtype=np.int64)
        position[order] = np.arange(count)
        self._lengths, self._letters = lengths[order], letters[order]
        # Names as (sorted length, squashed length) pairs: needs are looked up per pair.
        pair_keys, self._pairs = np.unique(
            self._lengths * (longest + 1) + self._letters, return_inverse=True
        )
        self._pair_lengths, self._pair_letters = np.divmod(pair_keys, longest + 1)
        # Lengths past _LONGEST_BUCKET share one bucket (over-inclusion only, never a loss).
        self._length_starts = np.searchsorted(
            np.minimum(self._lengths, _LONGEST_BUCKET), np.arange(_bucket(longest) + 2)
        )
        # For each squashed length, the sorted-text lengths of the names that have it.
        self._text_span = np.array([[_INFEASIBLE] * (longest + 1), [-1] * (longest + 1)])
        np.minimum.at(self._text_span[0], self._letters, self._lengths)
        np.maximum.at(self._text_span[1], self._letters, self._lengths)
        keys, owner = _bigram_keys([bigram_document(form) for form in forms])
        owner = position[owner]
        unique, inverse = np.unique(keys, return_inverse=True)
        by_row = np.lexsort((owner, inverse))
        self._keys = unique
        self._ids = owner[by_row].astype(np.int32)
        # _offsets[row, length]: where that row's postings of names this long or longer begin.
        stride = _bucket(longest) + 2
        placed = inverse[by_row] * stride + np.minimum(self._lengths[self._ids], _LONGEST_BUCKET)
        self._offsets = (
            np.searchsorted(placed, np.arange(len(unique) * stride))
            .astype(np.int32 if len(placed) < 2**31 else np.int64)
            .reshape(len(unique), stride)
        )
        self._histograms = _histograms(texts)[order]
        self._saturated = (self._histograms == 255).any(axis=1)

    def __len__(self) -> int:
        return len(self._lengths)

    @property
    def nbytes(self) -> int:
        """Memory held by the index arrays, in bytes."""
        arrays = (
            self._keys,
            self._ids,
            self._offsets,
            self._histograms,
            self._saturated,
            self._lengths,
            self._letters,
            self._order,
            self._length_starts,
            self._text_span,
            self._pairs,
            self._pair_lengths,
            self._pair_letters,
        )
        return sum(array.nbytes for array in arrays)

    def _window(self, text_needs: IntArray, squashed_needs: IntArray) -> tuple[int, int] | None:
        """Length buckets of the shortest and longest names that may reach the cutoff.

        Reachable lengths form one run in each table (``Lmin <= min(n_a, n_b)``).
        """
        lows, highs = [], []
        text_ok = np.flatnonzero(text_needs < _INFEASIBLE)
        if len(text_ok):
            lows.append(int(text_ok[0]))
            highs.append(int(text_ok[-1]))
        squashed_ok = np.flatnonzero(squashed_needs < _INFEASIBLE)
        if len(squashed_ok):
            run = slice(int(squashed_ok[0]), int(squashed_ok[-1]) + 1)
            lows.append(int(self._text_span[0, run].min()))
            highs.append(int(self._text_span[1, run].max()))
        if not lows or min(lows) > max(highs):
            return None
        return _bucket(min(lows)), _bucket(min(max(highs), self._longest))

    def _shared(self, form: NameForm, low: int, high: int) -> IntArray:
        """Numbered bigrams shared with ``form`` by names in length buckets ``low``..``high``."""
        keys = np.array(_query_keys(bigram_document(form)), dtype=np.int64)
        rows = np.searchsorted(self._keys, keys)
        inside = rows < len(self._keys)
        rows = rows[inside][self._keys[rows[inside]] == keys[inside]]
        starts = self._offsets[rows, low].tolist()
        stops = self._offsets[rows, high + 1].tolist()
        first, last = int(self._length_starts[low]), int(self._length_starts[high + 1])
        slices = [self._ids[start:stop] for start, stop in zip(starts, stops, strict=True)]
        if not slices:
            return np.zeros(last - first, dtype=np.int64)
        return np.bincount(np.concatenate(slices), minlength=last)[first:last]

    def candidates(self, form: NameForm, cutoff: float) -> tuple[IntArray, IntArray]:
        """Ids (ascending) of the names that may score ``>= cutoff``, and their shared bigrams.

        ``cutoff`` is a fraction (0.8, not 80); at 0 or below every name is a candidate.
        """
        if cutoff <= 0.0 or not len(self):
            everything = np.arange(len(self), dtype=np.int64)
            return everything, np.zeros(len(self), dtype=np.int64)
        query = _Query.of(form)
        text_needs, text_lcs = query.text_needs(cutoff, self._longest)
        squashed_needs, squashed_lcs = query.squashed_needs(cutoff, self._longest)
        window = self._window(text_needs, squashed_needs)
        if window is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        low, high = window
        first, last = int(self._length_starts[low]), int(self._length_starts[high + 1])
        counts = self._shared(form, low, high)
        pair_needs = np.minimum(text_needs[self._pair_lengths], squashed_needs[self._pair_letters])
        needs = pair_needs[self._pairs[first:last]]
        places = np.flatnonzero(counts >= needs)
        shared = counts[places]
        places += first
        lengths, letters = self._lengths[places], self._letters[places]
        by_text = shared >= text_needs[lengths]
        by_squashed = shared >= squashed_needs[letters]
        counts = np.bincount(
            _LOOKUP[np.frombuffer(query.text.encode("ascii", "replace"), dtype=np.uint8)],
            minlength=_CLASSES,
        )
        common_classes = np.minimum(
            self._histograms[places], np.minimum(counts, 255).astype(np.uint8)
        )
        common = common_classes.sum(axis=1, dtype=np.int64)
        common_letters = common - common_classes[:, _SPACE]
        # A saturated row undercounts its characters: let it through the character test.
        saturated = self._saturated[places]
        if saturated.any():
            common[saturated] = common_letters[saturated] = _INFEASIBLE
        by_text &= common >= text_lcs[lengths]
        by_squashed &= common_letters >= squashed_lcs[letters]
        keep = by_text | by_squashed
        ids = self._order[places[keep]]
        order = np.argsort(ids)
        return ids[order], shared[keep][order]


__all__ = ["NameBlocker", "bigram_document", "sorted_text"]
