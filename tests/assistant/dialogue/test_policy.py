"""The dialogue policy around a pipeline turn: empty messages, redaction before parsing, the
closest products when nothing matches, carrying a budget over a clarifying question, handoff.
Recording fakes for what the policy asks of the stages; the real stages for whole dialogues."""

from __future__ import annotations

import re

import pytest

from assistant.core.assistant import Assistant
from assistant.core.messages import EMPTY_PROMPT
from assistant.core.types import Constraints, DialogueState, Intent, ProductCard, Reply
from assistant.dialogue.policy import DialoguePolicy, off_target, relaxations
from retrieval.search.filters import Filters
from tests import fakes
from tests.fakes import FakeParser


@pytest.fixture()
def assistant(small_assistant):
    return small_assistant


# --- with fakes -------------------------------------------------------------------------------

@pytest.mark.parametrize("message", ["", "   ", "\n\t"])
def test_an_empty_message_gets_a_prompt_and_runs_no_stage(fake_stages, message):
    reply = DialoguePolicy(fake_stages).turn(DialogueState(), message)
    assert (reply.text, reply.intent, reply.cards) == (EMPTY_PROMPT, Intent.HELP, ())
    assert fake_stages.parser.calls == []


def test_contact_details_are_redacted_before_the_parser_reads_them(fake_stages):
    DialoguePolicy(fake_stages).turn(DialogueState(), "mouse, call me on 555-123-4567")
    assert fake_stages.parser.calls == ["mouse, call me on [phone]"]


def test_a_request_for_a_person_is_decided_by_the_rules_and_hands_over(fake_stages):
    state = DialogueState()
    reply = DialoguePolicy(fake_stages).turn(state, "I want to talk to a human")
    assert fake_stages.parser.calls == []  # no stage runs
    assert reply.intent is Intent.HUMAN_AGENT and state.turns == 1
    assert reply.handoff.splitlines()[:2] == ["Request: none yet",
                                             "Turns: 1; turns in a row without a useful answer: 0"]
    assert reply.handoff in reply.text


def test_nothing_matching_reruns_with_one_constraint_dropped_in_order():
    stages = fakes.fake_stages(parser=FakeParser(filters={"mouse": Filters(price_max=30.0, colours=("pink",))}))
    reply = DialoguePolicy(stages).turn(DialogueState(), "mouse")
    tried = [q.constraints.filters for q in stages.retriever.calls]
    assert tried[0] == Filters(price_max=30.0, colours=("pink",))  # the turn itself: no pink mouse
    assert tried[1] == Filters(price_max=30.0)  # the colour goes first
    assert reply.relaxed == "the colour (pink)"
    assert reply.text.splitlines()[0] == "Nothing matches “mouse” under $30.00, in pink. Without the colour (pink), " \
                                         "the closest are:"
    assert [c.id for c in reply.cards] == ["m1", "m3", "m4"] and all(c.price <= 30 for c in reply.cards)


def test_the_budget_given_with_a_vague_request_carries_over():
    state = DialogueState(asked="clarify", constraints=Constraints(filters=Filters(price_max=50.0)))
    stages = fakes.fake_stages()
    reply = DialoguePolicy(stages).turn(state, "speaker")
    assert [q.constraints.filters for q in stages.retriever.calls] == [Filters(), Filters(price_max=50.0)]
    assert reply.constraints.filters.price_max == 50.0 and [c.id for c in reply.cards] == ["s2", "s3"]


def test_likes_of_the_session_reach_the_query_and_the_parser_is_wrapped_once(fake_stages):
    policy = DialoguePolicy(fake_stages)
    query = policy.stages.parser.parse("mouse", DialogueState(liked=["m1"], disliked=["m2"]))
    assert (query.liked, query.disliked) == (("m1",), ("m2",))
    assert DialoguePolicy(policy.stages).stages.parser.parser is fake_stages.parser


def test_handoff_after_must_be_at_least_one(fake_stages):
    with pytest.raises(ValueError, match="handoff_after must be >= 1, got 0"):
        DialoguePolicy(fake_stages, handoff_after=0)


