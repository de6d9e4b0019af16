"""A stateless product search with explicit filters, for the `search_products` tool.

The query text is read by the assistant's own parser (so "wireless mouse under $30" means what it
means in the chat), then the tool's filter arguments are laid over what the parser found, field by
field: an argument given wins over the text ("mouse under $30" with `max_price=20` searches under
$20). The filters are the retrieval's hard `Filters`, so every product returned meets every one of
them (retrieval/search/filters.py); a `kind` is both the kind asked for and a hard filter. Then the
pipeline's own retrieve, rank and explain stages run, as `DialoguePolicy._rerun` does. Nothing is
relaxed when nothing matches: a tool caller asked for exactly these filters, so it gets an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.core.types import DialogueState, Intent, ParsedQuery, ProductCard
from assistant.reply.responder import asked_for, card
from retrieval.catalog.colours import colour_word
from retrieval.catalog.product_types import canonical_type
from retrieval.search.filters import Filters, norm_key


@dataclass(frozen=True)
class SearchFilters:
    """The tool's filter arguments; None (or "") leaves the field to what the query text says."""

    min_price: float | None = None
    max_price: float | None = None
    brand: str | None = None
    colour: str | None = None
    kind: str | None = None


def overlay(parsed: ParsedQuery, f: SearchFilters) -> ParsedQuery:
    """`parsed` with the filters given laid over its constraints; a ValueError names a bad one."""
    c = parsed.constraints
    changes: dict = {}
    if f.min_price is not None:
        changes["price_min"] = f.min_price
    if f.max_price is not None:
        changes["price_max"] = f.max_price
    if f.brand and f.brand.strip():
        key = norm_key(f.brand)
        changes["brands"] = (key,)
        changes["exclude_brands"] = tuple(b for b in c.filters.exclude_brands if b != key)
    if f.colour and f.colour.strip():
        base = colour_word(f.colour.strip())
        if base is None:
            raise ValueError(f"colour {f.colour!r} is not a colour I know; use a plain colour such as black, white, "
                             "grey, silver, red, blue or green")
        changes["colours"] = (base,)
        changes["exclude_colours"] = tuple(x for x in c.filters.exclude_colours if x != base)
    kind = canonical_type(f.kind.strip()) if f.kind and f.kind.strip() else ""
    if kind:
        changes["kinds"] = (kind,)
    price_min = changes.get("price_min", c.filters.price_min)
    price_max = changes.get("price_max", c.filters.price_max)
    if price_min is not None and price_max is not None and price_min > price_max:
        raise ValueError(f"min_price ({price_min:g}) is above max_price ({price_max:g}); swap them "
                         "(a price the query text names counts too)")
    filters: Filters = c.filters.with_(**changes)
    constraints = c.with_(filters=filters, product_type=kind or c.product_type)
    return replace(parsed, intent=Intent.SEARCH, constraints=constraints, references=())


def filtered_search(assistant, query: str, filters: SearchFilters, limit: int) -> tuple[ParsedQuery, list[ProductCard]]:
    """The `limit` best products for `query` under `filters` (a fresh dialogue: no session is read
    or written), as the cards the chat shows, each with its reason and ranking evidence."""
    stages = assistant.policy.stages
    parsed = overlay(stages.parser.parse(query, DialogueState()), filters)
    ranked = stages.ranker.rank(parsed, stages.retriever.retrieve(parsed))
    # As the chat's pages do: products of the kind asked for first, where the retriever added others.
    ranked = [r for r in ranked if r.candidate.of_asked_kind] or ranked
    page = ranked[:limit]
    reasons = {r.product_id: r.text for r in stages.explainer.explain(parsed, page)}
    return parsed, [card(r.product, reasons.get(r.product.id, ""), r.contributions) for r in page]


def summary(parsed: ParsedQuery, found: int) -> str:
    """"3 products for “wireless mouse” under $30.00, in black" (or "No products for ...")."""
    count = "No products" if not found else f"{found} product{'s' if found != 1 else ''}"
    kind = parsed.constraints.product_type
    return f"{count} for {asked_for(parsed.constraints)}" + (f" (kind: {kind})" if kind else "")
