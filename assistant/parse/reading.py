"""Everything the rules read in one message (`read`): price, rating, review counts, specs, sort
order and colours, each with the span it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.parse.brands import NEGATION, polarity
from assistant.parse.measures import find_rating, find_reviews, find_sort, find_specs
from assistant.parse.prices import PriceRange, price_span, unreadable_amounts
from retrieval.catalog.colours import shopper_colours


def blank(text: str, spans) -> str:
    """`text` with each span replaced by spaces: later offsets stay valid."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


@dataclass(frozen=True)
class Reading:
    """Everything the rules read in one message; `spans` are (kind, start, end) in the text."""

    price: PriceRange | None = None
    rating_min: float | None = None
    reviews_min: int | None = None
    reviews_max: int | None = None
    specs: tuple[str, ...] = ()
    sort: str = ""
    colours: tuple[str, ...] = ()
    not_colours: tuple[str, ...] = ()  # "not black", "anything but white or grey"
    spans: tuple[tuple[str, int, int], ...] = ()


def read_rules(text: str) -> Reading:
    """Ratings and review counts first, so "at least 4.6 stars" is never read as a price."""
    spans: list[tuple[str, int, int]] = []
    rating, span = find_rating(text)
    if span:
        spans.append(("rating", *span))
    work = blank(text, [s[1:] for s in spans])
    low, high, span = find_reviews(work)
    if span:
        spans.append(("reviews", *span))
    work = blank(text, [s[1:] for s in spans])
    found = price_span(work)
    if found:
        spans.append(("price", *found[1]))
    work = blank(text, [s[1:] for s in spans])
    specs = find_specs(work)
    spans.extend(("spec", *s) for _, s in specs)
    sort, span = find_sort(text)
    if span:
        spans.append(("sort", *span))
    spans.extend(("junk", *span) for span in unreadable_amounts(text))
    colours, not_colours = [], []
    for colour, start, end, negated in colour_polarity(text):
        spans.append(("colour", start, end))
        (not_colours if negated else colours).append(colour)
    # A pattern may end in the spaces left by a blanked phrase: spans end at their last character.
    spans = [(kind, s, s + len(text[s:e].rstrip())) for kind, s, e in spans]
    return Reading(found[0] if found else None, rating, low, high, tuple(dict.fromkeys(s for s, _ in specs)),
                   sort, tuple(dict.fromkeys(colours)), tuple(dict.fromkeys(not_colours)),
                   tuple(sorted(spans, key=lambda s: s[1])))


_COLOUR_NEGATION = re.compile(NEGATION + r"(?:in\s+|in\s+the\s+|the\s+)?$", re.I)


def colour_polarity(text: str) -> list[tuple[str, int, int, bool]]:
    """(base colour, start, end, negated) for each colour named: "not black or white" negates both,
    as "not HP or Sony" does brands."""
    return polarity(shopper_colours(text), text, _COLOUR_NEGATION, window=24)




def find_colours(text: str) -> list[str]:
    """The base colours a message names, in order: "navy or charcoal" -> ["blue", "grey"]."""
    return list(dict.fromkeys(colour for colour, _, _ in shopper_colours(text)))
