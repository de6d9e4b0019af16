"""Pattern rules for reading shopping messages: prices, ratings, review counts, specs, sort order,
colours, references and intent cues.

These are the rules-only baseline of query understanding, and the part of the learned parser that
turns a tagged span into a value ("under $1.5k" -> price_max 1500). Every `find_*` returns the
character spans it read, so a caller can blank them out of the free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from price_parser import Price

from assistant.core.types import Intent

BASE_COLOURS = (
    "black", "white", "grey", "silver", "blue", "red", "green", "yellow", "pink", "purple",
    "orange", "brown", "beige", "gold", "transparent",
)
COLOUR_SYNONYMS = {"gray": "grey", "clear": "transparent", "violet": "purple", "golden": "gold"}
COLOUR_WORDS = re.compile(r"\b(" + "|".join(BASE_COLOURS + tuple(COLOUR_SYNONYMS)) + r")\b", re.I)

Span = tuple[int, int]
_N = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\d|\.\d|,\d)\s*(k\b)?"  # an amount; no partial numbers
_NUM = r"(?:\$|€|£)?\s*" + _N
_CURRENCY = r"(?:\s*(?:dollars?|usd|bucks|euros?|eur|pounds|gbp|\$|€|£))?"
# A number followed by one of these is a spec, a rating or a count, not a price.
_NOT_PRICE = (r"(?!\s*(?:\.\d|-?\s*stars?|\+?\s*reviews?|ratings?|gb|tb|mb|-?\s*inch|in\b|\"|”|hz|mah|"
              r"w\b|watts?|mp\b|cm|mm|ppm|dpi|pcs?|pack|ports?|%|\+\s*(?:stars?|reviews?)|\+?\s*rating))")
_PRICE_PATTERNS = [
    ("between", re.compile(rf"\b(?:between|from)\s+{_NUM}{_CURRENCY}\s+(?:and|to|-)\s+{_NUM}{_CURRENCY}{_NOT_PRICE}")),
    ("between", re.compile(rf"(?<![\w.])(?:\$|€|£)\s*{_N}\s*(?:-|–|to)\s*{_NUM}{_CURRENCY}")),
    ("max", re.compile(rf"(?:\bunder|\bbelow|\bless than|\bcheaper than|\bup to|\bmax(?:imum)?(?: price)?(?: of)?:?|"
                       rf"\bno more than|\bnot (?:cost |be )?more than|\bat most|\bwithin|\bbudget(?: of| is)?|"
                       rf"\bcosting less than|\bnot over|<=?)\s*{_NUM}{_CURRENCY}{_NOT_PRICE}")),
    ("min", re.compile(rf"(?:\bover|\babove|\bmore than|\bat least|\bmin(?:imum)?(?: price)?(?: of)?:?|\bstarting at|"
                       rf">=?)\s*{_NUM}{_CURRENCY}{_NOT_PRICE}")),
    ("around", re.compile(rf"(?:\baround|\babout|\bapproximately|\broughly|\bclose to|\bfor|~)\s*(?:\$|€|£)\s*{_N}")),
    ("around", re.compile(rf"(?:\baround|\babout|\bapproximately|\broughly|\bclose to|~)\s*{_NUM}{_CURRENCY}{_NOT_PRICE}")),
    ("around", re.compile(rf"(?<![\w.])(?:\$|€|£)\s*{_N}")),
    ("around", re.compile(rf"(?<![\w.,$]){_N}\s*(?:dollars?|usd|bucks|euros?)\b")),
]

_STAR_N = r"(\d(?:\.\d{1,2})?)"
_HIGHER = r"(?:\s*(?:or|and)\s*(?:higher|above|more|up|better)(?!\s*\d))?"
_RATING_PATTERNS = [
    re.compile(rf"(?:\b(?:rated|ratings?(?: of)?|with(?: an?)?|at least(?: an?)?|over|above|higher than|greater than|"
               rf"of at least|minimum(?: of)?)\s+)?{_STAR_N}\s*(?:\+|plus)?\s*-?\s*stars?\b(?:\s*ratings?)?{_HIGHER}"),
    re.compile(rf"\brated\s+(?:at least\s+|above\s+|over\s+|higher than\s+)?{_STAR_N}\s*(?:\+|plus)?{_HIGHER}(?!\s*(?:\d|reviews?))"),
    re.compile(rf"\bratings?\s+(?:should be\s+|must be\s+|is\s+|of\s+)?(?:at least\s+|above\s+|over\s+|higher than\s+|"
               rf"greater than\s+|more than\s+|of at least\s+)?(?:an?\s+)?{_STAR_N}\s*(?:\+|plus)?{_HIGHER}(?![\d,]|\s*(?:reviews?|%))"),
    re.compile(rf"{_STAR_N}\s*(?:\+|plus)\s*ratings?"),
]
_COUNT = r"(\d{1,3}(?:,\d{3})+|\d+)\s*(k\b)?"
_REVIEWS = r"(?:customer\s+|user\s+)?(?:reviews?|ratings|reviewers|reviewed)"
_REVIEW_PATTERNS = [
    ("between", re.compile(rf"\bbetween\s+{_COUNT}\s+(?:and|to|-)\s+{_COUNT}\s+{_REVIEWS}")),
    ("max", re.compile(rf"\b(?:fewer than|less than|under|below|at most|no more than|max(?:imum)? of)\s+{_COUNT}\s+{_REVIEWS}")),
    ("min", re.compile(rf"\b(?:number of reviews|review count|reviews)\s+(?:should be\s+|must be\s+|is\s+|of\s+)?"
                       rf"(?:greater than|more than|over|above|at least)\s+{_COUNT}")),
    ("min", re.compile(rf"\breviews?\s*\(\s*{_COUNT}\s*\+\s*\)")),
    ("min", re.compile(rf"\breviewed by\s+(?:over\s+|more than\s+|at least\s+)?{_COUNT}")),
    ("min", re.compile(rf"(?:\b(?:at least|over|more than|greater than|above|min(?:imum)?(?: of)?|from|with)\s+(?:an?\s+)?)?"
                       rf"{_COUNT}\s*(?:\+|plus)?\s+{_REVIEWS}(?:\s+or\s+(?:higher|more|above|greater))?")),
]

_UNITS = {"inch": "inch", "inches": "inch", "in": "inch", '"': "inch", "”": "inch", "''": "inch",
          "tb": "tb", "gb": "gb", "mb": "mb", "mm": "mm", "cm": "cm", "m": "m", "meter": "m",
          "meters": "m", "metre": "m", "metres": "m", "ft": "ft", "feet": "ft", "w": "w", "watt": "w",
          "watts": "w", "mah": "mah", "hz": "hz", "ghz": "ghz", "mp": "mp", "megapixel": "mp",
          "megapixels": "mp", "port": "port", "ports": "port", "kg": "kg", "lb": "lb", "lbs": "lb",
          "v": "v", "volt": "v", "volts": "v"}
_SPEC = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*-?\s*(inches|inch|in\b(?!-)|\"|”|''|tb|gb|mb|mm|cm|meters?|metres?|m\b|ft\b|feet|"
                   r"watts?|w\b|mah|ghz|hz|megapixels?|mp\b|ports?|kg|lbs?\b|volts?|v\b)(?!\w)(?:\s*(ram|memory|ssd|storage))?",
                   re.I)

_SORTS = [
    ("price_asc", r"cheapest|cheap|lowest[- ]priced?|least expensive|inexpensive|affordable|low[- ]cost|bargain|budget"),
    ("price_desc", r"most expensive|priciest|highest[- ]priced?|premium|high[- ]end|top[- ]of[- ]the[- ]line|luxury"),
    ("rating_desc", r"(?:top|highly|high|best|well|highest|strongly|decently|good|excellently)[- ]rated|best[- ]reviewed|"
                    r"(?:excellent|great|good|strong|high|top|positive|best|highest|decent)\s+(?:customer\s+|user\s+)?"
                    r"(?:ratings?|reviews|feedback)"),
    ("popular", r"most popular|best[- ]sell(?:ing|ers?)|(?:a lot of|lots of|many|tons of|plenty of)\s+(?:customer\s+)?reviews|"
                r"(?:decent|good|large|high|big|huge)\s+(?:number|amount)\s+of\s+(?:customer\s+)?reviews|"
                r"reviewed by (?:many|lots of|a lot of)(?:\s+customers)?|popular"),
    ("newest", r"newest|latest|most recent|just released|recently released|new arrivals?"),
]
_SORT = re.compile("|".join(rf"(?P<{name}>\b(?:{pattern})\b)" for name, pattern in _SORTS), re.I)

_ORDINALS = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
    "fifth": 4, "5th": 4, "last": -1,
}
_REFERENCE = re.compile(
    r"\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\b(?:\s+(?:one|two))?"
    r"|(?:#|number\s+|no\.\s*)([1-9])\b"
)
_FIRST_N = re.compile(r"\b(?:the\s+)?(?:first|top)\s+(two|three|four|2|3|4)\b")
_SMALL_NUMBERS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}

_INTENT_CUES: list[tuple[Intent, re.Pattern]] = [
    (Intent.START_OVER, re.compile(r"\b(start over|start again|new search|reset|clear (?:it|all|everything)|forget (?:it|that|everything))\b")),
    (Intent.HUMAN_AGENT, re.compile(r"\b(human|real person|agent|representative|customer service|operator|talk to (?:someone|a person))\b")),
    (Intent.HELP, re.compile(r"^\s*(help|\?+|what can you do|how does (?:this|it) work)\b|\bi need (?:some )?help\b(?!\s+(?:finding|choosing|picking|with|to))")),
    (Intent.COMPARE, re.compile(r"\b(compare|comparison|versus|vs\.?|difference between)\b")),
    (Intent.FEEDBACK, re.compile(r"\bi (?:really )?(like|love|dislike|hate|don'?t like)\b")),
    (Intent.SHOW_MORE, re.compile(r"\b((?:show|see|give) (?:me )?more|more (?:options|results|like (?:this|these))|next (?:page|ones?)|anything else)\b")),
    (Intent.CHEAPER, re.compile(r"\b(cheaper|less expensive|lower price|more affordable)\b(?!\s+than)")),
    (Intent.PRICIER, re.compile(r"\b(pricier|more expensive|higher[- ]end|fancier)\b")),
    (Intent.ASK_PRODUCT, re.compile(r"\b(tell me (?:more )?about|more about|details (?:of|on|about)|what(?:'s| is) the|does (?:it|the|that)|is (?:it|the|that)|how (?:big|heavy|much))\b")),
]
_GREETING = re.compile(r"^\s*(hi|hello|hey|hiya|thanks|thank you|cheers|good (?:morning|afternoon|evening)|bye|goodbye)\b[\s!.,]*", re.I)

STOPWORDS = frozenset(
    "a an the i im i'm me my we you your it its is are am be want need looking look for find show "
    "get buy give some any please can could would like to of with in on at and or but just only "
    "also one ones something thing things that this these those do does have has there here what "
    "which good nice new best cheap price priced cost costs budget dollars usd bucks around about "
    "under below over above between than less more much search searching should models model "
    "recommend".split()
)


@dataclass(frozen=True)
class PriceRange:
    low: float | None = None
    high: float | None = None


def parse_amount(text: str, thousands: str | None = None) -> float | None:
    """A money amount written as digits ("1,299.99", "$1.5", "1.299,00 €"), times 1000 for a "k"."""
    amount = Price.fromstring(text).amount_float
    if amount is None:
        return None
    return amount * 1000 if thousands else amount


_UNITS_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                             "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS_WORDS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_NUMBER_RUN = re.compile(r"\b(?:(?:a|an|" + "|".join(list(_UNITS_WORDS) + list(_TENS_WORDS)) +
                         r"|hundred|thousand|grand|and)[\s-]*)+\b(?=\s*(?:dollars?|bucks|usd|euros?)?)", re.I)


def _words_value(words: list[str]) -> int | None:
    total, current = 0, 0
    for w in words:
        if w in _UNITS_WORDS:
            current += _UNITS_WORDS[w]
        elif w in _TENS_WORDS:
            current += _TENS_WORDS[w]
        elif w in ("a", "an"):
            current += 1
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in ("thousand", "grand"):
            total, current = total + max(current, 1) * 1000, 0
    value = total + current
    return value if value else None


def numbers_in_words(text: str) -> str:
    """Amounts spelt out become digits: "under five hundred dollars" -> "under 500 dollars",
    "a grand" -> "1000". Bare small numbers ("the first two") are left alone."""
    def swap(m: re.Match) -> str:
        raw = [w for w in re.split(r"[\s-]+", m.group(0).lower().strip()) if w]
        tail = text[m.end():m.end() + 8].lower()
        money_follows = re.match(r"\s*(dollars?|bucks|usd|euros?)", tail)
        words = [w for w in raw if w != "and"]
        if not words or words in (["a"], ["an"]) or not (
                {"hundred", "thousand", "grand"} & set(words) or (money_follows and len(words) >= 1)):
            return m.group(0)
        # "one hundred and two hundred" is two amounts; "one hundred and fifty" is one.
        groups: list[list[str]] = [[]]
        for i, w in enumerate(raw):
            if w == "and" and {"hundred", "thousand", "grand"} & set(raw[i + 1:]):
                groups.append([])
            elif w != "and":
                groups[-1].append(w)
        values = [_words_value(g) for g in groups if g]
        if not values or None in values:
            return m.group(0)
        trailing = " " if m.group(0).endswith((" ", "-")) else ""
        lead = " " if m.group(0)[:1].isspace() else ""
        return lead + " and ".join(str(v) for v in values) + trailing

    return _NUMBER_RUN.sub(swap, text)


def blank(text: str, spans) -> str:
    """`text` with each span replaced by spaces: later offsets stay valid."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def price_span(text: str) -> tuple[PriceRange, Span] | None:
    """The first price phrase of `text` and what it asks for."""
    lowered = text.lower()
    for kind, pattern in _PRICE_PATTERNS:
        m = pattern.search(lowered)
        if not m:
            continue
        g = m.groups()
        first = parse_amount(g[0], g[1])
        if first is None:
            continue
        span = (m.start(), m.start() + len(m.group(0).rstrip()))
        if kind == "between":
            second = parse_amount(g[2], g[3])
            low, high = sorted((first, second if second is not None else first))
            return PriceRange(low, high), span
        if kind == "max":
            return PriceRange(None, first), span
        if kind == "min":
            return PriceRange(first, None), span
        return PriceRange(round(first * 0.8, 2), round(first * 1.2, 2)), span
    return None


