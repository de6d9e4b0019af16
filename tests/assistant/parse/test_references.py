"""Pointers at products already shown."""

from __future__ import annotations

import pytest

from assistant.parse.references import find_references


@pytest.mark.parametrize("text, positions", [
    ("tell me about the second one", (1,)), ("the 3rd", (2,)), ("what about #3", (2,)), ("number 4 please", (3,)),
    ("the last one", (-1,)), ("compare the first two", (0, 1)), ("the top three", (0, 1, 2)),
    ("compare the first and the third", (0, 2)), ("is it wireless?", (0,)), ("a gaming laptop", ()),
    ("the 9th", (8,)), ("the ninth one", (8,)), ("compare the 100th and 200th", (99, 199)), ("#12", (11,)),
    ("the 0th", ()),
])
def test_find_references(text, positions):
    assert find_references(text) == positions


@pytest.mark.parametrize("text, positions", [
    ("compare 1 and 3", (0, 2)), ("2 vs 4", (1, 3)), ("compare 1, 2 and 3", (0, 1, 2)),
    ("what's the difference between 2 and 5", (1, 4)),
    # Numbers that are amounts or sizes, or no comparison at all, point at nothing.
    ("compare laptops under 1000 and 2000", ()), ("compare 2 and 3 tb drives", ()), ("1 and 3", ()),
    ("compare 1,000 and 2", ()),
])
def test_bare_numbers_point_at_products_only_in_a_comparison(text, positions):
    assert find_references(text) == positions
