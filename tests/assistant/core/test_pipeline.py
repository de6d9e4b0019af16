"""`run_turn`: the five stages in flow order (recording fakes), then whole turns through the real
stages over the small catalog (hashing encoder: no weights)."""

from __future__ import annotations

import re

import pytest

from assistant.core.pipeline import run_turn
from assistant.core.types import DialogueState, Intent
from tests import fakes
from tests.fakes import FakeParser

# --- the stages in order, with fakes ---------------------------------------------------------


def test_each_stage_gets_what_the_one_before_made(fake_stages):
    state = DialogueState()
    reply = run_turn(fake_stages, state, "wireless mouse")
    assert fake_stages.parser.calls == ["wireless mouse"]
    assert [q.text for q in fake_stages.retriever.calls] == ["wireless mouse"]
    retrieved = ["m1", "m2", "m3", "m4", "m5", "h1"]  # every title with "wireless" or "mouse"
    assert fake_stages.ranker.calls == [retrieved]
    assert fake_stages.explainer.calls == [["m1", "m2", "m3"]]  # only the products shown this turn
    query, ranked_ids, reason_ids = fake_stages.responder.calls[0]
    assert query.text == "wireless mouse" and ranked_ids == retrieved and reason_ids == ["m1", "m2", "m3"]
    assert [c.id for c in reply.cards] == ["m1", "m2", "m3"] and state.shown == ["m1", "m2", "m3"]
    assert reply.cards[0].reason == "Reason for Logitech M185 Wireless Mouse Grey."


def test_show_more_pages_after_what_was_shown():
    stages = fakes.fake_stages(parser=FakeParser(intents={"mouse please": Intent.SHOW_MORE}))
    state = DialogueState()
    run_turn(stages, state, "mouse")
    reply = run_turn(stages, state, "mouse please")  # SHOW_MORE over the same five mice
    assert stages.explainer.calls == [["m1", "m2", "m3"], ["m4", "m5"]]
    assert [c.id for c in reply.cards] == ["m4", "m5"] and state.offset == 3


# --- whole turns, real stages ----------------------------------------------------------------


def prices_in(text):
    return [float(x.replace(",", "")) for x in re.findall(r"\$([\d,]+\.\d\d)", text)]


def test_turn_returns_cards_with_reasons_that_the_text_agrees_with(small_assistant):
    reply = small_assistant.respond("a wireless mouse under $30")
    assert len(reply.cards) == 3  # results=3, and four mice cost $30 or less
    assert {c.id for c in reply.cards} <= {"m1", "m3", "m4", "m5"}
    assert all(c.reason for c in reply.cards)
    for i, c in enumerate(reply.cards, start=1):
        assert f"{i}. {c.title}" in reply.text
    assert "under $30.00" in reply.text


def test_reasons_only_state_facts_from_the_record(small_assistant):
    reply = small_assistant.respond("wireless mouse under $30")
    assert len(reply.cards) == 3
    for c in reply.cards:
        assert f"${c.price:,.2f}" in c.reason
        assert set(prices_in(c.reason)) <= {c.price, 30.0}


def test_refine_and_references_use_the_last_results(small_assistant):
    first = small_assistant.respond("gaming laptop", "s")
    second = small_assistant.respond("under $1,000", "s")
    assert first.cards and second.intent is Intent.REFINE
    assert second.cards and all(c.price <= 1000 for c in second.cards)
    assert {c.id for c in second.cards} <= {"l1", "l3", "l5"}  # the laptops at $1,000 or less
    about = small_assistant.respond("tell me more about the second one", "s")
    assert about.cards[0].id == second.cards[1].id


def test_sessions_are_separate(small_assistant):
    small_assistant.respond("gaming laptop under $1000", "a")
    reply = small_assistant.respond("HP only", "b")
    assert reply.constraints.filters.price_max is None


def test_impossible_request_is_honest(small_assistant):
    reply = small_assistant.respond("gaming laptop under $5")
    assert reply.text.startswith("Nothing matches")
    assert reply.relaxed == "the price limit (under $5.00)"
    assert reply.cards and all(c.price > 5 for c in reply.cards)  # the closest, said to break the limit


def test_show_more_pages_on(small_assistant):
    first = small_assistant.respond("laptop", "p")
    more = small_assistant.respond("show me more", "p")
    assert first.cards and more.cards
    assert not {c.id for c in first.cards} & {c.id for c in more.cards}


@pytest.mark.parametrize("message", ["", "🙂", "x" * 10_000, "help", "hi", "compare the first two"])
def test_odd_messages_get_a_reply(small_assistant, message):
    assert small_assistant.respond(message).text.strip()
