"""The kind of product a message asks for."""

from __future__ import annotations

import pytest

from assistant.parse.kinds import find_type, for_device


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


@pytest.mark.parametrize("text, kind", [
    ("a laptop charger", "power adapter"), ("a charger for my notebook", "power adapter"),
    ("phone charger", "charger"), ("laptop bag", "bag"),
])
def test_a_kind_named_with_its_device_is_what_the_catalog_files_it_as(text, kind):
    assert for_device(text, find_type(text)[0]) == kind
