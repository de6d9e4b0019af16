"""The combined rules reading of a message, with the span of each thing read."""

from __future__ import annotations

from assistant.parse.reading import blank, find_colours, read_rules


def test_read_rules_reads_each_constraint_once_with_its_span():
    text = "black 17-inch laptops rated 4+ stars under $900, cheapest first"
    r = read_rules(text)
    assert (r.price.low, r.price.high) == (None, 900)
    assert r.rating_min == 4.0 and r.specs == ("17 inch",) and r.sort == "price_asc" and r.colours == ("black",)
    kinds = [kind for kind, _, _ in r.spans]
    assert sorted(kinds) == ["colour", "price", "rating", "sort", "spec"]
    spans = {kind: text[s:e] for kind, s, e in r.spans}
    assert spans["price"] == "under $900" and spans["colour"] == "black"


def test_a_rating_is_never_read_as_a_price():
    r = read_rules("at least 4.6 stars")
    assert r.price is None and r.rating_min == 4.6


def test_blank_keeps_offsets():
    assert blank("red mouse", [(0, 3)]) == "    mouse"


def test_shade_names_filter_by_their_base_colour_and_materials_do_not():
    assert find_colours("a navy or charcoal backpack") == ["blue", "grey"]
    assert find_colours("a gray mouse, not grey") == ["grey"]
    assert find_colours("a steel water bottle") == []
    assert find_colours("a multi-function printer") == []
