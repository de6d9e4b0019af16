"""Brands asked for that the catalog does not carry."""

from __future__ import annotations

from assistant.core.types import Constraints, DialogueState, Intent, ParsedQuery
from assistant.parse.absent import AbsentBrandParser, brands_named


def test_a_well_known_brand_the_catalog_lacks_is_named():
    assert brands_named("a Gucci mouse", carried={"hp", "sony"}) == ("gucci",)
    assert brands_named("bose or beats headphones", carried=set()) == ("bose", "beats")
    assert brands_named("sony headphones", carried={"sony"}) == ()  # carried: the brand filter applies
    assert brands_named("the next one", carried=set()) == ()  # everyday words are no brands
    assert brands_named("louis vuitton bag", carried=set()) == ("louis vuitton",)


class _Fixed:
    def __init__(self, query: ParsedQuery) -> None:
        self.query = query

    def parse(self, message, state):
        return self.query


def test_the_absent_brand_is_noted_and_kept_in_the_search_words():
    said = ParsedQuery("a gucci mouse", Intent.SEARCH, Constraints(query="gucci mouse", product_type="mouse"))
    q = AbsentBrandParser(_Fixed(said), {"logitech"}).parse(said.text, DialogueState())
    assert q.absent_brands == ("gucci",) and q.constraints.query == "gucci mouse"  # "case for Gucci" would match
    other = ParsedQuery("the gucci one", Intent.ASK_PRODUCT, Constraints())
    assert AbsentBrandParser(_Fixed(other), set()).parse(other.text, DialogueState()) == other


def test_a_product_line_stands_for_its_maker():
    from assistant.parse.absent import brands_named

    assert brands_named("google pixel", {"google"}) == ()  # the catalog carries Google: nothing absent
    assert brands_named("a pixel 3 case", {"samsung"}) == ("google",)  # Pixel's maker is the one missing
    assert brands_named("playstation 4", {"sony"}) == ()
