"""The reply stage: result pages, clarifying questions, answers about shown products and feedback.
TextResponder on hand-made ranked lists, and through the real stages over the small catalog."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.core.types import Constraints, DialogueState, Intent, ParsedQuery, Ranked
from assistant.reply.responder import (
    HELP_TEXT,
    TextResponder,
    asked_for,
    card,
    describe_filters,
    is_vague,
    numbered,
    record_feedback,
)
from retrieval.search.candidate import Candidate
from retrieval.search.filters import Filters
from tests.fixtures import CATALOG, P, page, query


@pytest.fixture()
def assistant(small_assistant):
    return small_assistant


# --- TextResponder on hand-made pages ---------------------------------------------------------

def test_a_page_is_numbered_text_and_cards_from_one_list():
    state = DialogueState()
    reply = TextResponder(CATALOG.get, results=2).reply(query("mouse", price_max=30.0), page("m4", "m1", "m3"), [],
                                                       state)
    assert reply.text == ("Here are 2 matches for “mouse” under $30.00:\n"
                          "1. Microsoft Basic Optical Mouse Black USB ($14.00)\n"
                          "2. Logitech M185 Wireless Mouse Grey ($19.99)")
    assert [c.id for c in reply.cards] == ["m4", "m1"]
    assert (state.shown, state.shown_prices, state.offset, state.turns) == (["m4", "m1"], [14.0, 19.99], 0, 1)
    assert state.reasons == ["It is a mouse by Microsoft.", "It is a mouse by Logitech."]  # no reasons given: facts


def test_show_more_continues_after_the_last_shown_product():
    responder = TextResponder(CATALOG.get, results=2)
    state = DialogueState()
    responder.reply(query("mouse"), page("m1", "m2", "m3", "m4", "m5"), [], state)
    more = responder.reply(query("mouse", Intent.SHOW_MORE), page("m1", "m2", "m3", "m4", "m5"), [], state)
    assert [c.id for c in more.cards] == ["m3", "m4"] and more.text.startswith("Here are more results for “mouse”:")
    last = responder.reply(query("mouse", Intent.SHOW_MORE), page("m1", "m2", "m3", "m4", "m5"), [], state)
    assert [c.id for c in last.cards] == ["m5"]
    done = responder.reply(query("mouse", Intent.SHOW_MORE), page("m1", "m2", "m3", "m4", "m5"), [], state)
    assert done.cards == () and done.text == "That's everything I found for “mouse”."


def test_a_page_shows_the_asked_kind_alone_and_says_when_that_is_all_of_it():
    state = DialogueState()
    ranked = page("l1", "l5", "m1")
    ranked[2] = replace(ranked[2], candidate=replace(ranked[2].candidate, of_asked_kind=False))
    q = ParsedQuery("hp laptop", Intent.SEARCH, Constraints(query="hp laptop", product_type="laptop"))
    reply = TextResponder(CATALOG.get, results=3).reply(q, ranked, [], state)
    assert [c.id for c in reply.cards] == ["l1", "l5"] and reply.text.endswith("That is all: I have no other laptop.")
    # Only products of other kinds: the page shows them (the dialogue policy says the kind is missing).
    others = [replace(r, candidate=replace(r.candidate, of_asked_kind=False)) for r in page("m1", "m2")]
    assert [c.id for c in TextResponder(CATALOG.get).reply(q, others, [], DialogueState()).cards] == ["m1", "m2"]


def test_disliked_products_are_left_off_the_page():
    state = DialogueState(disliked=["m1"])
    reply = TextResponder(CATALOG.get, results=3).reply(query("mouse"), page("m1", "m2", "m3"), [], state)
    assert [c.id for c in reply.cards] == ["m2", "m3"]


def test_words_found_nowhere_and_a_weak_dense_match_ask_again():
    weak = page("m1", "s1", dense=0.2, lexical=0.0)
    reply = TextResponder(CATALOG.get).reply(query("qwertzuiop"), weak, [], DialogueState())
    assert reply.cards == () and reply.text.startswith("I'm not sure what product you mean by “qwertzuiop”.")
    with_filter = TextResponder(CATALOG.get).reply(query("qwertzuiop", price_max=30.0), weak, [], DialogueState())
    assert [c.id for c in with_filter.cards] == ["m1", "s1"]  # a filter is evidence enough to show products


@pytest.mark.parametrize("intent, text", [
    (Intent.HELP, HELP_TEXT),
    (Intent.SMALL_TALK, "Hello! " + HELP_TEXT),
    (Intent.START_OVER, "Sure, let's start over. What are you looking for?"),
    (Intent.SHOW_MORE, "There is nothing to show more of yet. What are you looking for?"),
])
def test_replies_without_products(intent, text):
    state = DialogueState(shown=[] if intent is Intent.SHOW_MORE else ["m1"], offset=3)
    reply = TextResponder(CATALOG.get).reply(query("x", intent), page("m2"), [], state)
    assert (reply.text, reply.cards) == (text, ())
    if intent is Intent.START_OVER:
        assert (state.shown, state.offset) == ([], 0)


def test_describe_filters_and_asked_for():
    f = Filters(price_min=10, price_max=30, brands=("hp", "logitech"), exclude_brands=("dell",), colours=("black",))
    assert describe_filters(f) == "between $10.00 and $30.00, by HP or Logitech, not Dell, in black"  # HP: 3 letters, capitals
    assert describe_filters(Filters(price_min=500)) == "over $500.00"
    assert asked_for(Constraints(query="mouse", filters=Filters(price_max=30))) == "“mouse” under $30.00"
    assert asked_for(Constraints()) == "“products”"


def test_card_carries_the_record_and_the_ranking_largest_first():
    c = card(CATALOG["m5"], "Red.", {"dense": 0.1, "type_mismatch": -0.4, "lexical": 0.3})
    assert (c.id, c.title, c.brand, c.price, c.colour, c.product_type, c.reason) == (
        "m5", "Kensington Pro Fit Wireless Mouse Red", "Kensington", 29.0, "Red", "mouse", "Red.")
    assert c.ranking == (("type_mismatch", -0.4), ("lexical", 0.3), ("dense", 0.1))
    assert numbered([c, card(CATALOG["n1"], "")]) == ["1. Kensington Pro Fit Wireless Mouse Red ($29.00)",
                                                     "2. Mystery Product Without Price (price not listed)"]


# --- through the real stages ------------------------------------------------------------------

def test_vague_request_gets_a_clarifying_question_and_no_products(assistant):
    reply = assistant.respond("I need a gift", "s")
    assert reply.cards == ()
    assert "?" in reply.text and "gift" in reply.text
    assert assistant.state("s").asked == "clarify"
    assert assistant.state("s").failures == 0  # asking back is not a failure


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


def test_compare_it_means_the_product_just_asked_about(assistant):
    shown = assistant.respond("wireless mouse", "it")
    assistant.respond("tell me more about the third one", "it")
    reply = assistant.respond("compare it with the first", "it")
    assert reply.intent is Intent.COMPARE and [c.id for c in reply.cards] == [shown.cards[2].id, shown.cards[0].id]


def test_tell_me_more_answers_from_the_record_and_says_what_it_does_not_say(assistant):
    shown = assistant.respond("gaming laptop", "s")
    second = CATALOG[shown.cards[1].id]
    about = assistant.respond("tell me more about the second one", "s")
    assert about.cards[0].id == second.id
    assert f"Brand: {second.brand}" in about.text and "everything the record tells me" in about.text
    unknown = assistant.respond("does the second one have a fingerprint reader?", "s")
    assert "doesn't say anything about fingerprint" in unknown.text


def test_reference_past_the_shown_products_is_questioned(assistant):
    assistant.respond("speaker", "s")
    reply = assistant.respond("tell me about the fifth one", "s")
    assert reply.cards == () and "there is no #5" in reply.text


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


def test_a_word_the_kind_uses_that_no_shown_product_says_is_named_and_reported_relaxed():
    from assistant.parse.kind_words import KindWords
    from tests.fixtures import small_catalog

    responder = TextResponder(CATALOG.get, results=3, kind_words=KindWords(small_catalog()))
    q = ParsedQuery("gaming laptop under $200", Intent.SEARCH,
                    Constraints(query="gaming laptop", product_type="laptop", filters=Filters(price_max=200)))
    reply = responder.reply(q, page("l5"), [], DialogueState())  # the Chromebook: no gaming laptop
    assert reply.text.startswith("I'm sorry, I found no laptop under $200.00 with “gaming”. The nearest:\n1.")
    assert reply.relaxed == "the words (gaming)" and [c.id for c in reply.cards] == ["l5"]
    gaming = responder.reply(replace(q, constraints=q.constraints.with_(filters=Filters())), page("l1", "l5"), [],
                             DialogueState())
    assert gaming.relaxed == "" and gaming.text.startswith("Here are 2 matches")
    # a word no laptop of the catalog says ("office") is no constraint the catalog could meet
    office = replace(q, constraints=q.constraints.with_(query="office laptop"))
    assert responder.reply(office, page("l5"), [], DialogueState()).relaxed == ""


def test_the_sizes_asked_for_are_shown_alone_or_said_missing():
    q = ParsedQuery("17 inch gaming laptop", Intent.SEARCH,
                    Constraints(query="gaming laptop", product_type="laptop", specs=("17 inch",)))
    reply = TextResponder(CATALOG.get, results=3).reply(q, page("l4", "l1", "l2"), [], DialogueState())
    assert [c.id for c in reply.cards] == ["l4"] and reply.text.endswith("That is all: I have no other 17 inch laptop.")
    none = replace(q, constraints=q.constraints.with_(specs=("19 inch",)))
    from assistant.parse.kind_words import KindWords
    from tests.fixtures import small_catalog

    missing = TextResponder(CATALOG.get, results=3, kind_words=KindWords(small_catalog())).reply(
        none, page("l4", "l1"), [], DialogueState())
    assert missing.text.startswith("I'm sorry, I found no laptop with “19 inch”.") and missing.relaxed


def test_more_of_a_size_once_all_of_that_size_were_shown_says_so_and_shows_no_other_size():
    q = ParsedQuery("show me others", Intent.SHOW_MORE,
                    Constraints(query="gaming laptop", product_type="laptop", specs=("17 inch",)))
    state = DialogueState(shown=["l4"], turns=2)
    reply = TextResponder(CATALOG.get, results=3).reply(q, page("l4", "l1", "l2"), [], state)
    assert reply.cards == () and reply.text == "That is all: I have no other 17 inch laptop."


def test_whole_inches_name_a_screen_size_class():
    from dataclasses import replace as with_

    from assistant.parse.measures import says_specs

    bag = with_(CATALOG.get("l4"), id="bag15", title='Urban Factory Mission Laptop Bag 15.6" Black', specs={})
    assert says_specs(bag, ["15 inch"]) and says_specs(bag, ["15.6 inch"]) and not says_specs(bag, ["16 inch"])
