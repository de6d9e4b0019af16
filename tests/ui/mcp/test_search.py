"""The search tool's filters laid over the parser's reading: an argument wins over the text."""

from __future__ import annotations

import pytest

from assistant.core.types import Constraints, Intent, ParsedQuery
from retrieval.search.filters import Filters
from ui.mcp.search import SearchFilters, overlay, summary


def parsed(**filters) -> ParsedQuery:
    return ParsedQuery("mouse under $30", Intent.REFINE, Constraints(query="mouse", filters=Filters(**filters)),
                       references=(1,))


def test_arguments_win_over_the_text_and_the_turn_becomes_a_fresh_search():
    out = overlay(parsed(price_max=30.0, brands=("hp",)), SearchFilters(max_price=20, brand="Logitech", kind="mouse"))
    f = out.constraints.filters
    assert (f.price_max, f.brands, f.kinds) == (20, ("logitech",), ("mouse",))
    assert out.intent is Intent.SEARCH and out.references == () and out.constraints.product_type == "mouse"


def test_a_brand_asked_for_is_no_longer_ruled_out_and_the_text_stays_otherwise():
    out = overlay(parsed(exclude_brands=("logitech",), price_max=30.0), SearchFilters(brand="logitech"))
    assert out.constraints.filters.exclude_brands == () and out.constraints.filters.price_max == 30.0


def test_bad_filters_are_explained():
    with pytest.raises(ValueError, match="colour"):
        overlay(parsed(), SearchFilters(colour="blurple"))
    with pytest.raises(ValueError, match="swap"):
        overlay(parsed(), SearchFilters(min_price=50, max_price=10))


def test_summary_counts_what_was_found():
    assert summary(parsed(price_max=30.0), 0).startswith("No products for")
    assert summary(parsed(), 3).startswith("3 products for")
