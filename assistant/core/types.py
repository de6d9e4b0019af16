"""The small typed records that flow between the five stages.

    message ─▶ parse ─▶ ParsedQuery ─▶ retrieve ─▶ list[Candidate] ─▶ rank ─▶ list[Ranked]
            ─▶ explain ─▶ list[Reason] ─▶ reply ─▶ Reply
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

from retrieval.catalog.product import Product
from retrieval.search.candidate import Candidate  # noqa: F401  (re-exported: the retrieve stage's output)
from retrieval.search.filters import Filters


class Intent(str, Enum):
    SEARCH = "search"
    REFINE = "refine"
    COMPARE = "compare"
    ASK_PRODUCT = "ask_product"
    SHOW_MORE = "show_more"
    CHEAPER = "cheaper"
    PRICIER = "pricier"
    START_OVER = "start_over"
    SMALL_TALK = "small_talk"
    HELP = "help"
    HUMAN_AGENT = "human_agent"
    FEEDBACK = "feedback"
    CART = "cart"  # add to, change, show or empty the cart, or check out (assistant/dialogue/cart_turn.py)
    POLICY = "policy"  # a question about the shop's policies, answered from its document (assistant/policies)


@dataclass(frozen=True)
class Constraints:
    """What the shopper asked for, accumulated over the dialogue.

    `filters` are hard: every product shown satisfies them. `query` is the free text that
    retrieval matches against titles and descriptions.
    """

    query: str = ""
    filters: Filters = field(default_factory=Filters)
    # What retrieval searches for where it is not the shopper's own words: a need's products ("my
    # wifi doesn't reach the bedroom" searches "wifi repeater"). Reasons and replies read `query`.
    search: str = ""
    sort: str = ""  # "", "price_asc", "price_desc", "newest", "rating_desc", "popular"
    # Soft constraints (helper-parser): read from the message, never hard filters here.
    product_type: str = ""  # canonical kind ("laptop"); retrieval keeps to it (assistant/retrieve)
    specs: tuple[str, ...] = ()  # size/capacity specs, normalised: "17 inch", "1 tb", "16 gb ram"
    rating_min: float | None = None  # stars (0-5); applies only where a catalog has ratings
    reviews_min: int | None = None  # review count bounds; likewise
    reviews_max: int | None = None

    def with_(self, **changes) -> Constraints:
        return replace(self, **changes)

    @property
    def searched(self) -> str:
        """The text retrieval and ranking match: `search` where a need set one, else `query`."""
        return self.search or self.query


@dataclass(frozen=True)
class ParsedQuery:
    """The parse stage's reading of one message, already merged with the dialogue state."""

    text: str
    intent: Intent
    constraints: Constraints
    references: tuple[int, ...] = ()  # 0-based positions in the last shown results
    liked: tuple[str, ...] = ()  # product ids the shopper liked (copied from the state; the ranker reads them)
    disliked: tuple[str, ...] = ()  # product ids the shopper disliked
    absent_brands: tuple[str, ...] = ()  # brands asked for that the catalog does not carry ("gucci")
    suggested_kinds: tuple[str, ...] = ()  # kinds to offer when the request could mean several (a gift)


@dataclass(frozen=True)
class Ranked:
    """A candidate with its final score and what the score is made of."""

    candidate: Candidate
    score: float
    contributions: dict[str, float] = field(default_factory=dict)  # feature name -> share of score

    @property
    def product(self) -> Product:
        return self.candidate.product


@dataclass(frozen=True)
class Reason:
    """Why one product is recommended, in words a shopper reads."""

    product_id: str
    text: str
    evidence: tuple[str, ...] = ()  # the facts the text rests on
    source: str = "template"  # "template" or the generator's name


