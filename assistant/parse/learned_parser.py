"""`LearnedParser`: the fine-tuned tagger (tagger.py) reads the intent and tags spans; the rules
and price-parser turn the spans into values, and where the tagger finds nothing the rules' reading
stands."""

from __future__ import annotations

import re

from assistant.core.types import DialogueState, Intent, ParsedQuery
from assistant.parse import absent, cues, kinds, measures, prices, references
from assistant.parse.brands import NEGATION, BrandVocabulary, brand_polarity
from assistant.parse.kind_words import KindWords
from assistant.parse.reading import blank, find_colours, read_rules
from assistant.parse.rule_parser import RuleParser
from assistant.parse.said import FRAGMENT, REF_PHRASE, Lookup, Said, clean, command_words, english_words, finish
from assistant.parse.state import Soft
from assistant.parse.tagger import TAGS
from retrieval.catalog.inflection import stem
from retrieval.search.filters import Filters, norm_key

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]")
_UNSURE = 0.8  # below this probability the tagger's non-search reading of an opening message yields


_ONLY_BEFORE = re.compile(r"\b(?:only|just)\s+$", re.I)
# "switch to HP", "change it to Dell instead", "go with Lenovo": a refinement whose verb names no product
# (not a network switch) and whose brand is wanted (whatever "instead" suggests to the tagger).
_SWITCH = re.compile(r"\b(?:switch|change|swap|move)\s+(?:it\s+|that\s+|them\s+|this\s+)?(?:over\s+)?to\b|\bgo\s+with\b"
                     r"|\binstead\b", re.I)
_SWITCH_BEFORE = re.compile(r"(?:\b(?:switch|change|swap|move)\s+(?:it\s+|that\s+|them\s+|this\s+)?(?:over\s+)?to"
                            r"|\bgo\s+with)\s+$", re.I)
# "epson instead", "sony then": the brand named is the one now wanted ("instead of epson" is not)
_WANTED_AFTER = re.compile(r"^\s*(?:,\s*)?(?:instead|then|please|rather)\b(?!\s+of\b)", re.I)


_PRICE_KIND = {"PRICE_MAX", "PRICE_MIN", "PRICE_RANGE", "PRICE_AROUND"}
_AMOUNT = re.compile(r"(?:\$|€|£)?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k\b)?", re.I)
# Tagged phrases whose words are conditions, not what the product is: cut from the query text.
# Brand phrases are cut only where they name a catalog brand ("nespresso vertuo" stays query text).
_CUT_TAGS = {"COLOUR", "RATING", "REVIEWS", "SORT", "REF"} | _PRICE_KIND
_RULE_TAG = {"price": _PRICE_KIND, "rating": {"RATING"}, "reviews": {"REVIEWS"}, "spec": {"SPEC"},
             "sort": {"SORT", "REVIEWS", "RATING"}, "colour": {"COLOUR"}, "type": {"TYPE"}}
_RULE_TAG["spec"] = {"SPEC", "TYPE"}  # "16GB RAM": the tagger may call "RAM" a type
_RULE_TAG["junk"] = set(TAGS)  # an amount no price can be ("$-5") is cut whatever the tagger calls it
_RULE_TAG["type"] = set(TAGS) - {"REF"}  # a product line the tagger calls a brand ("iPhone") still names a type


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def span_price(tag: str, phrase: str) -> prices.PriceRange | None:
    """The price range of a tagged phrase: the tag says which way, the numbers come from the text."""
    if not re.search(r"[^\d\s.,]", phrase):
        return None  # a bare number ("2060" in "rtx 2060") is no price without a cue or a currency
    found = prices.price_span(phrase)
    if found and not (found[0].low and found[0].high and tag != "PRICE_AROUND" and tag != "PRICE_RANGE"):
        return found[0]  # an explicit cue ("over", "between") says which way; a bare "$300" does not
    amounts = [a for a in (prices.parse_amount(m.group(1), m.group(2)) for m in _AMOUNT.finditer(phrase)) if a]
    if not amounts:
        return found[0] if found else None
    if tag == "PRICE_RANGE" and len(amounts) >= 2:
        return prices.PriceRange(*sorted(amounts[:2]))
    if tag == "PRICE_MIN":
        return prices.PriceRange(amounts[0], None)
    if tag == "PRICE_AROUND":
        return prices.PriceRange(round(amounts[0] * 0.8, 2), round(amounts[0] * 1.2, 2))
    return prices.PriceRange(None, amounts[0])


