"""Answers about products already shown, built from their catalog records and nothing else.

`compare` lays two or more records side by side; `describe` tells what one record says, and when
the shopper asks about something ("does it have bluetooth?") that the record does not mention,
it says so instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.core.text import clip, money
from retrieval.catalog.inflection import stem
from retrieval.catalog.product import Product
from retrieval.catalog.vocabulary import table, word_set

MAX_SPEC_ROWS = 8
# Words of a question about a product that name no property of it.
_QUESTION_WORDS = word_set("words", "question_words")
# A question word that names a property under another name.
_SYNONYMS: dict[str, str] = table("words")["question_synonyms"]


def topic_words(question: str) -> list[str]:
    """The words of a question that name a property: "does the 2nd one have bluetooth?" -> ["bluetooth"]."""
    words = re.findall(r"[a-z0-9][a-z0-9\-]*", question.lower())
    out = []
    for w in words:
        if w in _QUESTION_WORDS or w.isdigit() or len(w) < 3:
            continue
        w = _SYNONYMS.get(w, w)
        if w not in out:
            out.append(w)
    return out


def _mentions(text: str, word: str) -> bool:
    return any(stem(t) == stem(word) for t in re.findall(r"[a-z0-9][a-z0-9\-]*", text.lower()))


def record_facts(p: Product) -> list[tuple[str, str]]:
    """(field, value) pairs of a record, in the order a shopper reads them; empty fields left out."""
    facts = [("Brand", p.brand), ("Price", money(p.price)), ("Colour", p.colour), ("Type", p.product_type),
             ("Released", p.released)]
    facts += list(p.specs.items())
    return [(k, str(v)) for k, v in facts if v and str(v).strip()]


def describe(p: Product, position: int | None, question: str) -> str:
    """What the record of `p` says, or, for a question about something, whether it says it."""
    name = f"#{position + 1} " if position is not None and position >= 0 else ""
    head = f"{name}{p.title}"
    facts = record_facts(p)
    topics = topic_words(question)
    if topics:
        found, missing = [], []
        for word in topics:
            hits = [f"{k}: {v}" for k, v in facts if _mentions(k, word) or _mentions(v, word)]
            if not hits and p.description and _mentions(p.description, word):
                hits = [f"the description: “{_sentence_with(p.description, word)}”"]
            if not hits and _mentions(p.title, word):
                hits = [f"the title: “{p.title}”"]
            (found.extend(hits) if hits else missing.append(word))
        lines = [f"From the product record of {head}:"]
        lines += [f"• {h}" for h in dict.fromkeys(found)]
        if missing:
            lines.append(f"The record doesn't say anything about {', '.join(missing)}, so I can't tell you that. "
                         "A human agent may be able to check.")
        return "\n".join(lines)
    lines = [f"Here is what the product record says about {head}:"]
    lines += [f"• {k}: {v}" for k, v in facts[: 5 + MAX_SPEC_ROWS]]
    if p.description and p.description != p.title:
        lines.append(f"• Description: {clip(p.description, 300)}")
    lines.append("That is everything the record tells me about it.")
    return "\n".join(lines)


def compare(products: Sequence[Product], positions: Sequence[int], reasons: Sequence[str]
            ) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """A side-by-side table of the records (header row first) and the text that presents it."""
    names = [f"#{pos + 1} {clip(p.title, 40)}" for p, pos in zip(products, positions)]
    rows: list[tuple[str, ...]] = [("", *names)]
    rows.append(("Price", *(money(p.price) for p in products)))
    for label, attr in (("Brand", "brand"), ("Colour", "colour"), ("Type", "product_type")):
        values = [getattr(p, attr) or "—" for p in products]
        if any(v != "—" for v in values):
            rows.append((label, *values))
    for key in _shared_spec_keys(products):
        rows.append((key, *(clip(p.specs.get(key, "—"), 40) for p in products)))
    if any(reasons):
        rows.append(("Why I suggested it", *(r or "—" for r in reasons)))
    text = "\n".join(["Here is how they compare, from the product records:", "", _markdown(rows), "",
                      *_verdicts(products, positions)])
    return text.rstrip(), tuple(rows)


def _shared_spec_keys(products: Sequence[Product]) -> list[str]:
    """Spec names most of the records have (all of them first), at most MAX_SPEC_ROWS."""
    counts: dict[str, int] = {}
    for p in products:
        for k in p.specs:
            counts[k] = counts.get(k, 0) + 1
    keys = [k for k, n in counts.items() if n >= 2 or len(products) == 1]
    keys.sort(key=lambda k: -counts[k])  # stable: record order among equals
    differ = [k for k in keys if len({products[i].specs.get(k) for i in range(len(products))}) > 1]
    same = [k for k in keys if k not in differ]
    return (differ + same)[:MAX_SPEC_ROWS]


def _verdicts(products: Sequence[Product], positions: Sequence[int]) -> list[str]:
    """Plain differences read off the records: the cheaper one, brands."""
    lines = []
    priced = [(p.price, pos, p) for p, pos in zip(products, positions) if p.price is not None]
    if len(priced) >= 2:
        low, high = min(priced, key=lambda t: t[0]), max(priced, key=lambda t: t[0])
        if low[0] < high[0]:
            lines.append(f"#{low[1] + 1} is the cheaper one, {money(high[0] - low[0])} less than #{high[1] + 1}.")
        else:
            lines.append("They cost the same.")
    missing = [f"#{pos + 1}" for p, pos in zip(products, positions) if p.price is None]
    if missing:
        lines.append(f"The record of {', '.join(missing)} lists no price.")
    lines.append("Say “tell me more about the first one” for a full record, or “I like the second one”.")
    return lines


def _markdown(rows: Sequence[Sequence[str]]) -> str:
    def cell(text: str) -> str:
        return " ".join(str(text).replace("|", "/").split())

    head, *body = rows
    out = ["| " + " | ".join(cell(c) for c in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in body]
    return "\n".join(out)

def _sentence_with(text: str, word: str) -> str:
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if _mentions(sentence, word):
            return clip(sentence, 200)
    return clip(text, 200)
