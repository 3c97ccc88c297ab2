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
inverted index of compressed rows (CSR); the commonest also as dense rows of bytes. A query's
rows that are dense in its length window are summed as bytes, the rest's postings added into
the same counts (``np.add.at``). Characters outside ``[a-z0-9 ]`` share one class, which can
only add common characters and bigrams, never remove them.

What depends only on the query's lengths (the window, each name's needs) is a cached plan, so
a query costs a few dozen numpy calls over small arrays and no Python loop over names.
"""

from __future__ import annotations

import sys
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
_DENSE_SHARE = 32
"""A bigram carried by at least 1/32 of the names also gets a dense row (a byte per name)."""
_DENSE_GAIN = 24
"""A dense row is summed when its postings in the window are at least 1/24 of the window's
names: adding a row of bytes costs about 1/24 of counting one posting (measured)."""
_DENSE_ROWS = 255
"""At most this many dense rows, so their byte sum cannot overflow."""


def _bucket(length: int) -> int:
    return min(length, _LONGEST_BUCKET)


def _lcs_floor(cutoff: float, length_a: int, lengths_b: IntArray) -> IntArray:
    """Smallest common-subsequence length giving ``ratio >= cutoff``."""
    floor: IntArray = np.ceil(cutoff * (length_a + lengths_b) / 2.0 - _SLACK).astype(np.int64)
    return floor


def bigram_document(form: NameForm, text: str | None = None) -> str:
    """The string whose bigrams are indexed for a name: sorted text, then word-boundary pairs.

    Pieces are separated by NUL, which no bigram spans. ``text``: the sorted text, if known.
    """
    boundaries = (left[-1] + right[0] for left, right in pairwise(form.core))
    return "\x00".join((sorted_text(form) if text is None else text, *boundaries))


class _Classes(dict[int, str]):
    """``str.translate`` table: alphabet characters and NUL kept, any other made ``_OTHER_CHAR``."""

    def __missing__(self, key: int) -> str:
        return _OTHER_CHAR


_OTHER_CHAR = "\x01"
_CLASS_CHARS = _ALPHABET + _OTHER_CHAR
"""The character standing for each class in a translated document."""
_TRANSLATION = _Classes({ord(char): char for char in _ALPHABET} | {0: "\x00"})
_PLAN_BYTES = 16_000_000
"""Memory for the query plans an index keeps (one per cutoff, sorted and squashed length)."""


def _query_grams(document: str) -> list[tuple[str, int]]:
    """Numbered bigrams of one document, as (two class characters, repeat) pairs.

    The same multiset as ``_bigram_keys`` numbers, without numpy: a query is a few dozen
    characters, where one numpy call costs more than the whole loop.
    """
    text = document.translate(_TRANSLATION)
    seen: dict[str, int] = {}
    grams = []
    for at in range(len(text) - 1):
        gram = text[at : at + 2]
        if "\x00" in gram:
            continue
        repeat = seen.get(gram, 0)
        seen[gram] = repeat + 1
        grams.append((gram, repeat))
    return grams


def _gram_of(key: int) -> tuple[str, int]:
    """A numbered key of ``_bigram_keys`` as ``_query_grams`` writes it."""
    repeat, code = divmod(key, _CODE_BASE * _CODE_BASE)
    first, second = divmod(code, _CODE_BASE)
    return _CLASS_CHARS[first] + _CLASS_CHARS[second], repeat


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
class _Plan:
    """What one (cutoff, sorted length, squashed length) of query needs from each name.

    ``table`` has a row per (sorted length, squashed length) pair of the index: the bigrams a
    name must share by the sorted text, by the squashed text, the LCS each needs, and the
    fewer of the two bigram needs. Positions ``first``..``last`` (length buckets
    ``low``..``high``) hold every name whose length can reach the cutoff, and ``window`` is
    the fewer bigram need of each of them, as a byte (needs past 255 made 255: that only lets
    more names through to the exact test).
    """

    low: int
    high: int
    first: int
    last: int
    table: IntArray
    window: npt.NDArray[np.uint8]


class NameBlocker:
    """Names indexed by bigrams and character counts, for lossless candidate generation.

    ``candidates(form, cutoff)`` returns every name whose ``token_sort_ratio`` or squashed
    ``ratio`` with the query can reach ``cutoff`` (a fraction), and usually few others.

    Inside, names sit in order of sorted-text length (``_order`` maps back to name ids), so
    the names whose length can reach the cutoff form one run of positions, and each posting
    list, sorted by position, is cut to that run through a row-by-length offset table before
    counting: names of hopeless lengths cost nothing. Bigrams that at least 1/32 of the names
    carry also have a dense row of bytes (at most 255 rows), summed over the same run.
    """

    __slots__ = (
        "_any_saturated",
        "_dense",
        "_histograms",
        "_ids",
        "_length_starts",
        "_longest",
        "_offsets",
        "_order",
        "_pair_lengths",
        "_pair_letters",
        "_pairs",
        "_plan_bytes",
        "_plans",
        "_rows",
        "_saturated",
        "_slots",
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
        lengths, letters = lengths[order], letters[order]
        # Names as (sorted length, squashed length) pairs: needs are looked up per pair.
        pair_keys, pairs = np.unique(lengths * (longest + 1) + letters, return_inverse=True)
        self._pairs = pairs.astype(np.int32 if len(pair_keys) < 2**31 else np.int64)
        self._pair_lengths, self._pair_letters = np.divmod(pair_keys, longest + 1)
        # Lengths past _LONGEST_BUCKET share one bucket (over-inclusion only, never a loss).
        self._length_starts = np.searchsorted(
            np.minimum(lengths, _LONGEST_BUCKET), np.arange(_bucket(longest) + 2)
        )
        # For each squashed length, the sorted-text lengths of the names that have it.
        self._text_span = np.array([[_INFEASIBLE] * (longest + 1), [-1] * (longest + 1)])
        np.minimum.at(self._text_span[0], letters, lengths)
        np.maximum.at(self._text_span[1], letters, lengths)
        keys, owner = _bigram_keys([bigram_document(form) for form in forms])
        owner = position[owner]
        unique, inverse = np.unique(keys, return_inverse=True)
        by_row = np.lexsort((owner, inverse))
        self._rows = {_gram_of(key): row for row, key in enumerate(unique.tolist())}
        self._ids = owner[by_row].astype(np.int32)
        # _offsets[row, length]: where that row's postings of names this long or longer begin.
        stride = _bucket(longest) + 2
        placed = inverse[by_row] * stride + np.minimum(lengths[self._ids], _LONGEST_BUCKET)
        self._offsets = (
            np.searchsorted(placed, np.arange(len(unique) * stride))
            .astype(np.int32 if len(placed) < 2**31 else np.int64)
            .reshape(len(unique), stride)
        )
        # Common bigrams also get a dense row: a byte per name, 1 where the name has it.
        postings = np.bincount(inverse, minlength=len(unique))
        dense = np.flatnonzero(postings * _DENSE_SHARE >= count)
        if len(dense) > _DENSE_ROWS:
            dense = np.sort(dense[np.argsort(-postings[dense], kind="stable")[:_DENSE_ROWS]])
        slots = np.full(len(unique), -1, dtype=np.int64)
        slots[dense] = np.arange(len(dense))
        self._slots: list[int] = slots.tolist()
        in_dense = slots[inverse] >= 0
        self._dense = np.zeros((len(dense), count), dtype=np.uint8)
        self._dense[slots[inverse[in_dense]], owner[in_dense]] = 1
        self._histograms = _histograms(texts)[order]
        self._saturated = (self._histograms == 255).any(axis=1)
        self._any_saturated = bool(self._saturated.any())
        self._plans: dict[tuple[float, int, int], _Plan] = {}
        self._plan_bytes = 0

    def __len__(self) -> int:
        return len(self._order)

    @property
    def nbytes(self) -> int:
        """Memory held by the index arrays and the bigram table, in bytes (plans not counted)."""
        arrays = (
            self._dense,
            self._ids,
            self._offsets,
            self._histograms,
            self._saturated,
            self._order,
            self._length_starts,
            self._text_span,
            self._pairs,
            self._pair_lengths,
            self._pair_letters,
        )
        return sum(array.nbytes for array in arrays) + sys.getsizeof(self._rows)

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

    def _plan(self, cutoff: float, length: int, letters: int) -> _Plan:
        """The needs of a query with these lengths (cached: query lengths repeat)."""
        key = (cutoff, length, letters)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._make_plan(cutoff, length, letters)
            size = plan.table.nbytes + plan.window.nbytes
            if self._plan_bytes + size > _PLAN_BYTES:
                self._plans.clear()
                self._plan_bytes = 0
            self._plans[key] = plan
            self._plan_bytes += size
        return plan

    def _make_plan(self, cutoff: float, length: int, letters: int) -> _Plan:
        text_needs, text_lcs = _needs(cutoff, length, self._longest)
        squashed_needs, squashed_lcs = _needs(cutoff, letters, self._longest)
        window = self._window(text_needs, squashed_needs)
        if window is None:
            nothing = np.zeros((0, 5), dtype=np.int64)
            return _Plan(0, 0, 0, 0, nothing, np.zeros(0, dtype=np.uint8))
        low, high = window
        by_text, by_squashed = text_needs[self._pair_lengths], squashed_needs[self._pair_letters]
        either = np.minimum(by_text, by_squashed)
        table = np.stack(
            (
                by_text,
                by_squashed,
                text_lcs[self._pair_lengths],
                squashed_lcs[self._pair_letters],
                either,
            ),
            axis=1,
        )
        first, last = int(self._length_starts[low]), int(self._length_starts[high + 1])
        window_needs = np.clip(either, 0, 255).astype(np.uint8)[self._pairs[first:last]]
        return _Plan(low, high, first, last, table, window_needs)

    def _shared(self, form: NameForm, text: str, plan: _Plan) -> npt.NDArray[np.integer]:
        """Numbered bigrams shared with ``form`` by the names at positions ``first``..``last``.

        A row whose postings are dense enough in the window is read as bytes and summed
        (vectorised); the others' postings are counted into the same array with ``add.at``.
        """
        rows = [
            row
            for gram in _query_grams(bigram_document(form, text))
            if (row := self._rows.get(gram)) is not None
        ]
        window = plan.last - plan.first
        if not rows:
            return np.zeros(window, dtype=np.uint8)
        # Columns low and high + 1 of each row bound its postings of names in the window.
        bounds = self._offsets[rows, plan.low : plan.high + 2 : plan.high + 1 - plan.low]
        dense, lists = [], []
        for row, (start, stop) in zip(rows, bounds.tolist(), strict=True):
            slot = self._slots[row]
            if slot >= 0 and (stop - start) * _DENSE_GAIN >= window:
                dense.append(slot)
            elif stop > start:
                lists.append(self._ids[start:stop])
        # A count is at most the query's bigrams: bytes suffice for all but very long queries.
        kind = np.uint8 if len(rows) <= 255 else np.int32
        counts: npt.NDArray[np.integer] = (
            self._dense[dense, plan.first : plan.last].sum(axis=0, dtype=kind)
            if dense
            else np.zeros(window, dtype=kind)
        )
        if lists:
            ids = np.concatenate(lists, dtype=np.intp)
            np.add.at(counts, np.subtract(ids, plan.first, out=ids), kind(1))
        return counts

    def candidates(self, form: NameForm, cutoff: float) -> tuple[IntArray, IntArray]:
        """Ids (ascending) of the names that may score ``>= cutoff``, and their shared bigrams.

        ``cutoff`` is a fraction (0.8, not 80); at 0 or below every name is a candidate.
        """
        ids, shared = self.unordered_candidates(form, cutoff)
        order = np.argsort(ids)
        return ids[order], shared[order]

    def unordered_candidates(self, form: NameForm, cutoff: float) -> tuple[IntArray, IntArray]:
        """As ``candidates``, in no particular order (saves a sort when the caller sorts)."""
        if cutoff <= 0.0 or not len(self):
            everything = np.arange(len(self), dtype=np.int64)
            return everything, np.zeros(len(self), dtype=np.int64)
        text = sorted_text(form)
        plan = self._plan(cutoff, len(text), len(form.squashed))
        if plan.first >= plan.last:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        counts = self._shared(form, text, plan)
        # Bigrams: the fewer of each name's two needs, then (below) each need on its own.
        places = (counts >= plan.window).nonzero()[0]
        shared = counts[places]
        places += plan.first
        needs = plan.table[self._pairs[places]]
        # Characters: the LCS is at most the characters the two texts have in common.
        query_counts = np.bincount(
            _LOOKUP[np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8)],
            minlength=_CLASSES,
        )
        if len(text) > 255:
            query_counts = np.minimum(query_counts, 255)
        common_classes = np.minimum(self._histograms[places], query_counts.astype(np.uint8))
        # (einsum sums rows of bytes in one pass, without BLAS threads or a float copy.)
        common = np.einsum("ij->i", common_classes, dtype=np.int32)
        common_letters = common - common_classes[:, _SPACE]
        if self._any_saturated:
            # A saturated row undercounts its characters: let it through the character test.
            saturated = self._saturated[places]
            common[saturated] = common_letters[saturated] = _INFEASIBLE
        keep = ((shared >= needs[:, 0]) & (common >= needs[:, 2])) | (
            (shared >= needs[:, 1]) & (common_letters >= needs[:, 3])
        )
        return self._order[places[keep]], shared[keep].astype(np.int64)


__all__ = ["NameBlocker", "bigram_document", "sorted_text"]
