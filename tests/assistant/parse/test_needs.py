"""Needs said in plain words, read by the real encoder against what each kind is for."""

from __future__ import annotations

import pytest

from assistant.core.types import Constraints, DialogueState, Intent, ParsedQuery
from assistant.parse.needs import NEED_CUE, NeedAwareParser, NeedReader
from retrieval.catalog.product_types import known_types
from retrieval.catalog.vocabulary import table


def test_every_kind_says_what_it_is_for():
    uses = table("kind_uses")["uses"]
    assert set(known_types()) <= set(uses)
    assert all(3 <= len(phrases) <= 6 for phrases in uses.values())


@pytest.mark.parametrize("text, is_need", [
    ("something to keep my laptop cool", True), ("my printer keeps jamming", True), ("i need to scan receipts", True),
    ("my phone battery dies by lunchtime", True),
    ("gaming laptop under 1500", False), ("sony headphones", False), ("the second one", False),
])
def test_a_need_is_told_from_a_product_name(text, is_need):
    assert bool(NEED_CUE.search(text)) is is_need


class _Fixed:
    """A parser that always reads the same query (the wrapped parser's reading is not under test)."""

    def __init__(self, query: ParsedQuery) -> None:
        self.query = query

    def parse(self, message, state):
        return self.query


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    from assistant.core.build import make_encoder
    from assistant.core.settings import Settings
    from retrieval.search.store import ProductStore

    store = ProductStore(tmp_path_factory.mktemp("store"), "needs", make_encoder(Settings()))
    return NeedReader(store.embed_queries, tmp_path_factory.mktemp("cache"), store.encoder_name)


@pytest.mark.slow
@pytest.mark.parametrize("text, kind", [
    ("something to stop my notebook overheating", "cooling pad"),  # not "laptop", which the words name
    ("i need to shred old bank statements", "shredder"),
    ("something to charge my phone on the go", "power bank"),
])
def test_a_need_takes_the_kind_it_asks_for(reader, text, kind):
    said = ParsedQuery(text, Intent.SEARCH, Constraints(query=text, product_type="laptop" if "notebook" in text else ""))
    assert NeedAwareParser(_Fixed(said), reader).parse(text, DialogueState()).constraints.product_type == kind


@pytest.mark.slow
def test_a_named_product_or_a_reference_is_left_alone(reader):
    for q in (ParsedQuery("gaming laptop", Intent.SEARCH, Constraints(query="gaming laptop", product_type="laptop")),
              ParsedQuery("something like the second one", Intent.ASK_PRODUCT, Constraints())):
        assert NeedAwareParser(_Fixed(q), reader).parse(q.text, DialogueState()) == q


@pytest.mark.slow
@pytest.mark.parametrize("misread", [Intent.START_OVER, Intent.ASK_PRODUCT])
def test_a_need_misread_as_a_command_is_a_new_request(reader, misread):
    text = "the power keeps cutting out and i lose my work"
    q = NeedAwareParser(_Fixed(ParsedQuery(text, misread, Constraints())), reader).parse(text, DialogueState())
    assert q.intent is Intent.SEARCH and q.constraints.product_type == "ups"
    # A question about a shown product stays one.
    shown = DialogueState(shown=["p1"])
    asked = ParsedQuery("my laptop died, does the first one have a warranty", Intent.ASK_PRODUCT, Constraints(),
                        references=(0,))
    assert NeedAwareParser(_Fixed(asked), reader).parse(asked.text, shown) == asked
