"""What a shopper may send: one length limit and one answer to an empty or over-long message, the
same in the chat UI, the HTTP API, the command line and the parser."""

from __future__ import annotations

MAX_MESSAGE_CHARS = 2000
EMPTY_PROMPT = (
    "What are you shopping for? Tell me what you need, for example "
    "“a wireless mouse under $30” or “bluetooth speaker in black”."
)
TOO_LONG_REPLY = (
    f"That message is a bit long for me. Please keep it under {MAX_MESSAGE_CHARS:,} characters, "
    "for example the product and a budget."
)


def refusal(message: str | None) -> str | None:
    """The reply to give instead of a turn: the prompt for an empty message, the length note for an
    over-long one; None when the message can be read."""
    text = (message or "").strip()
    if not text:
        return EMPTY_PROMPT
    if len(text) > MAX_MESSAGE_CHARS:
        return TOO_LONG_REPLY
    return None
