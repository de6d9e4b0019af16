"""The fairness setting: brand diversity as the rank stage's last step (MMR-style, strength λ in [0, 1]).

After the ranker's own order (its sort tiers: the asked kind first, the sizes asked for, ...), each
tier is re-chosen greedily from the top: the next product is the one with the highest

    normalised score − λ · (products of its brand already placed above it)

where scores are min-max normalised over the candidates. λ = 0 keeps the ranker's order exactly;
λ = 1 puts a new brand above a repeated one whatever their scores. The penalty is its own
contribution, "diversity", in the ranker's units (λ · count · score range), so every `Ranked` still
adds up to its score and the cards' "Why this?" shows it. An explicit sort the shopper asked for
("cheapest first") is never re-ordered. The whole list is diversified, not only the first page, so
the order always agrees with the scores within a tier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.core.protocols import Ranker
from assistant.core.types import Candidate, ParsedQuery, Ranked
from assistant.rank.ranker import apply_sort

DIVERSITY = "diversity"  # the contribution key of the penalty (its label is in ranker.LABELS)


class DiverseRanker:
    """A `Ranker` that re-ranks another one's order for brand diversity at `strength` λ ∈ [0, 1]."""

    def __init__(self, ranker: Ranker, strength: float) -> None:
        if not 0.0 <= strength <= 1.0:
            raise ValueError(f"fairness strength must be between 0 and 1, got {strength}")
        self.ranker = ranker
        self.strength = strength

    def rank(self, query: ParsedQuery, candidates: Sequence[Candidate]) -> list[Ranked]:
        ranked = self.ranker.rank(query, candidates)
        if self.strength == 0.0 or len(ranked) < 2 or query.constraints.sort:
            return ranked
        return diversify(ranked, self.strength, tiers(ranked, query))


def with_diversity(ranker: Ranker, strength: float) -> Ranker:
    """`ranker` itself at strength 0 (nothing changes), else it wrapped in a `DiverseRanker`."""
    return ranker if strength == 0.0 else DiverseRanker(ranker, strength)


def tiers(ranked: list[Ranked], query: ParsedQuery) -> list[int]:
    """The sort tier of each product of `ranked` (the ranker's final order), numbered from 0.

    apply_sort partitions stably into tiers and orders each tier by score. Handing it the list with
    scores that reverse the order reverses each tier in place, so a tier ends wherever the returned
    positions stop falling. (This reads the tiers without repeating apply_sort's rules.)
    """
    probe = [replace(r, score=float(i)) for i, r in enumerate(ranked)]
    back = [int(r.score) for r in apply_sort(probe, "", query)]
    tier_of = [0] * len(ranked)
    tier = 0
    for j, position in enumerate(back):
        if j and position > back[j - 1]:
            tier += 1
        tier_of[position] = tier
    return tier_of


def diversify(ranked: list[Ranked], strength: float, tier_of: Sequence[int] | None = None) -> list[Ranked]:
    """`ranked` greedily re-chosen within each tier (consecutive positions of one `tier_of` value) by
    normalised score − strength · same-brand count above; the penalty becomes the "diversity"
    contribution (only where it is not zero)."""
    tier_of = list(tier_of) if tier_of is not None else [0] * len(ranked)
    scores = [r.score for r in ranked]
    spread = (max(scores) - min(scores)) or 1.0
    low = min(scores)
    placed: dict[str, int] = {}  # brand -> products of it placed so far
    out: list[Ranked] = []
    start = 0
    while start < len(ranked):
        end = start
        while end < len(ranked) and tier_of[end] == tier_of[start]:
            end += 1
        left = list(ranked[start:end])
        while left:
            def adjusted(r: Ranked) -> float:
                return (r.score - low) / spread - strength * placed.get(_brand(r), 0)

            best = max(range(len(left)), key=lambda i: (adjusted(left[i]), -i))  # ties: the ranker's order
            chosen = left.pop(best)
            penalty = strength * placed.get(_brand(chosen), 0) * spread
            if penalty:
                chosen = replace(chosen, score=chosen.score - penalty,
                                 contributions={**chosen.contributions, DIVERSITY: -penalty})
            out.append(chosen)
            placed[_brand(chosen)] = placed.get(_brand(chosen), 0) + 1
        start = end
    return out


def _brand(r: Ranked) -> str:
    """The brand diversity counts by; a product without a brand counts as its own."""
    return r.product.brand.strip().lower() or f"#{r.product.id}"
