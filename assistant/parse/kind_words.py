"""Which words describe a kind of product, mined from the catalog: after "keyboard", the message
"wireless" describes keyboards (many keyboard titles say it), so it refines the request; "yoga mat"
does not, so it starts a new one.

A message that names no kind is a refinement of the current request when every word it says is
one the catalog's products of that kind use, or a comparative ("bigger screen", "lighter"): the
shopper is still talking about the same thing. The words are read from titles, types and specs,
so the test follows any catalog without a list per kind.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from assistant.parse.cues import STOPWORDS
from assistant.parse.measures import UNITS, find_specs
from retrieval.catalog.inflection import stem
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import FIT_TARGETS, derive_type
from retrieval.catalog.vocabulary import word_set

_WORD = re.compile(r"[a-z][a-z0-9\-]*[a-z0-9]|[a-z]")
# Comparatives and the like that say how the wanted product differs, whatever its kind.
_COMPARING = word_set("words", "comparing_words")
# Where or for what a product is used, and units of sizes: no word its record must say.
_NOT_REQUIRED = word_set("words", "context_words") | frozenset(UNITS)
MIN_PRODUCTS = 2  # a word describes a kind when at least this many of its products use it
MIN_SHARE = 0.01  # ... and at least this share of them, for large kinds
GENERIC_KINDS = 4  # a word that describes this many kinds ("portable", "waterproof") describes any


def _words(text: str) -> set[str]:
    return {sys.intern(stem(w)) for w in _WORD.findall(text.lower())}  # one copy of each word


class KindWords:
    """For each kind in the catalog, how many of its products use each word."""

    def __init__(self, products: Iterable[Product]) -> None:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        sizes: Counter[str] = Counter()
        for p in products:
            if not p.kind:
                continue
            sizes[p.kind] += 1
            counts[p.kind].update(p_words(p))
        self._counts = dict(counts)
        self._sizes = dict(sizes)
        self._spread: Counter[str] = Counter(
            w for kind, c in self._counts.items() for w, n in c.items()
            if n >= min(self._sizes[kind], max(MIN_PRODUCTS, MIN_SHARE * self._sizes[kind])))

    def size(self, kind: str) -> int:
        """How many products of `kind` the catalog has."""
        return self._sizes.get(kind, 0)

    def uses(self, kind: str, word: str) -> bool:
        """Whether the catalog's products of `kind` use `word` (or its singular)."""
        size = self._sizes.get(kind, 0)
        if not size:
            return False
        need = min(size, max(MIN_PRODUCTS, MIN_SHARE * size))
        return self._counts[kind].get(stem(word.lower()), 0) >= need

    def describes(self, kind: str, words: Sequence[str]) -> bool:
        """Whether `words` (a message's content words) all describe products of `kind`: True for
        "wireless" after keyboards or "bigger screen" after monitors, and for words that describe
        many kinds ("portable", "waterproof"); False for "yoga mat"."""
        content = [w.lower() for w in words if w.lower() not in STOPWORDS and not w.isdigit()]
        if not content or kind not in self._sizes:
            return False
        return all(w in _COMPARING or self.uses(kind, w) or self._spread[stem(w)] >= GENERIC_KINDS
                   for w in content)

    def unmet(self, kind: str, words: Sequence[str], products: Sequence[Product]) -> list[str]:
        """Words of a request for `kind` that the catalog's products of that kind use but none of
        `products` does: "gaming" for laptops under $100 that are none of them gaming laptops."""
        said = [p_words(p) for p in products]
        kind_words = set(_words(kind))

        def lacking(w: str) -> bool:
            if _model_like(w):  # a model is missing unless a record names it, whatever the kind's words
                return not _says_model(w, products)
            return self.uses(kind, w) and not any(stem(w) in s for s in said)

        return [w for w in dict.fromkeys(x.lower() for x in words)
                if w not in STOPWORDS and w not in _NOT_REQUIRED and not w.isdigit() and stem(w) not in kind_words
                and derive_type(w) not in FIT_TARGETS  # "printer ink": the device it is for, no feature
                and lacking(w)]


def models_unmet(words: Sequence[str], products: Sequence[Product]) -> list[str]:
    """The model names among `words` ("g5" of "moto g5 plus") that none of `products` says."""
    return [w for w in dict.fromkeys(x.lower() for x in words) if _model_like(w) and not _says_model(w, products)]


def _says_model(word: str, products: Sequence[Product]) -> bool:
    """Whether a record names the model: "85a" in "HP 85A Original Black", "5d" in "EOS 5D"."""
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")
    return any(pattern.search(f"{p.title} {p.product_type}".lower()) for p in products)


def _model_like(word: str) -> bool:
    """A model name ("s8", "xps13", "rx580"): asked for by name, so missing where no product says it,
    even if no product of the kind does (the catalog has no Galaxy S8). Sizes ("2tb") are no models."""
    return bool(_MODEL.fullmatch(word)) and not find_specs(word)


_MODEL = re.compile(r"(?=[a-z0-9-]*[a-z])(?=[a-z0-9-]*\d)[a-z0-9-]{2,}")


def described_by(request: str, kind: str, products: Sequence[Product]) -> list[bool]:
    """For each product, whether its record says every word of `request` that any of `products`
    says (the kind's own words and stopwords aside): after "gaming laptop", which laptops are gaming
    ones. All True when no product says any of them."""
    said = [p_words(p) for p in products]
    words = {stem(w) for w in _WORD.findall(request.lower()) if w not in STOPWORDS and not w.isdigit()}
    words -= _words(kind)
    words = {w for w in words if any(w in s for s in said)}
    return [words <= s for s in said]


_SAID: dict[tuple[str, str, str], frozenset[str]] = {}


def p_words(p: Product) -> frozenset[str]:
    """The words a product's record says (title, type, kind, specs), stemmed; read once a product."""
    key = (p.id, p.title, p.kind)
    said = _SAID.get(key)
    if said is None:
        said = frozenset(_words(f"{p.title} {p.product_type} {p.kind} "
                                + " ".join(f"{k} {v}" for k, v in p.specs.items())))
        _SAID[key] = said
    return said
