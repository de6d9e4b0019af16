"""Ranking features: what the learned scorer knows about one (query, candidate) pair.

`FeatureExtractor.compute(query, candidates)` gives a (n_candidates, n_features) float32 matrix
whose columns follow `FEATURES`. Per-query signals (terms, wanted type, brands, colours, price
target, feedback vectors) are read once per call and per-product facts are cached by id, so the
per-candidate work is a gather plus numpy arithmetic. numpy only: torch stays in scorer.py.

Field matches. Besides retrieval's own BM25 (title, brand, type, colour and description in one
field), `text_coverage` is the share of the query's words found anywhere in the product's text or
specs, and four BM25 scores per field say where they occur: all text including the specs, the
title alone, the description alone, the specs alone. Their document frequencies come
from the whole catalog (`FieldStats.of(products)`, 2-4 s for 20k products, built once and
shared); an extractor without catalog statistics takes them from each call's candidates.

Types. Products and queries are typed with `item_type`, the ranker's reading of
`derive_type`: "Kensington Laptop Lock" is a cable lock here, not a laptop. The stored product
type (and so every content hash) is unchanged.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.core.types import Candidate, ParsedQuery
from assistant.parse.reading import find_colours
from retrieval.catalog import inflection
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import canonical_type, derive_type, item_type
from retrieval.search.filters import norm_key

Vectors = Callable[[Sequence[str]], np.ndarray]  # product ids -> L2-normalised rows (len(ids), dim)


@dataclass(frozen=True)
class Feature:
    """One scorer input: its stable key, what it means in words, and how the scorer may use it.

    `sign` +1/-1 makes the feature's learned term non-decreasing/non-increasing, 0 leaves it
    free. `knots` are the break points of its piecewise-linear term (features lie in [0, 1]).
    `prior` is a hand-set slope for features the training data holds no signal for (see
    train_ranker.py); None means learned.
    """

    name: str
    label: str
    sign: int = 1
    knots: tuple[float, ...] = (0.0, 1.0)
    prior: float | None = None


_CURVE = (0.0, 0.25, 0.5, 0.75, 1.0)
FEATURES: tuple[Feature, ...] = (
    Feature("dense", "meaning matches your request", 1, _CURVE),
    Feature("lexical", "words match your request (BM25)", 1, _CURVE),
    Feature("fused", "both searches agree it is a top hit", 1, _CURVE),
    Feature("title_coverage", "the title has your search words", 1, _CURVE),
    Feature("text_coverage", "its text or specs have your search words", 1, _CURVE),
    Feature("text_match", "its text and specs match your words", 1, _CURVE),
    Feature("title_match", "its title matches your words", 1, _CURVE),
    Feature("description_match", "its description matches your words", 1, _CURVE),
    Feature("specs_match", "its specs match your words", 1, _CURVE),
    Feature("type_match", "it is the type of product you asked for", 1),
    Feature("type_mismatch", "it is a different type of product (an accessory, say)", -1),
    Feature("brand_match", "it is a brand you named", 1),
    Feature("colour_match", "it comes in a colour you asked for", 1, prior=1.0),
    Feature("price_fit", "its price is close to your target", 1, _CURVE, prior=1.0),
    Feature("cheapness", "it is among the cheaper options", 1, _CURVE, prior=1.0),
    Feature("recency", "it is a recent model", 0, _CURVE),
    Feature("popularity", "it is popular", 1, _CURVE, prior=0.5),
    Feature("liked_similarity", "it resembles products you liked", 1, _CURVE),
    Feature("disliked_similarity", "it resembles products you disliked", -1, _CURVE),
)
FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}

_CHEAP = re.compile(r"\b(cheap|cheaper|cheapest|inexpensive|affordable|budget|low[- ]cost|bargain)\b", re.I)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an the for with and or of in on to my me i want need looking show find".split())
_PRICE_WIDTH = 0.25  # a price 25% off target (in log terms) scores exp(-1) on price_fit
_YEARS = (2000.0, 2025.0)  # recency maps release years onto [0, 1] over this span


def stems(text: str) -> frozenset[str]:
    """Lower-case, stemmed word set of `text` (stopwords dropped)."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return frozenset(inflection.stems(words))


