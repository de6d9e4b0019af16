"""One colour vocabulary, read three ways: a record's colour field, a title, a shopper's message."""

from __future__ import annotations

import pytest

from retrieval.catalog.colours import BASE_COLOURS, base_colours, colour_word, is_exact, shopper_colours, title_colours


@pytest.mark.parametrize("value, colours", [
    ("Black,Silver", ("black", "silver")), ("Stainless steel", ("silver",)), ("Grey,Titanium", ("grey", "silver")),
    ("Gray", ("grey",)), ("Slate Blue", ("blue",)), ("Assorted colours", ("multicolour",)), ("Navy", ("blue",)),
    ("Osprey", ()),
])
def test_a_colour_field_reads_every_colour_word(value, colours):
    assert base_colours(value) == colours


@pytest.mark.parametrize("title, colours", [
    ("HP 305A Black Toner Cartridge", ("black",)), ("Logitech Crystal Clear webcam", ()),
    ("Intel Xeon Silver 4210", ()), ("Acer Chrome OS laptop", ()), ("Gray and white mouse", ("grey", "white")),
])
def test_a_title_counts_only_plain_colour_words(title, colours):
    assert title_colours(title) == colours


def test_a_message_reads_shades_but_not_materials():
    found = shopper_colours("navy or charcoal, not a steel one")
    assert [(c, s, e) for c, s, e in found] == [("blue", 0, 4), ("grey", 8, 16)]


def test_colour_word_and_exactness():
    assert colour_word("Gray") == "grey" and colour_word("steel") == "silver" and colour_word("laptop") is None
    assert is_exact("grey") and is_exact("gray") and not is_exact("navy")
    assert "multicolour" in BASE_COLOURS and "cyan" in BASE_COLOURS
