"""The assistant as MCP tools, on the official SDK's `MCPServer` (FastMCP in mcp 1.x).

    search_products   a stateless search with filters          get_product      one catalog record
    compare_products  2-4 records side by side                 chat             one turn of a session
    view_cart, add_to_cart, set_cart_quantity, remove_from_cart, empty_cart, checkout   the session's cart
    store_policy      an answer from the shop's policy document
    handoff           the summary a human agent gets for a session

Every tool is a thin adapter over the same `Assistant` the chat UI and /v1 use. Inputs are typed
(the SDK publishes their JSON schema and validates them); outputs are pydantic models, sent as
`structuredContent` with their schema. A bad argument (empty query, unknown product, quantity 0,
malformed session id) is a `ToolError`: the client gets `isError: true` and a message that names
the value and says what to do.
"""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field

from assistant.dialogue.checkout import CheckoutError
from ui.api.bodies import ChatResponse
from ui.mcp.models import (
    CartOut,
    Comparison,
    HandoffOut,
    Message,
    OrderOut,
    PolicyOut,
    ProductId,
    ProductRecord,
    Query,
    Question,
    SearchResult,
    SessionId,
    cart_out,
)
from ui.mcp.search import SearchFilters, filtered_search, summary
from ui.payload import constraints_json, product_json, reply_payload

INSTRUCTIONS = (
    "A shopping assistant over one product catalog. Find products with search_products (filters are hard: every "
    "result meets them) or hold a conversation with chat (one session id per shopper: refinements such as "
    "\"only black ones\" build on earlier turns). Use the product ids results give for get_product, "
    "compare_products and the cart tools. store_policy answers shipping, returns and warranty questions from the "
    "shop's own policy document; handoff passes a session to a human agent."
)
READ_ONLY = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)
SESSION_WRITE = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)

Price = Annotated[float | None, Field(ge=0, description="USD; null: no bound (or the bound the query text names)")]
Limit = Annotated[int, Field(ge=1, le=20, description="How many products to return, best first")]
Quantity = Annotated[int, Field(ge=1, le=99, description="Units to add")]


def record(p) -> dict[str, Any]:
    return {"id": p.id, "title": p.title, "brand": p.brand, "price": p.price, "colour": p.colour,
            "colours": list(p.colours), "kind": p.kind, "kind_for": p.kind_for, "product_type": p.product_type,
            "description": p.description, "specs": dict(p.specs), "image_url": p.image_url, "released": p.released}


def _lookup(assistant, product_id: str):
    product = assistant.product(product_id)
    if product is None:
        raise ToolError(f"no product with id {product_id!r} in the catalog; use an id from search_products or chat")
    return product


def _call(fn, *args, **kwargs):
    """`fn(...)` with the assistant's own errors for bad input (LookupError, ValueError) and a checkout
    the shop's system refused (CheckoutError) as tool errors, whose messages the client sees."""
    try:
        return fn(*args, **kwargs)
    except LookupError as err:
        raise ToolError(str(err).strip("'\"")) from err
    except (ValueError, CheckoutError) as err:
        raise ToolError(str(err)) from err


