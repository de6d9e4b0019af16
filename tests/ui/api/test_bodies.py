"""The API's request and response bodies: what they accept and refuse."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ui.api.bodies import (
    MAX_MESSAGE_CHARS,
    ChatRequest,
    CompletionRequest,
    FeedbackRequest,
    SearchRequest,
)


def errors(model, **data) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        model(**data)
    return [(".".join(str(x) for x in e["loc"]), e["type"]) for e in caught.value.errors()]


def test_a_chat_request_needs_a_session_id_and_a_message():
    assert ChatRequest(session_id="shopper-1.a:b_c", message="mouse").message == "mouse"
    assert errors(ChatRequest, session_id="bad id!", message="mouse") == [("session_id", "string_pattern_mismatch")]
    assert errors(ChatRequest, session_id="s", message="") == [("message", "string_too_short")]
    assert errors(ChatRequest, session_id="s", message="x" * (MAX_MESSAGE_CHARS + 1)) == [("message", "string_too_long")]
    assert errors(ChatRequest, session_id="s", message="m", extra=1) == [("extra", "extra_forbidden")]
    assert errors(ChatRequest, session_id="s" * 129, message="m") == [("session_id", "string_pattern_mismatch")]


def test_search_and_feedback_bodies():
    assert SearchRequest(query="HP toner").query == "HP toner"
    assert errors(SearchRequest, query="") == [("query", "string_too_short")]
    assert FeedbackRequest(session_id="s", product_id="m1", verdict="dislike").verdict == "dislike"
    assert errors(FeedbackRequest, session_id="s", product_id="m1", verdict="meh") == [("verdict", "literal_error")]


def test_a_completion_request_takes_openai_bodies_and_ignores_sampling_options():
    body = CompletionRequest(messages=[{"role": "user", "content": [{"type": "text", "text": "mouse"}]}],
                             temperature=0.2, user="s1")
    assert (body.model, body.stream, body.user) == ("shopassist", False, "s1")
    assert body.messages[0].content == [{"type": "text", "text": "mouse"}]
    assert errors(CompletionRequest, messages=[]) == [("messages", "too_short")]
    assert errors(CompletionRequest, messages=[{"role": "robot", "content": "x"}]) == [("messages.0.role", "literal_error")]
    assert errors(CompletionRequest, messages=[{"role": "user", "content": "x"}], user="not ok") == [
        ("user", "string_pattern_mismatch")]


def test_a_completion_message_with_half_a_surrogate_pair_is_refused():
    # JSON can carry "\ud83d" alone, UTF-8 cannot: a reply quoting it could not be sent (schemathesis-style find)
    for content in ("\ud83d mouse", [{"type": "text", "text": "mouse \udfff"}]):
        assert errors(CompletionRequest, messages=[{"role": "user", "content": content}]) == [
            ("messages.0.content", "value_error")]
    assert CompletionRequest(messages=[{"role": "user", "content": "\U0001f5b1 mouse"}]).messages[0].content
