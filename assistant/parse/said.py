"""What one message says (`Said`), and how it is merged with the dialogue state into the parse
stage's ParsedQuery (`finish`): search or refine, stacked constraints, resolved references."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

from assistant.core.messages import MAX_MESSAGE_CHARS
from assistant.core.types import DialogueState, Intent, ParsedQuery
from assistant.parse import cues
from assistant.parse.lifts import lift, lift_words, lifted
from assistant.parse.reading import Reading
from assistant.parse.state import Soft, is_new_topic, mentioned_positions, merge_constraints
from retrieval.catalog.product import Product
from retrieval.catalog.vocabulary import word_set
from retrieval.search.filters import Filters

FRAGMENT = re.compile(r"\s*(only|just|with|without|in|and|but|what about|how about|make it|preferably|ideally|not|no|"
                       r"under|below|over|above|between|less|more|cheaper|sorted|sort|rated)\b", re.I)
REF_PHRASE = re.compile(r"\bthe\s+(?:[\w-]+\s+){1,2}one\b(?!\s+(?:of|with|for|that))", re.I)
# Everyday replies that are no product, though some are catalog words ("fine", "next"): with the words of
# the intent templates (assistant/intents.py) they keep the tagger's reading of a short message.
_REPLY_WORDS = word_set("words", "reply_words")
Lookup = Callable[[str], "Product | None"]


@dataclass
class Said:
    """What one message says, before it is merged with the dialogue state."""

    intent: Intent | None  # None: a product request (search or refine, decided against the state)
    words: list[str]
    filters: Filters
    sort: str
    soft: Soft
    references: tuple[int, ...] = ()
    fragment: bool = False
    ref_brands: list[str] = field(default_factory=list)
    ref_colours: list[str] = field(default_factory=list)
    ref_text: str = ""


@functools.cache
def command_words() -> frozenset[str]:
    """Words shoppers use for the intents that are not product requests: the content words of the
    intent templates (slots and stop words aside) and everyday replies."""
    from assistant.parse.intent_phrases import TEMPLATES

    words = {w for phrases in TEMPLATES.values() for t in phrases
             for w in cues.content_words(re.sub(r"\{\w+\}", " ", t))}
    return frozenset(words | _REPLY_WORDS)


@functools.cache
def english_words() -> frozenset[str]:
    """Everyday English words (the encoder's whole-word vocabulary); empty without the model files."""
    try:
        from assistant.parse.spelling import encoder_words

        return frozenset(encoder_words())
    except Exception:  # noqa: BLE001  (no packaged model: every catalog word counts as product vocabulary)
        return frozenset()


def clean(message: str) -> str:
    return " ".join((message or "").split())[:MAX_MESSAGE_CHARS]  # the front doors refuse longer ones


# A message that only points at a shown product: "the cheapest one", "the 9th", "the last one".
# A comparative counts after "the" with "one": "the cheaper one" picks, a bare "cheaper" refines.
POINTER = re.compile(r"^\W*(?:and\s+|what about\s+|how about\s+|ok(?:ay)?,?\s+|so\s+|then\s+)?(?:"
                     r"(?:the\s+)?(?:cheapest|least expensive|lowest[- ]priced|most expensive|priciest|dearest|"
                     r"\d{1,4}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)"
                     r"(?:\s+(?:one|of them|of these|of the two))?"
                     r"|the\s+(?:cheaper|less expensive|pricier|more expensive|dearer)\s+(?:one|of the two|of them)"
                     r"|the\s+[\w'&-]+(?:\s+[\w'&-]+)?\s+one)"  # by attribute: "the black one", "the dell one"
                     r"(?:\s*,?\s*(?:please|pls|thanks|thank you))?\W*$", re.I)


def finish(text: str, said: Said, state: DialogueState, lookup: Lookup | None,
           describes: Callable[[str, list[str]], bool] | None = None) -> ParsedQuery:
    """Decide search vs refine against the state (`describes`: whether words describe a kind,
    `KindWords.describes`), merge, and resolve references."""
    intent = said.intent
    if (intent in (None, Intent.SEARCH, Intent.REFINE) and _says_nothing(said)) or not re.search(r"[^\W_]", text):
        # "{{7*7}}", "???" (whatever the tagger made of it): nothing product-like; the request so far
        # stands and no stale page is shown.
        intent = Intent.HELP
    if (intent in (Intent.ASK_PRODUCT, Intent.COMPARE) and not state.turns and not state.shown and not said.references
            and (said.soft.product_type or said.filters.brands)):
        # "connect my pc to the router with a cable" as a first message asks about nothing shown: it
        # names what it wants, so it is a request
        intent = Intent.SEARCH
    if state.shown and _NONE_OF_THESE.search(text) and not said.references and said.filters.is_empty():
        # "i don't like these": a verdict on the whole page asks for other products of the same request
        # ("not motorola, something else" says what to change: a refinement).
        intent = Intent.SHOW_MORE
    if state.shown and POINTER.match(text) and intent not in (Intent.COMPARE, Intent.ASK_PRODUCT):
        # Neither a new request nor an opinion: the shopper picks one of the products shown.
        intent = Intent.ASK_PRODUCT
        said = replace(said, ref_text=text)
    lifts = lifted(text)
    has_request = bool(state.constraints.query) or not state.constraints.filters.is_empty()
    if lifts and has_request and intent not in (Intent.START_OVER, Intent.COMPARE, Intent.HUMAN_AGENT):
        # "any brand is fine": the same request without that constraint, whatever the tagger made of it.
        prev = state.constraints
        state = replace(state, constraints=prev.with_(filters=lift(prev.filters, lifts)))
        intent = Intent.REFINE
        dropped = lift_words(text)
        said = replace(said, words=[w for w in said.words if w.lower() not in dropped])
    has_request = bool(state.constraints.query or state.constraints.product_type)
    if has_request and _FEATURE.match(text):
        # "with a microphone" after webcams, "for 17 inch laptops" after bags: a feature of the same
        # request, or what it fits, not a new kind
        said = replace(said, soft=replace(said.soft, product_type=""), fragment=True)
        intent = Intent.REFINE if intent in (None, Intent.SEARCH) else intent
    if intent in (Intent.CHEAPER, Intent.PRICIER) and _SIZE.search(text) and not _MONEY.search(text):
        intent = Intent.REFINE  # "bigger" asks for a size, not a price
    if intent is None or intent in (Intent.SEARCH, Intent.REFINE):
        new = is_new_topic(state, said.soft.product_type, said.words, said.fragment or intent is Intent.REFINE,
                           describes)
        intent = Intent.SEARCH if new else Intent.REFINE
    constraints = merge_constraints(state, intent, " ".join(said.words), said.filters, said.sort, said.soft)
    refs = said.references
    if said.ref_brands or said.ref_colours or said.ref_text:
        named = mentioned_positions(said.ref_text, said.ref_brands, said.ref_colours, state, lookup)
        if len(named) > 1 and _ONE.search(text):
            named = named[:1]  # "the black one" when several are: the first of them, as listed
        refs = tuple(dict.fromkeys(refs + named)) if named else refs
    extra = {}
    names = {f.name for f in fields(ParsedQuery)}
    if "liked" in names:
        extra = {"liked": tuple(state.liked), "disliked": tuple(state.disliked)}
    return ParsedQuery(text=text, intent=intent, constraints=constraints, references=refs, **extra)


_NONE_OF_THESE = re.compile(
    r"\b(?:don'?t|do not|doesn'?t|not)\s+(?:really\s+)?(?:like|want|love|fancy|care for)\s+(?:these|them|those|any of"
    r"\s+(?:these|them|those))\b|\bnone of (?:these|them|those)\b|\bneither of (?:these|them|those)\b|"
    r"\b(?:these|those|they)\s+(?:are|look|seem)\s+(?:not (?:right|good|it)|bad|ugly|awful|terrible|rubbish|wrong)\b|"
    r"\bsomething else\b|\b(?:show|give) me (?:others|other ones|different ones)\b", re.I)
_FEATURE = re.compile(r"^\W*(?:and\s+)?(?:with|without|w/|plus|including|that has|which has|one with|for|that fits?)\b",
                      re.I)
_SIZE = re.compile(r"\b(?:bigger|larger|smaller|biggest|largest|smallest|lighter|heavier|thinner|wider)\b", re.I)
_MONEY = re.compile(r"\b(?:budget|price|prices|priced|cost|costs|spend|money|\$|dollars?)\b|\$", re.I)
_ONE = re.compile(r"\bone\b(?!\s+of)", re.I)


def _says_nothing(said: Said) -> bool:
    """No product word (numbers alone name no product), constraint, sort or reference."""
    words = [w for w in said.words if not re.fullmatch(r"[\d.,*+/=-]+", w)]
    return (not words and said.filters.is_empty() and not said.sort and said.soft == Soft()
            and not said.references)


def soft_of(reading: Reading, product_type: str) -> Soft:
    return Soft(product_type, reading.specs, reading.rating_min, reading.reviews_min, reading.reviews_max)
