"""`RuleParser`: the rules-only reading of a message, the baseline of the parse stage and the
learned parser's fallback."""

from __future__ import annotations

import re

from assistant.core.types import DialogueState, Intent, ParsedQuery
from assistant.parse import cues, kinds, prices, references
from assistant.parse.brands import BrandVocabulary, brand_polarity
from assistant.parse.kind_words import KindWords
from assistant.parse.reading import blank, read_rules
from assistant.parse.said import FRAGMENT, REF_PHRASE, Lookup, Said, clean, english_words, finish, soft_of
from retrieval.search.filters import Filters


class RuleParser:
    """Rules-only parsing: intent cues, prices, ratings, specs, colours, brands and references."""

    def __init__(self, brands: BrandVocabulary, lookup: Lookup | None = None,
                 kind_words: KindWords | None = None) -> None:
        self.brands = brands
        self.lookup = lookup
        self.kind_words = kind_words  # which words describe each kind (refine or start over)

    def parse(self, message: str, state: DialogueState) -> ParsedQuery:
        text = clean(message)
        return finish(text, self.read(prices.numbers_in_words(text)), state, self.lookup,
                      self.kind_words.describes if self.kind_words else None)

    def read(self, text: str) -> Said:
        reading = read_rules(text)
        brands = brand_polarity(self.brands, text)
        product_type, type_span = kinds.find_type(text)
        product_type = product_type or self.brands.kind_named(text, english_words())  # "moto e5"
        product_type = cues.cued_kind(text, product_type, type_span)  # "unlocked pixel 3", "phone clips"
        product_type = kinds.for_device(text, product_type)  # "a charger for my laptop": a power adapter
        cut = [(s, e) for kind, s, e in reading.spans if kind != "spec"] + [(s, e) for _, s, e, _ in brands]
        rest = blank(text, cut)
        rest = re.sub(r"\b(only|just)\b", " ", rest, flags=re.I) if brands else rest
        price = reading.price or prices.PriceRange()
        include = [k for k, _, _, neg in brands if not neg]
        if not brands:  # "a thinkpad under 800": the line names its maker
            include = self.brands.makers_named(text, product_type, type_span, english_words())
        said = Filters(price_min=price.low, price_max=price.high, brands=tuple(include),
                       exclude_brands=tuple(k for k, _, _, neg in brands if neg), colours=reading.colours,
                       exclude_colours=reading.not_colours)
        intent = cues.find_intent(text)
        pointed = REF_PHRASE.search(text)  # "the blue one", "the Dell one": a shown product, not a filter
        if pointed and intent is None:
            intent = Intent.ASK_PRODUCT
        named = intent in (Intent.COMPARE, Intent.ASK_PRODUCT, Intent.FEEDBACK)
        return Said(intent, cues.content_words(rest), said, reading.sort, soft_of(reading, product_type),
                    references.find_references(text), bool(FRAGMENT.match(text)),
                    ref_brands=include if named else [], ref_colours=list(reading.colours) if named else [],
                    ref_text=text if named else "")
