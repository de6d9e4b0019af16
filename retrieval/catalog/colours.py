"""Colours: the words that name a colour, mapped onto the base colours shoppers filter by.

One vocabulary (vocab/colours.v1.yaml) read three ways, by where the words stand:
- a record's colour field (`base_colours`): every colour word counts, materials too ("Stainless
  steel" is silver);
- a title (`title_colours`): only plain base colour words, since "Crystal Clear", "Chrome OS" and
  "Xeon Silver" are not colours;
- a shopper's message (`shopper_colours`): base colours, their other spellings and shade names
  ("navy" filters by blue), but not materials ("a steel water bottle").
"""

from __future__ import annotations

import re
from functools import cache

from retrieval.catalog.vocabulary import table


@cache
def _vocabulary() -> tuple[tuple[str, ...], dict[str, str], dict[str, str], dict[str, str]]:
    t = table("colours")
    base = tuple(t["base"])
    return base, dict(t["spellings"]), dict(t["shades"]), dict(t["field_only"])


BASE_COLOURS: tuple[str, ...] = _vocabulary()[0]


@cache
def colour_words(where: str = "field") -> dict[str, str]:
    """Word -> base colour for the words that name a colour `where` ("field", "message", "title")."""
    base, spellings, shades, field_only = _vocabulary()
    words = {c: c for c in base}
    if where == "title":
        return {**words, "gray": "grey"}
    words |= spellings | shades
    return words | field_only if where == "field" else words


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _pattern(where: str) -> re.Pattern[str]:
    if where == "message":  # word boundaries as shoppers type: "black-and-white" names two colours
        return re.compile(rf"\b({_alternatives(colour_words(where))})\b", re.IGNORECASE)
    return re.compile(rf"(?<![\w-])({_alternatives(colour_words(where))})(?![\w-])", re.IGNORECASE)


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
    words_of = colour_words("field")
    found: list[str] = []
    for part in re.split(r"[,/;&+]|\band\b", text):
        words = [m.group(0).lower() for m in _pattern("field").finditer(part)]
        plain = [w for w in words if w in BASE_COLOURS]
        found += plain or [words_of[w] for w in words]
    return tuple(dict.fromkeys(found))


def title_colours(title: str) -> tuple[str, ...]:
    """Base colours named in free title text, where only plain colour words count."""
    clean = _NOT_COLOUR_RE.sub(" ", title)
    found = (colour_words("title")[m.group(0).lower()] for m in _pattern("title").finditer(clean))
    return tuple(dict.fromkeys(found))


def shopper_colours(text: str) -> list[tuple[str, int, int]]:
    """(base colour, start, end) for each colour a shopper's message names: "navy or charcoal" ->
    [("blue", 0, 4), ("grey", 8, 16)]."""
    words_of = colour_words("message")
    return [(words_of[m.group(1).lower()], m.start(), m.end()) for m in _pattern("message").finditer(text)]


def colour_word(word: str) -> str | None:
    """The base colour a word or shade names anywhere in a record ("gray" -> "grey"), or None."""
    return colour_words("field").get(word.lower())


def is_exact(word: str) -> bool:
    """Whether the word is a base colour or another spelling of one (not a shade or material):
    a reason may call a blue product "blue", but "navy" only where its record says navy."""
    base, spellings, _, _ = _vocabulary()
    return word.lower() in base or word.lower() in spellings
