"""The cart in the conversation, over the real stages of the small catalog: add by reference, by
name and by price, quantities, remove, show, empty, checkout to a file, and a restart."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from assistant.core.assistant import Assistant
from assistant.core.types import Intent
from assistant.dialogue.checkout import FileSink
from assistant.dialogue.sessions import SQLiteSessions


@pytest.fixture()
def shop(small_stages, tmp_path):
    return Assistant(small_stages, sessions=SQLiteSessions(tmp_path / "s.sqlite3"), orders=FileSink(tmp_path / "orders.jsonl"))


def ids(view):
    return [(i.product_id, i.quantity) for i in view.items]


def test_add_the_second_one_then_two_of_those(shop):
    page = shop.respond("a wireless mouse", "s")
    assert len(page.cards) >= 2
    second = page.cards[1]
    reply = shop.respond("add the second one to my cart", "s")
    assert reply.intent is Intent.CART and ids(reply.cart) == [(second.id, 1)]
    assert second.title in reply.text and "total" in reply.text.lower()
    shop.respond("tell me more about the first one", "s")
    reply = shop.respond("add 2 of those", "s")
    assert (page.cards[0].id, 2) in ids(reply.cart)
    assert reply.cart.total == pytest.approx(second.price + 2 * page.cards[0].price)


def test_add_by_brand_and_by_price(shop):
    page = shop.respond("a wireless mouse", "s")
    hp = next(c for c in page.cards if c.brand == "HP")
    assert ids(shop.respond("add the hp one to my cart", "s").cart) == [(hp.id, 1)]
    cheapest = min(page.cards, key=lambda c: c.price)
    assert (cheapest.id, 1) in ids(shop.respond("I'll take the cheapest one", "s").cart)


def test_out_of_range_reference_is_said_and_nothing_added(shop):
    shop.respond("a wireless mouse", "s")
    reply = shop.respond("add the 9th one to my cart", "s")
    assert "no #9" in reply.text and reply.cart.items == ()


def test_show_change_remove_and_empty(shop):
    page = shop.respond("bluetooth speaker", "s")
    shop.respond("add the first one to my cart", "s")
    shop.respond("add the second one to my basket", "s")
    shown = shop.respond("what's in my cart?", "s")
    assert shown.intent is Intent.CART and "Total:" in shown.text and page.cards[0].title in shown.text
    changed = shop.respond("make the second one 3", "s")  # the cart was just listed: #2 is its second line
    assert ids(changed.cart) == [(page.cards[0].id, 1), (page.cards[1].id, 3)]
    removed = shop.respond("remove the first one", "s")
    assert ids(removed.cart) == [(page.cards[1].id, 3)] and "Removed" in removed.text
    assert shop.respond("empty my cart", "s").cart.items == ()


def test_a_new_search_is_not_a_cart_command(shop):
    shop.respond("a wireless mouse", "s")
    reply = shop.respond("add a laptop bag", "s")
    assert reply.intent is not Intent.CART and not shop.cart("s").items


def test_start_over_keeps_the_cart(shop):
    page = shop.respond("a wireless mouse", "s")
    shop.respond("add the first one to my cart", "s")
    shop.respond("start over", "s")
    assert ids(shop.cart("s")) == [(page.cards[0].id, 1)]


def test_cart_survives_a_restart(small_stages, tmp_path):
    first = Assistant(small_stages, sessions=SQLiteSessions(tmp_path / "s.sqlite3"))
    page = first.respond("a wireless mouse", "s")
    first.respond("add the first one to my cart", "s")
    again = Assistant(small_stages, sessions=SQLiteSessions(tmp_path / "s.sqlite3"))
    assert ids(again.cart("s")) == [(page.cards[0].id, 1)]


def test_checkout_writes_the_order_and_empties_the_cart(shop, tmp_path):
    page = shop.respond("a wireless mouse", "s")
    shop.respond("add 2 of the first one to my cart", "s")
    reply = shop.respond("check out", "s")
    assert "is placed" in reply.text and shop.cart("s").items == ()
    order = json.loads((tmp_path / "orders.jsonl").read_text().splitlines()[0])
    assert order["session_id"] == "s" and order["items"][0]["product_id"] == page.cards[0].id
    assert order["items"][0]["quantity"] == 2 and order["total"] == pytest.approx(2 * page.cards[0].price)
    assert "empty" in shop.respond("checkout", "s").text


def test_a_price_change_is_said_when_the_cart_is_shown_and_checkout_waits(shop, small_stages, tmp_path):
    page = shop.respond("a wireless mouse", "s")
    shop.respond("add the first one to my cart", "s")
    product = shop.product(page.cards[0].id)
    shop.carts.lookup = lambda pid: replace(product, price=product.price + 5) if pid == product.id else shop.product(pid)
    reply = shop.respond("checkout", "s")
    assert "changed from" in reply.text and not (tmp_path / "orders.jsonl").exists()
    assert "is placed" in shop.respond("checkout", "s").text  # confirmed at the new price
    order = json.loads((tmp_path / "orders.jsonl").read_text())
    assert order["total"] == pytest.approx(product.price + 5)


def test_operations_check_their_arguments(shop):
    with pytest.raises(LookupError):
        shop.add_to_cart("s", "no-such-product")
    with pytest.raises(ValueError):
        shop.add_to_cart("s", "m1", 0)
    with pytest.raises(ValueError):
        shop.add_to_cart("s", "m1", 1000)
    with pytest.raises(LookupError):
        shop.set_cart_quantity("s", "m1", 2)  # not in the cart
    assert ids(shop.add_to_cart("s", "m1", 2)) == [("m1", 2)]
    assert ids(shop.set_cart_quantity("s", "m1", 0)) == []
