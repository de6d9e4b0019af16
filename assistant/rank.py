"""The rank stage (foundation): the fused retrieval order, with a sort order when one is asked for.

The learned torch scorer replaces this ranker; both satisfy `protocols.Ranker`.
"""

from __future__ import annotations

from typing import Sequence

from assistant.types import Candidate, ParsedQuery, Ranked


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
        return apply_sort(ranked, query.constraints.sort)


def apply_sort(ranked: list[Ranked], sort: str) -> list[Ranked]:
    """Reorder by an explicit sort request; relevance order otherwise (stable for ties)."""
    if sort == "price_asc":
        return sorted(ranked, key=lambda r: (r.product.price is None, r.product.price or 0.0))
    if sort == "price_desc":
        return sorted(ranked, key=lambda r: (r.product.price is None, -(r.product.price or 0.0)))
    if sort == "newest":
        return sorted(ranked, key=lambda r: r.product.released or "", reverse=True)
    return sorted(ranked, key=lambda r: -r.score)
