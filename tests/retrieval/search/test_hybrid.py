"""Hybrid search: fusion, filters on both paths, browsing by filters alone."""

from __future__ import annotations

import pytest

from retrieval.search.encoder import HashingEncoder
from retrieval.search.filters import Filters
from retrieval.search.hybrid import HybridSearch, reciprocal_rank_fusion
from retrieval.search.store import ProductStore
from tests.fixtures import small_catalog


@pytest.fixture()
def search(tmp_path):
    store = ProductStore(tmp_path, "shop", HashingEncoder())
    store.sync(small_catalog())
    return HybridSearch(store)


def test_rrf_rewards_agreement():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "d"]], k=60)
    assert fused["a"] == fused["b"] > fused["c"] == fused["d"]


def test_hybrid_finds_the_obvious_products(search):
    top = [c.product.id for c in search.search("bluetooth speaker", k=3)]
    assert set(top) == {"s1", "s2", "s3"}


@pytest.mark.parametrize("filters", [
    Filters(price_max=30),
    Filters(price_min=50, price_max=1000),
    Filters(brands=("hp",)),
    Filters(exclude_brands=("hp", "logitech")),
    Filters(colours=("black",)),
    Filters(colours=("red", "blue"), price_max=100),
])
def test_every_result_satisfies_every_filter(search, filters):
    for query in ("wireless mouse", "gaming laptop", "speaker", "black"):
        results = search.search(query, filters, k=50)
        assert all(filters.matches(c.product) for c in results), (query, filters)


def test_filters_keep_out_products_without_a_price(search):
    assert "n1" not in {c.product.id for c in search.search("mystery product", Filters(price_max=10_000))}


def test_impossible_filters_return_nothing(search):
    assert search.search("laptop", Filters(price_max=5)) == []


def test_empty_query_browses_the_filtered_catalog_cheapest_first(search):
    results = search.search("", Filters(brands=("hp",)), k=10)
    prices = [c.product.price for c in results]
    assert prices == sorted(prices) and all(c.product.brand == "HP" for c in results)


@pytest.mark.parametrize("filters", [Filters(kinds=("laptop",)), Filters(price_max=30.0), Filters(brands=("hp",)),
                                     Filters(colours=("black",), kinds=("mouse",))])
def test_a_filtered_dense_search_is_the_exact_answer_the_store_gives(search, filters):
    vector = search.store.embed_query("wireless gaming")
    scanned = search.dense("wireless gaming", 10, filters, vector)
    stored = search.store.search(vector, 10, filters)
    assert [pid for pid, _ in scanned] == [pid for pid, _ in stored]
    assert all(abs(a - b) < 1e-4 for (_, a), (_, b) in zip(scanned, stored))
    assert search.dense("x", 10, Filters(kinds=("no such kind",))) == []
