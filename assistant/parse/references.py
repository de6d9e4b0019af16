"""References to products already shown: "the second one", "#3", "the first two", "the last one"."""

from __future__ import annotations

import re

_ORDINALS = {
    "first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5, "seventh": 6, "eighth": 7,
    "ninth": 8, "tenth": 9, "last": -1,
}
# "the 2nd", "the 9th", "the 100th", "#3", "number 4": any position, so one past the page gets an
# honest "there is no #9" rather than silently pointing at another product.
_REFERENCE = re.compile(
    r"\b(?:the\s+)?(?:(" + "|".join(_ORDINALS) + r")|(\d{1,4})(?:st|nd|rd|th))\b(?:\s+(?:one|two))?"
    r"|(?:#|number\s+|no\.\s*)(\d{1,4})\b"
)
# Bare numbers count only in a comparison: "compare 1 and 3", "2 vs 4" (never "between 1 and 3 tb").
_COMPARE_CUE = re.compile(r"\b(?:compare|comparison|vs\.?|versus|difference|differences)\b")
_BARE = re.compile(r"(?<![\w$.,])(\d{1,2})(?![\w.%$\"'])(?!,\d)(?!\s*(?:\$|dollars?|bucks|usd|eur|gb|tb|mb|inch|inches|in\b|"
                   r"mm|cm|kg|w\b|watts?|hz|pounds?|lbs?|years?|months?|pcs|pieces|pack))")
_FIRST_N = re.compile(r"\b(?:the\s+)?(?:first|top)\s+(two|three|four|2|3|4)\b")
_SMALL_NUMBERS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}


def find_references(text: str) -> tuple[int, ...]:
    """Positions (0-based; -1 for "last") of shown products the message points at."""
    lowered = text.lower()
    m = _FIRST_N.search(lowered)
    if m:
        return tuple(range(_SMALL_NUMBERS[m.group(1)]))
    refs: list[int] = []
    for m in _REFERENCE.finditer(lowered):
        if m.group(1):
            pos = _ORDINALS[m.group(1)]
        elif int(m.group(2) or m.group(3)) >= 1:
            pos = int(m.group(2) or m.group(3)) - 1
        else:  # "the 0th", "#0": no position
            continue
        if pos not in refs:
            refs.append(pos)
    if not refs and _COMPARE_CUE.search(lowered):
        numbers = [int(n) - 1 for n in _BARE.findall(lowered) if int(n) >= 1]
        if len(numbers) >= 2:
            refs.extend(dict.fromkeys(numbers))
    if not refs and re.search(r"\b(that one|this one|it)\b", lowered):
        refs.append(0)
    return tuple(refs)


