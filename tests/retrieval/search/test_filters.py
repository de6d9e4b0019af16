"""Hard constraints: one Filters value, as a predicate and as a Chroma where clause."""

from __future__ import annotations

import pytest

from retrieval.search.filters import NO_PRICE, Filters, norm_key, product_metadata
from tests.fixtures import CATALOG


def test_inverted_price_range_is_a_clear_error():
    with pytest.raises(ValueError, match=r"price_min \(500\) is above price_max \(100\)"):
        Filters(price_min=500, price_max=100)


def test_where_clause_shape():
    assert Filters().to_where() is None
    where = Filters(price_max=30, brands=("hp",)).to_where()
    assert {"price": {"$lte": 30.0}} in where["$and"] and {"brand": {"$in": ["hp"]}} in where["$and"]


def test_every_constraint_must_hold():
    f = Filters(price_min=10, price_max=30, brands=("logitech", "hp"), colours=("grey", "black"),
                product_types=("mouse",))
    assert [pid for pid in ("m1", "m2", "m3", "m4", "m5") if f.matches(CATALOG[pid])] == ["m1", "m3"]
    # m2 costs $99.99, m4 is by Microsoft, m5 is red


def test_a_ruled_out_brand_is_out_and_no_price_fails_a_price_bound():
    assert not Filters(exclude_brands=("hp",)).matches(CATALOG["m3"])
    assert Filters(exclude_brands=("hp",)).matches(CATALOG["m1"])
    assert not Filters(price_max=1e9).matches(CATALOG["n1"]) and Filters().matches(CATALOG["n1"])


def test_where_clause_keeps_out_products_stored_without_a_price():
    assert Filters(price_max=30).to_where() == {"$and": [{"price": {"$lte": 30.0}}, {"price": {"$gte": 0.0}}]}
    assert Filters(price_min=10).to_where() == {"price": {"$gte": 10.0}}
    assert Filters(colours=("red", "blue")).to_where() == {"$or": [{"colour_red": True}, {"colour_blue": True}]}


def test_product_metadata_is_what_the_where_clause_reads():
    meta = product_metadata(CATALOG["m5"], "abc123")
    assert meta == {"price": 29.0, "brand": "kensington", "type": "mouse", "kind": "mouse", "kind_for": "",
                    "hash": "abc123", "colour_red": True}
    assert product_metadata(CATALOG["n1"], "h")["price"] == NO_PRICE


def test_norm_key_and_is_empty():
    assert norm_key("  Kingston   Technology ") == "kingston technology"
    assert Filters().is_empty() and not Filters(colours=("red",)).is_empty()


def test_a_kind_is_a_hard_constraint_on_every_path():
    f = Filters(kinds=("laptop",))
    assert f.to_where() == {"kind": {"$in": ["laptop"]}}
    assert f.matches(CATALOG["l1"]) and not f.matches(CATALOG["m1"])


def test_a_ruled_out_colour_is_out_on_every_path():
    f = Filters(exclude_colours=("black",))
    assert f.to_where() == {"colour_black": {"$ne": True}}  # a product without the flag is kept
    assert not f.matches(CATALOG["m2"]) and f.matches(CATALOG["m1"]) and f.matches(CATALOG["n1"])
