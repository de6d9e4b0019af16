"""The retrieve stage: hybrid search under the query's hard constraints, kept to the kind of product
asked for."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.core.types import Candidate, Intent, ParsedQuery
from assistant.parse.kinds import line_named
from assistant.parse.measures import says_specs
from retrieval.catalog.product_types import canonical_type
from retrieval.search.filters import Filters
from retrieval.search.hybrid import HybridSearch

# Intents that need fresh candidates; the others act on what was already shown.
SEARCHING = {Intent.SEARCH, Intent.REFINE, Intent.CHEAPER, Intent.PRICIER, Intent.SHOW_MORE}


# Refinements of a request keep to its kind even when nothing of it is left; a first search for a
# kind the catalog lacks shows the nearest products, and the dialogue policy says so.
KEEP_KIND = {Intent.REFINE, Intent.CHEAPER, Intent.PRICIER, Intent.SHOW_MORE}
# "the cheapest laptop you have", "the most expensive tv": over the whole catalog, not the top hits.
SUPERLATIVE = re.compile(r"\b(cheapest|least expensive|lowest[- ]priced?|most expensive|priciest|highest[- ]priced?|dearest)\b",
                         re.I)


class HybridRetriever:
    """`k` fused candidates under the query's filters and, when the shopper named a kind of product
    ("gaming laptop", then "cheaper"), only products of that kind: the kind is part of what was
    asked, like a price limit. When the catalog has none of that kind meeting the other
    constraints, a first search gets the candidates of any kind (the dialogue policy says so) and
    a refinement gets none."""

    def __init__(self, search: HybridSearch, k: int = 50) -> None:
        self.search = search
        self.k = k

    def retrieve(self, query: ParsedQuery) -> list[Candidate]:
        c = query.constraints
        if query.intent not in SEARCHING or (not c.query and c.filters.is_empty()):
            return []
        kind = canonical_type(c.product_type) if c.product_type else ""
        if not kind:
            return self.search.search(c.searched, c.filters, k=self.k)
        of_kind = c.filters.with_(kinds=(kind,))
        if c.sort in ("price_asc", "price_desc") and SUPERLATIVE.search(query.text):
            found = self._by_price(of_kind, query)
        else:
            found = self.search.search(c.searched, of_kind, k=self.k)
        line = line_named(c.query) if query.intent is Intent.SEARCH else ""
        if line and not any(line in x.product.title.lower() for x in found):
            # "iphone" where the catalog has no iPhone: the kind came from the line alone, so the
            # products for the line (cases, chargers) are the nearest, not other makers' phones.
            return self.search.search(c.searched, c.filters, k=self.k)
        if c.specs:
            found = self._with_specs(found, of_kind, query)
        if query.intent in KEEP_KIND:
            return found  # a refinement never drifts to another kind: "cheaper" monitors, not cables
        if len(found) >= self.k:
            return found
        # Fewer than k of the kind: the nearest products of other kinds follow them, marked, so the
        # reply can show the kind's products alone and say that is all of them.
        seen = {x.product.id for x in found}
        others = [replace(x, of_asked_kind=False) for x in self.search.search(c.searched, c.filters, k=self.k)
                  if x.product.id not in seen]
        return found + others[: self.k - len(found)]

    def _with_specs(self, found: list[Candidate], filters: Filters, query: ParsedQuery) -> list[Candidate]:
        """`found`, with every other product of the kind that has the sizes asked for ("65 inch tv",
        "16gb of ram") when the search found fewer than `k` of them: the ranker puts those first."""
        specs = query.constraints.specs
        have = {x.product.id for x in found if says_specs(x.product, specs)}
        if len(have) >= self.k:
            return found
        seen = {x.product.id for x in found}
        extra = [p for p in self.search.matching(filters) if p.id not in seen and says_specs(p, specs)]
        return found + self.search.scored(query.constraints.searched, extra[: self.k - len(have)])

    def _by_price(self, filters: Filters, query: ParsedQuery) -> list[Candidate]:
        """Every product meeting `filters`, cheapest (or dearest) first: the whole catalog's."""
        products = self.search.matching(filters)
        priced = sorted((p for p in products if p.price is not None), key=lambda p: p.price,
                        reverse=query.constraints.sort == "price_desc")
        return self.search.scored(query.constraints.searched, priced[: self.k])
