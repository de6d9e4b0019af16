"""Constraints the shopper lifts: "any brand is fine", "forget the budget", "colour doesn't matter"."""

from __future__ import annotations

import re

from retrieval.search.filters import Filters

_WHAT = {
    "brand": r"brands?|makers?|makes?|manufacturers?",
    "colour": r"colou?rs?",
    "price": r"budget|price|prices|price limit|spend(?:ing)?|cost|money",
}
_ANY = r"(?:any|whatever|whichever|all)\s+(?:{w})(?:\s+(?:is|are|will do|works?))?(?:\s+(?:fine|ok|okay|good|great))?"
_DROP = (r"(?:forget|ignore|drop|remove|scrap|never\s*mind|no need for|skip|lose|without|don'?t care about|"
         r"doesn'?t matter about)\s+(?:the\s+|my\s+|a\s+|that\s+)?(?:{w})(?:\s+(?:limit|filter))?")
_NO_MATTER = r"(?:the\s+)?(?:{w})\s+(?:doesn'?t|does not|don'?t|do not)\s+matter|(?:{w})\s+is\s+no\s+object"
_PATTERNS = {name: re.compile(r"\b(?:" + "|".join(p.format(w=w) for p in (_ANY, _DROP, _NO_MATTER)) + r")\b", re.I)
             for name, w in _WHAT.items()}


def lifted(text: str) -> frozenset[str]:
    """Which of "brand", "colour", "price" the message lifts."""
    return frozenset(name for name, pattern in _PATTERNS.items() if pattern.search(text))


def lift_words(text: str) -> set[str]:
    """The words that say what is lifted ("any", "brand", "fine"): none of them describes a product."""
    words: set[str] = set()
    for pattern in _PATTERNS.values():
        for m in pattern.finditer(text):
            words.update(w.lower() for w in re.findall(r"[\w']+", m.group(0)))
    return words


def lift(filters: Filters, names: frozenset[str]) -> Filters:
    """`filters` without the lifted constraints (ruled-out brands stay out: "any brand" is not "HP too")."""
    changes: dict = {}
    if "brand" in names:
        changes["brands"] = ()
    if "colour" in names:
        changes["colours"] = ()
        changes["exclude_colours"] = ()
    if "price" in names:
        changes.update(price_min=None, price_max=None)
    return filters.with_(**changes) if changes else filters
