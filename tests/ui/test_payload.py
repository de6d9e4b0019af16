"""The one JSON shape of a turn, for POST /v1/chat and `shopassist chat`."""

from __future__ import annotations

import json

from assistant.core.types import Constraints, DialogueState, Intent, ProductCard, Reply
from retrieval.search.filters import Filters
from ui.api.bodies import ChatResponse
from ui.payload import FEATURE_LABELS, constraints_json, product_json, reply_payload, state_json

CARD = ProductCard("m1", "Logitech M185", "Logitech", 19.99, "Grey", "mouse", "https://img/m1.jpg", "Cheap.",
                   (("lexical", 0.1234567891), ("no_such_feature", -0.5)))


def test_a_product_carries_its_record_reason_and_labelled_ranking():
    assert product_json(CARD) == {
        "id": "m1", "title": "Logitech M185", "brand": "Logitech", "price": 19.99, "colour": "Grey", "type": "mouse",
        "reason": "Cheap.", "image_url": "https://img/m1.jpg",
        "ranking": [{"feature": "lexical", "label": FEATURE_LABELS["lexical"], "contribution": 0.123457},
                    {"feature": "no_such_feature", "label": "no_such_feature", "contribution": -0.5}],
    }
    assert FEATURE_LABELS["lexical"] != "lexical"  # the ranker's words, not the key


def test_constraints_keep_only_the_filters_that_are_set():
    c = Constraints(query="mouse", sort="price_asc", filters=Filters(price_max=30.0, brands=("hp", "dell")))
    assert constraints_json(c) == {"query": "mouse", "filters": {"price_max": 30.0, "brands": ["hp", "dell"]},
                                   "sort": "price_asc"}
    assert constraints_json(Constraints()) == {"query": "", "filters": {}, "sort": ""}


def test_state_json_without_a_state_is_a_fresh_one():
    assert state_json(None) == {"turns": 0, "shown": [], "liked": [], "disliked": []}
    state = DialogueState(turns=2, shown=["m1"], liked=["m2"], disliked=["m3"], offset=5)
    assert state_json(state) == {"turns": 2, "shown": ["m1"], "liked": ["m2"], "disliked": ["m3"]}


def test_reply_payload_has_every_field_and_nulls_for_what_is_absent():
    payload = reply_payload(Reply("Here is 1 match", (CARD,), Intent.SEARCH, Constraints(query="mouse")), "s1",
                            DialogueState(turns=1, shown=["m1"]))
    assert payload["session_id"] == "s1" and payload["reply"] == "Here is 1 match" and payload["intent"] == "search"
    assert [p["id"] for p in payload["products"]] == ["m1"]
    assert (payload["relaxed"], payload["table"], payload["handoff"]) == (None, None, None)
    assert payload["state"] == {"turns": 1, "shown": ["m1"], "liked": [], "disliked": []}
    assert json.loads(json.dumps(payload)) == payload  # plain JSON
    assert ChatResponse.model_validate(payload).products[0].ranking[0].contribution == 0.123457


def test_reply_payload_of_a_comparison_and_a_handoff():
    reply = Reply("compared", intent=Intent.HUMAN_AGENT, relaxed="the colour (red)",
                  table=(("", "#1 A"), ("Price", "$1.00")), handoff="Request: mouse")
    payload = reply_payload(reply)
    assert payload["table"] == [["", "#1 A"], ["Price", "$1.00"]]
    assert payload["handoff"] == {"summary": "Request: mouse"} and payload["relaxed"] == "the colour (red)"
    assert payload["session_id"] is None and payload["intent"] == "human_agent"
