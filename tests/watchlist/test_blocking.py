"""Blocking drops no name that can reach the cutoff: checked against brute force."""

from __future__ import annotations

import random

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from overflight.watchlist import Entity, NameKind, Schema, WatchlistIndex, analyse_name
from overflight.watchlist.blocking import NameBlocker, bigram_document, sorted_text
from overflight.watchlist.entity import EntityName, SourceList
from overflight.watchlist.matches import Match
from overflight.watchlist.names import AIR_WORDS, NameForm
from overflight.watchlist.scoring import score_names

# A small alphabet makes near neighbours (and shared bigrams between strangers) common.
_WORDS = st.text(alphabet="abdeiklnorsu19", min_size=1, max_size=9)
_NAMES = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)
_CUTOFFS = st.sampled_from([0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 1.0])


def _perturb(name: str, moves: list[int], rng: random.Random) -> str:
    """Spelling edits seen between lists: letters changed, dropped, added; words moved, joined."""
    for move in moves:
        if not name:
            return "x"
        pos = rng.randrange(len(name))
        if move == 0:
            name = name[:pos] + name[pos + 1 :]
        elif move == 1:
            name = name[:pos] + rng.choice("aeiknrs ") + name[pos:]
        elif move == 2:
            name = name[:pos] + rng.choice("aeiknrs") + name[pos + 1 :]
        elif move == 3:
            words = name.split()
            rng.shuffle(words)
            name = " ".join(words)
        else:
            name = name.replace(" ", "", 1) if " " in name else name[:pos] + " " + name[pos:]
    return name


def _raw(query: NameForm, name: NameForm) -> float:
    """The score before factors, computed the plain way (what ``scoring`` takes the best of)."""
    return max(
        fuzz.token_sort_ratio(query.text, name.text), fuzz.ratio(query.squashed, name.squashed)
    )


@st.composite
def _cases(draw: st.DrawFn) -> tuple[list[NameForm], NameForm, float]:
    names = draw(st.lists(_NAMES, min_size=1, max_size=25))
    rng = random.Random(draw(st.integers(0, 2**32)))
    moves = draw(st.lists(st.integers(0, 4), max_size=4))
    seed = draw(st.sampled_from(names))
    query = analyse_name(_perturb(seed, moves, rng))
    forms = [form for form in map(analyse_name, names) if form.core]
    return forms, query, draw(_CUTOFFS)


@settings(max_examples=400, deadline=None)
@given(_cases())
def test_every_name_brute_force_keeps_is_a_candidate(
    case: tuple[list[NameForm], NameForm, float],
) -> None:
    forms, query, cutoff = case
    if not query.core:
        return
    ids, shared = NameBlocker(forms).candidates(query, cutoff)
    kept = set(ids.tolist())
    for number, form in enumerate(forms):
        if fuzz.token_sort_ratio(query.text, form.text) >= cutoff * 100:
            assert number in kept, (query.text, form.text)
        if _raw(query, form) >= cutoff * 100:
            assert number in kept, (query.squashed, form.squashed)
    assert len(shared) == len(ids)


def _entities(names: list[str], kinds: list[NameKind]) -> list[Entity]:
    return [
        Entity(
            id=f"h-{number:03d}",
            schema=Schema.ORGANISATION if number % 2 else Schema.PERSON,
            names=(EntityName(text, kinds[number % len(kinds)]),),
            source=SourceList.OFAC_SDN,
            source_ref=str(number),
        )
        for number, text in enumerate(names)
    ]


def _scan(
    entities: list[Entity], query: str, schema: Schema | None, limit: int, threshold: float
) -> list[tuple[str, float, str]]:
    """``match_name`` written as the obvious loop over every name."""
    form = analyse_name(query)
    if AIR_WORDS.issuperset(form.core):  # "Air" or "Airlines" alone names no one
        return []
    best: dict[str, tuple[float, str]] = {}
    for entity in entities:
        if schema is not None and entity.schema is not schema:
            continue
        for name in entity.names:
            other = analyse_name(name.text)
            if not other.core or not form.core:
                continue
            score, _ = score_names(form, other, name.kind)
            if score >= threshold and (entity.id not in best or score > best[entity.id][0]):
                best[entity.id] = (score, name.text)
    ranked = sorted(best.items(), key=lambda item: (-round(item[1][0], 4), item[0]))
    return [(key, round(score, 4), text) for key, (score, text) in ranked[:limit]]


def _seen(matches: tuple[Match, ...]) -> list[tuple[str, float, str]]:
    return [(m.entity.id, m.score, m.matched) for m in matches]


@settings(max_examples=150, deadline=None)
@example(["airlin"], 0, [], 0.0, 1, None)  # "airlin" reads "air": alone, it names no one
@given(
    st.lists(_NAMES, min_size=1, max_size=30),
    st.integers(0, 2**32),
    st.lists(st.integers(0, 4), max_size=3),
    st.sampled_from([0.0, 0.5, 0.7, 0.8, 0.9]),
    st.integers(1, 5),
    st.sampled_from([None, Schema.PERSON]),
)
def test_match_name_equals_scoring_every_name(
    names: list[str],
    seed: int,
    moves: list[int],
    threshold: float,
    limit: int,
    schema: Schema | None,
) -> None:
    rng = random.Random(seed)
    entities = _entities(names, [NameKind.PRIMARY, NameKind.LOW_QUALITY, NameKind.AKA])
    query = _perturb(rng.choice(names), moves, rng)
    index = WatchlistIndex.build(entities)
    found = index.match_name(query, schema=schema, limit=limit, threshold=threshold)
    assert _seen(found) == _scan(entities, query, schema, limit, threshold)


