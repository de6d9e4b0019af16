"""Colour values and titles read as the base colours shoppers filter by."""

from __future__ import annotations

import pytest

from retrieval.catalog.colours import BASE_COLOURS, base_colours, colour_word, is_exact, shopper_colours, title_colours


@pytest.mark.parametrize("value, colours", [
    ("Black,Stainless steel", ("black", "silver")),
    ("Slate Blue", ("blue",)),  # a plain colour word beats the shade in one part
    ("Space Gray / Rose Gold", ("grey", "gold")),
    ("Navy and white", ("blue", "white")),
    ("Multi-colour", ("multicolour",)),
    ("Black, black", ("black",)),  # each colour once
    ("Unknown finish", ()),
])
def test_base_colours_of_a_colour_value(value, colours):
    assert base_colours(value) == colours


@pytest.mark.parametrize("title, colours", [
    ("HP 305A Black Toner Cartridge", ("black",)),
    ("Apple iPhone Space Gray", ("grey",)),  # "gray" counts in titles
    ("Intel Xeon Silver 4110 processor", ()),  # a product line, not a colour
    ("Corsair 80 PLUS Platinum power supply", ()),
    ("Monster gold-plated HDMI cable red", ("red",)),
    ("Crystal Clear case in navy", ()),  # shade names do not count in free title text
])
def test_title_colours_count_plain_colour_words_only(title, colours):
    assert title_colours(title) == colours


def test_colour_word():
    assert colour_word("Gray") == "grey" and colour_word("burgundy") == "red" and colour_word("red") == "red"
    assert colour_word("plaid") is None
    assert all(colour_word(c) == c for c in BASE_COLOURS)


def test_a_message_reads_shades_but_not_materials():
    found = shopper_colours("navy or charcoal, not a steel one")
    assert [(c, s, e) for c, s, e in found] == [("blue", 0, 4), ("grey", 8, 16)]


def test_exact_colour_words_and_materials():
    assert colour_word("steel") == "silver" and colour_word("laptop") is None
    assert is_exact("grey") and is_exact("gray") and not is_exact("navy")
    assert "multicolour" in BASE_COLOURS and "cyan" in BASE_COLOURS
