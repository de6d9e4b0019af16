"""Hybrid search: dense (Chroma) and lexical (BM25) results fused by reciprocal rank fusion."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from retrieval.candidate import Candidate
from retrieval.columns import ProductColumns
from retrieval.filters import Filters
from retrieval.lexical import LexicalIndex
from retrieval.product import Product
from retrieval.store import ProductStore


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = 60) -> dict[str, float]:
    """Sum of 1 / (k + rank) over the rankings that hold each id (rank starts at 1)."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(ranking, start=1):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (k + rank)
    return fused


class HybridSearch:
    """Finds candidates for a query under hard filters; every result satisfies every filter."""

    def __init__(self, store: ProductStore, products: Sequence[Product] | None = None,
                 depth: int = 100, rrf_k: int = 60) -> None:
        self.store = store
        self.products = list(products) if products is not None else store.products()
        self._row = {p.id: i for i, p in enumerate(self.products)}
        self.columns = ProductColumns(self.products)
        self.lexical_index = LexicalIndex(self.products)
        self.depth = depth
        self.rrf_k = rrf_k

    def product(self, product_id: str) -> Product | None:
        row = self._row.get(product_id)
        return None if row is None else self.products[row]

    def dense(self, query: str, k: int, filters: Filters | None = None,
              query_vector: np.ndarray | None = None) -> list[tuple[str, float]]:
        vector = self.store.embed_query(query) if query_vector is None else query_vector
        return self.store.search(vector, k, filters)

    def lexical(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        mask = self.columns.mask(filters) if filters and not filters.is_empty() else None
        return [(self.products[row].id, score) for row, score in self.lexical_index.search(query, k, mask)]

    def search(self, query: str, filters: Filters | None = None, k: int = 50) -> list[Candidate]:
        """Top-k fused candidates, best first. With an empty query, the filtered catalog by price."""
        filters = filters or Filters()
        if not query.strip():
            return self._browse(filters, k)
        dense = dict(self.dense(query, self.depth, filters))
        lexical = dict(self.lexical(query, self.depth, filters))
        fused = reciprocal_rank_fusion([list(dense), list(lexical)], self.rrf_k)
        ordered = sorted(fused, key=lambda pid: (-fused[pid], pid))
        out = []
        for pid in ordered:
            product = self.product(pid)
            # Chroma filtered the dense side and the mask the lexical side; this check makes the
            # guarantee independent of either.
            if product is None or not filters.matches(product):
                continue
            out.append(Candidate(product, dense.get(pid, 0.0), lexical.get(pid, 0.0), fused[pid]))
            if len(out) == k:
                break
        return out

    def _browse(self, filters: Filters, k: int) -> list[Candidate]:
        rows = np.flatnonzero(self.columns.mask(filters))
        rows = rows[np.argsort(np.nan_to_num(self.columns.price[rows], nan=np.inf), kind="stable")][:k]
        return [Candidate(self.products[r]) for r in rows]
