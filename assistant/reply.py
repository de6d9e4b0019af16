"""The reply stage: text and product cards built from the same ranked list, so they always agree."""

from __future__ import annotations

from typing import Callable, Sequence

from assistant.explain import money
from assistant.state import page_start
from assistant.types import DialogueState, Intent, ParsedQuery, ProductCard, Ranked, Reason, Reply
from retrieval.filters import Filters
from retrieval.product import Product

HELP_TEXT = (
    "Tell me what you are shopping for, e.g. “a wireless mouse under $30” or “HP toner cartridge”. "
    "Then refine (“only black ones”, “not HP”, “cheaper”), ask for “more”, "
    "“compare the first two”, “tell me about the second one”, or say “start over”."
)


def describe_filters(f: Filters) -> str:
    """The hard constraints in words: "under $30, by HP, in black"."""
    parts = []
    if f.price_min is not None and f.price_max is not None:
        parts.append(f"between {money(f.price_min)} and {money(f.price_max)}")
    elif f.price_max is not None:
        parts.append(f"under {money(f.price_max)}")
    elif f.price_min is not None:
        parts.append(f"over {money(f.price_min)}")
    if f.brands:
        parts.append("by " + " or ".join(b.title() if len(b) > 3 else b.upper() for b in f.brands))
    if f.exclude_brands:
        parts.append("not " + " or ".join(b.title() if len(b) > 3 else b.upper() for b in f.exclude_brands))
    if f.colours:
        parts.append("in " + " or ".join(f.colours))
    return ", ".join(parts)


def card(product: Product, reason: str) -> ProductCard:
    return ProductCard(product.id, product.title, product.brand, product.price, product.colour,
                       product.product_type, product.image_url, reason)


class TextResponder:
    """Writes the reply text and cards, and records in `state` what was shown."""

    def __init__(self, lookup: Callable[[str], Product | None], results: int = 5) -> None:
        self.lookup = lookup
        self.results = results

    def reply(self, query: ParsedQuery, ranked: Sequence[Ranked], reasons: Sequence[Reason],
              state: DialogueState) -> Reply:
        state.turns += 1
        intent = query.intent
        if intent in (Intent.COMPARE, Intent.ASK_PRODUCT, Intent.FEEDBACK):
            return self._about_shown(query, state)
        state.constraints = query.constraints
        if intent is Intent.HELP:
            return Reply(HELP_TEXT, intent=intent, constraints=query.constraints)
        if intent is Intent.SMALL_TALK:
            return Reply("Hello! " + HELP_TEXT, intent=intent, constraints=query.constraints)
        if intent is Intent.HUMAN_AGENT:
            return Reply("I'll pass you to a human agent. They will see this conversation so far.",
                         intent=intent, constraints=query.constraints)
        if intent is Intent.START_OVER:
            state.shown, state.shown_prices, state.offset = [], [], 0
            return Reply("Sure, let's start over. What are you looking for?", intent=intent, constraints=query.constraints)

        start = page_start(intent, state)
        page = list(ranked[start : start + self.results])
        by_id = {r.product_id: r.text for r in reasons}
        cards = tuple(card(r.product, by_id.get(r.product.id, "")) for r in page)
        state.offset = start
        state.shown = [c.id for c in cards]
        state.shown_prices = [c.price for c in cards]
        return Reply(self._text(query, cards, more=intent is Intent.SHOW_MORE), cards, intent, query.constraints)

    def _text(self, query: ParsedQuery, cards: tuple[ProductCard, ...], more: bool) -> str:
        what = query.constraints.query or "products"
        conditions = describe_filters(query.constraints.filters)
        asked = f"“{what}”" + (f" {conditions}" if conditions else "")
        if not cards:
            if more:
                return f"That's everything I found for {asked}."
            return f"I couldn't find anything for {asked}. Try a wider budget, another brand or fewer words."
        lead = "Here are more results" if more else f"Here {'is' if len(cards) == 1 else 'are'} {len(cards)} match{'' if len(cards) == 1 else 'es'}"
        lines = [f"{lead} for {asked}:"]
        for i, c in enumerate(cards, start=1):
            price = money(c.price) if c.price is not None else "price not listed"
            lines.append(f"{i}. {c.title} ({price})")
        return "\n".join(lines)

    def _about_shown(self, query: ParsedQuery, state: DialogueState) -> Reply:
        """Compare or describe shown products from their records alone."""
        picked = []
        for pos in query.references or (0,):
            if -len(state.shown) <= pos < len(state.shown):
                product = self.lookup(state.shown[pos])
                if product:
                    picked.append(product)
        if not picked:
            return Reply("Which product do you mean? Search for something first, then say e.g. “the second one”.",
                         intent=query.intent, constraints=state.constraints)
        lines = []
        for p in picked:
            facts = [f"brand {p.brand}" if p.brand else "", money(p.price) if p.price is not None else "price not listed",
                     f"colour {p.colour}" if p.colour else "", f"type {p.product_type}" if p.product_type else ""]
            facts += [f"{k}: {v}" for k, v in list(p.specs.items())[:4]]
            lines.append(f"• {p.title}: " + "; ".join(x for x in facts if x) + ".")
        lead = "Here is how they compare, from the product records:" if len(picked) > 1 else "From the product record:"
        cards = tuple(card(p, "") for p in picked)
        return Reply("\n".join([lead, *lines]), cards, query.intent, state.constraints)
