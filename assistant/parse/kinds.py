"""The kind of product a message asks for, read with the catalog's type vocabulary."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.parse.prices import Span
from retrieval.catalog.product_types import FIT_TARGETS, device_part_kind, line_phrases, type_phrases


@lru_cache(maxsize=1)
def _type_pattern() -> tuple[re.Pattern, dict[str, str]]:
    table = {p: t for t, phrases in type_phrases().items() for p in phrases}
    table.update({p: t for p, t in line_phrases().items() if t != "accessory" and " " not in p
                  and p not in ("year", "years", "memory", "desktop")})
    alternatives = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?:e?s)?(?![\w-])", re.I), table


def find_type(text: str) -> tuple[str, Span | None]:
    """The product type asked for: the last type phrase of the first run of them, a run ending at
    "for"/"with" ("phone cases for iPhone" -> case). Product lines ("iPhone") count only alone."""
    pattern, table = _type_pattern()
    weak = line_phrases()
    found = [(table[m.group(1).lower()], m.span(), m.group(1).lower() in weak) for m in pattern.finditer(text)]
    # "more sockets at my desk", "a lamp on the desk": a place, not the product asked for
    found = [f for f in found if not _PLACE.search(text[max(0, f[1][0] - 16):f[1][0]])]
    if not found:
        return "", None
    best = None
    for i, (canon, span, is_weak) in enumerate(found):
        if i and _CUT.search(text[found[i - 1][1][1]:span[0]]):
            break
        if not is_weak or best is None or best[2]:
            best = (canon, span, is_weak)
    return best[0], best[1]


def for_device(text: str, kind: str) -> str:
    """The kind asked for once the device it is for is known: a "laptop charger" or a "charger for
    my laptop" is a power adapter, as the catalog files them; `kind` otherwise."""
    pattern, table = _type_pattern()
    devices = [table[m.group(1).lower()] for m in pattern.finditer(text)]
    return next((k for d in devices if d in FIT_TARGETS and d != kind for k in [device_part_kind(d, kind)] if k), kind)


_PLACE = re.compile(r"\b(?:at|on|in|under|beside|next to|near)\s+(?:my|the|our|his|her|their)\s+$", re.I)
_CUT = re.compile(r"\b(?:for|with|compatible|that|which|from|and|or)\b|[,.;!?]", re.I)




def after_cut(text: str, span: Span, other: Span) -> bool:
    """Whether `other` comes after `span` with a "with", "for", "that"... between them."""
    return other[0] >= span[1] and bool(_CUT.search(text[span[1]:other[0]]))


def line_named(text: str) -> str:
    """The product line the kind `find_type` reads comes from ("iphone", "thinkpad"), when no word
    names the kind itself; "" otherwise. A line names products of one maker: where the catalog has
    none of them, its accessories are what the shopper can use."""
    pattern, table = _type_pattern()
    weak = line_phrases()
    found = [m.group(1).lower() for m in pattern.finditer(text)]
    return found[0] if found and all(f in weak for f in found) else ""
