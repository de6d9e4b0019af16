"""Brands in a shopper's words: the catalog's brand names with their one-word aliases, and
which of them a message rules out ("not HP or Sony")."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from retrieval.catalog.lines import ProductLines
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import line_phrases
from retrieval.search.filters import norm_key

# Brand names that are also everyday words: they only count as a brand when capitalised.
_AMBIGUOUS_BRANDS = frozenset({"act", "equip", "chief", "origin storage", "apple", "case logic", "fellowes", "peach",
                               "lena", "jumbo", "princess", "step2", "denver"})
# Brands that are also words for people: after "my", "his", "her"... they name a person.
_KIN_BRANDS = frozenset({"brother"})
_KIN = re.compile(r"\b(?:my|his|her|our|your|their)\s+$", re.I)
NEGATION = r"(?:not|no|except|excluding|without|other than|anything but|avoid|non-?)\s*(?:an?\s+|the\s+)?"


@dataclass(frozen=True)
class BrandVocabulary:
    """Brand keys of the catalog, with single-word aliases ("kingston" for "kingston technology")."""

    aliases: dict[str, str]  # spoken form -> brand key
    lines: ProductLines = field(default_factory=ProductLines)  # "thinkpad" -> lenovo, mined from the catalog

    @classmethod
    def from_catalog(cls, products: Sequence[Product]) -> BrandVocabulary:
        """The catalog's brands with their aliases, and its product lines with their makers."""
        return replace(cls.from_brands(p.brand for p in products), lines=ProductLines.mine(products))

    @classmethod
    def from_brands(cls, brands: Iterable[str]) -> BrandVocabulary:
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

    def makers_named(self, text: str, kind: str, kind_span: tuple[int, int] | None,
                     everyday: frozenset[str] = frozenset()) -> list[str]:
        """Makers of the product lines `text` names ("thinkpad" -> lenovo), for a product of `kind`.
        A kind read from the line name itself ("Galaxy S10" -> smartphone) says nothing more."""
        if kind_span and text[kind_span[0]:kind_span[1]].lower() in line_phrases():
            kind = ""
        return self.lines.makers_named(text, kind, everyday)

    def kind_named(self, text: str, everyday: frozenset[str] = frozenset()) -> str:
        """The kind of device a product line or model in `text` is: "moto e5 plus" (a line),
        "Huawei P30 Pro" or "honor 10 lite" (a family of models of the catalog); "" if none."""
        return (self.lines.kind_named(text, everyday)
                or self.lines.kind_of_model(text, [(key, end) for key, _, end in self.find(text)]))

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
                if _KIN.search(text[max(0, m.start() - 8):m.start()]) and key in _KIN_BRANDS:
                    continue  # "a gift for my brother" names a person, not Brother
                found.append((key, m.start(), m.end()))
                taken.append(range(m.start(), m.end()))
        return sorted(found, key=lambda item: item[1])

    def closest(self, phrase: str) -> str | None:
        """The brand a tagged phrase names, allowing a typo ("logitec"); None if it names none."""
        key = norm_key(phrase)
        if key in self.aliases:
            return self.aliases[key]
        match = difflib.get_close_matches(key, list(self.aliases), n=1, cutoff=0.84)
        return self.aliases[match[0]] if match else None


def brand_polarity(vocabulary: BrandVocabulary, text: str) -> list[tuple[str, int, int, bool]]:
    """(brand key, start, end, negated) for each brand; "not HP or Sony" negates both."""
    return polarity(vocabulary.find(text), text, _NEGATED_BRAND, window=20)


_NEGATED_BRAND = re.compile(NEGATION + r"$", re.I)


def polarity(found, text: str, negated_before: re.Pattern, window: int) -> list[tuple[str, int, int, bool]]:
    """(value, start, end, negated) for each (value, start, end) `found` in `text`, in order: a
    negation right before it (`negated_before`, within `window` characters) negates it, and the
    negation carries along a list ("not HP or Sony", "not black or white"); a bare comma does not
    ("no Dell, HP is fine"). A negated value's span takes in its negation."""
    out = []
    last_end, last_negated = -1, False
    for value, start, end in found:
        negated = negated_before.search(text[max(0, start - window):start])
        carried = last_negated and re.fullmatch(r"[\s,]*(?:or|nor|and)[\s,]*", text[last_end:start], re.I)
        is_neg = bool(negated or carried)
        out.append((value, (start - len(negated.group(0))) if negated else start, end, is_neg))
        last_end, last_negated = end, is_neg
    return out