def find_price(text: str) -> tuple[PriceRange | None, str]:
    """The price range a message asks for, and the message with that phrase cut out."""
    found = price_span(text)
    if found is None:
        return None, text
    price, (start, end) = found
    return price, text[:start] + " " + text[end:]


def find_rating(text: str) -> tuple[float | None, Span | None]:
    """The least star rating asked for (0-5) and its span."""
    lowered = text.lower()
    for pattern in _RATING_PATTERNS:
        for m in pattern.finditer(lowered):
            value = float(m.group(1))
            if 0 < value <= 5:
                return value, m.span()
    return None, None


def _count(digits: str, thousands: str | None) -> int:
    return int(float(digits.replace(",", "")) * (1000 if thousands else 1))


def find_reviews(text: str) -> tuple[int | None, int | None, Span | None]:
    """Review-count bounds (least, most) asked for and their span."""
    lowered = text.lower()
    for kind, pattern in _REVIEW_PATTERNS:
        m = pattern.search(lowered)
        if not m:
            continue
        g = m.groups()
        span = (m.start(), m.start() + len(m.group(0).rstrip()))
        if kind == "between":
            low, high = sorted((_count(g[0], g[1]), _count(g[2], g[3])))
            return low, high, span
        value = _count(g[0], g[1])
        return (None, value, span) if kind == "max" else (value, None, span)
    return None, None, None


