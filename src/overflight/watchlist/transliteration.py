"""Names in other scripts brought to the Latin spelling sanctions lists use.

normality transliterates any script, but its spellings are not the lists': Cyrillic ``ё`` and
``я`` lose their ``y`` (``Корё`` → ``kore``), Korean comes out in Revised Romanization with
sound changes (``고려`` → ``golyeo``) where DPRK names on the lists are in McCune–Reischauer
without breves (``Koryo``, ``RI Chong Chol``), and Persian ``ای`` at a word's start reads
``ay`` (``ایران`` → ``ayran``). So, before normality sees them:

- Cyrillic is spelled letter by letter as BGN/PCGN does (``й`` y, ``х`` kh, ``ё`` yo, ``я`` ya);
- Hangul syllables are spelled McCune–Reischauer style, each syllable as if word-initial
  (``고려`` koryo, ``리정철`` richongchol: the lists' ``RI Chong Chol`` squashed), or, read
  voiced, with k, t, p, ch voiced after a vowel or n, l, m, ng (``김정은`` kimjongun: the
  lists' ``KIM Jong Un``);
- Persian and Arabic words starting ``ای`` start with ``i``;
- the words these scripts use for an airline (``авиакомпания``, ``эйр``, ``항공``,
  ``هواپیمایی``, ``ایر``, ``طيران``, ``الخطوط الجوية``) become ``air``, as ``names`` folds
  Airlines, Airways and Aviation, and ``회사`` / ``شرکت`` become ``company``.

Only spelling is handled here: a name the lists hold as a translation (``الخطوط الجوية
العربية السورية`` for Syrian Arab Airlines) is not found through its transliteration.
"""

from __future__ import annotations

import re

_CYRILLIC = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "yo",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "і": "i",
        "ї": "yi",
        "є": "ye",
        "ґ": "g",
        "ў": "w",
    }
)

# Hangul jamo, McCune–Reischauer without breves, every syllable read as word-initial.
_INITIALS: tuple[str, ...] = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "")
_INITIALS += ("ch", "tch", "ch", "k", "t", "p", "h")
_VOWELS: tuple[str, ...] = (
    "a",
    "ae",
    "ya",
    "yae",
    "o",
    "e",
    "yo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "u",
    "ui",
    "i",
)
_FINALS: tuple[str, ...] = (
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
)
_FINALS += ("p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "h")
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3

# Words for "airline" and "company" in the scripts lists transliterate, as whole words.
_AIR_WORDS = frozenset(
    {
        "авиакомпания",
        "авиалинии",
        "авиалиния",
        "эйр",
        "эйрлайнс",
        "هواپیمایی",
        "ایر",
        "طيران",
        "للطيران",
        "ایرلاین",
    }
)
_COMPANY_WORDS = frozenset({"شرکت", "شركة", "компания"})
# Latin legal forms as Russian renderings write them (``Ко., Лтд.`` for Co., Ltd.).
_LEGAL_WORDS = {
    "ко": "co",
    "лтд": "ltd",
    "ллк": "llc",
    "инк": "inc",
    "корп": "corp",
    "фзе": "fze",
    "фзко": "fzco",
    "гмбх": "gmbh",
}
_PHRASES = (
    (re.compile(r"(ال)?خطوط\s+(ال)?جوية"), " air "),
    (re.compile("항공"), " air "),
    (re.compile("회사"), " company "),
)
_PERSIAN_INITIAL_I = re.compile(r"(?<!\S)ا[یي]")


# Voiced inside a word, after a vowel or n, l, m, ng: k g, t d, p b, ch j (``김정은`` kimjongun).
_VOICED = {0: "g", 3: "d", 7: "b", 12: "j"}
_VOICING_FINALS = frozenset({"", "n", "l", "m", "ng"})


def _hangul(text: str, voiced: bool) -> str:
    out = []
    after_voiced = False  # the previous character was a syllable ending in a voiced sound
    for char in text:
        code = ord(char)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            index = code - _HANGUL_FIRST
            initial, rest = divmod(index, 21 * 28)
            vowel, final = divmod(rest, 28)
            start = _INITIALS[initial]
            if voiced and after_voiced:
                start = _VOICED.get(initial, start)
            out.append(start + _VOWELS[vowel] + _FINALS[final])
            after_voiced = _FINALS[final] in _VOICING_FINALS
        else:
            out.append(char)
            after_voiced = False
    return "".join(out)


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds a Hangul syllable (and so has a voiced reading too)."""
    return any(_HANGUL_FIRST <= ord(char) <= _HANGUL_LAST for char in text)


def latinise(text: str, voiced: bool = False) -> str:
    """Lower-case ``text`` spelled in Latin letters where lists' spellings differ from normality's.

    Latin text is returned as it is; other characters are left for normality. ``voiced``
    reads Hangul as McCune–Reischauer does inside a word (``김정은`` kimjongun, as ``KIM Jong
    Un`` stands on the lists) rather than every syllable word-initial (kimchongun, as ``RI
    Chong Chol``): the lists hold both, so a Hangul name is searched both ways.

    >>> latinise("эйр корё")
    'air koryo'
    >>> latinise("고려항공")
    'koryo air'
    """
    if text.isascii():
        return text
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    words = []
    for word in text.split():
        if word in _AIR_WORDS:
            words.append("air")
        elif word in _COMPANY_WORDS:
            words.append("company")
        elif word.strip(".,") in _LEGAL_WORDS:
            words.append(_LEGAL_WORDS[word.strip(".,")])
        else:
            words.append(word)
    text = _PERSIAN_INITIAL_I.sub("i", " ".join(words))
    return _hangul(text.translate(_CYRILLIC), voiced).strip()


__all__ = ["has_hangul", "latinise"]