# ---- field BM25 ------------------------------------------------------------------------------

FIELDS = ("text", "title", "description", "specs")  # order of the *_match columns
_FIELD_COLUMNS = ("text_match", "title_match", "description_match", "specs_match")
_BM25_K1, _BM25_B = 1.2, 0.75


def field_texts(p: Product) -> tuple[str, ...]:
    """The product's text per field of FIELDS."""
    specs = " ".join(p.specs.values())
    return (f"{p.lexical_text()} {specs}", p.title, p.description, specs)


def _bag(text: str) -> Counter:
    """Stemmed term counts of `text` (stopwords dropped)."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return Counter(inflection.stems(words))


def product_bags(p: Product) -> tuple[Counter, ...]:
    """Stemmed term counts of the product per field of FIELDS."""
    return tuple(_bag(t) for t in field_texts(p))


class FieldStats:
    """Every product's term counts per field, with document frequencies and mean field lengths:
    what BM25 per field needs. Built once per catalog (`of`); a look-up for a query's terms and a
    list of candidates is a vectorised binary search, so cold and warm calls cost the same.

    The counts are kept as one sorted int64 key per (term, product, field) with a non-zero count
    (about 2M keys, 24 MB, for the 19k Icecat products).
    """

    def __init__(self, ids: Sequence[str], bags: Sequence[tuple[Counter, ...]]) -> None:
        self.row = {pid: i for i, pid in enumerate(ids)}
        self.size = n = len(ids)
        n_fields = len(FIELDS)
        self.vocab: dict[str, int] = {}
        rows, fields, terms, counts = [], [], [], []
        lengths = np.zeros((n, n_fields), dtype=np.float64)
        for i, per_field in enumerate(bags):
            for f, bag in enumerate(per_field):
                rows.extend([i] * len(bag))
                fields.extend([f] * len(bag))
                terms.extend(bag.keys())
                counts.extend(bag.values())
                lengths[i, f] = sum(bag.values())
        term_ids = np.array([self.vocab.setdefault(t, len(self.vocab)) for t in terms], dtype=np.int64)
        keys = (term_ids * max(n, 1) + np.array(rows, dtype=np.int64)) * n_fields + np.array(fields, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._counts = np.array(counts, dtype=np.float64)[order]
        self.df = np.zeros((len(self.vocab) + 1, n_fields), dtype=np.float64)  # last row: unknown terms
        np.add.at(self.df, (term_ids, np.array(fields, dtype=np.int64)), 1.0)
        self.lengths = lengths
        self.mean_length = lengths.mean(axis=0) if n else np.zeros(n_fields)

    @classmethod
    def of(cls, products: Sequence[Product]) -> FieldStats:
        return cls([p.id for p in products], [product_bags(p) for p in products])

    def counts(self, terms: Sequence[str], products: Sequence[Product]) -> tuple[np.ndarray, np.ndarray]:
        """Term counts (n, terms, fields) and field lengths (n, fields) of `products`; a product
        this collection does not hold is tokenised on the spot."""
        n_fields = len(FIELDS)
        t = np.array([self.vocab.get(term, -1) for term in terms], dtype=np.int64)
        r = np.array([self.row.get(p.id, -1) for p in products], dtype=np.int64)
        keys = (t[None, :, None] * max(self.size, 1) + r[:, None, None]) * n_fields + np.arange(n_fields)[None, None, :]
        pos = np.minimum(np.searchsorted(self._keys, keys), max(len(self._keys) - 1, 0))
        known = (t[None, :, None] >= 0) & (r[:, None, None] >= 0)
        tf = np.where(known & (self._keys[pos] == keys), self._counts[pos], 0.0) if len(self._keys) else np.zeros(keys.shape)
        lengths = self.lengths[np.maximum(r, 0)] if self.size else np.zeros((len(products), n_fields))
        for i in np.flatnonzero(r < 0):  # not in this collection
            bags = product_bags(products[i])
            tf[i] = [[b.get(term, 0) for b in bags] for term in terms]
            lengths[i] = [sum(b.values()) for b in bags]
        return tf, lengths

    def bm25(self, terms: Sequence[str], tf: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """BM25 per field, shape (n, fields), from `counts`' term counts and lengths."""
        if not len(terms) or not len(tf):
            return np.zeros((len(tf), len(FIELDS)))
        t = np.array([self.vocab.get(term, -1) for term in terms], dtype=np.int64)
        df = self.df[t]  # (terms, fields); unknown terms use the last, all-zero row
        idf = np.log1p((self.size - df + 0.5) / (df + 0.5))  # Lucene's non-negative idf
        norm = _BM25_K1 * (1 - _BM25_B + _BM25_B * lengths / np.maximum(self.mean_length, 1e-9))  # (n, fields)
        return (tf * (_BM25_K1 + 1) / (tf + norm[:, None, :]) * idf[None]).sum(axis=1)


