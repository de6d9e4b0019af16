"""How one message changes the accumulated constraints: stack, replace, or reset."""

from __future__ import annotations

from assistant.types import Constraints, DialogueState, Intent
from retrieval.filters import Filters

# Intents that act on what was shown and leave the request itself unchanged.
_KEEP = {Intent.SMALL_TALK, Intent.HELP, Intent.HUMAN_AGENT, Intent.FEEDBACK, Intent.COMPARE,
         Intent.ASK_PRODUCT, Intent.SHOW_MORE}


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
    return Filters(
        price_min=price_min,
        price_max=price_max,
        brands=brands,
        exclude_brands=exclude,
        colours=new.colours or old.colours,
        product_types=new.product_types or old.product_types,
    )


def merge_constraints(state: DialogueState, intent: Intent, words: str, said: Filters, sort: str) -> Constraints:
    """The constraints after this message, given what it said (`words`, `said`, `sort`)."""
    prev = state.constraints
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
        query = f"{prev.query} {words}".strip() if words else prev.query
        return Constraints(query=query, filters=stack_filters(prev.filters, said), sort=sort or prev.sort)
    return Constraints(query=words, filters=said, sort=sort)


def page_start(intent: Intent, state: DialogueState) -> int:
    """Where in the ranked list this turn's page begins: after the last page on "show more"."""
    return state.offset + len(state.shown) if intent is Intent.SHOW_MORE else 0
