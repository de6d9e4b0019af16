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
    ("my phone battery dies by lunchtime", True), ("I need more sockets at my desk", True),
    ("my neck hurts from looking down", True), ("a cable to plug my pc into the router", True),
    ("my laptop has too few usb ports", True), ("connect my pc to the router with a cable", True),
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


class _FakeReader:
    """Nearest kinds and uses given, so the parser's decisions are tested without the encoder."""

    def __init__(self, near, use, serving=""):
        self.near, self._use, self._serving = near, use, serving

    def nearest(self, text, top=3):
        return self.near[:top]

    def use(self, text, kind):
        return self._use, self._serving


def test_a_need_searches_for_the_use_it_names_and_a_named_kind_as_near_stays():
    said = ParsedQuery("my neck hurts from looking down", Intent.SEARCH,
                       Constraints(query="neck hurts looking down", product_type=""))
    reader = _FakeReader([("stand", 0.81), ("chair", 0.42)], "raise my monitor to eye level")
    q = NeedAwareParser(_Fixed(said), reader).parse(said.text, DialogueState())
    assert q.constraints.product_type == "stand"
    assert q.constraints.search.startswith("raise my monitor to eye level") and "neck" in q.constraints.search
    assert q.constraints.query == "neck hurts looking down"  # the shopper's words stay the request
    named = ParsedQuery("a usb cable to charge my phone", Intent.SEARCH, Constraints(query="usb cable", product_type="cable"))
    near = _FakeReader([("charger", 0.70), ("cable", 0.69)], "charge my phone")
    assert NeedAwareParser(_Fixed(named), near).parse(named.text, DialogueState()) == named
    far = _FakeReader([("cooling pad", 0.80), ("laptop", 0.60)], "keep a laptop cool")
    hot = ParsedQuery("something to stop my laptop overheating", Intent.SEARCH,
                      Constraints(query="laptop overheating", product_type="laptop"))
    assert NeedAwareParser(_Fixed(hot), far).parse(hot.text, DialogueState()).constraints.product_type == "cooling pad"


def test_a_use_that_names_its_products_searches_for_them_not_for_the_need_s_words():
    # "plug", "router" and "pc" would find RCA plugs and router console cables
    said = ParsedQuery("a cable to plug my pc into the router", Intent.SEARCH,
                       Constraints(query="cable plug pc router", product_type="cable"))
    reader = _FakeReader([("cable", 0.80), ("router", 0.60)], "wire my pc to the router with ethernet",
                         "ethernet network patch cable")
    q = NeedAwareParser(_Fixed(said), reader).parse(said.text, DialogueState())
    assert q.constraints.product_type == "cable" and q.constraints.search == "ethernet network patch cable"
    assert q.constraints.query == "cable plug pc router" and q.constraints.searched == q.constraints.search


def test_the_vocabulary_s_product_words_are_read_apart_from_the_use():
    reader = NeedReader(lambda texts: __import__("numpy").eye(len(texts), 8, dtype="float32"))
    rows = [i for i, k in enumerate(reader._kinds) if k == "cable"]
    assert any(reader._products[i] == "hdmi cable" for i in rows)
    assert all("=>" not in reader._phrases[i] for i in rows)  # only the use itself is embedded


def test_a_need_whose_it_points_at_nothing_shown_is_still_a_need():
    said = ParsedQuery("my neck hurts, something to raise it", Intent.SEARCH, Constraints(query="neck hurts raise"),
                       references=(0,))
    reader = _FakeReader([("stand", 0.81), ("chair", 0.42)], "lift my monitor higher", "monitor stand riser")
    q = NeedAwareParser(_Fixed(said), reader).parse(said.text, DialogueState())
    assert q.references == () and q.constraints.product_type == "stand" and q.constraints.search == "monitor stand riser"
