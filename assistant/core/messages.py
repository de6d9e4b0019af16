"""What a shopper may send: one length limit and one answer to an empty, over-long or code-like
message, the same in the chat UI, the HTTP API, the command line and the parser."""

from __future__ import annotations

import re

MAX_MESSAGE_CHARS = 2000
EMPTY_PROMPT = (
    "What are you shopping for? Tell me what you need, for example "
    "“a wireless mouse under $30” or “bluetooth speaker in black”."
)
TOO_LONG_REPLY = (
    f"That message is a bit long for me. Please keep it under {MAX_MESSAGE_CHARS:,} characters, "
    "for example the product and a budget."
)

CODE_REPLY = (
    "That looks like code rather than a shopping request, so I left it alone. "
    "Tell me what you are looking for, for example “a wireless mouse under $30”."
)
# Code, not shopping: SQL or script someone types at the assistant. Its words ("drop table") are no
# request, and matching them to products ("Drop-in filter", "Table Stand") would look broken.
_CODE = re.compile(r";\s*--|\b(?:drop|truncate|alter|create)\s+table\b|\bunion\s+(?:all\s+)?select\b|"
                   r"\bselect\s+(?:\*|\w+(?:\s*,\s*\w+)*)\s+from\s+\w+\s*(?:;|\bwhere\b|$)|\bdelete\s+from\b|\binsert\s+into\b|"
                   r"'\s*or\s+'?1'?\s*=\s*'?1|<\s*/?\s*script\b", re.I)


def refusal(message: str | None) -> str | None:
    """The reply to give instead of a turn: the prompt for an empty message, the length note for an
    over-long one, a note for code (SQL, script tags); None when the message can be read."""
    text = (message or "").strip()
    if not text:
        return EMPTY_PROMPT
    if len(text) > MAX_MESSAGE_CHARS:
        return TOO_LONG_REPLY
    if _CODE.search(text):
        return CODE_REPLY
    return None
