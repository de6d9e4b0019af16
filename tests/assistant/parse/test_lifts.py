"""Constraints the shopper lifts, and the dialogue that keeps the rest."""

from __future__ import annotations

import pytest

from assistant.parse.lifts import lift, lift_words, lifted
from retrieval.search.filters import Filters


@pytest.mark.parametrize("text, names", [
    ("any brand is fine", {"brand"}), ("forget the budget", {"price"}), ("colour doesn't matter", {"colour"}),
    ("whatever colour works", {"colour"}), ("price is no object", {"price"}), ("never mind the price", {"price"}),
    ("any brand, under 50", {"brand"}),
    ("sony headphones", set()), ("i want any laptop", set()), ("a brand new laptop", set()),
])
def test_what_a_message_lifts(text, names):
    assert lifted(text) == names


def test_lifting_keeps_the_rest_and_ruled_out_brands():
    f = Filters(price_max=100.0, brands=("sony",), exclude_brands=("hp",), colours=("black",))
    assert lift(f, frozenset({"brand"})) == Filters(price_max=100.0, exclude_brands=("hp",), colours=("black",))
    assert lift(f, frozenset({"price", "colour"})) == Filters(brands=("sony",), exclude_brands=("hp",))
    assert {"any", "brand", "fine"} <= lift_words("any brand is fine")


def test_any_brand_after_a_brand_search_drops_the_brand_and_keeps_the_kind(small_assistant):
    from assistant.core.types import DialogueState

    state = DialogueState()
    small_assistant.policy.turn(state, "hp laptop")
    reply = small_assistant.policy.turn(state, "any brand is fine")
    assert reply.constraints.filters.brands == () and reply.constraints.product_type == "laptop"
    assert reply.constraints.query == "laptop" and len({c.brand for c in reply.cards}) > 1
