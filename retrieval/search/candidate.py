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
