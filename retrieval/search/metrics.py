"""Ranking metrics over graded judgments (grades 0–3; unjudged products count as 0)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def ndcg_at_k(ranking: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k with linear gains (gain = grade) and log2 discounts."""
    dcg = sum(grades.get(pid, 0) / math.log2(i + 2) for i, pid in enumerate(ranking[:k]))
    ideal = sorted((g for g in grades.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at_k(ranking: Sequence[str], grades: Mapping[str, int], k: int = 100, min_grade: int = 2) -> float:
    relevant = {pid for pid, g in grades.items() if g >= min_grade}
    if not relevant:
        return 0.0
    return len(relevant & set(ranking[:k])) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], grades: Mapping[str, int], grade: int = 3) -> float:
    """1 / rank of the first product with `grade` or more; 0 when none is ranked."""
    for i, pid in enumerate(ranking, start=1):
        if grades.get(pid, 0) >= grade:
            return 1.0 / i
    return 0.0
