"""Training messages for the parser, generated from the catalog: real brands, types and prices in
varied phrasings, each with its intent and labelled spans; plus the training part of the real
ESCI queries (data/esci_conv), labelled where the rules read them exactly as the gold says.

Fixed seed: the same catalog gives the same examples.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.core.types import Intent
from assistant.parse import kinds, prices
from assistant.parse.reading import read_rules
from retrieval.catalog.colours import BASE_COLOURS
from retrieval.catalog.inflection import plural
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import known_types
from retrieval.training.typos import typo_in

Example = dict  # {"text": str, "intent": str, "spans": [[tag, start, end], ...]}


@dataclass
class _Builder:
    """Joins pieces into a message and records where each labelled piece landed."""

    parts: list[str] = field(default_factory=list)
    spans: list[list] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, tag: str | None = None) -> _Builder:
        if not text:
            return self
        sep = "" if not self.parts or text[0] in ",.?!)" else " "
        start = self.length + len(sep)
        self.parts.append(sep + text)
        self.length = start + len(text)
        if tag:
            self.spans.append([tag, start, self.length])
        return self

    def example(self, intent: Intent) -> Example:
        return {"text": "".join(self.parts), "intent": intent.value, "spans": self.spans}


def _type_phrases() -> dict[str, list[str]]:
    from retrieval.catalog import product_types

    groups = getattr(product_types, "_GROUPS", {t: (t,) for t in known_types()})
    return {t: [p for p in phrases if len(p) > 2] or [t] for t, phrases in groups.items()}


def _nice(price: float, rng: random.Random) -> float:
    """A round figure a shopper would say near a real price."""
    step = 1 if price < 20 else 5 if price < 100 else 50 if price < 1000 else 100
    return max(step, round(price / step) * step)


def _money(value: float, rng: random.Random) -> str:
    v = int(value) if value == int(value) else value
    forms = [f"${v}", f"${v:,}", f"{v} dollars", f"{v} bucks", f"{v}", f"${v}.00", f"{v} usd", f"€{v}"]
    if value >= 1000 and value % 100 == 0:
        forms += [f"{value / 1000:g}k", f"${value / 1000:g}k"]
    return rng.choice(forms)


_MODIFIERS = ["gaming", "wireless", "bluetooth", "portable", "usb-c", "usb", "mechanical", "ergonomic",
              "4k", "refurbished", "compact", "waterproof", "noise cancelling", "slim", "rugged", "hdmi",
              "office", "travel", "small", "large", "fast", "quiet", "professional", "unlocked"]
_SPEC_UNITS = {"laptop": ["inch", "GB RAM", "TB SSD", "GB"], "monitor": ["inch", "Hz"], "tv": ["inch"],
               "hdd": ["TB", "GB"], "ssd": ["TB", "GB"], "usb flash drive": ["GB"], "memory card": ["GB"],
               "memory module": ["GB"], "smartphone": ["GB", "inch", "MP"], "tablet": ["inch", "GB"],
               "power bank": ["mAh"], "charger": ["W"], "power adapter": ["W"], "cable": ["m", "ft"],
               "usb hub": ["port", "-port"], "network switch": ["port", "-port"], "ups": ["VA", "W"]}
_SPEC_VALUES = {"inch": [10, 11.6, 13, 13.3, 14, 15.6, 17, 17.3, 21.5, 24, 27, 32, 43, 55, 65], "Hz": [60, 75, 144, 165, 240],
                "GB RAM": [4, 8, 16, 32, 64], "TB SSD": [1, 2], "GB": [16, 32, 64, 128, 256, 512], "TB": [1, 2, 4, 8],
                "MP": [12, 48, 108], "mAh": [5000, 10000, 20000], "W": [20, 30, 45, 65, 100], "m": [1, 2, 3, 5, 10],
                "ft": [3, 6, 10], "port": [4, 8, 16, 24], "-port": [4, 7, 8], "VA": [600, 1000, 1500]}
_GREETINGS = ["hi", "hello", "hey", "hi there", "good morning", "hello!", "hey,"]
_PREFIX = ["", "", "", "show me", "i need", "i'm looking for", "looking for", "find me", "do you have", "i want to buy",
           "search for", "any", "can you recommend", "i'm searching for", "got any", "i'd like", "need", "we need",
           "recommend", "what", "show", "i want", "please find", "help me find", "is there a", "where can i find"]
_ARTICLE = ["", "a", "some", "an", "the best", "good", "a good", "two", "new"]


class Generator:
    def __init__(self, products: Sequence[Product], seed: int = 13) -> None:
        self.rng = random.Random(seed)
        self.brands = sorted({p.brand for p in products if p.brand})
        self.types = _type_phrases()
        prices: dict[str, list[float]] = defaultdict(list)
        for p in products:
            if p.price and p.product_type:
                prices[p.product_type].append(p.price)
        self.prices = prices
        # Model codes and product lines with numbers ("TN-2110", "RTX 2060"): numbers that are no price.
        code = re.compile(r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{2,}\b")
        self.codes = sorted({c for p in products[::7] for c in code.findall(p.title)})[:3000]
        self.words = sorted({w.lower() for p in products[::5] for w in re.findall(r"[A-Za-z]{4,}", p.title)})
        weights = {t: len(prices.get(t, ())) + 20 for t in self.types}
        self.type_names = list(weights)
        self.type_weights = [weights[t] for t in self.type_names]

    # ---- slot fillers -------------------------------------------------------------------
    def brand(self) -> str:
        b = self.rng.choice(self.brands)
        return self.rng.choice([b, b, b.lower(), b.upper() if len(b) <= 5 else b])

    def type_phrase(self) -> tuple[str, str]:
        canon = self.rng.choices(self.type_names, self.type_weights)[0]
        phrase = self.rng.choice(self.types[canon])
        if self.rng.random() < 0.45:
            phrase = plural(phrase)
        if self.rng.random() < 0.06:
            phrase = typo_in(phrase, self.rng)
        return canon, phrase

    def price(self, canon: str) -> float:
        real = self.prices.get(canon) or [self.rng.choice([20, 50, 100, 300, 800])]
        return _nice(self.rng.choice(real) * self.rng.uniform(0.7, 1.4), self.rng)

    def price_phrase(self, canon: str) -> tuple[str, str]:
        p = self.price(canon)
        kind = self.rng.choice(["max", "max", "max", "min", "range", "around", "bare"])
        m = lambda v: _money(v, self.rng)  # noqa: E731
        if kind == "max":
            cue = self.rng.choice(["under", "below", "less than", "up to", "max", "no more than", "at most", "within",
                                   "budget of", "cheaper than", "not more than", "priced under", "for under", "maximum"])
            return f"{cue} {m(p)}", "PRICE_MAX"
        if kind == "min":
            cue = self.rng.choice(["over", "above", "more than", "at least", "starting at", "priced over", "minimum"])
            return f"{cue} {m(p)}", "PRICE_MIN"
        if kind == "range":
            hi = _nice(p * self.rng.uniform(1.3, 2.5), self.rng)
            form = self.rng.choice(["between {} and {}", "from {} to {}", "{}-{}", "{} to {}"])
            return form.format(m(p), m(hi)), "PRICE_RANGE"
        if kind == "around":
            cue = self.rng.choice(["around", "about", "roughly", "close to", "approximately", "~"])
            return f"{cue} {m(p)}", "PRICE_AROUND"
        v = int(p)
        return self.rng.choice([f"for {v}", f"for ${v}", f"{v} max", f"${v} or less", f"{v} dollars or less",
                                f"for less than {v}", f"{v} budget"]), "PRICE_MAX"

    def spec_phrase(self, canon: str) -> str:
        unit = self.rng.choice(_SPEC_UNITS.get(canon, ["GB", "inch", "W", "m", "TB"]))
        value = self.rng.choice(_SPEC_VALUES[unit])
        if unit == "inch":
            return self.rng.choice([f"{value}-inch", f"{value} inch", f'{value}"', f"{value}in"])
        if unit == "-port":
            return f"{value}-port"
        return self.rng.choice([f"{value}{unit}", f"{value} {unit}", f"{value}{unit.lower()}"])

    def rating_phrase(self) -> str:
        v = self.rng.choice([3, 3.5, 4, 4, 4.2, 4.5, 4.5, 4.7])
        return self.rng.choice([f"rated {v}+ stars", f"{v} stars or higher", f"with at least {v} stars", f"{v}+ stars",
                                f"rating above {v}", f"rated at least {v}", f"with a {v} star rating", f"{v} star and up",
                                f"rating of {v} or more", f"{v} plus rating"])

    def reviews_phrase(self) -> str:
        v = self.rng.choice([50, 100, 200, 500, 1000, 2000, 5000, 10000])
        vs = self.rng.choice([str(v), f"{v:,}"])
        return self.rng.choice([f"with {vs}+ reviews", f"at least {vs} reviews", f"over {vs} reviews",
                                f"more than {vs} reviews", f"fewer than {vs} reviews", f"{vs} reviews or more",
                                f"with over {vs} customer reviews"])

    def sort_phrase(self) -> str:
        return self.rng.choice(["cheapest", "cheap", "best rated", "top rated", "highly rated", "newest", "latest",
                                "most popular", "most expensive", "premium", "affordable", "best selling",
                                "budget", "inexpensive", "well reviewed"])

    def colour(self) -> str:
        return self.rng.choice(BASE_COLOURS + ("gray", "black", "white", "silver", "red", "blue"))

    def reference(self) -> tuple[str, str]:
        r = self.rng
        return r.choice([
            r.choice(["the first one", "the second one", "the third one", "the last one", "the first", "the second",
                      "the 2nd one", "number 3", "#2", "no. 4", "the fourth one", "the fifth", "that one", "this one",
                      "the top one", "the one at the bottom", "the cheapest one", "the most expensive one"]),
            f"the {self.brand()}", f"the {self.brand()} one", f"the {self.colour()} one",
            f"the {self.brand()} {self.type_phrase()[1]}"]), "REF"

    # ---- messages -----------------------------------------------------------------------
    def bare(self) -> Example:
        """A request of a word or two: a type, a brand, a product line, a model code."""
        r, b = self.rng, _Builder()
        kind = r.choice(["type", "type", "brand", "brand_type", "word", "code", "brand_code", "word_number"])
        if kind in ("brand", "brand_type", "brand_code"):
            b.add(self.brand(), "BRAND")
        if kind == "word":
            b.add(r.choice(self.words))
        if kind in ("code", "brand_code"):
            b.add(r.choice(self.codes))
        if kind == "word_number":
            b.add(r.choice(self.words)).add(str(r.choice([2, 3, 5, 7, 10, 11, 12, 360, 2060, 3080, 5000])))
        if kind in ("type", "brand_type") or (kind == "code" and r.random() < 0.5):
            b.add(self.type_phrase()[1], "TYPE")
        return b.example(Intent.SEARCH)

    def search(self) -> Example:
        r, b = self.rng, _Builder()
        if r.random() < 0.15:
            return self.bare()
        if r.random() < 0.08:
            b.add(r.choice(_GREETINGS))
        b.add(r.choice(_PREFIX))
        canon, phrase = self.type_phrase()
        pre = []
        if r.random() < 0.15:
            pre.append((self.sort_phrase(), "SORT"))
        else:
            b.add(r.choice(_ARTICLE))
        if r.random() < 0.2:
            pre.append((self.colour(), "COLOUR"))
        if r.random() < 0.35:
            pre.append((self.brand(), "BRAND"))
        if r.random() < 0.15:
            pre.append((self.spec_phrase(canon), "SPEC"))
        for text, tag in pre:
            b.add(text, tag)
        if r.random() < 0.4:
            b.add(r.choice(_MODIFIERS))
        if r.random() < 0.12:
            b.add(r.choice(self.codes))
        b.add(phrase, "TYPE")
        tail = []
        if r.random() < 0.45:
            tail.append(self.price_phrase(canon))
        if r.random() < 0.12:
            tail.append((r.choice(["from", "by", "made by", "brand"]), None, self.brand(), "BRAND"))
        if r.random() < 0.15:
            tail.append((r.choice(["but not", "not", "no", "except", "excluding", "anything but", "other than",
                                   "without", "but no", "not from", "avoid"]), None, self.brand(), "NOT_BRAND"))
        if r.random() < 0.12:
            tail.append((r.choice(["in", "in", "colour", "color:"]), None, self.colour(), "COLOUR"))
        if r.random() < 0.15:
            tail.append((r.choice(["with", "", "that has"]), None, self.spec_phrase(canon), "SPEC"))
        if r.random() < 0.12:
            tail.append((self.rating_phrase(), "RATING"))
        if r.random() < 0.1:
            tail.append((self.reviews_phrase(), "REVIEWS"))
        if r.random() < 0.08:
            tail.append((r.choice(["sorted by price", "cheapest first", "newest first", "best rated first",
                                   "sort by rating", "lowest price first"]), "SORT"))
        r.shuffle(tail)
        if r.random() < 0.06:  # both polarities in one message: "no Dell, HP is fine"
            b.add(r.choice([",", "", "but"])).add(r.choice(["no", "not", "anything but", "not from"]))
            b.add(self.brand(), "NOT_BRAND").add(r.choice([",", ", but", "but", "though", "and"]))
            b.add(self.brand(), "BRAND").add(r.choice(["is fine", "is ok", "would be great", "works", "is good"]))
        for i, piece in enumerate(tail):
            if i and r.random() < 0.4:
                b.add(r.choice(["and", ",", "with", "that are"]))
            if len(piece) == 4:
                b.add(piece[0]).add(piece[2], piece[3])
            else:
                b.add(*piece)
        b.add(r.choice(["", "", "", "please", "?", ".", "!", "thanks"]))
        return b.example(Intent.SEARCH)

    def refine(self) -> Example:
        r, b = self.rng, _Builder()
        b.add(r.choice(["", "", "", "only", "just", "what about", "how about", "and", "make it", "preferably",
                        "but", "actually", "show only", "i'd prefer", "ideally", "ok now", "filter to", "now",
                        "can you do", "any"]))
        def price() -> None:
            text, tag = self.price_phrase(r.choice(self.type_names))
            b.add(text, tag)

        choices = [price,
                   lambda: b.add(self.brand(), "BRAND").add(r.choice(["", "only", "ones", "please"])),
                   lambda: b.add(r.choice(["not", "no", "without", "exclude", "except", "anything but", "no more"]))
                   .add(self.brand(), "NOT_BRAND"),
                   lambda: b.add(r.choice(["in", "", "something in"])).add(self.colour(), "COLOUR")
                   .add(r.choice(["", "ones", "please"])),
                   lambda: b.add(r.choice(["with", "", "at least"])).add(self.spec_phrase(r.choice(list(_SPEC_UNITS))), "SPEC"),
                   lambda: b.add(self.rating_phrase(), "RATING"),
                   lambda: b.add(self.reviews_phrase(), "REVIEWS"),
                   lambda: b.add(r.choice(["sorted by price", "cheapest first", "newest first", "best rated first",
                                           "sort by rating", "most popular first", "the newest", "the cheapest"]), "SORT")]
        for pick in r.sample(choices, r.choice([1, 1, 1, 2])):
            pick()
        b.add(r.choice(["", "", "please", "?", "."]))
        return b.example(Intent.REFINE)

    def _canned(self, intent: Intent, texts: Sequence[str]) -> Example:
        """A template with {ref}, {brand}, {colour} and {type} slots; refs and brands are labelled."""
        r, b = self.rng, _Builder()
        template = r.choice(texts)
        for piece in re.split(r"(\{\w+\})", template):
            if piece == "{ref}":
                b.add(*self.reference())
            elif piece == "{brand}":
                b.add(self.brand(), "REF" if intent in (Intent.COMPARE, Intent.FEEDBACK, Intent.ASK_PRODUCT) else "BRAND")
            elif piece == "{type}":
                b.add(self.type_phrase()[1], "TYPE")
            elif piece.strip():
                b.add(piece.strip())
        return b.example(intent)


def _price_tag(price: prices.PriceRange, phrase: str) -> str:
    if price.low is not None and price.high is not None:
        return "PRICE_RANGE" if len(re.findall(r"\d+(?:[.,]\d+)*", phrase)) >= 2 else "PRICE_AROUND"
    return "PRICE_MAX" if price.high is not None else "PRICE_MIN"


def esci_examples(gold: Sequence[dict]) -> list[Example]:
    """Real queries of the training split, labelled by the rules' spans where the rules read them as
    the gold says; a query the rules misread is left out rather than labelled wrong."""
    out = []
    for g in gold:
        if g["split"] != "train":
            continue
        text, reading = g["query"], read_rules(g["query"])
        price = reading.price or prices.PriceRange()
        agrees = ((price.low, price.high) == (g["price_min"], g["price_max"])
                  and reading.rating_min == g["rating_min"] and reading.reviews_min == g["reviews_min"]
                  and reading.reviews_max == g["reviews_max"] and list(reading.specs) == g["specs"]
                  and reading.sort == g["sort"])
        if not agrees:
            continue
        price_span = next(((s, e) for kind, s, e in reading.spans if kind == "price"), (0, 0))
        tags = {"rating": "RATING", "reviews": "REVIEWS", "spec": "SPEC", "sort": "SORT", "colour": "COLOUR",
                "price": _price_tag(price, text[price_span[0]:price_span[1]])}
        spans = [[tags[kind], start, end] for kind, start, end in reading.spans if kind != "sort" or g["sort"]]
        canon, span = kinds.find_type(text)
        if canon and canon == g["product_type"]:
            spans.append(["TYPE", *span])
        for brand in g["brands"] + g["brands_outside_catalog"]:
            m = re.search(rf"(?<!\w){re.escape(brand)}(?!\w)", text, re.I)
            if m:
                spans.append(["BRAND", *m.span()])
        out.append({"text": text, "intent": g["intent"], "spans": _drop_overlaps(spans)})
    return out


def _drop_overlaps(spans: list[list]) -> list[list]:
    kept: list[list] = []
    for span in sorted(spans, key=lambda s: (s[1], -(s[2] - s[1]))):
        if not kept or span[1] >= kept[-1][2]:
            kept.append(span)
    return kept


SIZES = {Intent.SEARCH: 2600, Intent.REFINE: 1300}
CANNED_SIZE = 220  # per other intent


def generate(products: Sequence[Product], gold: Sequence[dict] = (), seed: int = 13) -> list[Example]:
    """The whole training set, shuffled with `seed`."""
    from assistant.parse.intent_phrases import TEMPLATES

    gen = Generator(products, seed)
    examples = [gen.search() for _ in range(SIZES[Intent.SEARCH])]
    examples += [gen.refine() for _ in range(SIZES[Intent.REFINE])]
    for intent, templates in TEMPLATES.items():
        examples += [gen._canned(intent, templates) for _ in range(CANNED_SIZE)]
    real = esci_examples(gold)
    examples += real * 3  # few but real: seen three times
    for ex in examples:
        ex["spans"] = _drop_overlaps(ex["spans"])
    gen.rng.shuffle(examples)
    return examples
