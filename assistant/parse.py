"""The parse stage: a message plus the dialogue state become a ParsedQuery."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from assistant import rules
from assistant.state import merge_constraints
from assistant.types import DialogueState, Intent, ParsedQuery
from retrieval.filters import Filters, norm_key

# Brand names that are also everyday words: they only count as a brand when capitalised.
_AMBIGUOUS_BRANDS = frozenset({"act", "equip", "chief", "origin storage", "apple", "case logic", "fellowes"})
_NEGATION = r"(?:not|no|except|excluding|without|other than|anything but|non-?)\s*(?:an?\s+|the\s+)?"


@dataclass(frozen=True)
class BrandVocabulary:
    """Brand keys of the catalog, with single-word aliases ("kingston" for "kingston technology")."""

    aliases: dict[str, str]  # spoken form -> brand key

    @classmethod
    def from_brands(cls, brands: Iterable[str]) -> "BrandVocabulary":
        keys = sorted({norm_key(b) for b in brands if b and b.strip()})
        aliases = {k: k for k in keys}
        first_words: dict[str, list[str]] = {}
        for k in keys:
            first_words.setdefault(k.split()[0], []).append(k)
        for word, owners in first_words.items():
            if len(owners) == 1 and len(word) >= 4 and word not in aliases:
                aliases[word] = owners[0]
        aliases.pop("", None)
        return cls(aliases)

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(brand key, start, end) of each brand named in `text`, longest names first."""
        found: list[tuple[str, int, int]] = []
        taken: list[range] = []
        for alias in sorted(self.aliases, key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", text, re.I):
                if any(m.start() in span for span in taken):
                    continue
                key = self.aliases[alias]
                if key in _AMBIGUOUS_BRANDS and not text[m.start()].isupper():
                    continue
                found.append((key, m.start(), m.end()))
                taken.append(range(m.start(), m.end()))
        return sorted(found, key=lambda item: item[1])


class RuleParser:
    """Rules-only parsing: intent cues, price phrases, colours, brands and references."""

    def __init__(self, brands: BrandVocabulary) -> None:
        self.brands = brands

    def parse(self, message: str, state: DialogueState) -> ParsedQuery:
        text = " ".join(message.split())[:2000]  # long pastes are cut, not rejected
        intent = rules.find_intent(text)
        price, rest = rules.find_price(text)
        include, exclude, rest = self._brands(rest)
        colours = rules.find_colours(rest)
        rest = re.sub(r"\b(" + "|".join(rules.BASE_COLOURS + tuple(rules.COLOUR_SYNONYMS)) + r")\b", " ", rest, flags=re.I)
        words = rules.content_words(rest)
        said = Filters(
            price_min=price.low if price else None,
            price_max=price.high if price else None,
            brands=tuple(include),
            exclude_brands=tuple(exclude),
            colours=tuple(colours),
        )
        sort = "price_asc" if re.search(r"\b(cheapest|lowest price)\b", text, re.I) else (
            "price_desc" if re.search(r"\b(most expensive|priciest|highest price)\b", text, re.I) else "")
        if intent is None:
            intent = Intent.REFINE if state.constraints.query and _is_refinement(text, words) else Intent.SEARCH
        constraints = merge_constraints(state, intent, " ".join(words), said, sort)
        return ParsedQuery(text=text, intent=intent, constraints=constraints,
                           references=rules.find_references(text))

    def _brands(self, text: str) -> tuple[list[str], list[str], str]:
        include: list[str] = []
        exclude: list[str] = []
        cut: list[tuple[int, int]] = []
        last_end, last_negated = -1, False
        for key, start, end in self.brands.find(text):
            before = text[max(0, start - 20) : start]
            negated = re.search(_NEGATION + r"$", before, re.I)
            # "not HP or Sony": the negation carries over a list of brands.
            carried = last_negated and re.fullmatch(r"[\s,]*(?:or|nor|and)?[\s,]*", text[last_end:start], re.I)
            (exclude if negated or carried else include).append(key)
            cut.append((negated.start() + max(0, start - 20) if negated else start, end))
            last_end, last_negated = end, bool(negated or carried)
        for start, end in reversed(cut):
            text = text[:start] + " " + text[end:]
        text = re.sub(r"\b(only|just)\b", " ", text, flags=re.I) if include else text
        return include, exclude, text


def _is_refinement(text: str, words: list[str]) -> bool:
    """A follow-up that narrows the last request rather than starting a new one."""
    if not words:
        return True
    return bool(re.match(r"\s*(only|just|with|without|in|and|but|what about|how about|make it|preferably|ideally)\b", text, re.I))
