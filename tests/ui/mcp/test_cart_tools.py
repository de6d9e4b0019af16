"""The cart, store-policy and handoff tools through the SDK's client, in process."""

from __future__ import annotations

import json

import pytest

from assistant.core.assistant import Assistant
from assistant.dialogue.checkout import FileSink
from assistant.policies.desk import PolicyAnswer
from tests.ui.mcp.test_server import call, error_text, one


@pytest.fixture()
def shop(small_stages, tmp_path):
    """An Assistant over the small catalog whose orders go to a file, with a canned policies desk."""

    class Policies:
        def answer(self, question: str) -> PolicyAnswer:
            if "return" in question:
                return PolicyAnswer(question, True, "You can return it within 30 days.", "Returns",
                                    "Items may be returned within 30 days of delivery.", 0.8)
            return PolicyAnswer(question, False, "I don't know that; a person can tell you.", "", "", 0.1)

    return Assistant(small_stages, orders=FileSink(tmp_path / "orders.jsonl"), policies=Policies())


def test_cart_add_set_remove_and_view(shop):
    results = call(shop, ("add_to_cart", {"session_id": "c1", "product_id": "m1", "quantity": 2}),
                   ("add_to_cart", {"session_id": "c1", "product_id": "m3"}),
                   ("set_cart_quantity", {"session_id": "c1", "product_id": "m1", "quantity": 1}),
                   ("set_cart_quantity", {"session_id": "c1", "product_id": "m3", "quantity": 0}),
                   ("add_to_cart", {"session_id": "c1", "product_id": "s3"}),
                   ("remove_from_cart", {"session_id": "c1", "product_id": "s3"}),
                   ("view_cart", {"session_id": "c1"}))
    assert not any(r.is_error for r in results), [r.content for r in results if r.is_error]
    first, second, *_, last = (r.structured_content for r in results)
    assert first["count"] == 2 and first["total"] == pytest.approx(39.98)
    assert second["count"] == 3 and [i["product_id"] for i in second["items"]] == ["m1", "m3"]
    assert second["items"][1] == {"product_id": "m3", "title": "HP X3000 Wireless Mouse Black", "brand": "HP",
                                  "quantity": 1, "unit_price": 24.5, "line_total": 24.5, "was_price": None,
                                  "available": True}
    assert last["session_id"] == "c1" and last["currency"] == "USD"
    assert [(i["product_id"], i["quantity"]) for i in last["items"]] == [("m1", 1)] and last["total"] == 19.99


def test_empty_cart_and_checkout(shop, tmp_path):
    results = call(shop, ("checkout", {"session_id": "c2"}),
                   ("add_to_cart", {"session_id": "c2", "product_id": "t2", "quantity": 3}),
                   ("checkout", {"session_id": "c2"}),
                   ("view_cart", {"session_id": "c2"}),
                   ("add_to_cart", {"session_id": "c2", "product_id": "t1"}),
                   ("empty_cart", {"session_id": "c2"}))
    assert "the cart is empty: add a product first" in error_text(results[0])
    order = results[2].structured_content
    assert order["session_id"] == "c2" and order["order_id"] and order["total"] == 135.0
    assert [(i["product_id"], i["quantity"]) for i in order["items"]] == [("t2", 3)]
    written = [json.loads(line) for line in (tmp_path / "orders.jsonl").read_text().splitlines()]
    assert [o["order_id"] for o in written] == [order["order_id"]]
    assert results[3].structured_content["items"] == []  # checkout empties the cart
    assert results[5].structured_content["items"] == [] and results[5].structured_content["count"] == 0


def test_checkout_without_an_order_sink_says_so(small_assistant):
    result = call(small_assistant, ("add_to_cart", {"session_id": "c3", "product_id": "m1"}),
                  ("checkout", {"session_id": "c3"}))[1]
    assert "checkout is not set up for this shop" in error_text(result)


@pytest.mark.parametrize("name, args, words", [
    ("add_to_cart", {"session_id": "c4", "product_id": "zz"}, "no product with id 'zz' in the catalog"),
    ("add_to_cart", {"session_id": "c4", "product_id": "m1", "quantity": 0}, "greater than or equal to 1"),
    ("add_to_cart", {"session_id": "c4", "product_id": "m1", "quantity": 100}, "less than or equal to 99"),
    ("add_to_cart", {"session_id": "no spaces", "product_id": "m1"}, "session id must be 1-128 characters"),
    ("set_cart_quantity", {"session_id": "c4", "product_id": "m1", "quantity": 2}, "product 'm1' is not in the cart"),
    ("set_cart_quantity", {"session_id": "c4", "product_id": "m1", "quantity": -1}, "greater than or equal to 0"),
    ("remove_from_cart", {"session_id": "c4", "product_id": "m2"}, "product 'm2' is not in the cart"),
    ("view_cart", {"session_id": ""}, "session id must be 1-128 characters"),
])
def test_cart_bad_arguments_are_tool_errors(shop, name, args, words):
    text = error_text(one(shop, name, args))
    assert text.startswith(f"Error executing tool {name}") and words in text


def test_store_policy_answers_with_its_passage(shop):
    out = one(shop, "store_policy", {"question": "can I return an opened mouse?"}).structured_content
    assert out["answered"] and out["section"] == "Returns" and "30 days" in out["passage"]
    unknown = one(shop, "store_policy", {"question": "do you sell gift cards?"}).structured_content
    assert not unknown["answered"] and unknown["passage"] == ""


def test_store_policy_errors(small_assistant, shop):
    assert "no policies document configured" in error_text(one(small_assistant, "store_policy", {"question": "returns?"}))
    assert "question is empty" in error_text(one(shop, "store_policy", {"question": "  "}))


def test_handoff_summarises_the_session(shop):
    results = call(shop, ("chat", {"session_id": "h1", "message": "wireless mouse under $30"}),
                   ("handoff", {"session_id": "h1"}))
    out = results[1].structured_content
    assert out["session_id"] == "h1"
    assert "Request:" in out["summary"] and "Last shown:" in out["summary"] and "wireless mouse" in out["summary"]
    assert "session id must be" in error_text(one(shop, "handoff", {"session_id": "a b"}))
