"""What one message says, and its merge with the dialogue state."""

from __future__ import annotations

import pytest

from assistant.core.messages import MAX_MESSAGE_CHARS
from assistant.core.types import DialogueState, Intent
from assistant.parse.said import Said, clean, command_words, finish
from assistant.parse.state import Soft
from retrieval.search.filters import Filters


def test_clean_folds_whitespace_and_cuts_at_the_message_limit():
    assert clean("  a   wireless\nmouse ") == "a wireless mouse"
    assert len(clean("x" * (MAX_MESSAGE_CHARS + 50))) == MAX_MESSAGE_CHARS
    assert clean(None) == ""


def test_command_words_come_from_the_intent_phrases_and_everyday_replies():
    words = command_words()
    assert {"compare", "okay", "thx"} <= words and "laptop" not in words


def test_finish_starts_a_search_then_refines_it():
    state = DialogueState()
    said = Said(None, ["laptop"], Filters(), "", Soft("laptop"))
    q = finish("laptop", said, state, None)
    assert q.intent is Intent.SEARCH and q.constraints.query == "laptop"
    state.constraints = q.constraints
    state.shown = ["a", "b"]
    refine = Said(None, [], Filters(price_max=500.0), "", Soft(), fragment=True)
    q2 = finish("under 500", refine, state, None)
    assert q2.intent is Intent.REFINE and q2.constraints.query == "laptop" and q2.constraints.filters.price_max == 500


def test_a_bare_pointer_picks_a_shown_product():
    state = DialogueState(shown=["a", "b", "c"], shown_prices=[30.0, 10.0, 20.0])
    said = Said(Intent.FEEDBACK, [], Filters(), "", Soft())
    q = finish("the cheapest one", said, state, None)
    assert q.intent is Intent.ASK_PRODUCT and q.references == (1,)


def test_a_message_that_names_nothing_keeps_the_request_and_shows_no_page():
    state = DialogueState()
    state.constraints = finish("mouse", Said(None, ["mouse"], Filters(), "", Soft("mouse")), state, None).constraints
    q = finish("{{7*7}}", Said(Intent.REFINE, ["7", "7"], Filters(), "", Soft(), fragment=True), state, None)
    assert q.intent is Intent.HELP and q.constraints.query == "mouse"


@pytest.mark.parametrize("text, picks", [
    ("the cheaper one", True), ("the more expensive of the two", True), ("the first one please", True),
    ("ok the second one", True), ("the last one, thanks", True),
    ("cheaper", False), ("something cheaper", False), ("the cheaper laptops", False),
])
def test_a_message_that_only_points_at_a_shown_product(text, picks):
    from assistant.parse.said import POINTER

    assert bool(POINTER.match(text)) is picks


def test_a_verdict_on_the_whole_page_asks_for_other_products(small_assistant):
    state = DialogueState()
    first = small_assistant.policy.turn(state, "wireless mouse")
    other = small_assistant.policy.turn(state, "i don't like these")
    assert other.intent is Intent.SHOW_MORE and not {c.id for c in first.cards} & {c.id for c in other.cards}


def test_marks_alone_say_nothing_after_a_search(small_assistant):
    state = DialogueState()
    small_assistant.policy.turn(state, "mouse")
    reply = small_assistant.policy.turn(state, "??????")
    assert reply.intent is Intent.HELP and not reply.cards


def test_the_black_one_picks_one_and_the_cheaper_one_picks_among_the_compared(small_assistant):
    state = DialogueState()
    small_assistant.policy.turn(state, "mouse")
    black = small_assistant.policy.turn(state, "the black one")
    assert black.intent is Intent.ASK_PRODUCT and len(black.cards) == 1 and "black" in black.cards[0].colour.lower()
    small_assistant.policy.turn(state, "mouse")
    prices = state.shown_prices
    small_assistant.policy.turn(state, "compare 2 and 3")
    cheaper = small_assistant.policy.turn(state, "the cheaper one")
    assert cheaper.cards[0].price == min(prices[1], prices[2])


def test_a_first_message_read_as_a_question_about_a_product_is_a_request_when_it_names_a_kind():
    said = Said(Intent.ASK_PRODUCT, ["connect", "pc", "router", "cable"], Filters(), "", Soft("cable"))
    q = finish("connect my pc to the router with a cable", said, DialogueState(), None)
    assert q.intent is Intent.SEARCH and q.constraints.product_type == "cable"
    # later, with products shown, a question about them stays one
    state = DialogueState(shown=["a", "b"], turns=1)
    assert finish("does the cable fit a router", said, state, None).intent is Intent.ASK_PRODUCT
    # and a first question naming no product is no search
    vague = Said(Intent.ASK_PRODUCT, ["warranty"], Filters(), "", Soft())
    assert finish("what is the warranty", vague, DialogueState(), None).intent is Intent.ASK_PRODUCT

