"""Colour vocabulary: shade names mapped onto a small set of base colours shoppers filter by."""

from __future__ import annotations

import re

BASE_COLOURS = (
    "black", "white", "grey", "silver", "gold", "blue", "red", "green", "yellow", "orange",
    "pink", "purple", "brown", "beige", "cyan", "magenta", "transparent", "multicolour",
)
_SYNONYMS = {
    "gray": "grey", "graphite": "grey", "charcoal": "grey", "anthracite": "grey", "slate": "grey",
    "gunmetal": "grey", "space gray": "grey", "space grey": "grey", "smoke": "grey",
    "stainless steel": "silver", "steel": "silver", "aluminium": "silver", "aluminum": "silver",
    "chrome": "silver", "metallic": "silver", "platinum": "silver", "titanium": "silver",
    "rose gold": "gold", "champagne": "gold", "bronze": "brown", "copper": "brown",
    "navy": "blue", "turquoise": "blue", "aqua": "blue", "teal": "blue", "cobalt": "blue",
    "indigo": "blue", "sapphire": "blue", "bordeaux": "red", "burgundy": "red", "maroon": "red",
    "crimson": "red", "ruby": "red", "violet": "purple", "lilac": "purple", "lavender": "purple",
    "plum": "purple", "mauve": "purple", "ivory": "white", "cream": "beige", "sand": "beige",
    "khaki": "beige", "taupe": "beige", "tan": "brown", "chocolate": "brown", "lime": "green",
    "mint": "green", "olive": "green", "emerald": "green", "fuchsia": "pink", "rose": "pink",
    "raspberry": "pink", "coral": "pink", "carbon": "black", "nickel": "silver", "pearl": "white",
    "wood": "brown", "walnut": "brown", "multicolor": "multicolour", "multi": "multicolour",
    "multi-colour": "multicolour", "multi-color": "multicolour", "assorted colours": "multicolour",
    "assorted colors": "multicolour", "rainbow": "multicolour", "clear": "transparent",
    "translucent": "transparent",
}
_COLOUR_WORDS = {**{c: c for c in BASE_COLOURS}, **_SYNONYMS}


def _colour_re(words: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


_ANY_COLOUR_RE = _colour_re(list(_COLOUR_WORDS))
# In free title text only plain colour words count: "Crystal Clear", "Chrome OS" and
# "80 PLUS Platinum" are not colours, and "Xeon Silver" is a product line.
_TITLE_COLOUR_RE = _colour_re([*BASE_COLOURS, "gray"])
_NOT_COLOUR_RE = re.compile(
    r"\b(xeon|plus|athlon|pentium)\s+(silver|gold|platinum|bronze|titanium)\b"
    r"|\bgold[- ]plated\b|\bred hat\b|\bblue[- ]light\b",
    re.IGNORECASE,
)


def base_colours(text: str) -> tuple[str, ...]:
    """The base colours named in a colour value: "Black,Stainless steel" -> ("black", "silver").

    Within one comma- or slash-separated part a plain colour word beats a shade name, so
    "Slate Blue" is blue alone, while "Stainless steel" still reads as silver.
    """
    found: list[str] = []
    for part in re.split(r"[,/;&+]|\band\b", text):
        words = [m.group(0).lower() for m in _ANY_COLOUR_RE.finditer(part)]
        plain = [w for w in words if w in BASE_COLOURS]
        found += plain or [_COLOUR_WORDS[w] for w in words]
    return tuple(dict.fromkeys(found))


def title_colours(title: str) -> tuple[str, ...]:
    """Base colours named in free title text, where only plain colour words count."""
    clean = _NOT_COLOUR_RE.sub(" ", title)
    found = (_COLOUR_WORDS[m.group(0).lower()] for m in _TITLE_COLOUR_RE.finditer(clean))
    return tuple(dict.fromkeys(found))


def colour_word(word: str) -> str | None:
    """The base colour a single word or shade names ("gray" -> "grey"), or None."""
    return _COLOUR_WORDS.get(word.lower())
