"""What retrieval hands to ranking: a product and the scores that found it."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.catalog.product import Product


@dataclass(frozen=True)
class Candidate:
    """A product retrieval found, with the scores that found it."""

    product: Product
    dense_score: float = 0.0  # cosine similarity; 0 when dense search did not return it
    lexical_score: float = 0.0  # BM25; 0 when lexical search did not return it
    fused_score: float = 0.0  # reciprocal rank fusion
    # False for a product of another kind than the one asked for, found to follow the asked kind's
    # few products (a laptop stand after the two laptop risers); ranking never lifts it above them.
    of_asked_kind: bool = True
