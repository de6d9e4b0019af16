"""Cart commands in shoppers' words, and messages that are not cart commands."""

from __future__ import annotations

import pytest

from assistant.parse.cart_commands import read_cart_command


@pytest.mark.parametrize("message, action, positions, quantity", [
    ("add the second one to my cart", "add", (1,), None),
    ("please add #3 to the basket", "add", (2,), None),
    ("add 2 of those", "add", (), 2),
    ("put two of the second one in my cart", "add", (1,), 2),
    ("add 3 to my basket", "add", (), 3),
    ("I'll take the first one", "add", (0,), None),
    ("buy the cheapest one", "add", (), None),
    ("add it to my cart", "add", (), None),
    ("what's in my cart?", "show", (), None),
    ("show me my shopping cart", "show", (), None),
    ("cart", "show", (), None),
    ("empty my cart", "empty", (), None),
    ("remove everything from my basket", "empty", (), None),
    ("check out", "checkout", (), None),
    ("I'm ready to place my order", "checkout", (), None),
    ("remove the dell from my cart", "remove", (), None),
    ("change the quantity of the first one to 4", "set", (0,), 4),
])
def test_cart_commands(message, action, positions, quantity):
    command = read_cart_command(message)
    assert command is not None and command.action == action
    assert command.positions == positions and command.quantity == quantity


def test_changes_after_the_cart_was_listed():
    assert read_cart_command("make the second one 3", cart_last_shown=True).quantity == 3
    assert read_cart_command("remove the first one", cart_last_shown=True).action == "remove"
    assert read_cart_command("remove the first one") is None  # no cart in sight: not about it


@pytest.mark.parametrize("message", [
    "add a wireless mouse", "a laptop bag", "I'll take a look", "show me laptops", "the second one",
    "compare the first two", "cheaper", "what is your return policy?", "a 2 tb hard drive",
])
def test_not_cart_commands(message):
    assert read_cart_command(message) is None


def test_nothing_shown_means_taking_is_no_purchase():
    assert read_cart_command("I'll take the first one", anything_shown=False) is None
