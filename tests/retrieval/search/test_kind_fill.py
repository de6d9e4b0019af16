"""The encoder's fill: a product the vocabulary cannot name takes its agreeing neighbours' kind."""

from __future__ import annotations

import numpy as np

from retrieval.catalog.product import Product
from retrieval.search.kind_fill import KindVote, fill_kinds


def _p(pid: str, kind: str = "", fits: str = "") -> Product:
    return Product(id=pid, title=pid, kind=kind, kind_for=fits)


def test_a_blank_takes_the_kind_its_near_neighbours_agree_on():
    products = [_p("a", "case", "smartphone"), _p("b", "case", "smartphone"), _p("c", "cable"), _p("x")]
    vectors = np.array([[1.0, 0.1], [0.9, 0.2], [0.0, 1.0], [1.0, 0.15]])
    filled = fill_kinds(products, vectors, KindVote(neighbours=2, min_similarity=0.5, min_share=0.6))
    assert (filled[3].kind, filled[3].kind_for) == ("case", "smartphone")
    assert filled[:3] == products[:3]  # named products keep the vocabulary's kind


def test_no_kind_when_the_neighbours_are_far_or_disagree():
    products = [_p("a", "case"), _p("b", "cable"), _p("x"), _p("y")]
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.7, 0.7], [-1.0, -1.0]])
    filled = fill_kinds(products, vectors, KindVote(neighbours=2, min_similarity=0.5, min_share=0.6))
    assert filled[2].kind == ""  # half case, half cable
    assert filled[3].kind == ""  # nothing near


def test_nothing_to_fill_or_nothing_to_fill_from():
    assert fill_kinds([_p("x")], np.ones((1, 2))) == [_p("x")]
    assert fill_kinds([], np.zeros((0, 2))) == []
