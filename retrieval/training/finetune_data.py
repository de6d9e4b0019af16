"""Synthetic shopper queries for contrastive fine-tuning, made from the catalog's own records.

Each example is (query, product text, hard negative text): the query is how a shopper might ask
for the product in one to three words (its type, a modifier and its type, brand and type, the
brand alone, its product line, a model code, a spec, a colour, a fragment of its title; sometimes
with a typo). Type names come only from the type's phrases the product's own text uses. The
negative is a product that shares the query's words but is something else: for type queries one
whose title names the type but is of another type (a laptop bag for "laptop"); for brand, line and
model queries the same type from another brand; for brand + type queries sometimes the same brand's
other products. No relevance judgment is used.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence

from retrieval.catalog.inflection import plural
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import known_types
from retrieval.training.typos import typo

_STOP = frozenset("for with and the of in to on a an by from pc pcs x cm mm kg g w v gb tb mb black white grey silver "
                  "blue red green yellow pink purple orange brown beige gold".split())
TYPO_RATE = 0.3  # share of synthetic queries with one typo: shoppers misspell, and the encoder should not mind
_CODE = re.compile(r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{2,}\b")
_SIZE = re.compile(r'(\d+(?:\.\d+)?)\s?(GB|TB|")', re.I)
# Title words that tell a shopper nothing about what the product is.
_VAGUE = frozenset("original series pack kit dpi ppm pages page select compatible replacement edition version "
                   "model standard type only plus pro new set item items piece pieces".split())
# A plain word of a title: letters only, three or more ("Wireless", "Galaxy"; not "ES357AA" or "AA").
_WORD = re.compile(r"(?<![\w.-])[A-Za-z][A-Za-z-]*[A-Za-z](?![\w.-])")
# Real shoppers type one to three words: mostly a type, a brand and a type, a modifier and a type,
# or a product line ("galaxy watch"); model codes, specs, colours and title fragments are rarer.
_KINDS = ("type", "brand_type", "mod_type", "brand", "line", "model", "spec", "colour", "fragment")
_WEIGHTS = (0.22, 0.17, 0.17, 0.04, 0.1, 0.1, 0.05, 0.05, 0.1)


def _phrases() -> dict[str, list[str]]:
    from retrieval.catalog import product_types

    groups = getattr(product_types, "_GROUPS", {t: (t,) for t in known_types()})
    return {t: [p for p in phrases if len(p) > 2] or [t] for t, phrases in groups.items()}


class QueryMaker:
    def __init__(self, products: Sequence[Product], seed: int = 13) -> None:
        self.rng = random.Random(seed)
        self.products = [p for p in products if p.title]
        self.phrases = _phrases()
        by_type: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(self.products):
            by_type[p.product_type].append(i)
        self.by_type = by_type
        by_brand: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(self.products):
            if p.brand:
                by_brand[p.brand.lower()].append(i)
        self.by_brand = by_brand
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
        return self._query(p)[0]

    def _type_phrase(self, p: Product) -> str:
        """How a shopper names the product's type: one of the type's phrases that the product's text
        uses ("notebook" for a notebook; the type's own name always counts, as embedding_text()
        appends it), so that a synonym is not pinned on a product that is something else ("laptop
        stand" on a UPS tower stand)."""
        phrases = self.phrases.get(p.product_type)
        if not phrases:
            return ""
        text = " " + " ".join(re.findall(r"[a-z0-9]+", p.embedding_text().lower())) + " "
        used = [ph for ph in dict.fromkeys([p.product_type, *phrases])
                if f" {' '.join(re.findall(r'[a-z0-9]+', ph.lower()))} " in text]
        if not used:
            return ""
        phrase = self.rng.choice(used)
        return plural(phrase) if self.rng.random() < 0.3 else phrase

    def _words(self, p: Product, type_phrase: str) -> list[str]:
        """Plain title words that say something: not stop words, the brand, model codes or the type."""
        skip = set(p.brand.lower().split()) | {w.rstrip("s") for w in f"{type_phrase} {p.product_type}".split()}
        return [w for w in _WORD.findall(p.title) if len(w) >= 3 and w.lower() not in _STOP
                and w.lower() not in _VAGUE and w.lower().rstrip("s") not in skip]

    def _line(self, p: Product) -> str:
        """The one or two plain words after the brand that open a title: "galaxy watch", "poweredge"."""
        toks = [t.strip(",.;:()[]") for t in p.title.split()]
        brand = p.brand.lower().split()
        while toks and brand and toks[0].lower() in brand:
            toks = toks[1:]
        run: list[str] = []
        for t in toks[:2]:
            if not _WORD.fullmatch(t) or t.lower() in _STOP or len(t) < 3:
                break
            run.append(t.lower())
        return " ".join(run)

    def _fragment(self, p: Product) -> str:
        """Two or three neighbouring words or codes from the head of the title, no punctuation."""
        toks = [t.strip(",.;:()[]\"'") for t in p.title.split()[:10]]
        toks = [t for t in toks if (_WORD.fullmatch(t) or _CODE.fullmatch(t)) and t.lower() not in _STOP]
        if not toks:
            return p.title.lower()
        n = min(len(toks), self.rng.choice([2, 2, 3]))
        start = self.rng.randrange(0, len(toks) - n + 1)
        return " ".join(toks[start:start + n]).lower()

    def _query(self, p: Product) -> tuple[str, str]:
        """A query for `p` and the kind of query it is."""
        r = self.rng
        type_phrase = self._type_phrase(p)
        words = self._words(p, type_phrase)
        kind = r.choices(_KINDS, _WEIGHTS)[0]
        brand = p.brand.lower() if r.random() < 0.8 else p.brand
        line = self._line(p) if kind == "line" else ""
        if kind == "type" and type_phrase:
            q = type_phrase
        elif kind == "brand_type" and type_phrase and p.brand:
            q = f"{brand} {type_phrase}"
        elif kind == "mod_type" and type_phrase and words:
            q = " ".join(r.sample(words, min(len(words), r.choice([1, 1, 1, 2])))).lower() + " " + type_phrase
        elif kind == "brand" and p.brand:
            q = brand
        elif kind == "line" and line:
            q = f"{brand} {line}" if p.brand and r.random() < 0.5 else line
        elif kind == "model" and _CODE.search(p.title):
            code = r.choice(_CODE.findall(p.title))
            q = " ".join(x for x in (brand if r.random() < 0.6 else "", code, type_phrase if r.random() < 0.5 else "") if x)
        elif kind == "spec" and type_phrase and _SIZE.search(p.title):
            value, unit = _SIZE.search(p.title).groups()
            q = f"{value}{' inch' if unit == chr(34) else unit.lower()} {type_phrase}"
        elif kind == "colour" and type_phrase and p.colours:
            q = f"{p.colours[0]} {type_phrase}"
        else:
            kind, q = "fragment", self._fragment(p)
        if r.random() < TYPO_RATE:
            # Any word may be the one mistyped; a short word or a code is left as it is (typos.py),
            # so fewer than TYPO_RATE of the queries end up with a slip, as the defaults were set.
            parts = q.split()
            i = r.randrange(len(parts))
            parts[i] = typo(parts[i], r)
            q = " ".join(parts)
        return q, kind

    def _negative(self, p: Product, kind: str) -> Product:
        """A hard negative: a product that shares the query's words but is not what it asks for.

        Type queries get a product that names the type in its title but is something else (a laptop
        bag for "laptop"); brand queries another brand's product of the same type; model and product
        line queries a product of the same type from another brand; else a random product.
        """
        r = self.rng
        pool: Sequence[int] = ()
        if kind in ("brand", "line", "model") and p.product_type and r.random() < 0.6:
            pool = self.by_type[p.product_type]
        elif kind == "brand_type" and p.brand and r.random() < 0.3:
            pool = self.by_brand[p.brand.lower()]  # same brand, (usually) another type
        if not pool:
            pool = self.confusers.get(p.product_type) or range(len(self.products))
        for _ in range(8):
            neg = self.products[r.choice(pool)]
            if neg.id == p.id:
                continue
            same_brand = neg.brand.lower() == p.brand.lower()
            if kind in ("brand", "line", "model") and pool is self.by_type.get(p.product_type) and same_brand:
                continue
            if kind == "brand_type" and neg.product_type == p.product_type:
                continue
            return neg
        neg = self.products[r.randrange(len(self.products))]
        return neg if neg.id != p.id else self.products[(self.products.index(p) + 1) % len(self.products)]

    def examples(self, n: int) -> list[tuple[str, str, str]]:
        """`n` (query, positive text, hard negative text) triples, no query twice."""
        return [(q, pos, neg) for q, pos, neg, _ in self.keyed_examples(n)]

    def keyed_examples(self, n: int) -> list[tuple[str, str, str, str]]:
        """`examples` with a fourth field, the positive's type (or id when it has none): two examples
        with the same key in one batch would make each other's positive a false negative."""
        out, seen = [], set()
        while len(out) < n:
            t = self.rng.choices(self.types, self.type_weights)[0]
            p = self.products[self.rng.choice(self.by_type[t])]
            q, kind = self._query(p)
            if q in seen or not q.strip():
                continue
            seen.add(q)
            neg = self._negative(p, kind)
            out.append((q, p.embedding_text(), neg.embedding_text(), p.product_type or p.id))
        return out
