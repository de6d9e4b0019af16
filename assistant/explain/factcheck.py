"""The fact-checker: a written reason is shown only if everything it claims is in the evidence.

`FactChecker.check(text, evidence)` returns a `Verdict` listing every problem found:
- form: one or two plain sentences, no prompt markers, no instructions, no first person;
- numbers: every price is the product's price or the shopper's budget bound, every other number
  (sizes, counts, years) is in the record or the request, with the record's unit;
- brands and colours named must be the product's (or in its record);
- claims that a constraint is met ("as you asked", "under your budget") must be true for an
  asked constraint, and comparisons ("cheapest", "only red one", "newest") must be in the evidence;
- no argument against the product ("a bit steep"), no praise or feature the record does not
  back ("great battery life" for a mouse), no repetition loops;
- kinds: the product is called only what it is (its kind, where its record names it); another
  kind is named only as what it fits ("a case for a tablet") or, for the closest available, what
  it is not ("Not a tripod, but the closest match: ...");
- matches: "matches your search" / "what you searched for" only when the product is of the asked
  kind and its record holds what the request's words describe: a search for "micro sd card" is not
  met by a full-size "SD card" (the record lacks "micro"), a laptop lock does not match "laptop";
- grammar: the verb agrees with the product noun ("these headphones match").
Rules err on the side of failing: a failed reason is regenerated once, then replaced by the
template reason, which is always true.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.explain.evidence import Evidence
from assistant.explain.naming import is_plural, type_noun
from retrieval.catalog.attributes import PHRASES, VOWEL_SOUND
from retrieval.catalog.colours import colour_words, is_exact
from retrieval.catalog.inflection import stem
from retrieval.catalog.product_types import canonical_type, kind_of, type_phrases
from retrieval.catalog.vocabulary import table, word_set
from retrieval.search.filters import norm_key

# Colour words as a shopper or a writer uses them (shades too: "navy"), each with its base colour.
COLOURS = colour_words("message")

PRAISE = table("reasons")["praise"].split()
FEATURES = table("reasons")["features"].split()
NEGATIVE = re.compile(
    r"\b(steep|pric(?:e)?y|expensive|overpriced|costly|but|however|although|though|unfortunately|downsides?|"
    r"drawbacks?|lacks?|lacking|may not|might not|isn't|is not|doesn't|does not|won't|cannot|can't|poor|"
    r"flimsy|cheaply|only has|bit much|too (?:high|much|big|small|heavy|slow)|not (?:the )?(?:best|ideal|great))\b",
    re.I)
FORM = re.compile(
    r"\b(?:request|product|facts|reason)\s*:|instruction|prompt|ignore|disregard|system|as an ai|language model|"
    r"sorry|\bI\b|\bI'm\b|\bI am\b|\bmy\b|https?:|www\.|[<>{}#*|\\]", re.I)
VERB = re.compile(r"\b(is|are|was|costs?|comes?|matches|match|offers?|has|have|fits?|stays?|sits?|suits?|gives?|"
                  r"works?|includes?|keeps?|brings?|makes?|lets?|provides?|features?)\b", re.I)
CLAIM = re.compile(
    r"\b(?:as you (?:asked|wanted|requested|specified|searched|were looking)\w*|"
    r"you (?:asked|wanted|requested|searched|specified|are looking|were looking|need|needed)\w*|"
    r"(?:the|a) (?:colou?r|brand|type|price|budget) you|"
    r"your (?:budget|limit|price range|range|maximum|minimum|max|min|price|requirements?|criteria|request|search|"
    r"colou?r|brand|choice|needs?)|what you|fits? your|meets? your|matches? your|within your|under your|"
    r"below your|above your|over your|in your)\b", re.I)
BUDGET_WORDS = re.compile(r"\b(budget|limit|price range|range|maximum|minimum|afford\w*|fits?|within)\b", re.I)
CHEAPEST = re.compile(r"\b(cheapest|lowest[- ]priced|least expensive|lowest price|cheaper|less expensive)\b", re.I)
CHEAP_WORDS = re.compile(r"\b(inexpensive|affordable|budget-friendly|cheap|bargain|low[- ]cost|value)\b", re.I)
NEW_WORDS = re.compile(r"\b(newest|latest|most recent|new|recent|newer|brand-new)\b", re.I)
ONLY = re.compile(r"\bonly\b((?:\s+[\w-]+){0,3})", re.I)
MONEY = re.compile(r"(?:US\s?\$|\$|USD\s?)\s?(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s?(?:dollars|usd|bucks)\b", re.I)
UNITS = {"h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "inch": "in", "inches": "in", "in": "in",
         '"': "in", "”": "in", "''": "in", "gb": "gb", "tb": "tb", "mb": "mb", "mah": "mah", "w": "w", "watt": "w",
         "watts": "w", "hz": "hz", "khz": "khz", "mhz": "mhz", "ghz": "ghz", "mm": "mm", "cm": "cm", "m": "m",
         "kg": "kg", "g": "g", "mp": "mp", "megapixel": "mp", "megapixels": "mp", "dpi": "dpi", "rpm": "rpm",
         "ppm": "ppm", "v": "v", "lb": "lb", "lbs": "lb", "oz": "oz", "ms": "ms", "min": "min", "minutes": "min",
         "core": "core", "cores": "core", "port": "port", "ports": "port", "x": "x", "year": "year", "years": "year"}
NUMBER = re.compile(r"(?<![\w.$,])(\d+(?:[.,]\d+)*)(?:\s?-?\s?(" + "|".join(
    sorted((re.escape(u) for u in UNITS), key=len, reverse=True)) + r")(?![a-z]))?", re.I)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "twenty": 20, "dozen": 12}
CODE = re.compile(r"\b(?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*\b", re.I)
STOP = word_set("reasons", "stop")
GLUE = word_set("reasons", "glue")
GLUE_STEMS = frozenset(stem(w) for w in GLUE)
FILLER = word_set("reasons", "filler")
CLAUSE = re.compile(r"[,;:]|\s(?:and|while|plus)\s|\s[—–-]\s")
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
MATCH_CLAIM = re.compile(r"\b(?:match(?:es)? (?:for )?your (?:search|request|query)|(?:what|just what|exactly what) you "
                         r"(?:searched|were looking|are looking|asked)|"
                         r"the (?:type|kind) (?:of product )?you (?:searched|asked|wanted))", re.I)
SUBJECT_PHRASE = re.compile(r"^\s*(?:this|these)\s+(?:[\w.&'/+-]+\s+){0,5}?(?=(?:is|are|has|have|costs?|matches|match|"
                            r"comes?|holds?|gives?|yields?|uses?|tracks?|takes?|offers?)\b)", re.I)
CLAUSE_END = re.compile(r"[,;.]\s+(?!and\b)|\s(?:costs?|is|are|has|have)\s")
MISSING = re.compile(r",?\s*(?:and\s+)?its record does not mention ((?:“[^”]+”(?:,\s*|\s+and\s+)?)+)", re.I)
CLOSEST = re.compile(r"^\s*not an? [\w\s-]{1,40}?,?\s+but the closest (?:match|thing)\s*[:,-]?\s*", re.I)
SUBJECT = re.compile(r"^\s*(This|These)\s+((?:[\w.&'-]+\s+){0,6}?)(is|are|has|have|costs?|matches|match|comes?|"
                     r"offers?|holds?|gives?|yields?|uses?|tracks?|takes?|fits?|stays?|works?|includes?)\b", re.I)
# Where a kind phrase names the product itself: in the subject ("This Canon tripod", with no verb
# before it), after "is a" / "are" ("it is a tripod"), or as "an edition of the console".
NAMING = re.compile(r"(?:\b(?:is|are|it's)(?: also| just)?(?: an?)?|\b(?:edition|version|model|kind|type) of (?:the|an?))"
                    r"(?:\s+[\w.&'/+-]+){0,4}\s*$")
PLURAL_VERBS = frozenset("are have cost match come offer hold give yield use track take fit stay work include".split())
_FIT_WORDS = frozenset("for fits fit with compatible supports suits made into to".split())
# Words of attribute phrases ("a 17-inch screen", "a wired connection"), never a claim about the kind.
# A kind's own name stays a kind phrase ("cable" in "has a 1.5 m cable"): it is a claim only where it names the product.
_ATTRIBUTE_WORDS = frozenset(w for forms in PHRASES.values() for f in forms.values() for w in WORD.findall(f.lower())
                             ) - set(type_phrases())
_PHRASE_KINDS: dict[str, set[str]] = {}
for _kind, _phrases in type_phrases().items():
    for _ph in (_kind, *_phrases):
        _PHRASE_KINDS.setdefault(_ph.lower(), set()).add(_kind)
        # The head word of a kind's name stands for it too ("the console": a game console, or a KVM one).
        _PHRASE_KINDS.setdefault("@" + _ph.lower().rsplit(" ", 1)[-1], set()).add(_kind)
_KIND_PHRASES = sorted(((ph.lstrip("@"), frozenset(kinds)) for ph, kinds in _PHRASE_KINDS.items()
                        if not (ph.startswith("@") and ph[1:] in _PHRASE_KINDS)),
                       key=lambda x: (-len(x[0]), x[0]))
_KIND_PHRASES = [(ph, kinds) for ph, kinds in _KIND_PHRASES
                 if len(ph) > 2 and ph not in _ATTRIBUTE_WORDS and ph not in word_set("reasons", "glue")]
_KINDS_OF = dict(_KIND_PHRASES)
# One pattern for them all, longest phrases first, so that the leftmost longest phrase wins.
_KIND_MENTION = re.compile(r"(?<![\w-])(" + "|".join(re.escape(ph) for ph, _ in _KIND_PHRASES) + r")(?:e?s)?(?![\w-])")
_REQUEST_NOISE = word_set("reasons", "function_words")
ARTICLE = re.compile(r"\b(an?) ((?:\d[\d.,]*|[A-Za-z][\w-]*))", re.I)
_ATTRIBUTE_NOUNS = ("connection", "screen", "resolution", "processor", "graphics", "storage", "format")
_SAY_ONCE = frozenset("cheapest newest latest lowest".split())  # a comparison said twice is a stutter


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problems: tuple[str, ...] = ()

    @staticmethod
    def failed(problem: str) -> Verdict:
        return Verdict(False, (problem,))


def _num(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


class FactChecker:
    """Checks reasons against one product's evidence; `brands` is the catalog's brand vocabulary."""

    def __init__(self, brands: Iterable[str] = (), max_words: int = 40) -> None:
        names = sorted({b.strip() for b in brands if b and len(b.strip()) > 1}, key=len, reverse=True)
        self._brands = re.compile(r"(?<![\w-])(" + "|".join(re.escape(b) for b in names) + r")(?![\w-])", re.I) \
            if names else None
        self.max_words = max_words

    def check(self, text: str, e: Evidence) -> Verdict:
        text = text.strip()
        if not text:
            return Verdict.failed("form: empty")
        record = _record_text(e)
        problems = [*self._form(text), *self._repetition(text, e), *self._money(text, e), *self._numbers(text, e, record),
                    *self._brands_named(text, e, record), *self._colours(text, e, record), *self._claims(text, e, record),
                    *self._comparisons(text, e), *self._tone(_without_closest(text, e), e, record),
                    *self._kinds(text, e, record), *self._matches(text, e, record), *self._grammar(text, e),
                    *self._missing(text, e, record), *self._borrowed(text, e, record)]
        return Verdict(not problems, tuple(problems))

    def _borrowed(self, text: str, e: Evidence, record: str) -> list[str]:
        """A word of the request the record lacks, said of the product ("This Sony console has a xbox",
        "is a Nintendo product"): the shopper's word, not a fact. It may appear quoted (a search word
        named as one) or as what the record does not mention."""
        request = {w for w in WORD.findall(e.request.lower()) if w not in STOP and len(w) > 1 and not w.isdigit()}
        if not request:
            return []
        kind_here = kind_of(e.product)
        own = {stem(w) for phrase in (kind_here, type_noun(kind_here), e.noun, *e.covered) for w in WORD.findall(phrase.lower())}
        said = re.sub(r"[“\"][^”\"]{1,40}[”\"]", " ", _without_closest(text, e)).lower()
        record_stems = {stem(w) for w in WORD.findall(record)}
        for w in WORD.findall(said):
            if w in request and stem(w) not in record_stems and stem(w) not in own and not _has_word(record, w):
                return [f"borrowed: {w!r} is the shopper's word, not in this product's record"]
        return []

    def _form(self, text: str) -> list[str]:
        out = []
        words = WORD.findall(text.lower())
        if "\n" in text:
            out.append("form: more than one line")
        if not 4 <= len(words) <= self.max_words:
            out.append(f"form: {len(words)} words (4 to {self.max_words} allowed)")
        if len(re.findall(r"[.!?](?:\s|$)", text)) > 2:
            out.append("form: more than two sentences")
        if not VERB.search(text):
            out.append("form: not a sentence (no verb)")
        if ";" in text:
            out.append("form: ';' strings fragments together")
        if "\\n" in text:
            out.append("form: a stray '\\n' from the record")
        m = re.search(r"\bis only (\w+)", text, re.I)
        if m and m.group(1).lower() in COLOURS:
            out.append(f"form: {m.group(0)!r} (the only {m.group(1)} one?)")
        m = re.search(r"\bcomes? in (?:an? )?(\w+)(?! to a pack| colou?rs)", text, re.I)
        if m and m.group(1).lower() not in COLOURS and m.group(1).lower() not in (
                "packs", "pack", "sets", "set", "one", "two", "three", "four", "five", "six"):
            out.append(f"form: {m.group(0)!r}: only a colour or a pack comes in")
        m = re.search(r"\ban? (?:\$|\d[\d,.]*\s?(?:GB|TB|MB|W|mAh)\b of)", text, re.I)
        if m:
            out.append(f"form: {m.group(0)!r} does not take an article")
        if len(re.findall(r'(?<![\d.])"', text)) % 2 or text.count("“") != text.count("”"):  # 9.7" is an inch mark
            out.append("form: a quotation mark is left open")
        m = FORM.search(text)
        if m:
            out.append(f"form: {m.group(0)!r} does not belong in a reason")
        return out

    def _repetition(self, text: str, e: Evidence) -> list[str]:
        words = WORD.findall(text.lower())
        grams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
        repeated = {g for g in grams if grams.count(g) > 1}
        out = [f"repetition: {' '.join(sorted(repeated)[0])!r} repeats"] if repeated else []
        content = [w for w in words if w not in STOP and not w.isdigit()]
        pairs = [(a, b) for a, b in zip(words, words[1:]) if a not in STOP and b not in STOP and not a.isdigit()]
        again = sorted({p for p in pairs if pairs.count(p) > 1})
        if again:
            out.append(f"repetition: {' '.join(again[0])!r} said twice")
        brand = set(WORD.findall(e.product.brand.lower()))  # "Case Logic case" is no stutter
        unbranded = [w for w in words if w not in brand]
        near = [w for i, w in enumerate(unbranded) if w not in STOP and len(w) > 3 and w in unbranded[i + 1 : i + 3]]
        if near:
            out.append(f"repetition: {near[0]!r} twice in a row")
        twice = sorted({w for w in content if w in _SAY_ONCE and content.count(w) > 1})
        if twice:
            out.append(f"repetition: {twice[0]!r} said twice")
        loud = sorted({w for w in content if content.count(w) > 3})
        if loud:
            out.append(f"repetition: {loud[0]!r} said {content.count(loud[0])} times")
        return out

    def _money(self, text: str, e: Evidence) -> list[str]:
        out = []
        price = e.product.price
        bounds = [b for b in (e.price_min, e.price_max) if b is not None]
        price_ok = any(c.name == "price" and c.met for c in e.checks)
        for m in MONEY.finditer(text):
            amount = _num(m.group(1) or m.group(2))
            if amount is None:
                continue
            before = text[max(0, m.start() - 24) : m.start()].lower()
            if price is not None and abs(amount - price) < 0.005:
                if re.search(r"\b(under|below|less than|cheaper than|over|above|more than)\s*$", before):
                    out.append(f"money: compares the price with itself ({m.group(0)})")
                continue
            if any(abs(amount - b) < 0.005 for b in bounds):
                if not price_ok:
                    out.append(f"money: the price {price} does not meet the budget {m.group(0)}")
                continue
            out.append(f"money: {m.group(0)} is neither the product's price nor your budget")
        if BUDGET_WORDS.search(text) and re.search(r"\b(budget|price range|limit|afford)", text, re.I) and not price_ok:
            out.append("claim: a budget is mentioned but none was asked for or it is not met")
        return out

    def _numbers(self, text: str, e: Evidence, record: str) -> list[str]:
        out = []
        allowed, pairs = _numbers_in(record + " " + e.request)
        allowed |= {float(e.shown)} | ({float(e.product.released[:4])} if e.product.released[:4].isdigit() else set())
        bare = MONEY.sub(" ", text)
        # “quoted” search words are the shopper's own: a closing quote there is no inch mark
        bare = re.sub(r"[“\"]([^”\"]{1,40})[”\"]", lambda m: " " if m.group(1).lower() in e.request.lower() else m.group(0), bare)
        for m in NUMBER.finditer(bare):
            value, unit = _num(m.group(1)), UNITS.get((m.group(2) or "").lower())
            if value is None:
                continue
            if unit and unit not in ("x", "core", "port", "year") and (value, unit) not in pairs:
                out.append(f"number: {m.group(0).strip()!r} is not in the record")
            elif value not in allowed:
                out.append(f"number: {m.group(1)} is not in the record or the request")
        for w in WORD.findall(bare.lower()):
            if w in NUMBER_WORDS and float(NUMBER_WORDS[w]) not in allowed:
                out.append(f"number: {w!r} is not in the record or the request")
        squashed = re.sub(r"[\s-]", "", record.lower() + " " + e.request.lower())
        for m in CODE.finditer(bare):
            token = m.group(0).lower().replace("-", "")
            if not NUMBER.fullmatch(m.group(0)) and token not in squashed:
                out.append(f"number: model code {m.group(0)!r} is not in the record")
        return out

    def _brands_named(self, text: str, e: Evidence, record: str) -> list[str]:
        if self._brands is None:
            return []
        out = []
        for m in self._brands.finditer(text):
            name = m.group(1)
            if not (name[0].isupper() or name[0].isdigit()):
                continue  # a common word that is also a brand ("sharp", "apple" in lower case)
            if norm_key(name) == norm_key(e.product.brand):
                continue
            if any(_has_word(a.value, name) for a in e.attributes):
                continue  # a part's maker, as the record states it ("an Intel Celeron processor")
            before = WORD.findall(text[max(0, m.start() - 30) : m.start()].lower())[-3:]
            if _has_word(record, name) and set(before) & {"for", "with", "compatible", "fits", "fit", "supports"}:
                continue  # "a case for Apple iPod": another brand the record names, as what it fits
            out.append(f"brand: {name} is not this product's brand")
        return out

    def _colours(self, text: str, e: Evidence, record: str) -> list[str]:
        out = []
        for w in WORD.findall(text.lower()):
            colour = COLOURS.get(w)
            # A shade ("navy") must be in the record; a base colour may also be one the loader read.
            if colour and not _has_word(record, w) and not (is_exact(w) and colour in e.product.colours):
                out.append(f"colour: {w} is not a colour of this product")
        return out

    def _claims(self, text: str, e: Evidence, record: str) -> list[str]:
        out = []
        met = {c.name for c in e.checks if c.met}
        asked_colours = {c for chk in e.checks if chk.name == "colour" for c in chk.wanted.split(" or ")}
        request = {stem(w) for w in WORD.findall(e.request.lower()) if w not in STOP}
        record_words = {stem(w) for w in re.findall(r"[a-z0-9]+", record)} | {stem(w) for w in WORD.findall(record)} | {
            stem(w) for w in e.covered}
        for m in CLAIM.finditer(text):
            marker = m.group(0).lower()
            if "brand" in marker:
                if "brand" not in met:
                    out.append(f"claim: {marker!r} but no brand was asked for")
                continue
            if re.search(r"colou?r", marker):
                if "colour" not in met:
                    out.append(f"claim: {marker!r} but no colour was asked for")
                continue
            if "type" in marker:
                if "type" not in met:
                    out.append(f"claim: {marker!r} but no type was asked for")
                continue
            if re.search(r"budget|limit|range|max|min|price|(?:under|below|within|over|above|fits?|in) your", marker):
                if "price" not in met:
                    out.append(f"claim: {marker!r} but no budget was asked for or it is not met")
                continue
            # A general claim ("as you asked", "what you searched for"): read the clause it is about.
            clauses = _clauses(text, m.start())
            words = [w for c in clauses for w in WORD.findall(c.lower())]
            colours = {COLOURS[w] for w in words if w in COLOURS}
            if colours and ("colour" not in met or not colours <= (asked_colours & set(e.product.colours))):
                out.append(f"claim: {marker!r} about a colour that was not asked for")
                continue
            if any(MONEY.search(c) for c in clauses) and "price" not in met:
                out.append(f"claim: {marker!r} about a price but no budget was asked for or it is not met")
                continue
            unasked = [a for a in e.attributes if a not in e.asked_attributes and _says_value(" ".join(clauses), a.value)
                       and not any(a.value.lower() in b.value.lower() for b in e.asked_attributes)]
            if unasked:
                out.append(f"claim: {marker!r} about {unasked[0].value!r}, which the shopper did not ask for")
                continue
            supported = bool(colours) or any(MONEY.search(c) for c in clauses) or (
                "brand" in met and any(_has_word(c.lower(), e.product.brand.lower()) for c in clauses))
            bare = SUBJECT_PHRASE.sub("", " ".join(clauses), count=1)  # the subject ("This HP laptop") is no claim
            hits = {stem(w) for w in WORD.findall(bare.lower()) if w not in STOP} & request
            if hits and not hits <= record_words:
                out.append(f"claim: {marker!r} about {sorted(hits - record_words)[0]!r}, which this product is not")
                continue
            if not (supported or hits):
                out.append(f"claim: {marker!r} names nothing the shopper asked for")
        return out

    def _comparisons(self, text: str, e: Evidence) -> list[str]:
        out = []
        m = CHEAPEST.search(text)
        if m and "cheapest" not in e.comparisons:
            out.append(f"comparison: {m.group(0)!r} is not in the evidence")
        m = CHEAP_WORDS.search(text)
        if m and "cheapest" not in e.comparisons and not any(c.name == "price" and c.met for c in e.checks):
            out.append(f"comparison: {m.group(0)!r} is not in the evidence")
        m = NEW_WORDS.search(text)
        if m and "newest" not in e.comparisons:
            out.append(f"comparison: {m.group(0)!r} is not in the evidence")
        for m in ONLY.finditer(text):
            following = WORD.findall(m.group(1).lower())
            if any(f"only_colour:{COLOURS.get(w, w)}" in e.comparisons for w in following):
                continue
            rest = text[m.start():].lower()
            if any(a.value.lower() in rest for a in e.distinct):
                continue  # "the only one shown with a 17.3-inch screen": no other product shown has it
            if e.shown > 1 or any(w in COLOURS for w in following):
                out.append(f"comparison: {m.group(0).strip()!r} is not in the evidence")
        if re.search(r"\b(most expensive|priciest|highest[- ]priced|oldest|biggest|largest|smallest|fastest)\b", text, re.I):
            out.append("comparison: a superlative the evidence does not hold")
        return out

    def _tone(self, text: str, e: Evidence, record: str) -> list[str]:
        out = []
        m = NEGATIVE.search(text)
        if m:
            out.append(f"tone: {m.group(0)!r} argues against the product")
        backing = record + " " + e.request.lower()
        words = WORD.findall(text.lower())
        grounded = {stem(w) for w in WORD.findall(backing) + re.findall(r"[a-z0-9]+", backing)}
        for w in words:
            if (w in PRAISE or w in FEATURES) and not _has_word(backing, w) and stem(w) not in grounded:
                if w == "popular" and any(f == "popularity" for f, _ in e.features):
                    continue
                out.append(f"unsupported: {w!r} is not backed by the record")
        loose = sorted({w for w in words if w not in STOP and w not in GLUE and stem(w) not in GLUE_STEMS
                        and not any(ch.isdigit() for ch in w)
                        and w not in COLOURS and stem(w) not in grounded and w not in PRAISE and w not in FEATURES})
        if loose:
            out.append(f"unsupported: {', '.join(repr(w) for w in loose[:3])} not in the record or the request")
        if words and not _mentions_product(text, e):
            out.append("unsupported: says nothing about this product")
        return out


    def _missing(self, text: str, e: Evidence, record: str) -> list[str]:
        """"its record does not mention “X”" only where the record indeed lacks X."""
        out = []
        for m in MISSING.finditer(text):
            for word in re.findall(r"“([^”]+)”", m.group(1)):
                if _has_word(record, word) or stem(word.lower()) in {stem(w) for w in WORD.findall(record)}:
                    out.append(f"claim: says the record lacks {word!r}, but it has it")
        return out

    def _kinds(self, text: str, e: Evidence, record: str) -> list[str]:
        """The product is called only what it is; another kind only as what it fits or is not."""
        out = []
        low = _without_closest(text, e).lower()  # "Not a tripod, but the closest match:" names what it is not
        request = {stem(w) for w in WORD.findall(e.request.lower()) if w not in STOP}
        held = {stem(x) for x in e.covered}
        for m in re.finditer(r"\b(?:is|are) an? ((?:[\w-]+ ){0,2}[\w-]+)", low):
            lacking = [w for w in WORD.findall(m.group(1)) if stem(w) in request and not _has_word(record, w)
                       and stem(w) not in held]
            if lacking:
                out.append(f"kind: calls the product {m.group(0).split(' ', 1)[1]!r}, but its record does not say "
                           f"{lacking[0]!r}")
        if e.product.brand:  # a kind word in the maker's name is no kind ("Cooler Master")
            low = re.sub(re.escape(e.product.brand.lower()), lambda m: " " * len(m.group(0)), low)
        kind_here = kind_of(e.product)
        own = {kind_here, type_noun(kind_here), canonical_type(type_noun(kind_here))} - {""}
        for kinds, phrase, start in _kind_mentions(low):
            if kinds & own or phrase == e.noun.lower():
                continue
            if not _names_it(low[:start]):
                continue  # a part it has ("offers a 12-hour battery"), not what it is called
            before = WORD.findall(low[max(0, start - 40) : start])[-4:]
            if set(before) & _FIT_WORDS:
                continue  # "a case for a tablet", "compatible with laptops"
            if e.closest and e.asked_kind in kinds and "not" in before:
                continue  # "Not a tripod, but the closest match"
            out.append(f"kind: calls the product a {phrase!r}, which it is not (it is "
                       f"{'a ' + e.noun if e.noun != 'product' else 'of another kind'})")
        return out

    def _matches(self, text: str, e: Evidence, record: str) -> list[str]:
        """"Matches your search (for X)" only for a product of the asked kind that holds the request's words."""
        out = []
        for m in MATCH_CLAIM.finditer(text):
            if e.closest:
                out.append(f"match: {m.group(0)!r} but it is {('a ' + e.noun) if e.noun != 'product' else 'another kind'}, "
                           f"not a {e.asked_kind}")
                continue
            clause = " ".join(_clauses(text, m.start()))
            quoted = re.findall(r"[“\"]([^”\"]{1,40})[”\"]", CLAUSE_END.split(text[m.start():], maxsplit=1)[0])
            fits = set(WORD.findall(e.product.kind_for.lower()))
            only_fits = bool(fits and quoted) and all(set(WORD.findall(q.lower())) <= fits for q in quoted)
            if only_fits:  # "a match for your search for “laptop”" of a laptop lock
                out.append(f"match: {m.group(0)!r} for what it fits ({e.product.kind_for}), not for what it is")
                continue
            if e.full_match:
                continue
            if (quoted and not only_fits and all(_has_word(record, q) for q in quoted) and not _shortened(quoted, e, record)
                    and not e.missing):
                continue  # names words of the request the record holds, as words ("for “wireless”"), and the
                # request says nothing of the product the record lacks ("for “light”" of a bulb, for "night light")
            missing = sorted({w for w in WORD.findall(e.request.lower()) if w not in STOP and len(w) > 1}
                             - {w for w in WORD.findall(e.request.lower()) if w in e.covered or _has_word(record, w)})
            out.append(f"match: {m.group(0)!r} but the record lacks {', '.join(repr(w) for w in missing[:2]) or 'the request'}")
        for m in CLAIM.finditer(text):
            clause = " ".join(_clauses(text, m.start()))
            gap = _shortened(WORD.findall(clause.lower()), e, record)
            if gap:
                out.append(f"match: {m.group(0)!r} shortens the request: the record lacks {gap!r}")
                break
        return out

    def _grammar(self, text: str, e: Evidence) -> list[str]:
        """The verb agrees with the product noun: "These headphones match", "This laptop costs"."""
        out = [f"grammar: {m.group(0)!r}" for m in ARTICLE.finditer(text) if (m.group(1).lower() == "an") != bool(
            VOWEL_SOUND.match(m.group(2)))]
        m = re.search(r"\b(?:is|are) an? (?:[\w-]+ ){0,2}(" + "|".join(_ATTRIBUTE_NOUNS) + r")\b", text, re.I)
        if m:
            out.append(f"grammar: {m.group(0)!r} calls the product one of its specs")
        m = SUBJECT.match(text)
        if not m:
            return out
        det, noun_words, verb = m.group(1).lower(), m.group(2), m.group(3).lower()
        plural_noun = is_plural(noun_words.split()[-1]) if noun_words else False
        plural_verb = verb in PLURAL_VERBS
        if det == "these" and not plural_verb or det == "this" and (plural_verb or plural_noun):
            out.append(f"grammar: {m.group(0).strip()!r} does not agree")
        return out