def test_bigrams_find_what_trigrams_cannot() -> None:
    # token_sort_ratio 84 with no trigram in common: a trigram count bound would lose it.
    query, name = analyse_name("ABCDEFGHIJ"), analyse_name("ABDEXFGIJ")
    assert fuzz.token_sort_ratio(query.text, name.text) >= 80
    assert not {query.text[i : i + 3] for i in range(8)} & {name.text[i : i + 3] for i in range(7)}
    ids, _ = NameBlocker([analyse_name("ZZZZ QQQQ"), name]).candidates(query, 0.8)
    assert ids.tolist() == [1]


def test_strangers_and_impossible_lengths_are_not_candidates() -> None:
    forms = [analyse_name(text) for text in ("AIR KORYO", "KORYO", "MAHAN AIR", "XU")]
    ids, _ = NameBlocker(forms).candidates(analyse_name("AIR KORIO"), 0.8)
    # KORYO is too short to reach 80 against nine characters; MAHAN AIR and XU share too little.
    assert ids.tolist() == [0]


def test_squashed_spelling_is_a_candidate_through_word_boundaries() -> None:
    # Word order differs and one name is written solid: only the squashed ratio reaches 80.
    query, name = analyse_name("KARIM ABDULRAHMAN"), analyse_name("KARIMABDUL RAHMAN")
    assert fuzz.ratio(query.squashed, name.squashed) >= 80
    assert fuzz.token_sort_ratio(query.text, name.text) < 80
    ids, _ = NameBlocker([analyse_name("ABDUL KARIM"), name]).candidates(query, 0.8)
    assert 1 in ids.tolist()
    assert bigram_document(name) == "karimabdul rahman\x00lr"


def test_long_repetitive_names_and_other_scripts_stay_candidates() -> None:
    # Character counts saturate at 255; a saturated row must not be filtered on them.
    long_name = NameForm(("a" * 300,), (), "a" * 300, "a" * 300, frozenset())
    query = NameForm(("a" * 299,), (), "a" * 299, "a" * 299, frozenset())
    odd = NameForm(("éxé",), (), "éxé", "éxé", frozenset())
    shorter = NameForm(("a" * 260,), (), "a" * 260, "a" * 260, frozenset())
    blocker = NameBlocker([long_name, odd, shorter])
    # 2 * 260 / 559 = 0.93 and 2 * 299 / 599 = 0.998: both long names reach 0.9.
    assert blocker.candidates(query, 0.9)[0].tolist() == [0, 2]
    other_script = NameForm(("éxéa",), (), "éxéa", "éxéa", frozenset())
    assert fuzz.ratio(other_script.text, odd.text) >= 80
    assert blocker.candidates(other_script, 0.8)[0].tolist() == [1]


def test_no_cutoff_means_every_name_and_empty_index_means_none() -> None:
    forms = [analyse_name("AIR KORYO"), analyse_name("QQ")]
    assert NameBlocker(forms).candidates(analyse_name("ZZZ"), 0.0)[0].tolist() == [0, 1]
    assert NameBlocker([]).candidates(analyse_name("AIR KORYO"), 0.8)[0].tolist() == []
    assert sorted_text(analyse_name("Koryo Air")) == sorted_text(analyse_name("AIR KORYO"))


def test_real_lists_lose_no_brute_force_hit(real_index: WatchlistIndex) -> None:
    """Seeded list-name variants: every name within token-sort 80 is a candidate."""
    rng = random.Random(20261129)
    forms = [analyse_name(name.text) for entity in real_index.entities for name in entity.names]
    texts = [form.text for form in forms if form.core]
    for text in rng.sample(texts, 60):
        query = analyse_name(_perturb(text.upper(), [rng.randrange(5)], rng))
        if not query.core:
            continue
        wanted = {other for other in texts if fuzz.token_sort_ratio(query.text, other) >= 80}
        got = {
            analyse_name(real_index.indexed_name(i)[1].text).text
            for i in real_index.candidates(query, count=None)
        }
        assert wanted <= got
        assert len(got) < real_index.name_count / 20


def test_a_larger_index_mixes_dense_rows_and_posting_lists_and_loses_nothing() -> None:
    """300 seeded names: common bigrams are summed as dense rows, rare ones counted from
    posting lists; at threshold 0 every name is scored (the many-candidates path)."""
    rng = random.Random(20261129)
    words = ["".join(rng.choices("abdeiklnorsu19", k=rng.randint(2, 8))) for _ in range(60)]
    names = [" ".join(rng.choices(words, k=rng.randint(1, 3))) for _ in range(300)]
    entities = _entities(names, [NameKind.PRIMARY, NameKind.LOW_QUALITY, NameKind.AKA])
    index = WatchlistIndex.build(entities)
    forms = [analyse_name(name) for name in names]
    blocker = NameBlocker([form for form in forms if form.core])
    kept_forms = [form for form in forms if form.core]
    for _ in range(12):
        query = _perturb(rng.choice(names), [rng.randrange(5), rng.randrange(5)], rng)
        form = analyse_name(query)
        if not form.core:
            continue
        for cutoff in (0.6, 0.8):
            kept = set(blocker.candidates(form, cutoff)[0].tolist())
            wanted = {n for n, other in enumerate(kept_forms) if _raw(form, other) >= cutoff * 100}
            assert wanted <= kept
        for threshold, limit in ((0.0, 100), (0.7, 5)):
            found = index.match_name(query, limit=limit, threshold=threshold)
            assert _seen(found) == _scan(entities, query, None, limit, threshold)
