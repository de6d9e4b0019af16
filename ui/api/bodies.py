"""The request and response bodies of the HTTP API (pydantic models with examples, shown in /docs)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.core.messages import MAX_MESSAGE_CHARS
from assistant.dialogue.cart import MAX_QUANTITY
from assistant.dialogue.sessions import SESSION_ID

SESSION_PATTERN = f"^{SESSION_ID.pattern}$"
MODEL_ID = "shopassist"  # what /v1/models lists; the completions route answers whatever model is asked for
MODEL_CREATED = 1764547200  # Unix seconds (2025-12-01), fixed so that the list is the same after a restart
MAX_MESSAGES = 200  # per completion request: a stateless request replays every user message in it
SESSION_FIELD = Field(pattern=SESSION_PATTERN, examples=["3f2a9c1e-shopper-42"],
                      description="Any id the caller chooses (1-128 of A-Z a-z 0-9 _ . : -); reuse it to continue")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChatRequest(_Body):
    session_id: str = SESSION_FIELD
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS, examples=["a wireless mouse under $30"])


class SearchRequest(_Body):
    query: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS, examples=["HP toner cartridge under $100"])


class FeedbackRequest(_Body):
    session_id: str = SESSION_FIELD
    product_id: str = Field(min_length=1, max_length=200, examples=["2161020"])
    verdict: Literal["like", "dislike"] = Field(examples=["like"])


class RankingEvidence(BaseModel):
    feature: str = Field(examples=["lexical"])
    label: str = Field(examples=["words match your request (BM25)"])
    contribution: float = Field(examples=[0.0123])


class ProductOut(BaseModel):
    id: str = Field(examples=["2161020"])
    title: str = Field(examples=["Logitech B110 mouse USB Type-A Optical 800 DPI Ambidextrous"])
    brand: str = Field(examples=["Logitech"])
    price: float | None = Field(examples=[8.94])
    colour: str = Field(examples=["Black"])
    type: str = Field(examples=["mouse"])
    reason: str = Field(examples=["It matches “mouse” and at $8.94 it is under your $30.00 limit."])
    image_url: str
    ranking: list[RankingEvidence] = Field(description="What the product's rank is made of, largest first")


class ConstraintsOut(BaseModel):
    query: str = Field(examples=["wireless mouse"])
    filters: dict[str, Any] = Field(examples=[{"price_max": 30.0}])
    sort: str = Field(examples=[""])


class StateOut(BaseModel):
    turns: int
    shown: list[str]
    liked: list[str]
    disliked: list[str]


class HandoffOut(BaseModel):
    summary: str = Field(description="What a human agent reads to take over; contact details redacted")


class ChatResponse(BaseModel):
    session_id: str | None = Field(examples=["3f2a9c1e-shopper-42"])
    reply: str = Field(examples=["Here are 3 matches for “wireless mouse” under $30.00:\n1. …"])
    intent: str = Field(examples=["search"])
    products: list[ProductOut]
    constraints: ConstraintsOut
    relaxed: str | None = Field(None, description="The constraint dropped when nothing matched", examples=[None])
    table: list[list[str]] | None = Field(None, description="Comparison table, header row first")
    handoff: HandoffOut | None = None
    cart: dict[str, Any] | None = Field(None, description="The cart after a cart turn (\"add the second one to my "
                                        "cart\"), shaped as GET /v1/sessions/{id}/cart; null on other turns")
    state: StateOut


class FeedbackResponse(BaseModel):
    session_id: str
    liked: list[str]
    disliked: list[str]


class TranscriptLine(BaseModel):
    role: Literal["user", "assistant"]
    text: str


class SessionOut(BaseModel):
    session_id: str
    created: float = Field(description="Unix seconds")
    updated: float = Field(description="Unix seconds; the session expires after the configured idle time")
    constraints: ConstraintsOut
    state: StateOut
    transcript: list[TranscriptLine]


def _unpaired_surrogate(value: Any) -> bool:
    """True where a string in `value` holds half a UTF-16 pair ("\\ud83d" alone): JSON allows it, UTF-8 cannot
    carry it, so a reply that quotes it could not be sent."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_unpaired_surrogate(v) for v in value.values())
    if isinstance(value, list):
        return any(_unpaired_surrogate(v) for v in value)
    return False


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[dict[str, Any]] | None = None

    @field_validator("content")
    @classmethod
    def _encodable(cls, content: str | list[dict[str, Any]] | None) -> str | list[dict[str, Any]] | None:
        # str fields refuse such text on their own; inside this union pydantic lets it through
        if _unpaired_surrogate(content):
            raise ValueError("the text holds an unpaired UTF-16 surrogate (half an emoji?); send valid Unicode")
        return content


class CompletionRequest(BaseModel):
    """The OpenAI chat-completions body; sampling options (temperature, …) are accepted and ignored."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"model": "shopassist", "messages": [{"role": "user", "content": "a wireless mouse under $30"}],
         "stream": False, "user": "3f2a9c1e-shopper-42"}]})
    model: str = Field(MODEL_ID, max_length=200)
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: bool = False
    user: str | None = Field(None, pattern=SESSION_PATTERN,
                             description="A session id: continue that session with the last user message. "
                                         "Without it, all user messages are replayed in a throw-away session.")


class ModelOut(BaseModel):
    """One model, as OpenAI's `GET /v1/models` lists it."""

    id: str = Field(examples=[MODEL_ID])
    object: Literal["model"] = "model"
    created: int = Field(examples=[MODEL_CREATED], description="Unix seconds")
    owned_by: str = Field(examples=["shopassist"])


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelOut]


# -- the cart (ui/api/cart_routes.py; the MCP tools return the same shapes) --------------------

class AddItem(_Body):
    product_id: str = Field(min_length=1, max_length=200, examples=["2161020"])
    quantity: int = Field(1, ge=1, le=MAX_QUANTITY)


class SetQuantity(_Body):
    quantity: int = Field(ge=0, le=MAX_QUANTITY, description="0 removes the line")


class CartItemOut(BaseModel):
    product_id: str
    title: str
    brand: str
    quantity: int
    unit_price: float | None = Field(description="The catalog's price now")
    line_total: float | None
    was_price: float | None = Field(description="The price when the cart was last shown, where it changed since")
    available: bool


class CartOut(BaseModel):
    items: list[CartItemOut]
    count: int = Field(description="Units in the cart")
    total: float
    currency: str
    changes: list[str] = Field(description="What changed since the cart was last shown, in words")


class OrderOut(BaseModel):
    order_id: str
    session_id: str
    created: str
    items: list[CartItemOut]
    total: float
    currency: str
    delivered_to: str