@dataclass(frozen=True)
class ProductCard:
    id: str
    title: str
    brand: str
    price: float | None
    colour: str
    product_type: str
    image_url: str
    reason: str
    # (feature, contribution) pairs behind the card's rank, largest first: the "why this?" evidence
    ranking: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Reply:
    """What one turn returns to the shopper: text plus cards that the text agrees with."""

    text: str
    cards: tuple[ProductCard, ...] = ()
    intent: Intent = Intent.SEARCH
    constraints: Constraints = field(default_factory=Constraints)
    relaxed: str = ""  # the constraint dropped to show the closest products ("the price limit"); "" if none
    table: tuple[tuple[str, ...], ...] = ()  # a comparison table, header row first; () when none
    handoff: str = ""  # the conversation summary passed to a human agent; "" when not handed off
    cart: CartView | None = None  # the cart after a cart turn; None on other turns


@dataclass
class DialogueState:
    """What the assistant remembers between turns; read by parse, written by reply."""

    constraints: Constraints = field(default_factory=Constraints)
    shown: list[str] = field(default_factory=list)  # product ids of the last cards, in order
    shown_prices: list[float | None] = field(default_factory=list)  # their prices, for "cheaper"
    offset: int = 0  # how many ranked results of the current request were already shown
    liked: list[str] = field(default_factory=list)  # product ids the shopper liked
    disliked: list[str] = field(default_factory=list)  # product ids the shopper disliked
    turns: int = 0
    reasons: list[str] = field(default_factory=list)  # the reason on each shown card, in order
    failures: int = 0  # turns in a row in which the shopper got nothing useful (handoff after a few)
    asked: str = ""  # what the assistant last asked the shopper ("clarify"), "" when nothing
    compared: list[int] = field(default_factory=list)  # positions of the shown products last compared
    discussed: int | None = None  # position of the shown product last asked about ("compare it with...")
    cart_shown: bool = False  # the last reply listed the cart: "remove the second one" counts in it


# -- the cart: kept with the session, outside the dialogue state ("start over" keeps it) ----------

@dataclass(frozen=True)
class CartLine:
    """One product in a session's cart as stored: its price when it was added (or last shown)."""

    product_id: str
    quantity: int
    unit_price: float | None
    title: str = ""
    brand: str = ""


@dataclass(frozen=True)
class CartItem:
    """A cart line as shown, its price re-checked against the catalog."""

    product_id: str
    title: str
    brand: str
    quantity: int
    unit_price: float | None  # the catalog's price now; None when it has no price
    line_total: float | None
    was_price: float | None = None  # the price it had when last shown, where it changed since
    available: bool = True  # False when the product left the catalog (it counts in no total)

    def to_json(self) -> dict:
        return {"product_id": self.product_id, "title": self.title, "brand": self.brand, "quantity": self.quantity,
                "unit_price": self.unit_price, "line_total": self.line_total, "was_price": self.was_price,
                "available": self.available}


@dataclass(frozen=True)
class CartView:
    """The cart with current prices: its items in the order added, the total of those available, and
    what changed since it was last shown ("The price of … changed from $X to $Y.")."""

    items: tuple[CartItem, ...] = ()
    total: float = 0.0
    changes: tuple[str, ...] = ()
    currency: str = "USD"

    @property
    def count(self) -> int:
        """How many units are in the cart."""
        return sum(i.quantity for i in self.items if i.available)

    def to_json(self) -> dict:
        return {"items": [i.to_json() for i in self.items], "count": self.count, "total": round(self.total, 2),
                "currency": self.currency, "changes": list(self.changes)}


@dataclass(frozen=True)
class Order:
    """The order summary handed to the merchant's system at checkout (no payment is taken here)."""

    order_id: str
    session_id: str
    created: str  # ISO 8601, UTC
    items: tuple[CartItem, ...]
    total: float
    currency: str = "USD"
    delivered_to: str = ""  # where the summary went: the webhook URL or the file

    def to_json(self) -> dict:
        return {"order_id": self.order_id, "session_id": self.session_id, "created": self.created,
                "items": [i.to_json() for i in self.items], "total": round(self.total, 2), "currency": self.currency,
                "delivered_to": self.delivered_to}
