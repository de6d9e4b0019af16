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
