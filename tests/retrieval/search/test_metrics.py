from __future__ import annotations

import math

from retrieval.search.metrics import ndcg_at_k, recall_at_k, reciprocal_rank


def test_ndcg_is_one_for_the_ideal_order_and_counts_unjudged_as_zero():
    grades = {"a": 3, "b": 2, "c": 0}
    assert ndcg_at_k(["a", "b", "c"], grades) == 1.0
    assert math.isclose(ndcg_at_k(["x", "a", "b"], grades), (3 / math.log2(3) + 2 / 2) / (3 + 2 / math.log2(3)))
    assert ndcg_at_k(["x"], {"a": 0}) == 0.0


def test_recall_counts_grade_two_and_up():
    assert recall_at_k(["a", "x"], {"a": 2, "b": 3, "c": 1}) == 0.5


def test_mrr_uses_the_first_exact_match():
    assert reciprocal_rank(["x", "b", "a"], {"a": 3, "b": 2}) == 1 / 3
    assert reciprocal_rank(["x"], {"a": 3}) == 0.0