@dataclass(frozen=True)
class QuerySignals:
    """What the query asks for, read once per ranking call."""

    terms: frozenset[str]  # stemmed words retrieval matched
    words: str  # " word word " padded form of the message, for whole-word brand look-ups
    product_type: str  # canonical type the parser read, else the one named in the query; "" when none
    brands: frozenset[str]
    colours: frozenset[str]
    target_price: float | None
    wants_cheap: bool
    liked: tuple[str, ...]
    disliked: tuple[str, ...]

    @classmethod
    def of(cls, query: ParsedQuery) -> QuerySignals:
        c = query.constraints
        search_text = c.searched or query.text
        f = c.filters
        target = None
        if f.price_min is not None and f.price_max is not None and f.price_max > 0:
            target = (f.price_min + f.price_max) / 2  # "around $500" is parsed as 400-600
        return cls(
            terms=stems(search_text),
            words=" " + " ".join(_WORD.findall(f"{query.text} {c.searched}".lower())) + " ",
            product_type=item_type(search_text, "", c.product_type or derive_type(search_text)),
            brands=frozenset(f.brands),
            colours=frozenset(f.colours) | frozenset(find_colours(query.text)),
            target_price=target,
            wants_cheap=bool(_CHEAP.search(query.text)) or c.sort == "price_asc",
            liked=query.liked,
            disliked=query.disliked,
        )


@dataclass(frozen=True)
class ProductFacts:
    """What the features need from one product, computed once per product."""

    title_terms: frozenset[str]
    product_type: str
    brand: str  # normalised key
    brand_words: str  # " key " for whole-word matching
    colours: frozenset[str]
    price: float  # NaN when unknown
    year: float  # NaN when unknown
    popularity: float  # NaN when unknown

    @classmethod
    def of(cls, p: Product) -> ProductFacts:
        brand = norm_key(p.brand)
        ptype = item_type(p.title, p.brand, canonical_type(p.product_type) if p.product_type else "")
        return cls(
            title_terms=stems(p.title),
            product_type=ptype,
            brand=brand,
            brand_words=" " + " ".join(_WORD.findall(brand)) + " " if brand else "",
            colours=frozenset(p.colours),
            price=math.nan if p.price is None else float(p.price),
            year=_year(p.released),
            popularity=math.nan if p.popularity is None else float(p.popularity),
        )


def _year(released: str) -> float:
    m = re.match(r"(\d{4})(?:-(\d{2}))?", released or "")
    if not m:
        return math.nan
    return int(m.group(1)) + (int(m.group(2) or 1) - 1) / 12


