"""One fake of each stage (and of the assistant the UI talks to), shared by the tests.

They are small, deterministic and record what they were called with, so a test can check what
one stage handed the next. `fake_stages()` wires all five over the small catalog; conftest hands
them out as the `fake_stages` fixture. Real stages over the same catalog are the `small_stages`
fixture (tests/conftest.py).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from assistant.core.pipeline import Stages
from assistant.core.types import (
    Candidate,
    CartItem,
    CartView,
    Constraints,
    DialogueState,
    Intent,
    ParsedQuery,
    ProductCard,
    Ranked,
    Reason,
    Reply,
)
from retrieval.catalog.product import Product
from retrieval.search.filters import Filters
from tests.fixtures import small_catalog


class FakeParser:
    """Reads each message as its own query: `intents` says the intent of a message (SEARCH
    otherwise), `filters` its hard constraints (none otherwise). Records the messages."""

    def __init__(self, intents: Mapping[str, Intent] | None = None,
                 filters: Mapping[str, Filters] | None = None) -> None:
        self.intents = dict(intents or {})
        self.filters = dict(filters or {})
        self.calls: list[str] = []

    def parse(self, message: str, state: DialogueState) -> ParsedQuery:
        self.calls.append(message)
        constraints = Constraints(query=message, filters=self.filters.get(message, Filters()))
        return ParsedQuery(message, self.intents.get(message, Intent.SEARCH), constraints)


class FakeRetriever:
    """The products whose title holds a word of the query and that meet every filter, in catalog
    order. Records each query it was asked."""

    def __init__(self, products: Sequence[Product]) -> None:
        self.products = list(products)
        self.calls: list[ParsedQuery] = []

    def retrieve(self, query: ParsedQuery) -> list[Candidate]:
        self.calls.append(query)
        words = set(re.findall(r"[a-z0-9]+", query.constraints.query.lower()))
        return [Candidate(p, lexical_score=1.0) for p in self.products
                if words & set(re.findall(r"[a-z0-9]+", p.title.lower())) and query.constraints.filters.matches(p)]


class FakeRanker:
    """Keeps the retrieval order; the i-th candidate scores 1 / (i + 1), all of it "lexical"."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def rank(self, query: ParsedQuery, candidates: Sequence[Candidate]) -> list[Ranked]:
        self.calls.append([c.product.id for c in candidates])
        return [Ranked(c, 1.0 / (i + 1), {"lexical": 1.0 / (i + 1)}) for i, c in enumerate(candidates)]