def test_the_summary_names_the_request_the_products_shown_and_liked(fake_stages):
    state = DialogueState(constraints=Constraints(query="mouse", filters=Filters(price_max=30.0)), shown=["m1", "m4"],
                          liked=["m1"], turns=2)
    summary = DialoguePolicy(fake_stages).summary(state, [{"role": "user", "text": "mouse under 30, jo@example.com"},
                                                          {"role": "assistant", "text": "Here are 2"}])
    assert summary.splitlines() == [
        "Request: “mouse” under $30.00",
        "Turns: 2; turns in a row without a useful answer: 0",
        "Last shown: 1. Logitech M185 Wireless Mouse Grey ($19.99, id m1); "
        "2. Microsoft Basic Optical Mouse Black USB ($14.00, id m4)",
        "Liked: Logitech M185 Wireless Mouse Grey",
        "Shopper said (latest last): “mouse under 30, [email]”",
    ]


def test_colour_is_relaxed_before_price():
    f = Filters(price_max=30, colours=("pink",), brands=("hp",), exclude_brands=("sony",))
    names = [name for name, _ in relaxations(f)]
    assert names == ["the colour (pink)", "the brand (HP)", "the price limit (under $30.00)",
                     "your conditions (under $30.00, by HP, in pink)"]
    assert relaxations(f)[-1][1] == Filters(exclude_brands=("sony",))  # ruled-out brands stay out
    assert relaxations(Filters(exclude_brands=("sony",))) == []


def _card(pid: str, title: str, product_type: str) -> ProductCard:
    return ProductCard(pid, title, "Brand", 10.0, "", product_type, "", "")


def test_off_target_when_no_product_on_the_page_is_of_the_type_asked_for():
    mice = (_card("m1", "Wireless Mouse", "mouse"), _card("c1", "Laptop Case", "case"))
    asked = Constraints(query="laptop", product_type="laptop")
    assert off_target(Reply("", mice, constraints=asked)) is True
    assert off_target(Reply("", mice + (_card("l1", "Gaming Laptop", "notebook"),), constraints=asked)) is False
    assert off_target(Reply("", mice, constraints=Constraints(query="laptop"))) is False  # no type asked
    assert off_target(Reply("", (), constraints=asked)) is False  # no page at all is another case


# --- whole dialogues, real stages ---------------------------------------------------------------

def test_budget_of_a_vague_request_carries_over_to_the_answer(assistant):
    first = assistant.respond("a gift under $50", "s")
    assert "under $50.00" in first.text and first.cards == ()
    reply = assistant.respond("speaker", "s")
    assert reply.cards and all(c.price <= 50 for c in reply.cards)
    assert reply.constraints.filters.price_max == 50


def test_nothing_matches_shows_the_closest_and_names_the_relaxed_constraint(assistant):
    reply = assistant.respond("gaming laptop under $5", "s")
    assert reply.relaxed == "the price limit (under $5.00)"
    assert reply.text.startswith("Nothing matches “gaming laptop” under $5.00. Without the price limit")
    assert reply.cards and all(c.price > 5 for c in reply.cards)  # honest: none of them meets the bound
    for i, c in enumerate(reply.cards, start=1):
        assert f"{i}. {c.title}" in reply.text


def test_handoff_on_request_carries_a_redacted_summary(assistant):
    assistant.respond("wireless mouse under $30", "s")
    reply = assistant.respond("I want to talk to a human, call me on +44 20 7946 0958", "s")
    assert reply.intent is Intent.HUMAN_AGENT and reply.handoff
    assert "“wireless mouse” under $30.00" in reply.handoff
    assert "Last shown: 1." in reply.handoff
    assert "7946" not in reply.handoff and "[phone]" in reply.handoff
    assert reply.handoff in reply.text


def test_repeated_failure_hands_over(small_stages):
    assistant = Assistant(small_stages, policy=DialoguePolicy(small_stages, handoff_after=2))
    first = assistant.respond("tell me about the first one", "s")  # nothing shown yet: no answer
    assert not first.handoff and assistant.state("s").failures == 1
    second = assistant.respond("compare the first two", "s")
    assert second.handoff and "couldn't find what you need" in second.text
    assert assistant.state("s").failures == 0  # counted afresh after the handoff


@pytest.mark.parametrize("message", ["", "   ", "🙂", "x" * 10_000, "<script>alert(1)</script>",
                                     "'; DROP TABLE sessions; --", "?", "hi"])
def test_odd_messages_get_a_reply_and_no_crash(assistant, message):
    reply = assistant.respond(message, "odd")
    assert reply.text.strip()
    assert not re.search(r"Traceback|Error", reply.text)
