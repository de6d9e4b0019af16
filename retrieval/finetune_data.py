"""Synthetic shopper queries for contrastive fine-tuning, made from the catalog's own records.

Each example is (query, product text, hard negative text): the query is how a shopper might ask
for the product (its type, brand and type, a model code, a spec, a colour, a fragment of its
title, sometimes with a typo); the negative is a product whose title shares the query's type
words but that is something else (a laptop bag for "laptop"). No relevance judgment is used.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from typing import Sequence

from retrieval.product import Product
from retrieval.product_types import known_types

_STOP = frozenset("for with and the of in to on a an by from pc pcs x cm mm kg g w v gb tb mb black white grey silver "
                  "blue red green yellow pink purple orange brown beige gold".split())
_CODE = re.compile(r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{2,}\b")
_SIZE = re.compile(r'(\d+(?:\.\d+)?)\s?(GB|TB|")', re.I)
_KINDS = ("type", "brand_type", "mod_type", "model", "spec", "colour", "fragment")
_WEIGHTS = (0.22, 0.2, 0.16, 0.15, 0.07, 0.07, 0.13)


def _phrases() -> dict[str, list[str]]:
    from retrieval import product_types

    groups = getattr(product_types, "_GROUPS", {t: (t,) for t in known_types()})
    return {t: [p for p in phrases if len(p) > 2] or [t] for t, phrases in groups.items()}


def _plural(phrase: str) -> str:
    if phrase.endswith("s"):
        return phrase
    return phrase[:-1] + "ies" if phrase.endswith("y") and phrase[-2:-1] not in "aeiou" else phrase + "s"


def typo(word: str, rng: random.Random) -> str:
    """One slip: a dropped, swapped, doubled or replaced letter."""
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice("dsxr")
    if op == "d":
        return word[:i] + word[i + 1:]
    if op == "s":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == "x":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeioulrstn") + word[i + 1:]


class QueryMaker:
    def __init__(self, products: Sequence[Product], seed: int = 13) -> None:
        self.rng = random.Random(seed)
        self.products = [p for p in products if p.title]
        self.phrases = _phrases()
        by_type: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(self.products):
            by_type[p.product_type].append(i)
        self.by_type = by_type
        # Sample types evenly-ish (square root of their size): cables and toner must not drown the rest.
        self.types = sorted(by_type)
        self.type_weights = [len(by_type[t]) ** 0.5 for t in self.types]
        self.confusers = self._confusers()

    def _confusers(self) -> dict[str, list[int]]:
        """For each type, products that name it in their title ("Laptop Case") but are of another type."""
        titles = [" " + " ".join(re.findall(r"[a-z0-9]+", p.title.lower())) + " " for p in self.products]
        by_word: dict[str, set[int]] = defaultdict(set)
        for i, t in enumerate(titles):
            for w in t.split():
                by_word[w].add(i)
        out: dict[str, list[int]] = {}
        for t, phrases in self.phrases.items():
            found: set[int] = set()
            for phrase in phrases:
                words = re.findall(r"[a-z0-9]+", phrase.lower())
                if not words:
                    continue
                candidates = set.intersection(*(by_word.get(w, set()) for w in words))
                found |= {i for i in candidates if f" {' '.join(words)} " in titles[i]}
            out[t] = sorted(i for i in found if self.products[i].product_type != t)
        return out

    def query(self, p: Product) -> str:
        r = self.rng
        type_phrase = ""
        if p.product_type in self.phrases:
            type_phrase = r.choice(self.phrases[p.product_type][:4] + [p.product_type])
            type_phrase = _plural(type_phrase) if r.random() < 0.4 else type_phrase
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", p.title) if w.lower() not in _STOP
                 and w.lower() not in p.brand.lower() and w.lower() not in type_phrase]
        kind = r.choices(_KINDS, _WEIGHTS)[0]
        brand = p.brand.lower() if r.random() < 0.7 else p.brand
        if kind == "type" and type_phrase:
            q = type_phrase
        elif kind == "brand_type" and type_phrase and p.brand:
            q = f"{brand} {type_phrase}"
        elif kind == "mod_type" and type_phrase and words:
            q = " ".join(r.sample(words, min(len(words), r.choice([1, 1, 2])))).lower() + " " + type_phrase
        elif kind == "model" and _CODE.search(p.title):
            code = r.choice(_CODE.findall(p.title))
            q = " ".join(x for x in (brand if r.random() < 0.6 else "", code, type_phrase if r.random() < 0.6 else "") if x)
        elif kind == "spec" and type_phrase and _SIZE.search(p.title):
            value, unit = _SIZE.search(p.title).groups()
            q = f"{value}{' inch' if unit == chr(34) else unit.lower()} {type_phrase}"
        elif kind == "colour" and type_phrase and p.colours:
            q = f"{p.colours[0]} {type_phrase}"
        else:
            toks = p.title.split()
            n = min(len(toks), r.choice([2, 3, 4]))
            start = r.randrange(0, len(toks) - n + 1)
            q = " ".join(toks[start:start + n]).lower()
        if r.random() < 0.12:
            parts = q.split()
            i = r.randrange(len(parts))
            parts[i] = typo(parts[i], r)
            q = " ".join(parts)
        return q

    def examples(self, n: int) -> list[tuple[str, str, str]]:
        """`n` (query, positive text, hard negative text) triples, no query twice."""
        out, seen = [], set()
        while len(out) < n:
            t = self.rng.choices(self.types, self.type_weights)[0]
            p = self.products[self.rng.choice(self.by_type[t])]
            q = self.query(p)
            if q in seen:
                continue
            seen.add(q)
            pool = self.confusers.get(p.product_type) or range(len(self.products))
            neg = self.products[self.rng.choice(pool)]
            if neg.id == p.id:
                neg = self.products[self.rng.randrange(len(self.products))]
            out.append((q, p.embedding_text(), neg.embedding_text()))
        return out
