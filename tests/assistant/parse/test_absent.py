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


def test_an_absent_brand_ruled_out_is_neither_missing_nor_a_search_word():
    from assistant.parse.absent import negated

    assert brands_named("headphones, no beats", carried=set()) == ()
    text = "a keyboard but not razer"
    assert [text[s:e] for s, e in negated(text, carried={"hp"})] == ["not razer"]
    # "not razer" after a search, read as saying nothing: the same request (none of it is Razer)
    state = DialogueState(constraints=Constraints(query="gaming keyboard", product_type="keyboard"))
    said = ParsedQuery("not razer", Intent.HELP, state.constraints)
    assert AbsentBrandParser(_Fixed(said), {"hp"}).parse(said.text, state).intent is Intent.REFINE


def test_the_speller_leaves_an_absent_brand_alone():
    from assistant.parse.absent import elsewhere_words

    assert {"razer", "gucci"} <= elsewhere_words()