def _names_it(before: str) -> bool:
    """Whether a kind phrase right after `before` names the product (not a part it has)."""
    clause = re.split(r"[,;:.!?]|\s(?:and|with|for|while|plus)\s", before)[-1]
    words = WORD.findall(clause)
    naming = NAMING.search(clause)
    # "is a" names it; "is a laptop that has a" does not (a verb after the naming one: a part it has).
    if naming and not any(VERB.fullmatch(w) for w in WORD.findall(naming.group(0).lower())[1:]):
        return True
    return bool(words) and words[0] in ("this", "these", "the", "it") and not any(VERB.fullmatch(w) for w in words) \
        and clause is re.split(r"[,;:.!?]|\s(?:and|with|for|while|plus)\s", before)[0]


def _without_closest(text: str, e: Evidence) -> str:
    """The reason without its "Not a tripod, but the closest match:" opening (whose "but" is no objection)
    and without "its record does not mention “X”" (no objection either: what the record lacks)."""
    text = MISSING.sub("", text)
    return CLOSEST.sub("", text, count=1) if e.closest else text


def _kind_mentions(low: str) -> list[tuple[frozenset[str], str, int]]:
    """(kinds it may name, phrase, position) of every kind phrase in `low` (longest first, no overlaps)."""
    return [(_KINDS_OF[m.group(1)], m.group(1), m.start()) for m in _KIND_MENTION.finditer(low)]


