"""The small typed records that flow between the five stages.

    message ─▶ parse ─▶ ParsedQuery ─▶ retrieve ─▶ list[Candidate] ─▶ rank ─▶ list[Ranked]
            ─▶ explain ─▶ list[Reason] ─▶ reply ─▶ Reply
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

from retrieval.filters import Filters
from retrieval.candidate import Candidate  # noqa: F401  (re-exported: the retrieve stage's output)
from retrieval.product import Product


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
    sort: str = ""  # "", "price_asc", "price_desc", "newest"

    def with_(self, **changes) -> "Constraints":
        return replace(self, **changes)


@dataclass(frozen=True)
class ParsedQuery:
    """The parse stage's reading of one message, already merged with the dialogue state."""

    text: str
    intent: Intent
    constraints: Constraints
    references: tuple[int, ...] = ()  # 0-based positions in the last shown results


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


@dataclass(frozen=True)
class Reply:
    """What one turn returns to the shopper: text plus cards that the text agrees with."""

    text: str
    cards: tuple[ProductCard, ...] = ()
    intent: Intent = Intent.SEARCH
    constraints: Constraints = field(default_factory=Constraints)


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