def normalise_spec(number: str, unit: str, qualifier: str | None = None) -> str:
    value = float(number)
    spec = f"{value:g} {_UNITS[unit.lower()]}"
    return spec + " ram" if qualifier and qualifier.lower() in ("ram", "memory") else spec


def find_specs(text: str) -> list[tuple[str, Span]]:
    """Size and capacity specs ("17-inch", "1TB", "16GB RAM") as normalised strings with spans."""
    return [(normalise_spec(m.group(1), m.group(2), m.group(3)), m.span()) for m in _SPEC.finditer(text)]


def find_sort(text: str) -> tuple[str, Span | None]:
    """The first sort order a message asks for ("cheap" -> price_asc, "top rated" -> rating_desc)."""
    m = _SORT.search(text)
    if not m:
        return "", None
    return m.lastgroup or "", m.span()


@dataclass(frozen=True)
class Reading:
    """Everything the rules read in one message; `spans` are (kind, start, end) in the text."""

    price: PriceRange | None = None
    rating_min: float | None = None
    reviews_min: int | None = None
    reviews_max: int | None = None
    specs: tuple[str, ...] = ()
    sort: str = ""
    colours: tuple[str, ...] = ()
    spans: tuple[tuple[str, int, int], ...] = ()


def read(text: str) -> Reading:
    """Ratings and review counts first, so "at least 4.6 stars" is never read as a price."""
    spans: list[tuple[str, int, int]] = []
    rating, span = find_rating(text)
    if span:
        spans.append(("rating", *span))
    work = blank(text, [s[1:] for s in spans])
    low, high, span = find_reviews(work)
    if span:
        spans.append(("reviews", *span))
    work = blank(text, [s[1:] for s in spans])
    found = price_span(work)
    if found:
        spans.append(("price", *found[1]))
    work = blank(text, [s[1:] for s in spans])
    specs = find_specs(work)
    spans.extend(("spec", *s) for _, s in specs)
    sort, span = find_sort(text)
    if span:
        spans.append(("sort", *span))
    colours = []
    for m in COLOUR_WORDS.finditer(text):
        c = COLOUR_SYNONYMS.get(m.group(1).lower(), m.group(1).lower())
        spans.append(("colour", *m.span()))
        if c not in colours:
            colours.append(c)
    # A pattern may end in the spaces left by a blanked phrase: spans end at their last character.
    spans = [(kind, s, s + len(text[s:e].rstrip())) for kind, s, e in spans]
    return Reading(found[0] if found else None, rating, low, high, tuple(dict.fromkeys(s for s, _ in specs)),
                   sort, tuple(colours), tuple(sorted(spans, key=lambda s: s[1])))


