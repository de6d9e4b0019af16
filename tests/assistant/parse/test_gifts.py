"""Gift requests: the kind comes from what the person likes, read by the real encoder; vague ones
ask, and a few equally near kinds are offered as a question."""

from __future__ import annotations

import pytest

from assistant.core.types import Constraints, DialogueState, Intent, ParsedQuery
from assistant.parse.gifts import GiftAwareParser, interest
from assistant.parse.needs import NeedReader
from retrieval.search.filters import Filters


@pytest.mark.parametrize("text, liked", [
    ("a gift for my dad who likes photography", "photography"), ("a present for a coffee lover", "coffee"),
    ("a gift for a teenager who plays video games", "video games"), ("a gift for my mum", ""),
    ("a gift under $100 for someone into photography", "photography"), ("he likes music, under 40", "music"),
])
def test_the_interest_is_what_the_person_likes(text, liked):
    assert interest(text) == liked


class _Fixed:
    """A parser that always reads the same query (the wrapped parser's reading is not under test)."""

    def __init__(self, query: ParsedQuery) -> None:
        self.query = query

    def parse(self, message, state):
        return self.query


class _Near:
    """A reader whose nearest kinds are given, so the decision is tested without the encoder."""

    def __init__(self, near):
        self.near = near

    def nearest(self, text, top=3):
        return self.near[:top]


def _parse(text, near, state=None, constraints=None):
    said = ParsedQuery(text, Intent.SEARCH, constraints or Constraints(query=text))
    return GiftAwareParser(_Fixed(said), _Near(near)).parse(text, state or DialogueState())


def test_one_clearly_nearest_kind_is_the_request_and_the_interest_its_words():
    q = _parse("a gift for my dad who likes photography", [("camera", 0.64), ("tripod", 0.53)])
    assert (q.intent, q.constraints.product_type, q.constraints.query) == (Intent.SEARCH, "camera", "photography")


def test_several_near_kinds_are_offered_then_shown_once_asked():
    near = [("speaker", 0.59), ("audio system", 0.59), ("headphones", 0.57), ("radio", 0.45)]
    q = _parse("a gift for a music lover", near)
    assert q.suggested_kinds == ("speaker", "audio system", "headphones") and q.constraints == Constraints()
    after = _parse("he likes music, under 40", near, DialogueState(asked="clarify"),
                   Constraints(query="music", filters=Filters(price_max=40)))
    assert after.constraints.filters == Filters(price_max=40, kinds=("speaker", "audio system", "headphones"))
    assert after.suggested_kinds == ()


def test_nothing_near_or_no_interest_asks_and_keeps_the_budget():
    budget = Constraints(query="gift colleague types all day", filters=Filters(price_max=50))
    q = _parse("a gift for a colleague who types all day under $50", [("keyboard", 0.34)], constraints=budget)
    assert q.constraints == Constraints(filters=Filters(price_max=50)) and q.suggested_kinds == ()
    assert _parse("a gift for my brother", [("toy", 0.9)]).constraints == Constraints()


def test_a_named_kind_stays_and_a_non_gift_is_left_alone():
    named = Constraints(query="gift headphones dad", product_type="headphones")
    q = _parse("a gift: headphones for my dad", [("toy", 0.9)], constraints=named)
    assert q.constraints.product_type == "headphones" and q.constraints.query == "headphones"
    plain = ParsedQuery("he likes music", Intent.SEARCH, Constraints(query="music"))
    assert GiftAwareParser(_Fixed(plain), _Near([("toy", 0.9)])).parse(plain.text, DialogueState()) == plain


@pytest.mark.slow
@pytest.mark.parametrize("text, kind", [
    ("a gift for my dad who likes photography", "camera"), ("a present for a coffee lover", "coffee machine"),
])
def test_the_real_encoder_reads_clear_interests(tmp_path_factory, text, kind):
    from assistant.core.build import make_encoder
    from assistant.core.settings import Settings
    from retrieval.search.store import ProductStore

    store = ProductStore(tmp_path_factory.mktemp("store"), "gifts", make_encoder(Settings()))
    reader = NeedReader(store.embed_queries, tmp_path_factory.mktemp("cache"), store.encoder_name)
    said = ParsedQuery(text, Intent.SEARCH, Constraints(query=text))
    assert GiftAwareParser(_Fixed(said), reader).parse(text, DialogueState()).constraints.product_type == kind
