"""Column arrays over the catalog: a Filters value as one boolean mask, agreeing with the predicate."""

from __future__ import annotations

import pytest

from retrieval.search.columns import ProductColumns
from retrieval.search.filters import Filters
from tests.fixtures import small_catalog


@pytest.mark.parametrize("filters", [
    Filters(), Filters(price_max=30), Filters(price_min=100), Filters(brands=("hp", "sony")),
    Filters(exclude_brands=("hp",)), Filters(colours=("black", "red")), Filters(product_types=("mouse",)),
    Filters(price_min=20, price_max=100, colours=("black",), exclude_brands=("logitech",)),
    Filters(exclude_colours=("black",)), Filters(colours=("black", "red"), exclude_colours=("red",)),
])
def test_column_mask_agrees_with_the_predicate(filters):
    products = small_catalog()
    mask = ProductColumns(products).mask(filters)
    assert list(mask) == [filters.matches(p) for p in products]


def test_the_mask_picks_the_expected_rows():
    products = small_catalog()
    columns = ProductColumns(products)
    rows = columns.mask(Filters(price_max=30, colours=("red",))).nonzero()[0]
    assert [products[r].id for r in rows] == ["m5", "s3"]
    assert not columns.mask(Filters(colours=("pink",))).any()  # a colour no product has
    assert columns.size == 18 and columns.mask(Filters()).all()


def test_no_price_is_no_match_for_any_price_bound():
    products = small_catalog()
    row = [p.id for p in products].index("n1")
    columns = ProductColumns(products)
    assert not columns.mask(Filters(price_min=0))[row] and not columns.mask(Filters(price_max=1e9))[row]