def _shortened(words, e: Evidence, record: str) -> str:
    """A request word the record lacks right beside words of the request a claim names ("micro" beside
    "sd card"); "" when none."""
    request = [w for w in WORD.findall(e.request.lower())]
    said = {stem(w) for w in words}
    record_stems = {stem(w) for w in WORD.findall(record)} | {stem(w) for w in e.covered}
    for i, w in enumerate(request):
        if stem(w) in said and stem(w) in record_stems:
            for j in (i - 1, i + 1):
                if 0 <= j < len(request):
                    x = request[j]
                    if x not in STOP and not x.isdigit() and stem(x) not in record_stems and stem(x) not in said:
                        if x in _REQUEST_NOISE:
                            continue
                        return x
    return ""


def _record_text(e: Evidence) -> str:
    p = e.product
    specs = " ".join(f"{k} {v}" for k, v in p.specs.items())
    said = " ".join(f"{a.has()} {a.with_()}" for a in e.attributes)  # the record's specs in words, with units
    return " ".join((p.title, p.brand, p.colour, " ".join(p.colours), p.product_type, p.description, specs, said,
                     e.noun)).lower()


def _numbers_in(text: str) -> tuple[set[float], set[tuple[float, str]]]:
    values, pairs = set(), set()
    for m in NUMBER.finditer(text):
        value = _num(m.group(1))
        if value is None:
            continue
        values.add(value)
        unit = UNITS.get((m.group(2) or "").lower())
        if unit:
            pairs.add((value, unit))
    return values, pairs


