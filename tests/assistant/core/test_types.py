"""The records that flow between the stages."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.core.types import Constraints, DialogueState, Intent, ProductCard, Ranked, Reason, Reply
from retrieval.search.candidate import Candidate
from retrieval.search.filters import Filters
from tests.fixtures import CATALOG


def test_constraints_with_returns_a_changed_copy():
    c = Constraints(query="mouse", filters=Filters(price_max=30.0))
    cheaper = c.with_(filters=c.filters.with_(price_max=20.0), sort="price_asc")
    assert (cheaper.query, cheaper.filters.price_max, cheaper.sort) == ("mouse", 20.0, "price_asc")
    assert (c.filters.price_max, c.sort) == (30.0, "")  # the original is untouched
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.query = "keyboard"


def test_ranked_reads_its_product_from_the_candidate():
    r = Ranked(Candidate(CATALOG["m1"], 0.5, 2.0, 0.03), 1.2, {"lexical": 0.8})
    assert r.product is CATALOG["m1"] and r.contributions == {"lexical": 0.8}


def test_defaults_of_a_reply_and_a_reason():
    reply = Reply("Hello")
    assert (reply.cards, reply.intent, reply.constraints, reply.relaxed, reply.table, reply.handoff) == (
        (), Intent.SEARCH, Constraints(), "", (), "")
    assert Reason("m1", "Cheap.").source == "template"
    assert ProductCard("m1", "t", "b", None, "", "", "", "").ranking == ()


def test_each_dialogue_state_has_lists_of_its_own():
    a, b = DialogueState(), DialogueState()
    a.shown.append("m1")
    a.liked.append("m2")
    assert (b.shown, b.liked, b.turns, b.asked) == ([], [], 0, "")


def test_intents_are_their_wire_names():
    assert Intent("ask_product") is Intent.ASK_PRODUCT and Intent.HUMAN_AGENT.value == "human_agent"
    assert len(Intent) == 14 and Intent("cart") is Intent.CART and Intent("policy") is Intent.POLICY