class FakeExplainer:
    """"Reason for <title>." per product; records the ids of each page it explained."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def explain(self, query: ParsedQuery, ranked: Sequence[Ranked]) -> list[Reason]:
        self.calls.append([r.product.id for r in ranked])
        return [Reason(r.product.id, f"Reason for {r.product.title}.", source="fake") for r in ranked]


class FakeResponder:
    """A numbered list of the page (`results` products from the state's page start), recorded in
    the state as TextResponder records it. `lookup` finds products by id, as the real one's does."""

    def __init__(self, lookup: Callable[[str], Product | None], results: int = 3) -> None:
        self.lookup = lookup
        self.results = results
        self.calls: list[tuple[ParsedQuery, list[str], list[str]]] = []

    def reply(self, query: ParsedQuery, ranked: Sequence[Ranked], reasons: Sequence[Reason],
              state: DialogueState) -> Reply:
        self.calls.append((query, [r.product.id for r in ranked], [r.product_id for r in reasons]))
        state.turns += 1
        state.constraints = query.constraints
        start = state.offset + len(state.shown) if query.intent is Intent.SHOW_MORE else 0
        page = list(ranked[start : start + self.results])
        why = {r.product_id: r.text for r in reasons}
        cards = tuple(ProductCard(r.product.id, r.product.title, r.product.brand, r.product.price, r.product.colour,
                                  r.product.product_type, r.product.image_url, why.get(r.product.id, ""))
                      for r in page)
        state.offset, state.shown = start, [c.id for c in cards]
        state.shown_prices, state.reasons = [c.price for c in cards], [c.reason for c in cards]
        text = "\n".join([f"{len(cards)} results for {query.constraints.query}:",
                          *(f"{i}. {c.title}" for i, c in enumerate(cards, 1))])
        return Reply(text, cards, query.intent, query.constraints)


def fake_stages(products: Sequence[Product] | None = None, shown: int = 3, **stages) -> Stages:
    """The five fakes over `products` (the small catalog by default); keyword arguments replace stages."""
    products = list(products if products is not None else small_catalog())
    by_id = {p.id: p for p in products}
    base = Stages(parser=FakeParser(), retriever=FakeRetriever(products), ranker=FakeRanker(),
                  explainer=FakeExplainer(), responder=FakeResponder(by_id.get, results=shown), shown=shown)
    return replace(base, **stages)


EVIL_TITLE = '<script>alert("pwned")</script> Mouse'


class FakeAssistant:
    """What the UI talks to, scripted: two cards per search, a turn count per session, "compare…"
    answers with a table, "evil" puts HTML in a title and "boom" raises."""

    def __init__(self) -> None:
        self.turns: dict[str, int] = {}
        self.calls: list[tuple[str, str]] = []
        self.feedback_calls: list[tuple[str, str, bool]] = []
        self.carts: dict[str, dict[str, int]] = {}  # session -> product id -> quantity
        self._lock = threading.Lock()  # gradio calls from worker threads

    def respond(self, message: str, session_id: str) -> Reply:
        with self._lock:
            self.calls.append((message, session_id))
            if message == "boom":
                raise RuntimeError("index exploded: /secret/path/store.db")
            self.turns[session_id] = self.turns.get(session_id, 0) + 1
            turn = self.turns[session_id]
        if message.startswith("compare"):
            table = (("", "#1 Logitech M185", "#2 HP Z3700"), ("Price", "$14.99", "price not listed"))
            return Reply(f"Turn {turn}: compared.", intent=Intent.COMPARE, table=table)
        first = EVIL_TITLE if message == "evil" else "Logitech M185 Wireless Mouse"
        cards = (
            ProductCard("p1", first, "Logitech", 14.99, "grey", "mouse", "", "Cheap and wireless.",
                        (("lexical", 0.02), ("dense", 0.01))),
            ProductCard(
                "p2", "HP Z3700 Mouse", "HP", None, "silver", "mouse",
                "https://images.icecat.biz/img/p2.jpg", "Slim, fits a laptop bag.",
            ),
        )
        return Reply(text=f"Turn {turn}: here are 2 mice for '{message}'.", cards=cards)

    def feedback(self, session_id: str, product_id: str, liked: bool):
        with self._lock:
            self.feedback_calls.append((session_id, product_id, liked))

    def reset(self, session_id: str) -> bool:
        with self._lock:
            self.carts.pop(session_id, None)
            return self.turns.pop(session_id, None) is not None

    PRICES = {"p1": ("Logitech M185 Wireless Mouse", 14.99), "p2": ("HP Z3700 Mouse", None)}

    def cart(self, session_id: str) -> CartView:
        with self._lock:
            lines = dict(self.carts.get(session_id, {}))
        items = tuple(CartItem(pid, self.PRICES[pid][0], "", q, self.PRICES[pid][1],
                               None if self.PRICES[pid][1] is None else round(q * self.PRICES[pid][1], 2))
                      for pid, q in lines.items())
        return CartView(items, round(sum(i.line_total or 0 for i in items), 2))

    def add_to_cart(self, session_id: str, product_id: str, quantity: int = 1) -> CartView:
        if product_id not in self.PRICES:
            raise LookupError(f"no product with id {product_id!r} in the catalog")
        with self._lock:
            cart = self.carts.setdefault(session_id, {})
            cart[product_id] = cart.get(product_id, 0) + quantity
        return self.cart(session_id)
