"""The OpenAI-compatible wording: completion text, SSE chunks, message content parts."""

from __future__ import annotations

import json

from assistant.core.types import Intent, ProductCard, Reply
from ui.api.openai_compat import completion_text, message_text, sse_chunks


def card(pid: str, reason: str) -> ProductCard:
    return ProductCard(pid, pid.upper(), "B", 1.0, "", "mouse", "", reason)


def test_completion_text_adds_why_each_product_is_shown():
    reply = Reply("Here are 2 matches:\n1. M1\n2. M2", (card("m1", "Cheap."), card("m2", "")))
    assert completion_text(reply) == "Here are 2 matches:\n1. M1\n2. M2\n\nWhy these:\n1. Cheap."


def test_completion_text_of_a_comparison_or_a_reply_without_reasons_is_the_text():
    compared = Reply("the table", (card("m1", "Cheap."),), Intent.COMPARE, table=(("", "#1 M1"),))
    assert completion_text(compared) == "the table"
    assert completion_text(Reply("Hello!")) == "Hello!"


def test_sse_chunks_stream_the_words_then_stop_with_the_payload():
    events = list(sse_chunks("chatcmpl-1", 1700000000, "shopassist", "Here are  2\nmatches", {"reply": "x"}))
    assert events[-1] == "data: [DONE]\n\n" and all(e.endswith("\n\n") and e.startswith("data: ") for e in events)
    chunks = [json.loads(e[len("data: "):]) for e in events[:-1]]
    assert [c["choices"][0]["delta"] for c in chunks] == [
        {"role": "assistant", "content": ""}, {"content": "Here"}, {"content": " are"}, {"content": "  2"},
        {"content": "\nmatches"}, {}]
    assert [c["choices"][0]["finish_reason"] for c in chunks] == [None] * 5 + ["stop"]
    assert chunks[-1]["shopassist"] == {"reply": "x"} and "shopassist" not in chunks[0]
    assert {(c["id"], c["created"], c["model"], c["object"]) for c in chunks} == {
        ("chatcmpl-1", 1700000000, "shopassist", "chat.completion.chunk")}


def test_message_text_joins_the_text_parts():
    assert message_text("mouse") == "mouse" and message_text(None) == ""
    parts = [{"type": "text", "text": "a wireless"}, {"type": "image_url", "image_url": {}},
             {"type": "text", "text": "mouse"}]
    assert message_text(parts) == "a wireless mouse"
