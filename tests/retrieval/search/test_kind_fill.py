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


def test_an_accessory_that_names_no_device_is_for_what_its_kind_neighbours_are_for():
    # "Incipio - Feather Case for LG K7": the title names no device the vocabulary knows
    products = [_p("a", "case", "smartphone"), _p("b", "case", "smartphone"), _p("c", "case"),
                _p("x", "case")]
    vectors = np.array([[1.0, 0.1], [0.9, 0.2], [0.0, 1.0], [1.0, 0.15]])
    filled = fill_kinds(products, vectors, KindVote(neighbours=2, fits_share=0.6))
    assert filled[3].kind_for == "smartphone"
    assert filled[2].kind_for == ""  # its neighbours are split: for nothing stays


def test_generic_accessories_stay_for_nothing():
    products = [_p("a", "cable"), _p("b", "cable"), _p("c", "cable", "printer"), _p("x", "cable")]
    vectors = np.array([[1.0, 0.1], [0.9, 0.2], [0.8, 0.3], [1.0, 0.15]])
    filled = fill_kinds(products, vectors, KindVote(neighbours=3, fits_share=0.4))
    assert filled[3].kind_for == ""  # most near cables fit anything


def test_a_device_is_never_given_a_device_it_is_for():
    products = [_p("a", "smartphone"), _p("b", "smartphone", "tablet"), _p("x", "smartphone")]
    vectors = np.array([[1.0, 0.0], [1.0, 0.1], [1.0, 0.05]])
    assert fill_kinds(products, vectors)[2].kind_for == ""
