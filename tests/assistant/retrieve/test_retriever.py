"""The retrieve stage: hybrid search under the query's hard constraints, only when a turn needs
fresh candidates."""

from __future__ import annotations

import pytest

from assistant.core.types import Intent
from assistant.retrieve.retriever import SEARCHING, HybridRetriever
from tests.fixtures import query


class RecordingSearch:
    """Stands in for HybridSearch: records each call and returns nothing."""

    def __init__(self) -> None:
        self.calls = []

    def search(self, text, filters, k):
        self.calls.append((text, filters, k))
        return []


def test_the_query_text_filters_and_depth_go_to_the_search():
    search = RecordingSearch()
    q = query("wireless mouse", price_max=30.0, colours=("black",))
    HybridRetriever(search, k=7).retrieve(q)
    assert search.calls == [("wireless mouse", q.constraints.filters, 7)]


@pytest.mark.parametrize("intent", sorted(set(Intent) - SEARCHING, key=lambda i: i.value))
def test_turns_about_what_was_shown_search_nothing(intent):
    search = RecordingSearch()
    assert HybridRetriever(search).retrieve(query("the second one", intent)) == []
    assert search.calls == []


def test_a_turn_with_no_words_and_no_filters_searches_nothing():
    search = RecordingSearch()
    assert HybridRetriever(search).retrieve(query("")) == []
    assert search.calls == []
    HybridRetriever(search).retrieve(query("", brands=("hp",)))  # filters alone browse the catalog
    assert search.calls[0][0] == ""


def test_every_candidate_meets_every_hard_constraint(small_search):
    q = query("wireless mouse", price_max=30.0, colours=("black",))
    found = HybridRetriever(small_search, k=10).retrieve(q)
    assert {c.product.id for c in found} == {"m3", "m4"}  # the black mice at $30 or less
    assert all(q.constraints.filters.matches(c.product) for c in found)


def test_browsing_by_brand_lists_the_brand_cheapest_first(small_search):
    found = HybridRetriever(small_search, k=10).retrieve(query("", brands=("hp",)))
    assert [(c.product.id, c.product.price) for c in found] == [("m3", 24.5), ("t1", 89.0), ("l5", 299.0), ("l1", 899.0)]


def _ask(text, intent, **constraints):
    from assistant.core.types import Constraints, ParsedQuery
    from retrieval.search.filters import Filters

    filters = Filters(**{k: v for k, v in constraints.items() if k in ("price_min", "price_max", "brands")})
    rest = {k: v for k, v in constraints.items() if k not in ("price_min", "price_max", "brands")}
    return ParsedQuery(text, intent, Constraints(filters=filters, **rest))


def test_a_refinement_keeps_to_the_kind_asked_for(small_search):
    retriever = HybridRetriever(small_search, k=10)
    # "gaming laptop" also finds a laptop case and other products; refining it keeps the laptops only.
    loose = retriever.retrieve(_ask("cheaper", Intent.CHEAPER, query="gaming laptop", product_type="laptop",
                                    price_max=1000.0))
    assert len(loose) >= 3 and {c.product.product_type for c in loose} == {"notebook"}
    first = retriever.retrieve(_ask("gaming laptop", Intent.SEARCH, query="gaming laptop", product_type="laptop"))
    # So does a first search: the laptops, then the nearest products of other kinds, marked as such.
    mine = [c for c in first if c.of_asked_kind]
    assert len(mine) >= 3 and {c.product.kind for c in mine} == {"laptop"} and first[: len(mine)] == mine
    assert all(c.product.kind != "laptop" for c in first[len(mine):])
    # A kind the catalog lacks: a first search shows the nearest products, a refinement none.
    assert retriever.retrieve(_ask("a tv", Intent.SEARCH, query="tv", product_type="tv"))
    assert retriever.retrieve(_ask("cheaper", Intent.CHEAPER, query="tv", product_type="tv")) == []


def test_the_cheapest_of_a_kind_comes_from_the_whole_catalog(small_search):
    retriever = HybridRetriever(small_search, k=3)
    got = retriever.retrieve(_ask("the cheapest mouse you have", Intent.SEARCH, query="mouse",
                                  product_type="mouse", sort="price_asc"))
    assert [c.product.id for c in got] == ["m4", "m1", "m3"]  # 14.00, 19.99, 24.50
    dearest = retriever.retrieve(_ask("the most expensive mouse", Intent.SEARCH, query="mouse",
                                      product_type="mouse", sort="price_desc"))
    assert dearest[0].product.id == "m2"


def test_a_product_line_keeps_to_its_kind_only_where_the_catalog_has_the_line(small_search):
    from dataclasses import replace

    from assistant.parse.kinds import line_named
    from retrieval.search.hybrid import HybridSearch

    assert line_named("iphone") == "iphone" and line_named("iphone case") == "" and line_named("laptop") == ""
    # No ThinkPad in the small catalog: "thinkpad" is a plain search, nothing marked as another kind.
    plain = HybridRetriever(small_search, k=10).retrieve(
        _ask("thinkpad", Intent.SEARCH, query="thinkpad", product_type="laptop"))
    assert all(c.of_asked_kind for c in plain)
    # With one, the line keeps to laptops: the ThinkPad first, other kinds after it, marked.
    products = [replace(p, title="Lenovo ThinkPad E14 Laptop") if p.id == "l3" else p for p in small_search.products]
    search = HybridSearch(small_search.store, products)
    kept = HybridRetriever(search, k=10).retrieve(_ask("thinkpad", Intent.SEARCH, query="thinkpad", product_type="laptop"))
    assert kept[0].product.id == "l3" and all(c.product.kind == "laptop" for c in kept if c.of_asked_kind)


def test_every_product_of_the_kind_with_the_size_asked_for_is_a_candidate(small_search):
    # k=1: the search alone finds one laptop; the 17-inch one joins it wherever it ranked
    found = HybridRetriever(small_search, k=1).retrieve(_ask("17 inch laptop", Intent.SEARCH, query="laptop",
                                                            product_type="laptop", specs=("17 inch",)))
    assert "l4" in [c.product.id for c in found]
