"""What retrieval hands to ranking."""

from __future__ import annotations

import dataclasses

import pytest

from retrieval.search.candidate import Candidate
from tests.fixtures import CATALOG


def test_a_path_that_did_not_find_the_product_scores_zero():
    c = Candidate(CATALOG["m1"], lexical_score=3.2)
    assert (c.product.id, c.dense_score, c.lexical_score, c.fused_score) == ("m1", 0.0, 3.2, 0.0)


def test_candidates_are_values():
    assert Candidate(CATALOG["m1"], 0.5, 1.0, 0.03) == Candidate(CATALOG["m1"], 0.5, 1.0, 0.03)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Candidate(CATALOG["m1"]).dense_score = 1.0