# What makes a tagged amount a size, not a price: its number goes on past the span ("for 15" of
# "for 15.6 laptop") or a unit or a screen's device follows it ("15 inch", "17 laptop").
_SIZE_AFTER = re.compile(r"[.,]\d|\s*(?:\"|”|''|-?\s?inch(?:es)?\b|in\b|(?:[.,]\d+)?\s*(?:laptops?|notebooks?|tvs?|"
                         r"monitors?|screens?|tablets?|macbooks?)\b)", re.I)


def _reads_as(tag: str, phrase: str) -> bool:
    """Whether the rules read the tagger's kind of value in `phrase` (a size in a SPEC span, a
    star rating in a RATING span); other tags are taken at their word."""
    if tag == "SPEC":
        return bool(measures.find_specs(phrase))
    if tag == "RATING":
        return _rating(phrase) is not None
    return True


def _rating(phrase: str) -> float | None:
    """The stars of a tagged rating phrase ("4.5", "4+ stars"); None for an amount (".5k")."""
    return measures.find_rating(phrase if re.search(r"star|rat", phrase, re.I) else phrase + " stars")[0]


def _price(text: str, spans, rules_price: prices.PriceRange | None, rules_span: tuple[int, int] | None,
           rule_kept) -> prices.PriceRange | None:
    """The price asked for. The rules read the phrase in its context ("do not cost more than $15"
    is a limit, "not over $300" too) and stand wherever the tagger also sees a price or says
    nothing against it; the tagger says which way a bare amount goes ("$300" tagged as a limit)
    and finds prices the rules miss."""
    junk = prices.unreadable_amounts(text)
    tagged = [(tag, (s, e)) for tag, s, e in spans if tag in _PRICE_KIND and not any(_overlaps((s, e), j) for j in junk)
              and not _SIZE_AFTER.match(text, e)]
    if rules_price and rules_span:
        over = [tag for tag, span in tagged if _overlaps(span, rules_span)]
        if over or rule_kept("price", rules_span):
            if rules_price.kind == "around" and over and over[0] in ("PRICE_MAX", "PRICE_MIN"):
                amount = round((rules_price.low + rules_price.high) / 2, 2)  # the bare amount itself
                upper = over[0] == "PRICE_MAX"
                return prices.PriceRange(None, amount, "max") if upper else prices.PriceRange(amount, None, "min")
            return rules_price
    return next((p for tag, (s, e) in tagged for p in [span_price(tag, text[s:e])] if p), None)


# What the tagger may call a question about what was shown ("how much is it?": help, "and free
# shipping?": refine) or a verdict on it ("perfect": small talk), and the cues that say otherwise.
_ASKING = {Intent.HELP, Intent.SEARCH, Intent.REFINE, Intent.CHEAPER, Intent.PRICIER}
_REACTING = {Intent.SMALL_TALK, Intent.SHOW_MORE, Intent.SEARCH, Intent.REFINE}
_OTHER_CUES = {Intent.HELP, Intent.HUMAN_AGENT, Intent.START_OVER, Intent.COMPARE, Intent.CHEAPER, Intent.PRICIER,
               Intent.SHOW_MORE}


def _in_dialogue(text: str, intent: Intent, named: bool) -> Intent:
    """The intent of a message later in a dialogue that names no product, brand or constraint
    (`named` false): a question about what was shown asks about it ("how much is it?", "what are
    the shipping options?"), unless it asks how to use the assistant; a short verdict ("perfect",
    "not interested") is feedback on it."""
    if named or cues.find_intent(text) in _OTHER_CUES:
        return intent
    if intent in _ASKING and cues.is_question(text) and not cues.about_the_assistant(text):
        return Intent.ASK_PRODUCT
    if (intent in _REACTING and not cues.is_question(text) and cues.is_reaction(text)
            and cues.find_intent(text) is not Intent.SMALL_TALK):  # "have a nice day" is a courtesy
        return Intent.FEEDBACK
    return intent


