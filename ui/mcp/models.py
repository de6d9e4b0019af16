"""The typed outputs of the MCP tools (their `outputSchema`), and the argument types they share.

`chat` answers the same shape as `POST /v1/chat` (`ui.api.bodies.ChatResponse`); search hits are the
same product cards (`ProductOut`). The rest are records of the catalog, the cart and the shop's
policies, field for field as the assistant returns them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field

from assistant.core.messages import MAX_MESSAGE_CHARS
from assistant.dialogue.sessions import check_session_id
from ui.api import bodies
from ui.api.bodies import SESSION_PATTERN, ConstraintsOut, OrderOut, ProductOut  # noqa: F401  (OrderOut: re-exported)


def _session(value: str) -> str:
    return check_session_id(value)  # the assistant's own message: "session id must be 1-128 characters ..."


def _text(what: str):
    def check(value: str) -> str:
        if not value.strip():
            raise ValueError(f"{what} is empty; say what you are looking for, e.g. \"a wireless mouse under $30\"")
        return value
    return check


SessionId = Annotated[str, Field(description="Any id the caller chooses (1-128 of A-Z a-z 0-9 _ . : -); reuse it to "
                                             "continue the conversation and its cart",
                                 json_schema_extra={"pattern": SESSION_PATTERN}, examples=["shopper-42"]),
                      AfterValidator(_session)]
ProductId = Annotated[str, Field(min_length=1, max_length=200, description="A product id from a search or chat result",
                                 examples=["m1"])]
Query = Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_CHARS, examples=["a wireless mouse"]),
                  AfterValidator(_text("query"))]
Message = Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_CHARS, examples=["a wireless mouse under $30"]),
                    AfterValidator(_text("message"))]
Question = Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_CHARS, examples=["can I return an opened item?"]),
                     AfterValidator(_text("question"))]


class SearchResult(BaseModel):
    """The products for one stateless search, best first, each with a reason true to its record."""

    summary: str = Field(description="The request as understood, in words", examples=["3 products for “mouse” under $30.00"])
    constraints: ConstraintsOut = Field(description="What was searched: the query's words and every hard filter applied")
    products: list[ProductOut]


class ProductRecord(BaseModel):
    """One product's catalog record."""

    id: str = Field(examples=["m1"])
    title: str = Field(examples=["Logitech M185 Wireless Mouse Grey"])
    brand: str
    price: float | None = Field(description="USD; null when the record lists no price")
    colour: str
    colours: list[str] = Field(description="Base colours, lower case")
    kind: str = Field(description="What the product is (\"mouse\", \"laptop\"); assigned at ingest")
    kind_for: str = Field(description="For an accessory, part or supply: the kind it is made for; else \"\"")
    product_type: str = Field(description="The catalog's own type field")
    description: str
    specs: dict[str, str]
    image_url: str
    released: str = Field(description="ISO date, \"\" when unknown")


class Comparison(BaseModel):
    """Products side by side, from their records only."""

    products: list[ProductRecord]
    table: list[list[str]] = Field(description="Header row first (\"\", then one column per product); a row per field")
    text: str = Field(description="The table in Markdown and the plain differences (the cheaper one, missing prices)")


class CartOut(bodies.CartOut):
    """A session's cart at current catalog prices."""

    session_id: str


class PolicyOut(BaseModel):
    """An answer from the shop's policy document, with the passage it rests on."""

    question: str
    answered: bool = Field(description="False when the document does not cover the question")
    text: str
    section: str
    passage: str
    score: float


class HandoffOut(BaseModel):
    """What a human agent receives to take over the conversation (contact details redacted)."""

    session_id: str
    summary: str


def cart_out(session_id: str, view: Any) -> dict[str, Any]:
    return {"session_id": session_id, **view.to_json()}
