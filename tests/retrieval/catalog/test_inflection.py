"""One stemmer for comparisons, one pluraliser for generated text."""

from __future__ import annotations

import pytest

from retrieval.catalog.inflection import plural, stem, stems


@pytest.mark.parametrize("a, b", [("batteries", "battery"), ("boxes", "box"), ("games", "game"), ("Cables", "cable")])
def test_forms_of_one_word_share_a_stem(a, b):
    assert stem(a) == stem(b)


def test_different_words_keep_different_stems():
    assert stem("case") != stem("cable") and stems(["mice", "mouse"])[1] == "mous"


@pytest.mark.parametrize("phrase, expected", [
    ("battery", "batteries"), ("laptop bag", "laptop bags"), ("mouse", "mice"), ("box", "boxes"),
    ("headphones", "headphones"), ("glasses", "glasses"), ("usb-c", "usb-c"), ("tv", "tv"), ("usb 3.0", "usb 3.0")])
def test_plural(phrase, expected):
    assert plural(phrase) == expected


def test_stems_are_lower_case_and_keep_the_order():
    assert stem("BATTERIES") == "batteri"
    assert stems(["Mice", "cables", "usb"]) == [stem("mice"), "cabl", "usb"]
