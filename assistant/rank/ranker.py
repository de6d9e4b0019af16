"""The rank stage: the learned scorer's order (or the fused retrieval order), then any sort asked for.

`LearnedRanker` scores every candidate with the additive torch scorer (scorer.py) over the
features of features.py; each `Ranked` carries the per-feature contributions, which add up to its
score. `FusionRanker` keeps the reciprocal-rank-fusion order and is the fallback when no trained
artifact is present. Both satisfy `protocols.Ranker`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from assistant.core.types import Candidate, Intent, ParsedQuery, Ranked
from assistant.parse.kind_words import described_by
from assistant.parse.measures import says_specs
from assistant.rank.features import FEATURES, FeatureExtractor
from retrieval.catalog.product_types import FIT_TARGETS, canonical_type, derive_type

LABELS = {f.name: f.label for f in FEATURES}  # feature key -> words a shopper reads
# The fairness setting's own step (assistant/rank/diversity.py): a brand already shown above costs it.
LABELS["diversity"] = "brand diversity: a brand already shown above counts against it"


class FusionRanker:
    """Scores by reciprocal rank fusion; contributions split the score between the two searches."""

    def rank(self, query: ParsedQuery, candidates: Sequence[Candidate]) -> list[Ranked]:
        ranked = []
        for c in candidates:
            dense, lexical = max(c.dense_score, 0.0), max(c.lexical_score, 0.0)
            # Shares of the fused score by how strongly each search found the product.
            total = dense + lexical / (lexical + 5.0)
            share_dense = dense / total if total else 0.5
            ranked.append(Ranked(c, c.fused_score, {"dense": c.fused_score * share_dense,
                                                     "lexical": c.fused_score * (1 - share_dense)}))
        return apply_sort(ranked, query.constraints.sort, query)


# Refinements of a request, which keep the words that describe it: after "gaming laptop", "cheaper"
# shows the cheaper gaming laptops before the laptops that are not gaming ones.
_REFINING = {Intent.REFINE, Intent.CHEAPER, Intent.PRICIER, Intent.SHOW_MORE}


def apply_sort(ranked: list[Ranked], sort: str, query: ParsedQuery | None = None) -> list[Ranked]:
    """Products of the asked kind first, then the rest; within each, those with the sizes asked for
    and, on a refinement, those whose record says every word of the request that some candidate
    says; then by an explicit sort request, relevance order otherwise (stable for ties)."""
    ordered = _sorted(ranked, sort)
    specs = query.constraints.specs if query is not None else ()
    if specs and any(says_specs(r.product, specs) for r in ordered):
        # "65 inch tv", "with 16gb of ram": the products that have the size asked for come first
        ordered = [r for r in ordered if says_specs(r.product, specs)] + [
            r for r in ordered if not says_specs(r.product, specs)]
    devices = _devices_named(query) if query is not None else set()
    if devices:
        # "a laptop bag": bags made for a laptop first, then those that name no device, then those
        # made for another device (a camera bag)
        # (one device named: "connect my laptop to the tv" wants no laptop power cord first)
        fit = [min(_fit(r.product, devices), 1) if len(devices) > 1 and _fit(r.product, devices) == 0 else
               _fit(r.product, devices) for r in ordered]
        ordered = [r for tier in (0, 1, 2) for r, f in zip(ordered, fit) if f == tier]
    if query is not None and query.intent in _REFINING:
        said = described_by(query.constraints.searched, query.constraints.product_type, [r.product for r in ordered])
        ordered = [r for r, s in zip(ordered, said) if s] + [r for r, s in zip(ordered, said) if not s]
    return [r for r in ordered if r.candidate.of_asked_kind] + [r for r in ordered if not r.candidate.of_asked_kind]


def _fit(product, devices: set[str]) -> int:
    """0: made for one of `devices` (its kind_for, or its title names one: an "iPad/notebook stand"
    fits a laptop too); 1: made for no device in particular; 2: made for another device."""
    if product.kind_for in devices or devices & set(map(derive_type, re.split(r"[\s/,]+", product.title.lower()))):
        return 0
    return 2 if product.kind_for else 1


def _devices_named(query: ParsedQuery) -> set[str]:
    """The devices a request for an accessory names ("laptop" in "a laptop bag"), by their kind."""
    kind = canonical_type(query.constraints.product_type) if query.constraints.product_type else ""
    if not kind or kind in FIT_TARGETS:
        return set()
    return {t for t in map(derive_type, query.constraints.query.lower().split()) if t in FIT_TARGETS} - {kind}


def _sorted(ranked: list[Ranked], sort: str) -> list[Ranked]:
    if sort == "price_asc":
        return sorted(ranked, key=lambda r: (r.product.price is None, r.product.price or 0.0))
    if sort == "price_desc":
        return sorted(ranked, key=lambda r: (r.product.price is None, -(r.product.price or 0.0)))
    if sort == "newest":
        return sorted(ranked, key=lambda r: r.product.released or "", reverse=True)
    if sort == "popular":  # products without a popularity figure keep their relevance order, last
        return sorted(ranked, key=lambda r: (r.product.popularity is None, -(r.product.popularity or 0.0), -r.score))
    return sorted(ranked, key=lambda r: -r.score)


class Scorer(Protocol):
    feature_names: tuple[str, ...]

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Per-feature contributions, shape (n, n_features); a row sums to the pair's score."""


class LearnedRanker:
    """Orders candidates by the learned scorer; contributions are exact per-feature shares."""

    def __init__(self, scorer: Scorer, features: FeatureExtractor) -> None:
        self.scorer = scorer
        self.features = features

    def rank(self, query: ParsedQuery, candidates: Sequence[Candidate]) -> list[Ranked]:
        if not candidates:
            return []
        parts = self.scorer.contributions(self.features.compute(query, candidates))  # (n, F)
        scores = parts.sum(axis=1, dtype=np.float64)
        names = self.scorer.feature_names
        ranked = [Ranked(c, float(s), dict(zip(names, row))) for c, s, row in zip(candidates, scores, parts.tolist())]
        return apply_sort(ranked, query.constraints.sort, query)


def why_above(upper: Ranked, lower: Ranked, top: int = 3) -> list[tuple[str, float]]:
    """The features that most put `upper` ahead of `lower`: (key, contribution gap), largest first.

    Only features with a positive gap are listed; the gaps of all features add up to the score gap.
    """
    keys = set(upper.contributions) | set(lower.contributions)
    gaps = {k: upper.contributions.get(k, 0.0) - lower.contributions.get(k, 0.0) for k in keys}
    ordered = sorted((kv for kv in gaps.items() if kv[1] > 1e-9), key=lambda kv: (-kv[1], kv[0]))
    return ordered[:top]


def ranking_notes(ranked: Sequence[Ranked], top: int = 2) -> list[str]:
    """One line per adjacent pair for a "why this ranking" view: why #i is above #i+1."""
    notes = []
    for i, (a, b) in enumerate(zip(ranked, ranked[1:]), start=1):
        why = why_above(a, b, top)
        if why:
            text = "; ".join(f"{LABELS.get(k, k)} (+{gap:.2f})" for k, gap in why)
        else:
            text = "no feature favours it: kept in order by score ties or an explicit sort"
        notes.append(f"#{i} above #{i + 1}: {text}")
    return notes
