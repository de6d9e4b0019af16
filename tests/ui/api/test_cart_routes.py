"""The cart over HTTP: the same cart as the chat's, prices from the catalog, checkout to a file."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from assistant.core.assistant import Assistant
from assistant.dialogue.checkout import FileSink
from assistant.dialogue.sessions import SQLiteSessions
from ui.api.routes import create_api

TOKEN = "cart-token"


@pytest.fixture()
def client(small_stages, tmp_path):
    shop = Assistant(small_stages, sessions=SQLiteSessions(tmp_path / "s.sqlite3"), orders=FileSink(tmp_path / "orders.jsonl"))
    return TestClient(create_api(shop, token=TOKEN), headers={"Authorization": f"Bearer {TOKEN}"})


def test_chat_and_http_share_one_cart(client):
    page = client.post("/v1/chat", json={"session_id": "s1", "message": "a wireless mouse"}).json()
    turn = client.post("/v1/chat", json={"session_id": "s1", "message": "add the second one to my cart"}).json()
    assert turn["intent"] == "cart" and turn["cart"]["items"][0]["product_id"] == page["products"][1]["id"]
    r = client.post("/v1/sessions/s1/cart/items", json={"product_id": page["products"][0]["id"], "quantity": 2})
    assert r.status_code == 200 and r.json()["count"] == 3
    cart = client.get("/v1/sessions/s1/cart").json()
    expected = page["products"][1]["price"] + 2 * page["products"][0]["price"]
    assert cart["total"] == pytest.approx(expected) and cart["changes"] == []
    line = cart["items"][1]
    assert line["line_total"] == pytest.approx(2 * line["unit_price"])


def test_change_remove_empty_and_errors(client):
    client.post("/v1/sessions/s2/cart/items", json={"product_id": "m1"})
    assert client.patch("/v1/sessions/s2/cart/items/m1", json={"quantity": 4}).json()["count"] == 4
    assert client.patch("/v1/sessions/s2/cart/items/m2", json={"quantity": 1}).status_code == 404  # not in the cart
    assert client.post("/v1/sessions/s2/cart/items", json={"product_id": "nope"}).status_code == 404
    assert client.post("/v1/sessions/s2/cart/items", json={"product_id": "m1", "quantity": 0}).status_code == 422
    assert client.delete("/v1/sessions/s2/cart/items/m1").json()["items"] == []
    client.post("/v1/sessions/s2/cart/items", json={"product_id": "m3"})
    assert client.delete("/v1/sessions/s2/cart").json()["count"] == 0
    assert client.get("/v1/sessions/bad id!/cart").status_code in (404, 422)
    assert TestClient(client.app).get("/v1/sessions/s2/cart").status_code == 401  # no token


def test_checkout_hands_off_the_order(client, tmp_path):
    assert client.post("/v1/sessions/s3/checkout").status_code == 422  # empty
    client.post("/v1/sessions/s3/cart/items", json={"product_id": "l3", "quantity": 1})
    order = client.post("/v1/sessions/s3/checkout").json()
    assert order["total"] == pytest.approx(749.00) and order["items"][0]["product_id"] == "l3"
    written = json.loads((tmp_path / "orders.jsonl").read_text())
    assert written["order_id"] == order["order_id"] and order["delivered_to"].endswith("orders.jsonl")
    assert client.get("/v1/sessions/s3/cart").json()["items"] == []


def test_the_openai_compatible_route_reaches_the_cart(client):
    def say(text):
        body = {"model": "shopassist", "messages": [{"role": "user", "content": text}]}
        return client.post("/v1/chat/completions", json=body, headers={"X-Session-Id": "oai-1"}).json()

    page = say("a bluetooth speaker")["shopassist"]["products"]
    done = say("add the first one to my cart")
    assert "Added" in done["choices"][0]["message"]["content"]
    assert done["shopassist"]["cart"]["items"][0]["product_id"] == page[0]["id"]
    assert client.get("/v1/sessions/oai-1/cart").json()["count"] == 1
