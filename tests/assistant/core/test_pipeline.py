"""A whole turn through the five real stages over a small catalog (hashing encoder: no weights)."""

from __future__ import annotations

import re

import pytest

from assistant.core.assistant import Assistant
from assistant.core.build import build_stages
from assistant.core.settings import Settings
from assistant.core.types import Intent
from retrieval.search.encoder import HashingEncoder
from retrieval.search.hybrid import HybridSearch
from retrieval.store import ProductStore
from tests.fixtures import small_catalog


@pytest.fixture()
def assistant(tmp_path):
    store = ProductStore(tmp_path, "shop", HashingEncoder())
    store.sync(small_catalog())
    settings = Settings(cache_dir=tmp_path, results=3)
    return Assistant(build_stages(settings, HybridSearch(store)))


def prices_in(text):
    return [float(x.replace(",", "")) for x in re.findall(r"\$([\d,]+\.\d\d)", text)]


def test_turn_returns_cards_with_reasons_that_the_text_agrees_with(assistant):
    reply = assistant.respond("a wireless mouse under $30")
    assert reply.cards and len(reply.cards) <= 3
    assert all(c.price <= 30 for c in reply.cards)
    assert all(c.reason for c in reply.cards)
    for i, c in enumerate(reply.cards, start=1):
        assert f"{i}. {c.title}" in reply.text
    assert "under $30.00" in reply.text


def test_reasons_only_state_facts_from_the_record(assistant):
    reply = assistant.respond("wireless mouse under $30")
    for c in reply.cards:
        assert f"${c.price:,.2f}" in c.reason
        assert all(p in (c.price, 30.0) for p in prices_in(c.reason))


def test_refine_and_references_use_the_last_results(assistant):
    first = assistant.respond("gaming laptop", "s")
    second = assistant.respond("under $1,000", "s")
    assert second.intent is Intent.REFINE and all(c.price <= 1000 for c in second.cards)
    about = assistant.respond("tell me more about the second one", "s")
    assert about.cards[0].id == second.cards[1].id
    assert first.cards  # the session kept going across three turns


def test_sessions_are_separate(assistant):
    assistant.respond("gaming laptop under $1000", "a")
    reply = assistant.respond("HP only", "b")
    assert reply.constraints.filters.price_max is None


def test_impossible_request_is_honest(assistant):
    reply = assistant.respond("gaming laptop under $5")
    assert reply.text.startswith("Nothing matches")
    assert reply.relaxed == "the price limit (under $5.00)"
    assert reply.cards and all(c.price > 5 for c in reply.cards)  # the closest, said to break the limit


def test_show_more_pages_on(assistant):
    first = assistant.respond("laptop", "p")
    more = assistant.respond("show me more", "p")
    assert more.cards and not {c.id for c in first.cards} & {c.id for c in more.cards}


@pytest.mark.parametrize("message", ["", "🙂", "x" * 10_000, "help", "hi", "compare the first two"])
def test_odd_messages_get_a_reply(assistant, message):
    assert assistant.respond(message).text
