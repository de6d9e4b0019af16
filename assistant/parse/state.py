"""How one message changes the accumulated constraints (stack, replace, or reset), and how a
reference ("the second one", "the Dell", "the black one") finds a product that was shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.core.types import Constraints, DialogueState, Intent
from retrieval.catalog.product import Product
from retrieval.search.filters import Filters, norm_key

# Intents that act on what was shown and leave the request itself unchanged.
_KEEP = {Intent.SMALL_TALK, Intent.HELP, Intent.HUMAN_AGENT, Intent.FEEDBACK, Intent.COMPARE,
         Intent.ASK_PRODUCT, Intent.SHOW_MORE}


@dataclass(frozen=True)
class Soft:
    """What a message says beyond the hard filters: soft constraints passed to ranking and text."""

    product_type: str = ""
    specs: tuple[str, ...] = ()
    rating_min: float | None = None
    reviews_min: int | None = None
    reviews_max: int | None = None


def stack_filters(old: Filters, new: Filters) -> Filters:
    """`new` on top of `old`: a bound or list the message states replaces the earlier one."""
    brands, exclude = old.brands, old.exclude_brands
    if new.brands:
        brands = new.brands
        exclude = tuple(b for b in exclude if b not in new.brands)
    if new.exclude_brands:
        exclude = tuple(dict.fromkeys(exclude + new.exclude_brands))
        brands = tuple(b for b in brands if b not in new.exclude_brands)
    price_min = new.price_min if new.price_min is not None else old.price_min
    price_max = new.price_max if new.price_max is not None else old.price_max
    if price_min is not None and price_max is not None and price_min > price_max:
        # The newer bound wins; the older one on the other side no longer makes sense.
        if new.price_max is not None:
            price_min = None
        else:
            price_max = None
    colours, not_colours = new.colours or old.colours, old.exclude_colours
    if new.colours:
        not_colours = tuple(c for c in not_colours if c not in new.colours)
    if new.exclude_colours:
        not_colours = tuple(dict.fromkeys(not_colours + new.exclude_colours))
        colours = tuple(c for c in colours if c not in new.exclude_colours)
    return Filters(
        price_min=price_min,
        price_max=price_max,
        brands=brands,
        exclude_brands=exclude,
        colours=colours,
        exclude_colours=not_colours,
        product_types=new.product_types or old.product_types,
        kinds=new.kinds or old.kinds,
    )


def _spec_unit(spec: str) -> str:
    return spec.split(" ", 1)[1] if " " in spec else spec


def stack_soft(prev: Constraints, soft: Soft) -> dict:
    """Soft constraints on top of the earlier ones: a spec replaces an earlier one of its unit."""
    units = {_spec_unit(s) for s in soft.specs}
    return dict(
        product_type=soft.product_type or prev.product_type,
        specs=tuple(s for s in prev.specs if _spec_unit(s) not in units) + soft.specs,
        rating_min=soft.rating_min if soft.rating_min is not None else prev.rating_min,
        reviews_min=soft.reviews_min if soft.reviews_min is not None else prev.reviews_min,
        reviews_max=soft.reviews_max if soft.reviews_max is not None else prev.reviews_max,
    )


def merge_constraints(state: DialogueState, intent: Intent, words: str, said: Filters, sort: str,
                      soft: Soft | None = None) -> Constraints:
    """The constraints after this message, given what it said (`words`, `said`, `sort`, `soft`)."""
    prev = state.constraints
    soft = soft or Soft()
    if intent is Intent.START_OVER:
        return Constraints()
    if intent in _KEEP:
        return prev
    if intent is Intent.CHEAPER:
        prices = [p for p in state.shown_prices if p is not None]
        if not prices:
            return prev.with_(sort="price_asc")
        return prev.with_(filters=stack_filters(prev.filters, Filters(price_max=round(min(prices) - 0.01, 2))))
    if intent is Intent.PRICIER:
        prices = [p for p in state.shown_prices if p is not None]
        if not prices:
            return prev.with_(sort="price_desc")
        return prev.with_(filters=stack_filters(prev.filters, Filters(price_min=round(max(prices) + 0.01, 2))))
    if intent is Intent.REFINE:
        new_words = [w for w in words.split() if w not in prev.query.split()]
        query = " ".join([prev.query] + new_words).strip()
        search = " ".join([prev.search] + new_words).strip() if prev.search else ""
        return Constraints(query=query, search=search, filters=stack_filters(prev.filters, said), sort=sort or prev.sort,
                           **stack_soft(prev, soft))
    return Constraints(query=words, filters=said, sort=sort, product_type=soft.product_type, specs=soft.specs,
                       rating_min=soft.rating_min, reviews_min=soft.reviews_min, reviews_max=soft.reviews_max)


def is_new_topic(state: DialogueState, product_type: str, words: list[str], fragment: bool,
                 describes: Callable[[str, list[str]], bool] | None = None) -> bool:
    """Whether a product request starts over rather than refining the current one.

    A request that names a different product type is a new topic; one that names the same type,
    or no type and reads as a fragment ("only HP", "in black", "under 1000"), refines, as does one
    whose words all describe the current kind (`describes`, see assistant/parse/kind_words.py):
    "wireless" after "keyboard", "bigger screen" after "monitor".
    """
    prev = state.constraints
    if not prev.query and prev.filters.is_empty():
        return True
    if product_type:
        return product_type != prev.product_type
    if not words or fragment:
        return False
    return not (describes is not None and prev.product_type and describes(prev.product_type, words))


def page_start(intent: Intent, state: DialogueState) -> int:
    """Where in the ranked list this turn's page begins: after the last page on "show more"."""
    return state.offset + len(state.shown) if intent is Intent.SHOW_MORE else 0


_CHEAPEST = re.compile(r"\b(cheapest|cheaper|least expensive|lowest price)\b", re.I)
_COMPARATIVE = re.compile(r"\b(cheaper|less expensive|pricier|more expensive|dearer)\b", re.I)
_PRICIEST = re.compile(r"\b(most expensive|pricier|priciest|more expensive|dearest)\b", re.I)


def superlative(phrase: str) -> str:
    """"cheapest" or "dearest" where `phrase` picks a product by price ("the cheapest one", "the most
    expensive"), else ""."""
    return "cheapest" if _CHEAPEST.search(phrase) else "dearest" if _PRICIEST.search(phrase) else ""


def mentioned_positions(phrase: str, brands: list[str], colours: list[str], state: DialogueState,
                        lookup: Callable[[str], Product | None] | None) -> tuple[int, ...]:
    """Positions of shown products that `phrase` names by brand, colour or price ("the Dell",
    "the black one", "the cheapest one"); () when it names none of them."""
    positions: list[int] = []
    if brands or colours:
        if lookup is None:
            return ()
        for i, pid in enumerate(state.shown):
            product = lookup(pid)
            if product is None:
                continue
            if brands and norm_key(product.brand) not in brands:
                continue
            if colours and not set(colours) & set(product.colours):
                continue
            positions.append(i)
        return tuple(positions)
    prices = [(p, i) for i, p in enumerate(state.shown_prices) if p is not None]
    if state.compared and _COMPARATIVE.search(phrase):  # "the cheaper one" of the two just compared
        prices = [(p, i) for p, i in prices if i in state.compared] or prices
    if prices and _CHEAPEST.search(phrase):
        return (min(prices)[1],)
    if prices and _PRICIEST.search(phrase):
        return (max(prices)[1],)
    return ()
