"""Gift requests: the product is chosen by what the person likes, not by who they are.

"a gift for my dad who likes photography" asks for a camera; "a present for a coffee lover" for a
coffee machine. The interest ("photography", "coffee") is compared, with the retrieval encoder,
against what each kind of product is for (vocab/kind_uses.v1.yaml, through `NeedReader`):

- one kind clearly nearest: the request is for that kind, its words the interest alone ("dad",
  "gift" and "birthday" find nothing worth finding);
- a few kinds about as near ("music": speakers, headphones, an audio system): the shopper is asked
  which, with those kinds suggested; asked already, the products of all of them are shown;
- nothing near, or no interest said ("a gift for my brother"): the shopper is asked what the
  person likes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.core.types import Constraints, DialogueState, Intent, ParsedQuery
from assistant.parse.cues import content_words
from assistant.parse.needs import NeedReader
from retrieval.catalog.vocabulary import word_set

GIFT = re.compile(r"\b(?:gifts?|presents?)\b", re.I)
# An answer to "what do they like?": "he likes music", "she's into running".
_THEY_LIKE = re.compile(r"\b(?:he|she|they)(?:'s|'re| is| are)?\s+(?:likes?|loves?|enjoys?|into|keen on|a fan of|"
                        r"plays?)\b", re.I)
_INTEREST = re.compile(r"\b(?:who\s+(?:likes?|loves?|enjoys?|is into|is keen on|plays?|does)|likes?|loves?|enjoys?|"
                       r"into|keen on|fan of)\s+(.+)$", re.I)
_LOVER = re.compile(r"\b((?:\w+\s+)?\w+)\s+(?:lover|fan|enthusiast|buff)s?\b", re.I)
# Person and occasion words: who the gift is for, not what it is.
_PERSON_WORDS = word_set("words", "vague_words")
# Intents a gift request may be read as; a question about a shown product is left alone.
_GIFT_INTENTS = {Intent.SEARCH, Intent.REFINE, Intent.HELP, Intent.SMALL_TALK, Intent.START_OVER}


def interest(message: str) -> str:
    """What the person likes, in the message's words ("photography", "music"); "" when none is said."""
    m = _INTEREST.search(message)
    if m:
        text = m.group(1)
    else:
        lover = _LOVER.search(message)
        text = lover.group(1) if lover else ""
    return " ".join(w for w in content_words(text) if w not in _PERSON_WORDS and not w.isdigit()
                    and not w.startswith("$"))


class GiftAwareParser:
    """A parser whose gift requests take their kind from the person's interest (see the module)."""

    def __init__(self, parser, reader: NeedReader, kind_size: Callable[[str], int] = lambda kind: 100,
                 clear: float = 0.55, margin: float = 0.08, floor: float = 0.4, suggest: int = 3,
                 enough: int = 5) -> None:
        self.base = parser  # (not `.parser`: the dialogue policy unwraps that name)
        self.reader = reader
        self.kind_size = kind_size  # how many products of a kind the catalog has
        self.enough = enough  # a kind shown alone has at least this many products
        # Set on gift requests written for the purpose, not on the conversation benchmark.
        self.clear, self.margin, self.floor, self.suggest = clear, margin, floor, suggest

    def parse(self, message: str, state: DialogueState) -> ParsedQuery:
        query = self.base.parse(message, state)
        gift = bool(GIFT.search(message))
        answer = bool(state.asked and _THEY_LIKE.search(message))
        if not (gift or answer) or query.intent not in _GIFT_INTENTS or query.references:
            return query
        c = query.constraints
        if c.product_type and query.intent is Intent.SEARCH:
            # "a gift: headphones for my dad": the kind is named; who it is for is no product word
            words = " ".join(w for w in c.query.split() if w.lower() not in _PERSON_WORDS)
            return replace(query, constraints=c.with_(query=words or c.product_type))
        liked = interest(message)
        asking = replace(query, intent=Intent.SEARCH, constraints=Constraints(filters=c.filters))
        if not liked:
            return asking  # nothing product-like: the reply asks what the person likes
        near = [(k, s) for k, s in self.reader.nearest(liked, top=2 * self.suggest) if self.kind_size(k)]
        close = [k for k, s in near if s >= self.floor and s >= near[0][1] - self.margin][: self.suggest]
        if near and near[0][1] >= self.clear and (len(near) == 1 or near[0][1] - near[1][1] >= self.margin):
            close = close[:1]
        if len(close) == 1 and self.kind_size(close[0]) < self.enough:
            # two video games are too few to choose a gift from: the next kinds are offered with them
            close = [k for k, s in near if s >= self.floor][: self.suggest]
        if len(close) == 1:
            return replace(query, intent=Intent.SEARCH,
                           constraints=Constraints(query=liked, product_type=close[0], filters=c.filters))
        if close and answer:  # asked once already: show them all rather than ask again
            return replace(query, intent=Intent.SEARCH,
                           constraints=Constraints(query=liked, filters=c.filters.with_(kinds=tuple(close))))
        return replace(asking, suggested_kinds=tuple(close))
