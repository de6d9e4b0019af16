"""The kind of product a message asks for."""

from __future__ import annotations

import pytest

from assistant.parse.kinds import find_type


@pytest.mark.parametrize("text, kind", [
    ("a gaming laptop under $1500", "laptop"), ("notebooks", "laptop"), ("phone cases for iPhone", "case"),
    ("an iPhone", "smartphone"), ("iphone 7 case", "case"), ("toner cartridges for my HP printer", "toner cartridge"),
    ("bluetooth speakers", "speaker"), ("something nice", ""),
])
def test_find_type(text, kind):
    assert find_type(text)[0] == kind


def test_the_span_is_the_type_phrase():
    text = "a cheap laptop bag"
    kind, (start, end) = find_type(text)
    assert kind == "bag" and text[start:end] == "laptop bag"
