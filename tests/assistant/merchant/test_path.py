"""The path of one product through a turn, over the small catalog's real stages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.core.types import DialogueState
from assistant.merchant.path import failures, trace, trace_session
from assistant.retrieve.retriever import HybridRetriever
from retrieval.search.filters import Filters
from retrieval.search.hybrid import HybridSearch
from tests.fixtures import CATALOG


def test_a_product_over_the_price_limit_is_filtered_out_by_it(small_stages):
    path = trace(small_stages, "a wireless mouse under $30", "m2")
    assert path.stage == "filtered out" and path.title == "Logitech MX Master 3 Wireless Mouse Black"
    assert path.failed == (("price under $30.00", "$99.99"),)
    assert path.summary() == ("Filtered out: Logitech MX Master 3 Wireless Mouse Black fails price under $30.00 "
                              "(it is $99.99).")


@pytest.mark.parametrize("product_id, failed", [("m3", (("brand Logitech", "HP"),)),
                                                ("m1", (("colour black", "grey"),))])
def test_brand_and_colour_filters_are_named_with_the_products_value(small_stages, product_id, failed):
    path = trace(small_stages, "black logitech mouse", product_id)
    assert path.stage == "filtered out" and path.failed == failed


def test_every_failed_constraint_is_reported():
    f = Filters(price_max=30.0, brands=("hp",), exclude_colours=("red",), kinds=("laptop",))
    # the Kensington is $29.00, under the limit: only what it fails is listed
    assert failures(CATALOG["m5"], f, brands={"hp": "HP"}) == (
        ("brand HP", "Kensington"), ("not colour red", "red"), ("kind laptop", "mouse"))
    assert failures(CATALOG["n1"], Filters(price_min=10.0)) == (("price over $10.00", "price not listed"),)
    assert failures(CATALOG["m3"], f.with_(exclude_colours=(), kinds=()), brands={"hp": "HP"}) == ()


def test_a_product_of_another_kind_is_filtered_out_by_the_kind(small_stages):
    path = trace(small_stages, "bluetooth speaker", "l1")
    # the small catalog has 3 speakers, so the retriever fills up with other kinds: l1 still ranks
    assert path.stage == "ranked"
    few = replace(small_stages, retriever=HybridRetriever(small_stages.retriever.search, k=3))
    path = trace(few, "bluetooth speaker", "l1")
    assert path.stage == "filtered out" and path.failed == (("kind speaker", "laptop"),)


def test_a_product_beyond_the_search_depth_is_not_retrieved_with_its_ranks(small_stages):
    full = small_stages.retriever.search
    shallow = HybridSearch(full.store, full.products, depth=2)
    stages = replace(small_stages, retriever=HybridRetriever(shallow, k=3))
    path = trace(stages, "wireless", "n1")
    assert path.stage == "not retrieved" and path.depth == 2 and path.candidates <= 3
    assert path.pool == len(full.products) and path.dense_rank > 2  # exact, over every product
    assert path.lexical_rank is None  # "Mystery Product Without Price" has no word of "wireless"
    assert path.fused_rank is None
    assert "each search returns its top 2" in path.summary() and f"dense rank {path.dense_rank}" in path.summary()
    # the dense rank agrees with an exhaustive dense search over the catalog
    order = [pid for pid, _ in full.dense("wireless", len(full.products))]
    assert order.index("n1") + 1 == path.dense_rank
    hit = trace(stages, "wireless", "m3")
    assert hit.stage == "ranked" or (hit.dense_rank <= 2 or hit.lexical_rank <= 2)


def test_a_ranked_product_has_its_contributions_beside_the_one_above(small_stages):
    path = trace(small_stages, "a wireless mouse under $30", "m5", results=2)
    assert path.stage == "ranked" and path.rank >= 2
    assert path.contributions and abs(sum(path.contributions.values()) - path.score) < 1e-4
    assert path.above is not None and path.above.id != "m5" and path.above.contributions
    assert set(path.above.contributions) == set(path.contributions)
    gaps = path.gaps()
    assert gaps and all(abs(d - (m - a)) < 1e-9 for _, m, a, d in gaps)
    assert abs(sum(d for *_, d in gaps) - (path.score - path.above.score)) < 1e-4
    summary = path.summary()
    assert summary.startswith(f"Ranked {path.rank}") and f"Against #{path.rank - 1} ({path.above.title})" in summary
    first = trace(small_stages, "a wireless mouse under $30", "m3")  # the HP X3000 comes first
    assert first.rank == 1 and first.shown == 1 and first.above is None and "Nothing ranks above it" in first.summary()


def test_shown_counts_within_the_page(small_stages):
    ranked = [trace(small_stages, "wireless", pid, results=3) for pid in ("m1", "m2", "m3", "m4", "m5")]
    for path in ranked:
        assert path.stage == "ranked"
        assert path.shown == (path.rank if path.rank <= 3 else None)
    off = next(p for p in ranked if p.shown is None)
    assert f"{off.rank - 3} below the page of 3" in off.summary()


def test_an_unknown_id_says_so(small_stages):
    path = trace(small_stages, "a wireless mouse", "nope")
    assert path.stage == "unknown product" and path.summary() == "No product with id 'nope' in the catalog."


def test_bad_input_gets_a_clear_error(small_stages):
    with pytest.raises(ValueError, match="non-empty text"):
        trace(small_stages, "  ", "m1")
    with pytest.raises(ValueError, match="id of the product"):
        trace(small_stages, "mouse", "")


def test_a_session_turn_reads_the_sessions_state_and_leaves_it_alone(small_assistant):
    small_assistant.respond("a wireless mouse", "s1")
    before = small_assistant.state("s1")
    snapshot = (before.constraints, list(before.shown), before.turns)
    path = trace_session(small_assistant, "under $20", "m3", session_id="s1")
    # "under $20" refines the mouse request: the HP X3000 at $24.50 is over the new limit
    assert path.stage == "filtered out" and ("price under $20.00", "$24.50") in path.failed
    after = small_assistant.state("s1")
    assert (after.constraints, list(after.shown), after.turns) == snapshot
    with pytest.raises(LookupError, match="no session 'gone'"):
        trace_session(small_assistant, "mouse", "m1", session_id="gone")


def test_a_turn_that_searches_nothing_says_why(small_stages):
    state = DialogueState()
    path = trace(small_stages, "compare the first two", "m1", state=state)
    assert path.stage == "not retrieved" and "searches nothing" in path.summary()
    assert state == DialogueState()


def test_to_json_carries_the_summary(small_stages):
    out = trace(small_stages, "a wireless mouse under $30", "m2").to_json()
    assert out["stage"] == "filtered out" and out["failed"] == [{"constraint": "price under $30.00", "value": "$99.99"}]
    assert out["summary"].startswith("Filtered out:")
