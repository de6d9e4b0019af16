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


def negated(text: str, carried: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of the absent brands `text` rules out, with their negation ("not razer", "no gucci"):
    the catalog carries none of them, so nothing is excluded and nothing is missing."""
    have = {b.lower() for b in carried}
    spans = []
    for brand in _elsewhere():
        if (line_maker(brand) or brand) in have:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(brand)}(?![\w-])", text, re.I):
            before = _NOT_BEFORE.search(text[max(0, m.start() - 24):m.start()])
            if before:
                spans.append((m.start() - len(before.group(0)), m.end()))
    return spans


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
