"""Brands the shopper names that the catalog does not carry: "a gucci mouse" asks for Gucci, and the
reply must say there is nothing by Gucci rather than quietly show other brands."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from assistant.core.types import DialogueState, Intent, ParsedQuery
from assistant.parse.brands import NEGATION
from retrieval.catalog.product_types import line_maker
from retrieval.catalog.vocabulary import table


@lru_cache(maxsize=1)
def _elsewhere() -> tuple[str, ...]:
    return tuple(sorted(table("brands_elsewhere")["brands"], key=len, reverse=True))


@lru_cache(maxsize=1)
def elsewhere_words() -> frozenset[str]:
    """The absent brands' names in lower case: a speller must not turn "razer" into "razor"."""
    return frozenset(b.lower() for b in _elsewhere())


_NOT_BEFORE = re.compile(NEGATION + r"$", re.I)


@lru_cache(maxsize=1)
def _negated_pattern() -> re.Pattern:
    """A negation, then any absent brand (longest names first): one pass over a message."""
    names = "|".join(re.escape(b) for b in _elsewhere())
    return re.compile(rf"(?<![\w-])({NEGATION})({names})(?![\w-])", re.I)


def negated(text: str, carried: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of the absent brands `text` rules out, with their negation ("not razer", "no gucci"):
    the catalog carries none of them, so nothing is excluded and nothing is missing."""
    have = {b.lower() for b in carried}
    return [m.span() for m in _negated_pattern().finditer(text)
            if (line_maker(m.group(2).lower()) or m.group(2).lower()) not in have]


def brands_named(text: str, carried: Iterable[str]) -> tuple[str, ...]:
    """The well-known brands `text` names that are not among `carried` (brand keys and aliases),
    in the order named, each written as the list writes it. A product line stands for its maker:
    "google pixel" asks for nothing absent where the catalog carries Google, and for Google (not
    "Pixel") where it does not."""
    have = {b.lower() for b in carried}
    ruled_out = negated(text, carried)
    found: list[tuple[int, str]] = []
    for brand in _elsewhere():
        maker = line_maker(brand) or brand
        if maker in have or any(brand in f or maker == f for _, f in found):
            continue
        m = re.search(rf"(?<![\w-]){re.escape(brand)}(?![\w-])", text, re.I)
        if m and not any(s <= m.start() < e for s, e in ruled_out):  # "not razer" asks for no Razer
            found.append((m.start(), maker))
    return tuple(dict.fromkeys(b for _, b in sorted(found)))


class AbsentBrandParser:
    """A parser whose searches note the brands asked for that the catalog lacks (`absent_brands`)."""

    def __init__(self, parser, carried: Iterable[str]) -> None:
        self.base = parser  # (not `.parser`: the dialogue policy unwraps that name)
        self.carried = frozenset(carried)

    def parse(self, message: str, state: DialogueState) -> ParsedQuery:
        query = self.base.parse(message, state)
        if query.intent is Intent.HELP and (state.constraints.query or state.constraints.product_type) \
                and negated(message, self.carried):
            return replace(query, intent=Intent.REFINE)  # "not razer": the same request, none of it is Razer
        if query.intent not in (Intent.SEARCH, Intent.REFINE):
            return query
        absent = brands_named(message, self.carried)
        # The name stays in the search words: products made for the brand's devices ("Bigben case
        # for Nintendo Switch") are the nearest the shop has.
        return replace(query, absent_brands=absent) if absent else query
