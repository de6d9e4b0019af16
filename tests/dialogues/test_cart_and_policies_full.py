"""A shopper's cart and policy questions on the full catalog, as `serve` builds them: the real stages,
the example policies with the packaged encoder, orders to a file."""

from __future__ import annotations

import json

import pytest

from assistant.core.assistant import Assistant
from assistant.core.types import Intent
from assistant.dialogue.checkout import FileSink

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shop(full_assistant, tmp_path_factory):
    from assistant.core.build import build_policies
    from assistant.core.settings import load_settings

    policies, cue = build_policies(load_settings())
    orders = tmp_path_factory.mktemp("orders") / "orders.jsonl"
    return Assistant(full_assistant.stages, orders=FileSink(orders), policies=policies, is_policy_question=cue), orders


def test_a_cart_built_in_the_conversation_and_checked_out(shop):
    assistant, orders = shop
    page = assistant.respond("gaming laptop under $1500", "c1")
    assert len(page.cards) >= 2
    added = assistant.respond("add the second one to my cart", "c1")
    assert added.intent is Intent.CART and [i.product_id for i in added.cart.items] == [page.cards[1].id]
    cheaper = assistant.respond("cheaper", "c1")
    assert cheaper.cards and cheaper.intent is not Intent.CART
    cheapest = min((c for c in cheaper.cards if c.price is not None), key=lambda c: c.price)
    assistant.respond("I'll take the cheapest one", "c1")
    shown = assistant.respond("what's in my cart?", "c1")
    assert {i.product_id for i in shown.cart.items} == {page.cards[1].id, cheapest.id}
    assert shown.cart.total == pytest.approx(page.cards[1].price + cheapest.price)
    assistant.respond("make the second one 2", "c1")
    assert assistant.cart("c1").items[1].quantity == 2
    placed = assistant.respond("check out", "c1")
    assert "is placed" in placed.text and not assistant.cart("c1").items
    order = json.loads(orders.read_text().splitlines()[-1])
    assert order["session_id"] == "c1" and order["total"] == pytest.approx(page.cards[1].price + 2 * cheapest.price)


def test_policy_questions_are_answered_from_the_document_or_honestly_not(shop):
    assistant, _ = shop
    returns = assistant.respond("what is your return policy?", "p1")
    assert returns.intent is Intent.POLICY and "Returns and refunds" in returns.text and "30 days" in returns.text
    unknown = assistant.respond("do you sell gift cards?", "p1")
    assert unknown.intent is Intent.POLICY and "don't know" in unknown.text and "support@" in unknown.text
    after = assistant.respond("a wireless mouse", "p1")
    assert after.cards and after.intent is Intent.SEARCH  # products again after the policy turns
    shown = assistant.respond("can I return the second one?", "p1")  # the returns policy, never a "like"
    assert shown.intent is Intent.POLICY and "30 days" in shown.text and not assistant.state("p1").liked
