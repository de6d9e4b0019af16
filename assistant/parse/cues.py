"""Intent cues and content words: the phrases that say a message is not a product request
("compare", "start over", "talk to a person"), and the words that say what product is wanted.

The cue patterns and the stop words are data (retrieval/catalog/vocab/words.v1.yaml).
"""

from __future__ import annotations

import re
from functools import cache

from assistant.core.types import Intent
from retrieval.catalog.vocabulary import table, word_set


@cache
def _cues() -> tuple[tuple[tuple[Intent, re.Pattern], ...], re.Pattern]:
    words = table("words")
    cues = tuple((Intent(c["intent"]), re.compile(c["pattern"])) for c in words["intent_cues"])
    return cues, re.compile(words["greeting"], re.I)


STOPWORDS = word_set("words", "stopwords")


@cache
def _kind_cues() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((c["kind"], re.compile(c["pattern"], re.I)) for c in table("words")["kind_cues"])


def cued_kind(text: str, kind: str, kind_span: tuple[int, int] | None) -> str:
    """`kind` (read with the type vocabulary, "" if none, at `kind_span`), or the kind a cue phrase
    names where the vocabulary has none or the cue takes in the phrase it found: "unlocked Pixel 3"
    -> smartphone, "phone clips" -> holder, "Apple Watch Series 4 bands" -> watch band."""
    for cue_kind, pattern in _kind_cues():
        for m in pattern.finditer(text):
            if not kind or (kind_span and m.start() <= kind_span[0] and kind_span[1] <= m.end()):
                return cue_kind
    return kind


def find_intent(text: str) -> Intent | None:
    """The intent a cue phrase signals, or None for a plain product request."""
    lowered = text.lower()
    cues, greeting = _cues()
    for intent, pattern in cues:
        if pattern.search(lowered):
            return intent
    if greeting.match(lowered) and not content_words(greeting.sub("", lowered)):
        return Intent.SMALL_TALK
    return None


@cache
def _dialogue_cues() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    words = table("words")
    return tuple(re.compile(words[k], re.I) for k in ("question_start", "help_words", "reactions"))


def is_question(text: str) -> bool:
    """A question: it starts with a question word ("how much is it", "can you send the details")
    or ends with a question mark ("and free shipping?")."""
    start, _, _ = _dialogue_cues()
    return bool(start.match(text) or re.search(r"\?\W*$", text))


def about_the_assistant(text: str) -> bool:
    """Whether a message asks how to use the assistant ("how do I filter?", "can you help me?")."""
    return bool(_dialogue_cues()[1].search(text))


def is_reaction(text: str, max_words: int = 6) -> bool:
    """A short message that judges what was shown: "perfect", "not interested", "cool, thanks"."""
    return len(text.split()) <= max_words and bool(_dialogue_cues()[2].search(text))


def content_words(text: str) -> list[str]:
    """Words that say what product is wanted (stopwords dropped). Numbers stay: after the price,
    rating and spec phrases are cut, a number names a model ("iphone 7", "rtx 2060", "windows 10")."""
    text = re.sub(r"[’'](?:m|s|re|ve|ll|d)\b", "", text.lower())  # "i'm", "it's": no word "m" or "s"
    words = re.findall(r"[a-z0-9][a-z0-9\-+.]*[a-z0-9+]|[a-z0-9]", text)
    return [w for w in words if w not in STOPWORDS]