_PERSON = re.compile(r"\b(?:some(?:one|body)|any(?:one|body)|person|people|staff|human|agent|real|rep|support|"
                     r"assistance|call me|phone me|speak|talk|chat with|contact)\b", re.I)


class LearnedParser:
    """The fine-tuned tagger reads intents and spans; rules read values and fill what it misses."""

    def __init__(self, brands: BrandVocabulary, tagger, speller=None, lookup: Lookup | None = None,
                 min_confidence: float = 0.5, kind_words: KindWords | None = None) -> None:
        self.brands = brands
        self.kind_words = kind_words  # which words describe each kind (refine or start over)
        self.tagger = tagger  # assistant.parse.tagger.QueryTagger or any object with .read(text)
        self.speller = speller  # assistant.parse.spelling.Speller or None
        self.lookup = lookup
        self.rules = RuleParser(brands, lookup, kind_words)
        self.min_confidence = min_confidence

    def parse(self, message: str, state: DialogueState) -> ParsedQuery:
        text = clean(message)
        opening = not state.turns and not state.shown and not state.constraints.query
        return finish(text, self.read(prices.numbers_in_words(text), opening), state, self.lookup,
                      self.kind_words.describes if self.kind_words else None)

    def correct(self, text: str) -> str:
        """The speller's corrections, except where a word is a catalog brand or the correction changes
        its first letter: shoppers rarely slip on the first letter, and a product word the catalog
        lacks is no typo of one it has ("nespresso" is not "espresso")."""
        if self.speller is None:
            return text
        if not hasattr(self.speller, "correct_word"):
            return self.speller.correct(text)

        def fix(m: re.Match) -> str:
            word = m.group(0)
            new = self.speller.correct_word(word)
            if (new.lower() == word.lower() or new[:1].lower() != word[:1].lower() or norm_key(word) in self.brands.aliases
                    or word.lower() in absent.elsewhere_words()):
                return word
            return new

        return _WORD_RE.sub(fix, text)

    def names_products(self, text: str, intent: Intent, confidence: float, opening: bool = False) -> bool:
        """Whether a short message the tagger reads as a command (not a product request) really names
        a product, a brand or a title ("switch", "google", "the boys"). It must have no command cue
        for the rules, no reference ("the second one") and one to three content words, none of them
        a command word (the intent templates' words, everyday replies); and either every word is
        product vocabulary (a catalog brand, a product type, a catalog word that is no everyday
        English word), or the message opens the dialogue and the tagger is unsure of it."""
        if intent in (Intent.SEARCH, Intent.REFINE) or cues.find_intent(text) or references.find_references(text):
            return False
        if len(text.split()) > 4 or REF_PHRASE.search(text):
            return False
        words = cues.content_words(text)
        if not 1 <= len(words) <= 3 or any(w in command_words() for w in words):
            return False
        return all(self._product_word(w) for w in words) or (opening and confidence < _UNSURE)

    def _product_word(self, word: str) -> bool:
        if word in self.brands.aliases or kinds.find_type(word)[0]:
            return True
        counts = getattr(self.speller, "counts", {})
        singular = word[:-1] if word.endswith("s") and stem(word) == stem(word[:-1]) else word
        return any(counts.get(w, 0) >= 2 for w in (word, singular)) and not {word, singular} & english_words()

    def read(self, text: str, opening: bool = False) -> Said:
        """What `text` says; `opening`: it is the first message of a dialogue."""
        fixed = self.correct(text)
        if not fixed.strip():
            return self.rules.read(fixed)
        model = self.tagger.read(fixed)
        spans = [(tag, s, e) for tag, s, e in model.spans]
        # A hesitant model yields to a rules cue; with no cue its best guess stands, unless the message
        # only names products (then its "the" is no reference: "the boys" is a title).
        intent = model.intent if model.confidence >= self.min_confidence else (cues.find_intent(fixed) or model.intent)
        if intent is Intent.HUMAN_AGENT and cues.find_intent(fixed) is not Intent.HUMAN_AGENT and not _PERSON.search(fixed):
            # A handoff needs a word for a person ("is there someone real…"): "a present for a
            # coffee lover" is a request, whatever the model made of it.
            intent = Intent.SEARCH
        if self.names_products(fixed, intent, model.confidence, opening):
            intent = Intent.SEARCH
            spans = [(tag, s, e) for tag, s, e in spans if tag != "REF"]
        reading = read_rules(fixed)
        switch = [m.span() for m in _SWITCH.finditer(fixed)]
        if switch:  # the verb is no type ("switch") and says nothing about the product
            spans = [(tag, s, e) for tag, s, e in spans if not (tag == "TYPE" and any(_overlaps((s, e), w) for w in switch))]

        def rule_kept(kind: str, span: tuple[int, int]) -> bool:
            """A rules reading stands unless the tagger gave its words another meaning, one the rules
            can read there too: "1k" tagged as a size is no size, so "under 1k" stays a price."""
            return not any(_overlaps(span, (s, e)) and tag not in _RULE_TAG[kind] and _reads_as(tag, fixed[s:e])
                           for tag, s, e in spans)

        by_tag: dict[str, list[str]] = {}
        for tag, s, e in spans:
            by_tag.setdefault(tag, []).append(fixed[s:e])
        rule_spans = {kind: (s, e) for kind, s, e in reading.spans if kind != "spec"}

        price = _price(fixed, spans, reading.price, rule_spans.get("price"), rule_kept)
        rating = next((r for ph in by_tag.get("RATING", []) for r in [_rating(ph)] if r is not None), None)
        if rating is None and reading.rating_min is not None and rule_kept("rating", rule_spans["rating"]):
            rating = reading.rating_min
        reviews = (reading.reviews_min, reading.reviews_max)
        for ph in by_tag.get("REVIEWS", []):
            low, high, _ = measures.find_reviews(ph if "review" in ph.lower() else ph + " reviews")
            if low or high:
                reviews = (low, high)
                break
        else:
            if "reviews" in rule_spans and not rule_kept("reviews", rule_spans["reviews"]):
                reviews = (None, None)
        # Specs are read in context by the rules ("3GB RAM" whole, "3-in-1" not a size); the tagger vetoes.
        specs = [s for s, span in measures.find_specs(fixed) if rule_kept("spec", span)]
        sort = next((measures.find_sort(ph)[0] for ph in by_tag.get("SORT", []) if measures.find_sort(ph)[0]), "")
        if not sort and reading.sort and rule_kept("sort", rule_spans["sort"]):
            sort = reading.sort
        colours = [c for ph in by_tag.get("COLOUR", []) for c in find_colours(ph)]
        colours += [c for kind, s, e in reading.spans if kind == "colour" and rule_kept("colour", (s, e))
                    for c in find_colours(fixed[s:e]) if c not in colours]
        # an explicit "not" before a colour is unambiguous and outranks the tagger, as for brands
        colours = [c for c in colours if c not in reading.not_colours]

        include, exclude, ref_brands, brand_cuts = self._brands(fixed, spans)
        rule_type, type_span = kinds.find_type(blank(fixed, switch))
        tagged = [(s, e) for tag, s, e in spans if tag == "TYPE"]
        if rule_type and any(_overlaps(type_span, t) for t in tagged):
            product_type = rule_type  # the longest known phrase ("portable chargers" -> power bank)
        elif rule_type and tagged and all(kinds.after_cut(fixed, type_span, t) for t in tagged):
            # "smartphone with good camera": what comes after "with" or "for" is a feature or what it
            # fits, whatever the tagger marked
            product_type = rule_type
        else:
            product_type = next((t for s, e in tagged for t in [kinds.find_type(fixed[s:e])[0]] if t), "")
            product_type = product_type or (rule_type if rule_type and rule_kept("type", type_span) else "")
        product_type = product_type or self.brands.kind_named(fixed, english_words())  # "moto e5 plus"
        product_type = cues.cued_kind(fixed, product_type, type_span)  # "unlocked pixel 3", "phone clips"
        product_type = kinds.for_device(fixed, product_type)  # "a charger for my laptop": a power adapter

        if not include and not exclude:  # "a thinkpad under 800": the line names its maker
            include = self.brands.makers_named(fixed, product_type, type_span, english_words())
        cut = [(s, e) for tag, s, e in spans if tag in _CUT_TAGS and not (tag in _PRICE_KIND and _SIZE_AFTER.match(fixed, e))]
        cut += [(s, e) for kind, s, e in reading.spans if kind != "spec" and rule_kept(kind, (s, e))]
        cut += [(s, e) for key, s, e, _ in brand_polarity(self.brands, fixed)] + brand_cuts + switch
        cut += absent.negated(fixed, self.brands.aliases)  # "not razer", where the shop has no Razer
        rest = blank(fixed, cut)
        rest = re.sub(r"\b(only|just)\b", " ", rest, flags=re.I) if include else rest

        if not opening:  # later in a dialogue: a question or a verdict on what was shown, naming no product
            named = bool(product_type or include or exclude or price or colours or reading.not_colours or specs
                         or rating is not None
                         or reviews != (None, None) or sort
                         or any(self._product_word(w) for w in cues.content_words(rest)))
            intent = _in_dialogue(fixed, intent, named)
        ref_text = " ".join(by_tag.get("REF", []))
        ref_colours = [c for ph in by_tag.get("REF", []) for c in find_colours(ph)]
        low, high = (price.low, price.high) if price else (None, None)
        filters = Filters(price_min=low, price_max=high, brands=tuple(dict.fromkeys(include)),
                          exclude_brands=tuple(dict.fromkeys(exclude)), colours=tuple(dict.fromkeys(colours)),
                          exclude_colours=reading.not_colours)
        soft = Soft(product_type, tuple(dict.fromkeys(specs)), rating, *reviews)
        return Said(intent, cues.content_words(rest), filters, sort, soft, references.find_references(fixed),
                    intent is Intent.REFINE or bool(FRAGMENT.match(fixed)) or bool(switch), ref_brands, ref_colours,
                    ref_text)

    def _brands(self, text: str, spans) -> tuple[list[str], list[str], list[str], list[tuple[int, int]]]:
        """Catalog brands found by name, each read as wanted, not wanted or a reference by the tagger;
        tagged brand phrases the vocabulary did not find are matched allowing a typo (their spans
        are returned to be cut from the query text)."""
        include, exclude, refs, cuts = [], [], [], []
        covered: list[tuple[int, int]] = []
        last_end, last_wanted = -1, False
        for key, start, end, negated in brand_polarity(self.brands, text):
            tags = [tag for tag, s, e in spans if _overlaps((start, end), (s, e))]
            covered.append((start, end))
            # "dymo or brother": a brand listed after a wanted one is wanted too, whatever the tagger says
            listed = last_wanted and bool(re.fullmatch(r"[\s,]*(?:or|and)?[\s,]*", text[last_end:start], re.I))
            last_end = end
            if "REF" in tags:
                refs.append(key)
                last_wanted = False
            elif negated or ("NOT_BRAND" in tags and not listed and not _ONLY_BEFORE.search(text[max(0, start - 12):start])
                             and not _SWITCH_BEFORE.search(text[max(0, start - 24):start])
                             and not _WANTED_AFTER.match(text[end:])):
                # An explicit "not"/"no"/"except" before the brand is unambiguous and outranks the
                # tagger; "only Lenovo" is never an exclusion whatever the tagger says.
                exclude.append(key)
                last_wanted = False
            else:  # a catalog brand named outright stays a brand, whatever span the tagger drew round it
                include.append(key)
                last_wanted = True
        for tag, s, e in spans:
            if tag in ("BRAND", "NOT_BRAND", "REF") and not any(_overlaps((s, e), c) for c in covered):
                phrase = re.sub(rf"^(?:{NEGATION})|^the\s+|\s+(?:one|ones)$", "", text[s:e], flags=re.I)
                # Exact names only: typos were already corrected against the catalog's words, and a
                # fuzzy match turns everyday words into brands ("silicone" -> Silicon Power).
                key = self.brands.aliases.get(norm_key(phrase))
                if key:
                    {"BRAND": include, "NOT_BRAND": exclude, "REF": refs}[tag].append(key)
                    cuts.append((s, e))
        return include, exclude, refs, cuts
