"""The one JSON shape of a turn, shared by `POST /v1/chat` and `shopassist chat --session`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from assistant.core.types import Constraints, DialogueState, ProductCard, Reply
from assistant.rank.ranker import LABELS as FEATURE_LABELS  # the ranker's words for its features


def product_json(c: ProductCard) -> dict[str, Any]:
    return {
        "id": c.id, "title": c.title, "brand": c.brand, "price": c.price, "colour": c.colour,
        "type": c.product_type, "reason": c.reason, "image_url": c.image_url,
        "ranking": [{"feature": k, "label": FEATURE_LABELS.get(k, k), "contribution": round(v, 6)}
                    for k, v in c.ranking],
    }


def state_json(state: DialogueState | None) -> dict[str, Any]:
    state = state or DialogueState()
    return {"turns": state.turns, "shown": list(state.shown), "liked": list(state.liked),
            "disliked": list(state.disliked)}


def constraints_json(c: Constraints) -> dict[str, Any]:
    filters = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(c.filters).items() if v not in (None, ())}
    return {"query": c.query, "filters": filters, "sort": c.sort}


def reply_payload(reply: Reply, session_id: str | None = None, state: DialogueState | None = None) -> dict[str, Any]:
    """Reply text, products with reasons and ranking evidence, constraints, and the session's state."""
    return {
        "session_id": session_id,
        "reply": reply.text,
        "intent": reply.intent.value,
        "products": [product_json(c) for c in reply.cards],
        "constraints": constraints_json(reply.constraints),
        "relaxed": reply.relaxed or None,
        "table": [list(row) for row in reply.table] or None,
        "handoff": {"summary": reply.handoff} if reply.handoff else None,
        "cart": reply.cart.to_json() if reply.cart is not None else None,
        "state": state_json(state),
    }