def build_mcp(assistant, name: str = "shopassist") -> MCPServer:
    """The MCP server of `assistant` (an `assistant.Assistant`); run it with `serve_stdio` or wrap
    `streamable_http_app()` for HTTP (ui/mcp/http.py)."""
    mcp = MCPServer(name, title="Shopping assistant", instructions=INSTRUCTIONS, log_level="WARNING")

    @mcp.tool(annotations=READ_ONLY, title="Search products")
    def search_products(query: Query, max_price: Price = None, min_price: Price = None,
                        brand: Annotated[str | None, Field(max_length=100, examples=["Logitech"])] = None,
                        colour: Annotated[str | None, Field(max_length=40, examples=["black"])] = None,
                        kind: Annotated[str | None, Field(max_length=60, description="What the product is: "
                                                          "\"mouse\", \"laptop\", \"toner cartridge\"")] = None,
                        limit: Limit = 5) -> SearchResult:
        """Search the catalog without a session: the best products for `query`, each with a reason.

        The query is read as the chat reads it ("wireless mouse under $30"); the filter arguments are
        laid over it (an argument wins over the text) and are hard: every product returned meets them.
        Nothing is relaxed, so an empty list means nothing matches.
        """
        filters = SearchFilters(min_price, max_price, brand, colour, kind)
        parsed, cards = _call(filtered_search, assistant, query, filters, limit)
        return SearchResult(summary=summary(parsed, len(cards)), constraints=constraints_json(parsed.constraints),
                            products=[product_json(c) for c in cards])

    @mcp.tool(annotations=READ_ONLY, title="Get a product")
    def get_product(product_id: ProductId) -> ProductRecord:
        """The full catalog record of one product: title, brand, price, colours, kind, description, specs."""
        return ProductRecord(**record(_lookup(assistant, product_id)))

    @mcp.tool(annotations=READ_ONLY, title="Compare products")
    def compare_products(product_ids: Annotated[list[ProductId], Field(min_length=2, max_length=4)]) -> Comparison:
        """2 to 4 products side by side from their records (price, brand, colour, type, the specs they
        share), as the chat compares them, with the plain differences (which is cheaper, by how much)."""
        from assistant.reply.records import compare

        if len(set(product_ids)) < len(product_ids):
            raise ToolError(f"product_ids has the same id twice ({product_ids}); give 2 to 4 different products")
        products = [_lookup(assistant, pid) for pid in product_ids]
        text, table = compare(products, range(len(products)), [""] * len(products))
        # The chat's closing hint ("Say “tell me more about the first one” ...") is for a shopper, not a tool.
        text = "\n".join(line for line in text.splitlines() if not line.startswith("Say “")).rstrip()
        return Comparison(products=[ProductRecord(**record(p)) for p in products], table=[list(r) for r in table],
                          text=text)

    @mcp.tool(annotations=SESSION_WRITE, title="Chat")
    def chat(session_id: SessionId, message: Message) -> ChatResponse:
        """One turn of a conversation, as the chat UI has it: the reply text, the products it shows (each
        with a reason), what was understood, and the session's state. The session is created on first
        use and remembers earlier turns ("only black ones", "compare the first two", "add it to my cart")."""
        reply = _call(assistant.respond, message, session_id)
        return ChatResponse(**reply_payload(reply, session_id, assistant.state(session_id)))

    _cart_tools(mcp, assistant)

    @mcp.tool(annotations=READ_ONLY, title="Store policy")
    def store_policy(question: Question) -> PolicyOut:
        """An answer to a question about the shop's policies (shipping, returns, warranty, payment) from
        its policy document, with the section and passage it rests on; `answered` is false when the
        document does not cover it."""
        answer = _call(assistant.policy_answer, question)
        return PolicyOut(question=answer.question, answered=answer.answered, text=answer.text,
                         section=answer.section, passage=answer.passage, score=answer.score)

    @mcp.tool(annotations=SESSION_WRITE, title="Hand off to a human")
    def handoff(session_id: SessionId) -> HandoffOut:
        """Pass a session to a human agent: the summary they get (the request, products shown, likes,
        the shopper's latest messages), contact details redacted."""
        return HandoffOut(session_id=session_id, summary=_call(assistant.handoff, session_id))

    return mcp


def _cart_tools(mcp: MCPServer, assistant) -> None:
    @mcp.tool(annotations=READ_ONLY, title="View the cart")
    def view_cart(session_id: SessionId) -> CartOut:
        """A session's cart at current catalog prices, with what changed since it was last shown."""
        return CartOut(**cart_out(session_id, _call(assistant.cart, session_id)))

    @mcp.tool(annotations=SESSION_WRITE, title="Add to the cart")
    def add_to_cart(session_id: SessionId, product_id: ProductId, quantity: Quantity = 1) -> CartOut:
        """Add `quantity` units of a product to a session's cart (more of one already there adds up)."""
        return CartOut(**cart_out(session_id, _call(assistant.add_to_cart, session_id, product_id, quantity)))

    @mcp.tool(annotations=SESSION_WRITE, title="Set a quantity in the cart")
    def set_cart_quantity(session_id: SessionId, product_id: ProductId,
                          quantity: Annotated[int, Field(ge=0, le=99, description="Units; 0 removes it")]) -> CartOut:
        """Set how many units of a product the cart holds; 0 removes it."""
        return CartOut(**cart_out(session_id, _call(assistant.set_cart_quantity, session_id, product_id, quantity)))

    @mcp.tool(annotations=SESSION_WRITE, title="Remove from the cart")
    def remove_from_cart(session_id: SessionId, product_id: ProductId) -> CartOut:
        """Take a product out of a session's cart."""
        return CartOut(**cart_out(session_id, _call(assistant.remove_from_cart, session_id, product_id)))

    @mcp.tool(annotations=ToolAnnotations(destructive_hint=True, open_world_hint=False), title="Empty the cart")
    def empty_cart(session_id: SessionId) -> CartOut:
        """Remove everything from a session's cart."""
        return CartOut(**cart_out(session_id, _call(assistant.empty_cart, session_id)))

    @mcp.tool(annotations=ToolAnnotations(destructive_hint=True, open_world_hint=True), title="Check out")
    def checkout(session_id: SessionId) -> OrderOut:
        """Place the order: the cart becomes an order summary handed to the merchant's system (no payment
        is taken here) and the cart is emptied. An empty cart is an error."""
        return OrderOut(**_call(assistant.checkout, session_id).to_json())
