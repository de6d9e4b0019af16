"""Dialogue behaviours over the real stages and a small catalog (hashing encoder: no weights)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from assistant.core.assistant import Assistant
from assistant.core.build import build_stages
from assistant.core.settings import Settings
from assistant.core.types import Constraints, DialogueState, Intent, ParsedQuery, Ranked
from assistant.dialogue.policy import DialoguePolicy, relaxations
from assistant.reply.responder import TextResponder, is_vague, record_feedback
from retrieval.search.candidate import Candidate
from retrieval.search.encoder import HashingEncoder
from retrieval.search.filters import Filters
from retrieval.search.hybrid import HybridSearch
from retrieval.store import ProductStore
from tests.fixtures import P, small_catalog


@pytest.fixture(scope="module")
def stages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reply")
    store = ProductStore(tmp, "shop", HashingEncoder())
    store.sync(small_catalog())
    return build_stages(Settings(cache_dir=tmp, results=3), HybridSearch(store))


@pytest.fixture()
def assistant(stages):
    return Assistant(stages)


def test_vague_request_gets_a_clarifying_question_and_no_products(assistant):
    reply = assistant.respond("I need a gift", "s")
    assert reply.cards == ()
    assert "?" in reply.text and "gift" in reply.text
    assert assistant.state("s").asked == "clarify"
    assert assistant.state("s").failures == 0  # asking back is not a failure


def test_budget_of_a_vague_request_carries_over_to_the_answer(assistant):
    first = assistant.respond("a gift under $50", "s")
    assert "under $50.00" in first.text and first.cards == ()
    reply = assistant.respond("speaker", "s")
    assert reply.cards and all(c.price <= 50 for c in reply.cards)
    assert reply.constraints.filters.price_max == 50


@pytest.mark.parametrize("query, vague", [("gift", True), ("", True), ("present for dad", True),
                                          ("speaker", False), ("gift speaker", False)])
def test_is_vague(query, vague):
    assert is_vague(Constraints(query=query)) is vague


def test_compare_builds_a_table_from_the_records_with_reasons(assistant):
    shown = assistant.respond("wireless mouse", "s")
    reply = assistant.respond("compare the first two", "s")
    assert reply.intent is Intent.COMPARE
    assert [c.id for c in reply.cards] == [c.id for c in shown.cards[:2]]
    header, *rows = reply.table
    assert header[1].startswith("#1 ") and header[2].startswith("#2 ")
    price_row = next(r for r in rows if r[0] == "Price")
    assert price_row[1:] == tuple(f"${c.price:,.2f}" for c in shown.cards[:2])
    why = next(r for r in rows if r[0] == "Why I suggested it")
    assert why[1:] == tuple(c.reason for c in shown.cards[:2])
    assert "| Price |" in reply.text  # the same table, as markdown, in the text
    assert assistant.state("s").shown == [c.id for c in shown.cards]  # "the second one" still means the list


def test_tell_me_more_answers_from_the_record_and_says_what_it_does_not_say(assistant, stages):
    shown = assistant.respond("gaming laptop", "s")
    second = stages.responder.lookup(shown.cards[1].id)
    about = assistant.respond("tell me more about the second one", "s")
    assert about.cards[0].id == second.id
    assert f"Brand: {second.brand}" in about.text and "everything the record tells me" in about.text
    unknown = assistant.respond("does the second one have a fingerprint reader?", "s")
    assert "doesn't say anything about fingerprint" in unknown.text


def test_reference_past_the_shown_products_is_questioned(assistant):
    assistant.respond("speaker", "s")
    reply = assistant.respond("tell me about the fifth one", "s")
    assert reply.cards == () and "there is no #5" in reply.text


def test_nothing_matches_shows_the_closest_and_names_the_relaxed_constraint(assistant):
    reply = assistant.respond("gaming laptop under $5", "s")
    assert reply.relaxed == "the price limit (under $5.00)"
    assert reply.text.startswith("Nothing matches “gaming laptop” under $5.00. Without the price limit")
    assert reply.cards and all(c.price > 5 for c in reply.cards)  # honest: none of them meets the bound
    for i, c in enumerate(reply.cards, start=1):
        assert f"{i}. {c.title}" in reply.text


def test_colour_is_relaxed_before_price():
    f = Filters(price_max=30, colours=("pink",), brands=("hp",), exclude_brands=("sony",))
    names = [name for name, _ in relaxations(f)]
    assert names[:3] == ["the colour (pink)", "the brand (HP)", "the price limit (under $30.00)"]
    assert relaxations(f)[-1][1] == Filters(exclude_brands=("sony",))  # ruled-out brands stay out


def test_handoff_on_request_carries_a_redacted_summary(assistant):
    assistant.respond("wireless mouse under $30", "s")
    reply = assistant.respond("I want to talk to a human, call me on +44 20 7946 0958", "s")
    assert reply.intent is Intent.HUMAN_AGENT and reply.handoff
    assert "“wireless mouse” under $30.00" in reply.handoff
    assert "Last shown: 1." in reply.handoff
    assert "7946" not in reply.handoff and "[phone]" in reply.handoff
    assert reply.handoff in reply.text


def test_repeated_failure_hands_over(stages):
    assistant = Assistant(stages, policy=DialoguePolicy(stages, handoff_after=2))
    first = assistant.respond("tell me about the first one", "s")  # nothing shown yet: no answer
    assert not first.handoff and assistant.state("s").failures == 1
    second = assistant.respond("compare the first two", "s")
    assert second.handoff and "couldn't find what you need" in second.text
    assert assistant.state("s").failures == 0  # counted afresh after the handoff


def test_feedback_is_recorded_and_a_dislike_hides_the_product(assistant):
    shown = assistant.respond("wireless mouse", "s")
    liked = assistant.respond("I like the second one", "s")
    assert liked.intent is Intent.FEEDBACK and assistant.state("s").liked == [shown.cards[1].id]
    assistant.respond("I don't like the first one", "s")
    assert assistant.state("s").disliked == [shown.cards[0].id]
    again = assistant.respond("wireless mouse", "s")
    assert shown.cards[0].id not in [c.id for c in again.cards]


def test_feedback_without_a_product_asks_which(assistant):
    assistant.respond("speaker", "s")
    reply = assistant.respond("I really like", "s")
    assert "Which product do you mean?" in reply.text and assistant.state("s").liked == []


def test_api_feedback_flips_an_earlier_verdict(assistant):
    assistant.feedback("s", "m1", liked=True)
    state = assistant.feedback("s", "m1", liked=False)
    assert (state.liked, state.disliked) == ([], ["m1"])
    with pytest.raises(LookupError, match="no product with id 'nope'"):
        assistant.feedback("s", "nope", liked=True)


def test_reason_says_because_you_liked_when_the_ranker_used_it():
    liked = P("m1", "Logitech M185 Wireless Mouse Grey", "Logitech", 19.99, ("grey",), "mouse")
    other = P("m2", "Logitech MX Master 3 Wireless Mouse Black", "Logitech", 99.99, ("black",), "mouse")
    responder = TextResponder({"m1": liked, "m2": other}.get)
    state = DialogueState(constraints=Constraints(query="mouse"), liked=["m1"])
    query = ParsedQuery("mouse", Intent.SEARCH, Constraints(query="mouse"), liked=("m1",))
    boosted = Ranked(Candidate(other, 0.5, 1.0, 0.03), 1.0, {"lexical": 0.5, "liked_similarity": 0.4})
    reply = responder.reply(query, [boosted], [], state)
    assert reply.cards[0].reason.startswith("Because you liked the Logitech M185 Wireless Mouse Grey")
    weak = replace(boosted, contributions={"lexical": 0.5, "dense": 0.3, "fused": 0.2, "liked_similarity": 0.01})
    assert "Because you liked" not in responder.reply(query, [weak], [], state).cards[0].reason
    assert reply.cards[0].ranking[0] == ("lexical", 0.5)  # the evidence, largest first
    third = P("m3", "HP X3000 Wireless Mouse Black", "HP", 24.5, ("black",), "mouse")
    responder.lookup = {"m1": liked, "m2": other, "m3": third}.get
    barely = Ranked(Candidate(third, 0.5, 1.0, 0.03), 0.9, {"lexical": 0.5, "fused": 0.3, "liked_similarity": 0.05})
    page = responder.reply(query, [boosted, barely], [], state).cards
    assert page[0].reason.startswith("Because you liked") and "Because you liked" not in page[1].reason


def test_record_feedback_keeps_one_verdict_per_product():
    state = DialogueState()
    record_feedback(state, "a", True)
    record_feedback(state, "a", True)
    record_feedback(state, "b", False)
    assert (state.liked, state.disliked) == (["a"], ["b"])


def test_stateless_search_leaves_no_session(assistant):
    reply = assistant.search("bluetooth speaker under $60")
    assert reply.cards and all(c.price <= 60 for c in reply.cards)
    assert assistant.session("default") is None


@pytest.mark.parametrize("message", ["", "   ", "🙂", "x" * 10_000, "<script>alert(1)</script>",
                                     "'; DROP TABLE sessions; --", "?", "hi"])
def test_odd_messages_get_a_reply_and_no_crash(assistant, message):
    reply = assistant.respond(message, "odd")
    assert reply.text.strip()
    assert not re.search(r"Traceback|Error", reply.text)