class FeatureExtractor:
    """Turns (query, candidates) into the feature matrix the scorer reads."""

    def __init__(self, vectors: Vectors | None = None, fields: FieldStats | None = None) -> None:
        self._vectors = vectors  # needed only for session feedback (liked / disliked)
        self._fields = fields  # catalog-wide BM25 statistics; None: each call's candidates
        self._facts: dict[str, ProductFacts] = {}

    @classmethod
    def for_search(cls, search) -> FeatureExtractor:
        """An extractor over a HybridSearch's catalog: its vectors and field statistics."""
        products = getattr(search, "products", None)
        return cls(getattr(search, "vectors", None), FieldStats.of(products) if products else None)

    def facts(self, product: Product) -> ProductFacts:
        got = self._facts.get(product.id)
        if got is None:
            got = self._facts[product.id] = ProductFacts.of(product)
        return got

    def compute(self, query: ParsedQuery, candidates: Sequence[Candidate]) -> np.ndarray:
        """Feature matrix, shape (len(candidates), len(FEATURES)), columns in FEATURES order."""
        n = len(candidates)
        x = np.zeros((n, len(FEATURES)), dtype=np.float32)
        if n == 0:
            return x
        q = QuerySignals.of(query)
        facts = [self.facts(c.product) for c in candidates]

        x[:, COLUMN["dense"]] = np.clip([c.dense_score for c in candidates], 0.0, 1.0)
        x[:, COLUMN["lexical"]] = _scaled([c.lexical_score for c in candidates])
        x[:, COLUMN["fused"]] = _scaled([c.fused_score for c in candidates])
        if q.terms:
            x[:, COLUMN["title_coverage"]] = [len(q.terms & f.title_terms) / len(q.terms) for f in facts]
            products = [c.product for c in candidates]
            stats = self._fields or FieldStats.of(products)
            terms = sorted(q.terms)
            tf, lengths = stats.counts(terms, products)  # (n, terms, fields), (n, fields)
            x[:, COLUMN["text_coverage"]] = (tf[:, :, FIELDS.index("text")] > 0).sum(axis=1) / len(terms)
            bm25 = stats.bm25(terms, tf, lengths)
            for i, name in enumerate(_FIELD_COLUMNS):
                x[:, COLUMN[name]] = _scaled(bm25[:, i])
        if q.product_type:
            known = np.array([bool(f.product_type) for f in facts])
            same = np.array([f.product_type == q.product_type for f in facts])
            x[:, COLUMN["type_match"]] = same
            x[:, COLUMN["type_mismatch"]] = known & ~same
        x[:, COLUMN["brand_match"]] = [
            bool(f.brand) and (f.brand in q.brands or f.brand_words in q.words) for f in facts
        ]
        if q.colours:
            x[:, COLUMN["colour_match"]] = [bool(q.colours & f.colours) for f in facts]

        price = np.array([f.price for f in facts], dtype=np.float64)
        priced = ~np.isnan(price) & (price > 0)
        if q.target_price and priced.any():
            off = np.abs(np.log(np.where(priced, price, 1.0) / q.target_price))
            x[:, COLUMN["price_fit"]] = np.where(priced, np.exp(-off / _PRICE_WIDTH), 0.0)
        if q.wants_cheap and priced.sum() > 1:
            # 1 for the cheapest priced candidate, 0 for the dearest (rank-based: prices are skewed)
            order = np.argsort(np.argsort(np.where(priced, price, np.inf), kind="stable"), kind="stable")
            x[:, COLUMN["cheapness"]] = np.where(priced, 1.0 - order / (priced.sum() - 1), 0.0)

        year = np.array([f.year for f in facts], dtype=np.float64)
        if not np.isnan(year).all():
            year = np.where(np.isnan(year), np.nanmean(year), year)  # unknown: the candidates' mean
            x[:, COLUMN["recency"]] = np.clip((year - _YEARS[0]) / (_YEARS[1] - _YEARS[0]), 0.0, 1.0)
        pop = np.array([f.popularity for f in facts], dtype=np.float64)
        if not np.isnan(pop).all():
            x[:, COLUMN["popularity"]] = _scaled(np.log1p(np.nan_to_num(np.maximum(pop, 0.0))))

        if (q.liked or q.disliked) and self._vectors is not None:
            own = self._vectors([c.product.id for c in candidates])  # (n, dim)
            for name, ids in (("liked_similarity", q.liked), ("disliked_similarity", q.disliked)):
                if ids:
                    sims = own @ self._vectors(list(ids)).T  # (n, len(ids))
                    x[:, COLUMN[name]] = np.clip(sims.max(axis=1), 0.0, 1.0)
        return x


def _scaled(values) -> np.ndarray:
    """Values divided by the largest one (all zeros stay zeros): per-query normalisation."""
    v = np.maximum(np.asarray(values, dtype=np.float64), 0.0)
    top = v.max() if v.size else 0.0
    return v / top if top > 0 else v
