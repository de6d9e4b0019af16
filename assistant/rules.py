"""Pattern rules for reading shopping messages: prices, colours, brands, references and intent cues.

These are the rules-only baseline of query understanding and the fallback of the learned parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.types import Intent

BASE_COLOURS = (
    "black", "white", "grey", "silver", "blue", "red", "green", "yellow", "pink", "purple",
    "orange", "brown", "beige", "gold", "transparent",
)
COLOUR_SYNONYMS = {"gray": "grey", "clear": "transparent", "violet": "purple", "golden": "gold"}

_NUM = r"\$?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\d|\.\d|,\d)\s*(k\b)?"  # no partial numbers
_CURRENCY = r"(?:\s*(?:dollars?|usd|bucks|\$))?"
# A number followed by one of these is a spec or a rating, not a price.
_NOT_PRICE = r"(?!\s*(?:\.\d|stars?|reviews?|ratings?|gb|tb|mb|inch|in\b|\"|”|hz|mah|w\b|watts?|mp\b|cm|mm|ppm|dpi|pcs?|pack|%|\+\s*(?:stars?|reviews?)))"
_PRICE_PATTERNS = [
    ("between", re.compile(rf"\bbetween\s+{_NUM}{_CURRENCY}\s+(?:and|to|-)\s+{_NUM}{_CURRENCY}{_NOT_PRICE}")),
    ("between", re.compile(rf"(?<![\w.])\$\s*(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*(k\b)?\s*(?:-|–|to)\s*{_NUM}{_CURRENCY}")),
    ("max", re.compile(rf"(?:\bunder|\bbelow|\bless than|\bcheaper than|\bup to|\bmax(?:imum)?|\bno more than|\bat most|\bwithin|\bbudget(?: of| is)?|\bbelow|<=?)\s*{_NUM}{_CURRENCY}{_NOT_PRICE}")),
    ("min", re.compile(rf"(?:\bover|\babove|\bmore than|\bat least|\bmin(?:imum)?|\bstarting at|>=?)\s*{_NUM}{_CURRENCY}{_NOT_PRICE}")),
    ("around", re.compile(rf"(?:\baround|\babout|\bapproximately|\broughly|\bclose to|~)\s*{_NUM}{_CURRENCY}{_NOT_PRICE}")),
    ("around", re.compile(rf"(?<![\w.])\$\s*(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*(k\b)?")),
]

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
    "under below over above between than less more much".split()
)


@dataclass(frozen=True)
class PriceRange:
    low: float | None = None
    high: float | None = None


def _amount(digits: str, thousands: str | None) -> float:
    value = float(digits.replace(",", ""))
    return value * 1000 if thousands else value


def find_price(text: str) -> tuple[PriceRange | None, str]:
    """The price range a message asks for, and the message with that phrase cut out."""
    lowered = text.lower()
    for kind, pattern in _PRICE_PATTERNS:
        m = pattern.search(lowered)
        if not m:
            continue
        groups = m.groups()
        first = _amount(groups[0], groups[1])
        rest = text[: m.start()] + " " + text[m.end():]
        if kind == "between":
            second = _amount(groups[2], groups[3])
            low, high = sorted((first, second))
            return PriceRange(low, high), rest
        if kind == "max":
            return PriceRange(None, first), rest
        if kind == "min":
            return PriceRange(first, None), rest
        return PriceRange(round(first * 0.8, 2), round(first * 1.2, 2)), rest
    return None, text


def find_colours(text: str) -> list[str]:
    words = re.findall(r"[a-z]+", text.lower())
    found = []
    for w in words:
        c = COLOUR_SYNONYMS.get(w, w)
        if c in BASE_COLOURS and c not in found:
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
    """Words that say what product is wanted (stopwords and numbers dropped)."""
    return [w for w in re.findall(r"[a-z0-9][a-z0-9\-+.]*", text.lower()) if w not in STOPWORDS and not w.isdigit()]
