from __future__ import annotations

import pytest

from retrieval.search.columns import ProductColumns
from retrieval.search.filters import Filters
from tests.fixtures import small_catalog


def test_inverted_price_range_is_a_clear_error():
    with pytest.raises(ValueError, match=r"price_min \(500\) is above price_max \(100\)"):
        Filters(price_min=500, price_max=100)


@pytest.mark.parametrize("filters", [
    Filters(), Filters(price_max=30), Filters(price_min=100), Filters(brands=("hp", "sony")),
    Filters(exclude_brands=("hp",)), Filters(colours=("black", "red")), Filters(product_types=("mouse",)),
])
def test_column_mask_agrees_with_the_predicate(filters):
    products = small_catalog()
    mask = ProductColumns(products).mask(filters)
    assert list(mask) == [filters.matches(p) for p in products]


def test_where_clause_shape():
    assert Filters().to_where() is None
    where = Filters(price_max=30, brands=("hp",)).to_where()
    assert {"price": {"$lte": 30.0}} in where["$and"] and {"brand": {"$in": ["hp"]}} in where["$and"]
