"""The fact-check of a paraphrased policy answer: it may say only what its passage says.

`check_answer(text, passage)` is True when every number, amount and duration, and every
capitalised name or brand, in `text` is in `passage`, and no sentence flips the negation of the
passage sentence it restates. Strict on purpose: a failed paraphrase is replaced by the quote.
"""

from __future__ import annotations

import re

from assistant.policies.document import split_sentences
from retrieval.catalog.inflection import stem

NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
                                                      "ninety": "90", "hundred": "100", "single": "1", "once": "1",
                                                      "twice": "2", "double": "2"}
UNITS = {"second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week", "fortnight": "week",
         "month": "month", "year": "year", "am": "am", "pm": "pm", "percent": "%", "%": "%"}
NEGATION = re.compile(r"\b(?:not|no|never|none|nothing|cannot|can't|won't|don't|doesn't|isn't|aren't|without|neither|"
                      r"nor)\b|n't\b", re.I)
# Capitalised words that open a sentence or the quote without naming anything.
COMMON = frozenset("""a an and any all as at be but by each every for from if in it its most no not of on or our
    please so some that the their there these they this those to unfortunately unless we what when where which while who
    yes you your yours""".split())

_TOKEN = re.compile(r"\$?\d+(?:[.,]\d+)*%?|[A-Za-z][A-Za-z'’-]*|%")
_STEP = 4  # a number's unit is among the next few words ("1 to 2 business days": 1 is in days too)


def check_answer(text: str, passage: str) -> bool:
    """True when `text` claims nothing that `passage` does not say (see the module docstring)."""
    return not problems(text, passage)


def problems(text: str, passage: str) -> list[str]:
    """Each unsupported claim of `text`, in words ("the number 45 is not in the passage"); [] when none."""
    found = []
    have_numbers, have_units = _numbers(passage), _units(passage)
    for number in sorted(_numbers(text) - have_numbers):
        value, unit = number
        found.append(f"the amount {value}{' ' + unit if unit else ''} is not in the passage")
    for unit in sorted(_units(text) - have_units):
        found.append(f"the duration or unit {unit!r} is not in the passage")
    passage_words = {w.lower() for w in _TOKEN.findall(passage)}
    for name in _names(text):
        if name.lower() not in passage_words and stem(name) not in {stem(w) for w in passage_words}:
            found.append(f"the name {name!r} is not in the passage")
    sentences = split_sentences(passage)
    for sentence in split_sentences(text):
        source = _closest(sentence, sentences)
        if source is not None and bool(NEGATION.search(sentence)) != bool(NEGATION.search(source)):
            found.append(f"{sentence!r} flips the negation of {source!r}")
    return found


def _tokens(text: str) -> list[str]:
    return [NUMBER_WORDS.get(t.lower(), t) for t in _TOKEN.findall(text.replace("’", "'"))]


def _unit(word: str) -> str:
    word = word.lower()
    return UNITS.get(word) or UNITS.get(word[:-1] if word.endswith("s") else word, "")


def _numbers(text: str) -> set[tuple[str, str]]:
    """(value, unit) of every number: ("6.95", "$"), ("30", "day"), ("2", "") ..."""
    tokens = _tokens(text)
    out = set()
    for i, token in enumerate(tokens):
        if not token[0].isdigit() and not token.startswith("$"):
            continue
        value = token.lstrip("$").rstrip("%").replace(",", "")
        value = value[:-3] if value.endswith(".00") else value
        unit = "$" if token.startswith("$") else "%" if token.endswith("%") else \
            next((u for t in tokens[i + 1 : i + 1 + _STEP] if (u := _unit(t))), "")
        out.add((value, unit))
    return out


def _units(text: str) -> set[str]:
    return {u for t in _tokens(text) if (u := _unit(t)) and u not in ("am", "pm")}


def _names(text: str) -> list[str]:
    """Capitalised words: names and brands ("PayPal", "Canada"); common words opening a sentence are not."""
    return [t for t in _TOKEN.findall(text) if t[0].isupper() and t.lower() not in COMMON]


def _closest(sentence: str, candidates: list[str]) -> str | None:
    """The passage sentence sharing most content words with `sentence` (None when none shares two)."""
    words = {stem(w) for w in _TOKEN.findall(sentence.lower()) if w not in COMMON and len(w) > 2}
    best, best_overlap = None, 1
    for candidate in candidates:
        overlap = len(words & {stem(w) for w in _TOKEN.findall(candidate.lower()) if len(w) > 2})
        if overlap > best_overlap:
            best, best_overlap = candidate, overlap
    return best
