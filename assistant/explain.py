"""The explain stage (foundation): a template reason per product, built only from its record.

Every clause states a fact read from the product record or the shopper's own constraints, so a
template reason cannot claim anything the record does not say.
"""

from __future__ import annotations

import re
from typing import Sequence

from assistant.types import ParsedQuery, Ranked, Reason
from retrieval.filters import norm_key


def money(value: float) -> str:
    return f"${value:,.2f}"


def matched_terms(query: str, title: str) -> list[str]:
    """Query words that appear in the title (a plural 's' ignored)."""
    title_words = {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", title.lower())}
    out = []
    for w in re.findall(r"[a-z0-9]+", query.lower()):
        if len(w) > 1 and w.rstrip("s") in title_words and w not in out:
            out.append(w)
    return out


class TemplateExplainer:
    def explain(self, query: ParsedQuery, ranked: Sequence[Ranked]) -> list[Reason]:
        prices = [r.product.price for r in ranked if r.product.price is not None]
        return [self._reason(query, r, prices) for r in ranked]

    def _reason(self, query: ParsedQuery, r: Ranked, prices: list[float]) -> Reason:
        p, f = r.product, query.constraints.filters
        facts: list[str] = []
        terms = matched_terms(query.constraints.query, p.title)
        if terms:
            facts.append("it matches " + ", ".join(f"“{t}”" for t in terms))
        if p.price is not None:
            if f.price_min is not None and f.price_max is not None:
                facts.append(f"at {money(p.price)} it is within your {money(f.price_min)}–{money(f.price_max)} range")
            elif f.price_max is not None:
                facts.append(f"at {money(p.price)} it is under your {money(f.price_max)} limit")
            elif f.price_min is not None:
                facts.append(f"at {money(p.price)} it is above your {money(f.price_min)} minimum")
            if len(prices) > 1 and p.price == min(prices):
                facts.append("it is the lowest-priced option shown")
        if f.brands and norm_key(p.brand) in f.brands:
            facts.append(f"it is made by {p.brand}, as you asked")
        elif f.exclude_brands and p.brand:
            facts.append(f"it is by {p.brand}, not a brand you ruled out")
        matched_colours = [c for c in f.colours if c in p.colours]
        if matched_colours:
            facts.append(f"it comes in {matched_colours[0]}")
        if not facts:
            facts.append(f"it is a {p.product_type or 'product'} by {p.brand}" if p.brand else "it is a close match to your request")
        text = _sentence(facts)
        return Reason(product_id=p.id, text=text, evidence=tuple(facts), source="template")


def _sentence(facts: list[str]) -> str:
    body = facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]
    return body[0].upper() + body[1:] + "."
