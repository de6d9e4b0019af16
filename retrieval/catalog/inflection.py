"""Word forms, one way everywhere: `stem` compares words (PyStemmer's English Snowball stemmer),
`plural` writes a noun phrase's plural (inflect).

Every comparison of a shopper's word with a record's word goes through `stem`, so "batteries" meets
"battery" and "boxes" meets "box" in the lexical index, the ranking features, the spelling check
and the fact-checker alike. `plural` is for text we generate (training queries); inflect takes about
2 s to import, so it loads on first use and never on the serving path.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The stem of one word, lower-cased: "batteries" -> "batteri", "battery" -> "batteri"."""
    return _STEMMER.stemWord(word.lower())


def stems(words: Iterable[str]) -> list[str]:
    return [stem(w) for w in words]


@cache
def _engine():
    import inflect

    return inflect.engine()


@lru_cache(maxsize=8_192)
def plural(phrase: str) -> str:
    """The phrase with its last word in the plural ("laptop bag" -> "laptop bags", "battery" ->
    "batteries"); a last word that is already plural ("headphones") or not a word is left alone."""
    head, _, last = phrase.rpartition(" ")
    if not last.isalpha() or len(last) < 3:
        return phrase
    engine = _engine()
    if last.endswith("s") and engine.singular_noun(last):
        return phrase
    return f"{head} {engine.plural_noun(last)}".strip()