def _says_value(text: str, value: str) -> bool:
    """Whether `text` states an attribute's value; a number may be glued to its unit ("14-inch")."""
    return re.search(r"(?<![\w.])" + re.escape(value.lower()) + r"(?![\w.])(?!-?\d)", text.lower().replace("-", " ")) is not None


def _has_word(text: str, word: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(word.lower()) + r"(?![\w-])", text.lower()) is not None


def _clauses(text: str, at: int) -> list[str]:
    """The clause holding position `at`, plus the one before it when the first is only the marker."""
    bounds = [0] + [m.end() for m in CLAUSE.finditer(text)] + [len(text) + 1]
    spans = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    for i, (a, b) in enumerate(spans):
        if a <= at < b:
            here = text[a:b]
            rest = CLAIM.sub(" ", here)
            if not [w for w in WORD.findall(rest.lower()) if w not in STOP and w not in FILLER] and i:
                return [text[spans[i - 1][0] : spans[i - 1][1]], here]
            return [here]
    return [text]


def _mentions_product(text: str, e: Evidence) -> bool:
    p = e.product
    own = {stem(w) for w in WORD.findall(" ".join((p.title, p.brand, p.product_type)).lower()) if w not in STOP}
    said = {stem(w) for w in WORD.findall(text.lower())}
    return bool(own & said) or any(abs((_num(a or b) or -1) - (p.price or -2)) < 0.005 for a, b in MONEY.findall(text))
