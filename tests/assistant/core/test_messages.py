"""One length limit and one answer to an empty or over-long message, at every front door."""

from __future__ import annotations

import pydantic
import pytest

from assistant.core.messages import EMPTY_PROMPT, MAX_MESSAGE_CHARS, TOO_LONG_REPLY, refusal


@pytest.mark.parametrize("message", [None, "", "   ", "\n\t"])
def test_an_empty_message_gets_the_prompt(message):
    assert refusal(message) == EMPTY_PROMPT


def test_the_limit_is_inclusive_and_counts_the_message_without_its_outer_spaces():
    assert refusal("x" * MAX_MESSAGE_CHARS) is None
    assert refusal("  " + "x" * MAX_MESSAGE_CHARS + "  ") is None
    assert refusal("x" * (MAX_MESSAGE_CHARS + 1)) == TOO_LONG_REPLY
    assert f"{MAX_MESSAGE_CHARS:,}" in TOO_LONG_REPLY


def test_the_http_api_uses_the_same_limit():
    from ui.api.bodies import ChatRequest

    assert ChatRequest(session_id="s1", message="m" * MAX_MESSAGE_CHARS).message
    with pytest.raises(pydantic.ValidationError, match=f"at most {MAX_MESSAGE_CHARS} characters"):
        ChatRequest(session_id="s1", message="m" * (MAX_MESSAGE_CHARS + 1))


def test_the_dialogue_policy_answers_without_a_turn(small_products):
    """The command line and the OpenAI route reach the policy directly: it refuses the same way."""
    from assistant.core.types import DialogueState
    from assistant.dialogue.policy import DialoguePolicy

    class Exploding:
        def __getattr__(self, name):
            raise AssertionError(f"no stage may run, but {name} was asked for")

    policy = DialoguePolicy.__new__(DialoguePolicy)  # no stages: none may be called
    policy.stages = Exploding()
    state = DialogueState()
    assert policy.turn(state, "   ").text == EMPTY_PROMPT
    assert policy.turn(state, "mouse " * 400).text == TOO_LONG_REPLY
    assert state.turns == 0


@pytest.mark.parametrize("text", ["'; DROP TABLE products; --", "select * from users", "<script>alert(1)</script>",
                                  "x' or '1'='1"])
def test_code_is_refused_with_a_note(text):
    from assistant.core.messages import CODE_REPLY

    assert refusal(text) == CODE_REPLY


@pytest.mark.parametrize("text", ["a table lamp", "a drop-in filter", "select a laptop from your range", "drop the budget"])
def test_shopping_words_are_no_code(text):
    assert refusal(text) is None
