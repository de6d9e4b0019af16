"""References to products already shown: "the second one", "#3", "the first two", "the last one"."""

from __future__ import annotations

import re

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


