"""Prices in a shopper's words: "under $1.5k", "between 200 and 500 dollars", "around five hundred".

`price_span` finds the first price phrase and what it asks for; every reader returns the span it
read, so the caller can blank it out of the free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from price_parser import Price

Span = tuple[int, int]
_N = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\d|\.\d|,\d|e[+-]?\d)\s*(k\b)?"  # an amount; no partial numbers
_NUM = r"(?:\$|€|£)?\s*" + _N
_CURRENCY = r"(?:\s*(?:dollars?|usd|bucks|euros?|eur|pounds|gbp|cents?|¢|\$|€|£))?"
_CENTS = re.compile(r"\d\s*(?:cents?|¢)")  # "50 cents" is $0.50
_MONEY_WORD = r"(?:dollars?|usd|bucks|euros?|eur|pounds|gbp)\b"
# An amount that is money by its sign or its word: "$300", "300 dollars" (not "300" alone: "300 reviews").
_MONEY = rf"(?:(?<![\w.])(?:\$|€|£)\s*{_N}(?:\s*{_MONEY_WORD})?|(?<![\w.,$]){_N}\s*{_MONEY_WORD})"
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
    # "200 to 400 dollars", "200-400 bucks": a range whose currency is said once, after it.
    ("between", re.compile(rf"(?<![\w.,$]){_N}\s*(?:-|–|to)\s*{_NUM}\s*{_MONEY_WORD}")),
    # The bound said after the amount: "$300 or less", "50 bucks max", "$200 and up", "$500 or more".
    ("max", re.compile(rf"{_MONEY}\s*(?:or (?:less|under|below|cheaper|lower)|and (?:under|below|less)|max(?:imum)?\b|"
                       rf"tops\b|at (?:the )?most\b|(?:is|as) (?:the|my) (?:limit|max(?:imum)?))")),
    ("min", re.compile(rf"{_MONEY}\s*(?:or (?:more|above|over|higher|up)|and (?:up|above|over|higher)(?:wards?)?\b|"
                       rf"minimum\b|at (?:the )?least\b|\+|plus\b)")),
    ("around", re.compile(rf"(?:\baround|\babout|\bapproximately|\broughly|\bclose to|\bfor|~)\s*(?:\$|€|£)\s*{_N}")),
    ("around", re.compile(rf"(?:\baround|\babout|\bapproximately|\broughly|\bclose to|~)\s*{_NUM}{_CURRENCY}{_NOT_PRICE}")),
    ("around", re.compile(rf"(?<![\w.])(?:\$|€|£)\s*{_N}")),
    ("around", re.compile(rf"(?<![\w.,$]){_N}\s*(?:dollars?|usd|bucks|euros?)\b")),
]


@dataclass(frozen=True)
class PriceRange:
    low: float | None = None
    high: float | None = None
    # How the phrase said it: "max", "min", "between", or "around" for a bare amount ("$300"),
    # which a tagger or the dialogue may read one way or the other.
    kind: str = field(default="", compare=False)


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



def price_span(text: str) -> tuple[PriceRange, Span] | None:
    """The first price phrase of `text` and what it asks for."""
    lowered = text.lower()
    for kind, pattern in _PRICE_PATTERNS:
        m = pattern.search(lowered)
        if not m:
            continue
        groups = m.groups()  # (digits, "k") per amount; an alternative not taken leaves its pair None
        g = [x for i in range(0, len(groups), 2) if groups[i] is not None for x in groups[i:i + 2]]
        first = parse_amount(g[0], g[1])
        if first is None:
            continue
        span = (m.start(), m.start() + len(m.group(0).rstrip()))
        scale = 0.01 if _CENTS.search(m.group(0)) else 1.0
        first = round(first * scale, 2)
        if kind == "between":
            second = parse_amount(g[2], g[3]) if len(g) > 2 else None
            low, high = sorted((first, round(second * scale, 2) if second is not None else first))
            return PriceRange(low, high, "between"), span
        if kind == "max":
            return PriceRange(None, first, "max"), span
        if kind == "min":
            return PriceRange(first, None, "min"), span
        return PriceRange(round(first * 0.8, 2), round(first * 1.2, 2), "around"), span
    return None


def find_price(text: str) -> tuple[PriceRange | None, str]:
    """The price range a message asks for, and the message with that phrase cut out."""
    found = price_span(text)
    if found is None:
        return None, text
    price, (start, end) = found
    return price, text[:start] + " " + text[end:]




# Amounts no shop price can be: negative ("$-5") or in exponent form ("$1e309"). They are read as
# nothing, and cut from the words the product is searched by.
_UNREADABLE = re.compile(r"(?:\$|€|£)\s*[-−]\s*\d[\d.,]*|(?:\$|€|£)?\s*\d+(?:\.\d+)?e[+-]?\d+", re.I)


def unreadable_amounts(text: str) -> list[Span]:
    """Spans of money amounts that cannot be a price: "mouse under $-5" -> [(12, 15)]."""
    return [m.span() for m in _UNREADABLE.finditer(text)]
