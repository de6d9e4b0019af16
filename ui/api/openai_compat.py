"""What the OpenAI-compatible route says: a reply as chat-completion text and as SSE chunks."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any


def completion_text(reply) -> str:
    """The reply for a plain chat client: the text, then why each product is shown."""
    why = [f"{i}. {c.reason}" for i, c in enumerate(reply.cards, start=1) if c.reason]
    return reply.text + ("\n\nWhy these:\n" + "\n".join(why) if why and reply.table == () else "")


def sse_chunks(ident: str, created: int, model: str, content: str, payload: dict) -> Iterator[str]:
    def event(delta: dict, finish: str | None = None, **extra) -> str:
        chunk = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    for piece in re.findall(r"\s*\S+", content):
        yield event({"content": piece})
    yield event({}, "stop", shopassist=payload)
    yield "data: [DONE]\n\n"


def message_text(content: str | list[dict[str, Any]] | None) -> str:
    if isinstance(content, list):  # content parts: [{"type": "text", "text": "..."}]
        return " ".join(str(p.get("text", "")) for p in content if p.get("type") == "text")
    return content or ""