@lru_cache(maxsize=1)
def _type_pattern() -> tuple[re.Pattern, dict[str, str]]:
    from retrieval.catalog import product_types

    table = {p: t for t, phrases in getattr(product_types, "_GROUPS", {}).items() for p in phrases}
    table.update({p: t for p, t in getattr(product_types, "_WEAK", {}).items() if t != "accessory" and " " not in p
                  and p not in ("year", "years", "memory", "desktop")})
    alternatives = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?:e?s)?(?![\w-])", re.I), table


def find_type(text: str) -> tuple[str, Span | None]:
    """The product type asked for: the last type phrase of the first run of them, a run ending at
    "for"/"with" ("phone cases for iPhone" -> case). Product lines ("iPhone") count only alone."""
    pattern, table = _type_pattern()
    from retrieval.catalog import product_types

    weak = getattr(product_types, "_WEAK", {})
    found = [(table[m.group(1).lower()], m.span(), m.group(1).lower() in weak) for m in pattern.finditer(text)]
    if not found:
        return "", None
    best = None
    for i, (canon, span, is_weak) in enumerate(found):
        if i and _CUT.search(text[found[i - 1][1][1]:span[0]]):
            break
        if not is_weak or best is None or best[2]:
            best = (canon, span, is_weak)
    return best[0], best[1]


