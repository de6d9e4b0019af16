"""Ratings, review counts, sizes and sort orders in a shopper's words: "4.5 stars and up",
"250+ reviews", "17-inch", "1TB", "cheapest first"."""

from __future__ import annotations

import re

from assistant.parse.prices import Span

_STAR_N = r"(\d(?:\.\d{1,2})?)"
_HIGHER = r"(?:\s*(?:or|and)\s*(?:higher|above|more|up|better)(?!\s*\d))?"
_RATING_PATTERNS = [
    re.compile(rf"(?:\b(?:rated|ratings?(?: of)?|with(?: an?)?|at least(?: an?)?|over|above|higher than|greater than|"
               rf"of at least|minimum(?: of)?)\s+)?{_STAR_N}\s*(?:\+|plus)?\s*-?\s*stars?\b(?:\s*ratings?)?{_HIGHER}"),
    re.compile(rf"\brated\s+(?:at least\s+|above\s+|over\s+|higher than\s+)?{_STAR_N}\s*(?:\+|plus)?{_HIGHER}"
               rf"(?!\s*(?:\d|reviews?))"),
    re.compile(rf"\bratings?\s+(?:should be\s+|must be\s+|is\s+|of\s+)?(?:at least\s+|above\s+|over\s+|higher than\s+|"
               rf"greater than\s+|more than\s+|of at least\s+)?(?:an?\s+)?{_STAR_N}\s*(?:\+|plus)?{_HIGHER}"
               rf"(?![\d,]|\s*(?:reviews?|%))"),
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

UNITS = _UNITS = {"inch": "inch", "inches": "inch", "in": "inch", '"': "inch", "”": "inch", "''": "inch",
          "tb": "tb", "gb": "gb", "mb": "mb", "mm": "mm", "cm": "cm", "m": "m", "meter": "m",
          "meters": "m", "metre": "m", "metres": "m", "ft": "ft", "feet": "ft", "w": "w", "watt": "w",
          "watts": "w", "mah": "mah", "hz": "hz", "ghz": "ghz", "mp": "mp", "megapixel": "mp",
          "megapixels": "mp", "port": "port", "ports": "port", "kg": "kg", "lb": "lb", "lbs": "lb",
          "v": "v", "volt": "v", "volts": "v"}
_SPEC = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*-?\s*"
                   r"(inches|inch|in\b(?!-)|\"|”|''|tb|gb|mb|mm|cm|meters?|metres?|m\b|ft\b|feet|"
                   r"watts?|w\b|mah|ghz|hz|megapixels?|mp\b|ports?|kg|lbs?\b|volts?|v\b)(?!\w)(?:\s*(ram|memory|ssd|storage))?",
                   re.I)

_MANY = r"decent|good|large|high|big|huge|great|significant|substantial|considerable|sizable|sizeable|fair|healthy|solid"
_REVIEWERS = r"(?:(?:customer|user|buyer|shopper|owner)s?'?\s+)?"
_SORTS = [
    # "by price, highest first" before "by price" (lowest first): of two matches at the same place, the
    # first listed wins.
    ("price_desc", r"(?:by|on) price,?\s+(?:highest|dearest|most expensive)(?: ones?)? first|"
                   r"price[s]?,?\s+(?:from\s+)?high(?:est)?\s+to\s+low(?:est)?|most expensive first|dearest first|"
                   r"most expensive|priciest|highest[- ]priced?|premium|high[- ]end|top[- ]of[- ]the[- ]line|luxury"),
    ("price_asc", r"(?:by|on) price(?:,?\s+(?:lowest|cheapest)(?: ones?)? first)?|price[s]?,?\s+(?:from\s+)?low(?:est)?\s+"
                  r"to\s+high(?:est)?|cheapest first|lowest (?:price )?first|"
                  r"cheapest|cheap|lowest[- ]priced?|least expensive|inexpensive|affordable|low[- ]cost|bargain|budget"),
    ("rating_desc", r"(?:top|highly|high|best|well|highest|strongly|decently|good|excellently)[- ]rated|best[- ]reviewed|"
                    r"(?:excellent|great|good|strong|high|top|positive|best|highest|decent)\s+(?:customer\s+|user\s+)?"
                    r"(?:ratings?|reviews|feedback)"),
    # A count of reviews or ratings asked for without a number: how popular, not how good.
    ("popular", r"most popular|(?:best|top)[- ]sell(?:ing|ers?)|bestsell(?:ing|ers?)|"
                r"(?:most|heavily|widely|frequently|much|often)[- ]reviewed|"
                rf"(?:a lot of|lots of|loads of|a ton of|tons of|a bunch of|plenty of|many|numerous|countless|"
                rf"(?:an?\s+)?(?:{_MANY})\s+(?:number|amount|count)\s+of)\s+{_REVIEWERS}\s*(?:reviews|ratings)|"
                rf"(?:{_MANY})\s+(?:review|rating)\s+counts?|"
                r"reviewed by (?:many|lots of|a lot of|numerous|plenty of)(?:\s+(?:customers|people|users|buyers))?|popular"),
    ("newest", r"newest|latest|most recent|just released|recently released|new arrivals?"),
]
_SORT = re.compile("|".join(rf"(?P<{name}>\b(?:{pattern})\b)" for name, pattern in _SORTS), re.I)


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


_RECORD_SPECS: dict[tuple[str, str], frozenset[str]] = {}


def record_specs(product) -> frozenset[str]:
    """The size and capacity specs a product's title and spec values state, normalised as a
    shopper's are ("165.1 cm (65\")" -> "65 inch", "16 GB DDR4-SDRAM" -> "16 gb")."""
    key = (product.id, product.title)
    found = _RECORD_SPECS.get(key)
    if found is None:
        text = " ".join([product.title, *map(str, product.specs.values())])
        found = {spec.removesuffix(" ram") for spec, _ in find_specs(text)}
        # a shopper's "15 inch" is a 15.6" screen, "13 inch" a 13.3" one: whole inches name a size class
        found |= {f"{int(float(s.split()[0]))} inch" for s in found if s.endswith(" inch")}
        found = frozenset(found)
        _RECORD_SPECS[key] = found
    return found


def says_specs(product, specs) -> bool:
    """Whether the product's record states every one of `specs` (a shopper's, "16 gb ram")."""
    return {s.removesuffix(" ram") for s in specs} <= record_specs(product)


def find_sort(text: str) -> tuple[str, Span | None]:
    """The first sort order a message asks for ("cheap" -> price_asc, "top rated" -> rating_desc)."""
    m = _SORT.search(text)
    if not m:
        return "", None
    return m.lastgroup or "", m.span()


