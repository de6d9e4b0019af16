"""One way to compare word forms (stems) and one way to write plurals."""

from __future__ import annotations

import pytest

from retrieval.catalog.inflection import plural, stem, stems


@pytest.mark.parametrize("a, b", [("batteries", "battery"), ("boxes", "box"), ("Speakers", "speaker"),
                                  ("cables", "cable")])
def test_word_forms_meet_at_one_stem(a, b):
    assert stem(a) == stem(b)


def test_stems_are_lower_case_and_keep_the_order():
    assert stem("BATTERIES") == "batteri"
    assert stems(["Mice", "cables", "usb"]) == [stem("mice"), "cabl", "usb"]


@pytest.mark.parametrize("phrase, expected", [
    ("laptop bag", "laptop bags"),
    ("battery", "batteries"),
    ("mouse", "mice"),
    ("headphones", "headphones"),  # already plural
    ("tv", "tv"),  # too short to inflect
    ("usb 3.0", "usb 3.0"),  # not a word
])
def test_plural_of_the_last_word(phrase, expected):
    assert plural(phrase) == expected