_CUT = re.compile(r"\b(?:for|with|compatible|that|which|from|and|or)\b|[,.;!?]", re.I)


def find_colours(text: str) -> list[str]:
    found = []
    for m in COLOUR_WORDS.finditer(text):
        c = COLOUR_SYNONYMS.get(m.group(1).lower(), m.group(1).lower())
        if c not in found:
            found.append(c)
    return found


def find_references(text: str) -> tuple[int, ...]:
    """Positions (0-based; -1 for "last") of shown products the message points at."""
    lowered = text.lower()
    m = _FIRST_N.search(lowered)
    if m:
        return tuple(range(_SMALL_NUMBERS[m.group(1)]))
    refs: list[int] = []
    for m in _REFERENCE.finditer(lowered):
        pos = _ORDINALS[m.group(1)] if m.group(1) else int(m.group(2)) - 1
        if pos not in refs:
            refs.append(pos)
    if not refs and re.search(r"\b(that one|this one|it)\b", lowered):
        refs.append(0)
    return tuple(refs)


def find_intent(text: str) -> Intent | None:
    """The intent a cue phrase signals, or None for a plain product request."""
    lowered = text.lower()
    for intent, pattern in _INTENT_CUES:
        if pattern.search(lowered):
            return intent
    if _GREETING.match(lowered) and not content_words(_GREETING.sub("", lowered)):
        return Intent.SMALL_TALK
    return None


def content_words(text: str) -> list[str]:
    """Words that say what product is wanted (stopwords dropped). Numbers stay: after the price,
    rating and spec phrases are cut, a number names a model ("iphone 7", "rtx 2060", "windows 10")."""
    words = re.findall(r"[a-z0-9][a-z0-9\-+.]*[a-z0-9+]|[a-z0-9]", text.lower())
    return [w for w in words if w not in STOPWORDS]
