"""The request and response bodies of the HTTP API (pydantic models with examples, shown in /docs)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.core.messages import MAX_MESSAGE_CHARS
from assistant.dialogue.sessions import SESSION_ID

SESSION_PATTERN = f"^{SESSION_ID.pattern}$"
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


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[dict[str, Any]] | None = None


class CompletionRequest(BaseModel):
    """The OpenAI chat-completions body; sampling options (temperature, …) are accepted and ignored."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"model": "shopassist", "messages": [{"role": "user", "content": "a wireless mouse under $30"}],
         "stream": False, "user": "3f2a9c1e-shopper-42"}]})
    model: str = "shopassist"
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    user: str | None = Field(None, pattern=SESSION_PATTERN,
                             description="A session id: continue that session with the last user message. "
                                         "Without it, all user messages are replayed in a throw-away session.")
