"""A question's content words, in the document's words, and whether a passage's words hold them.

A shopper's question carries shop words that every policy shares ("your", "policy", "can I",
"order") and a few that say what it is about ("bitcoin", "loyalty", "return"). `content_words`
keeps the second kind, stemmed, after the tables below have put the document's word for a
shopper's word ("send back" is "return", "amex" is "american express"). Each table entry is a
general synonym, true of any shop's policies, never keyed to one question.
"""

from __future__ import annotations

import re

from retrieval.catalog.inflection import stem

STOP = frozenset("""a about after again all also am an and any anything are as at be been before being both but
    by can could did do does doing done during each either else for from get gets getting got had has have having he
    her here hers him his how i if in into is it its itself just me might mine more most must my myself need needs no
    nor not now of off ok okay on once only or other our ours out over own please same she should so some something
    such than that the their them then there these they this those through to too under until up us very want wanted
    was way we were what whats when where whether which while who whom why will with would yes yet you your yours
    much many long soon often ever really still hi hello thanks thank also already actually anyway happen happens
    policy policies rule rules shop store's you're i'm i've it's don't dont can't cant won't isn't doesn't didn't
    guys possible allowed able let lets know tell say said like one ones thing things stuff item items product products
    first second third fourth fifth last
    buy bought purchase purchased order ordered orders make made take takes took give different another new
    colour color size model version kind type sort see u ur pls plz atm just right someone anyone something
    use used using go going went put keep back around bit lot little instead okay fine sure now today tomorrow
    don hasn haven wasn weren didn isn doesn aren won wouldn couldn doesnt didnt wont isnt im ive cant hasnt anymore away
    black white grey gray silver gold red blue green pink purple yellow orange
    gb tb mb cm mm inch""".split())

# Shoppers' phrases -> the document's words ("" drops the phrase: it says nothing about the topic).
PHRASES = {
    "how much": "cost", "how long": "", "how many days": "days", "send back": "return", "sent back": "return",
    "send it back": "return", "take back": "return", "money back": "refund", "give back": "refund",
    "show up": "arrive", "shown up": "arrive", "turn up": "arrive", "get here": "arrive", "pay for": "cost",
    "phone number": "phone",
    "changed my mind": "", "change my mind": "", "don't like": "", "dont like": "", "don't want": "", "dont want": "",
    "customer service": "contact", "customer support": "contact", "real person": "person", "real human": "person",
    "gift card": "giftcard", "gift cards": "giftcard", "gift wrap": "giftwrap", "gift wrapping": "giftwrap",
    "time slot": "slot", "pick up": "pickup", "picked up": "pickup", "drop off": "dropoff", "open box": "openbox",
    "price match": "pricematch", "trade in": "tradein", "trade ins": "tradein", "pre order": "preorder",
    "pre orders": "preorder", "credit card": "card",
    "puerto rico": "territory", "virgin islands": "territory", "american samoa": "territory",
    "in store": "store", "out of stock": "stock", "stopped working": "faulty", "doesn't work": "faulty",
    "doesnt work": "faulty", "does not work": "faulty", "not working": "faulty", "wrong model": "wrong",
}

# Shoppers' words -> the document's words, alternatives space-separated (both sides are compared by stem).
SYNONYMS = {
    "send": "return", "refund": "return", "money": "refund", "swap": "exchange", "replace": "exchange",
    "deliver": "ship", "delivery": "ship", "delivered": "ship", "postage": "ship", "post": "ship", "courier": "ship",
    "arrive": "ship", "arrived": "ship", "parcel": "ship", "package": "ship", "came": "arrive", "come": "arrive",
    "fast": "express", "quick": "express", "express": "ship", "fee": "cost", "charge": "cost charged", "price": "cost",
    "cost": "fee free costs",
    "expensive": "cost", "free": "cost", "paid": "pay", "broken": "damage", "broke": "faulty", "smashed": "damage",
    "cracked": "damage", "crushed": "damage", "dented": "damage", "defective": "faulty", "fault": "faulty",
    "guarantee": "warranty", "warrenty": "warranty", "bitcoin": "cryptocurrency", "crypto": "cryptocurrency",
    "check": "cheque", "checks": "cheque", "amex": "american", "phone": "contact", "call": "contact",
    "email": "contact", "reply": "answer", "respond": "answer", "human": "person", "agent": "person",
    "talk": "contact", "speak": "contact",
    "bot": "assistant chat", "hours": "open", "data": "details", "information": "details", "address": "details",
    "chat": "conversation", "chats": "conversation", "track": "tracking", "box": "packaging",
    "abroad": "countries", "international": "countries", "overseas": "countries", "country": "countries",
    "canada": "countries", "mexico": "countries", "uk": "countries", "england": "countries", "britain": "countries",
    "london": "countries", "germany": "countries", "france": "countries", "spain": "countries", "italy": "countries",
    "ireland": "countries", "australia": "countries", "japan": "countries", "china": "countries", "india": "countries",
    "europe": "countries", "eu": "countries", "brazil": "countries", "netherlands": "countries",
    "currency": "dollars", "usd": "dollars", "cad": "dollars", "debit": "card",
    "window": "days", "late": "days", "ago": "days", "sd": "memory", "stick": "flash", "license": "software",
    "support": "contact", "saturday": "monday", "sunday": "monday", "weekend": "monday", "weekends": "monday",
    "evening": "pm", "morning": "am", "cartrige": "cartridge", "mistake": "wrong", "incorrect": "wrong",
}
_SYNONYM_STEMS = {stem(k): [stem(v) for v in vs.split() if stem(v) != stem(k)] for k, vs in SYNONYMS.items()}
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|[0-9]+")  # "7pm" is "7" and "pm"


def words_of(text: str) -> list[str]:
    """Lower-cased words, with "'s" and "n't" endings dropped ("what's" -> "what"), "-" and "/" splitting."""
    return [re.sub(r"'(?:s|t|re|ve|ll|d|m)$", "", w) for w in _WORD.findall(text.lower().replace("’", "'"))]


def _phrased(text: str) -> str:
    """The lower-cased words of `text`, each PHRASES phrase replaced by its document word."""
    low = f" {' '.join(w for w in _WORD.findall(text.lower().replace('’', chr(39))))} "
    for phrase, word in PHRASES.items():
        low = low.replace(f" {phrase} ", f" {word} ")
    return low


def expand(text: str) -> str:
    """`text` with the document's words for its shoppers' words added ("send it back" + "return")."""
    extra = [v for w in words_of(_phrased(text)) if (v := SYNONYMS.get(w))]  # every alternative: BM25 weighs them
    return " ".join([_phrased(text), *extra])


def content_words(text: str) -> list[str]:
    """The stems of `text`'s words that say what it is about ("can I pay with bitcoin?" -> ["pay", "bitcoin"]);
    a phrase of the PHRASES table counts as its document word ("send it back" -> "return")."""
    words = [w for w in words_of(_phrased(text)) if w not in STOP and len(w) > 1 and not w.isdigit()]
    return list(dict.fromkeys(stem(w) for w in words))


def stems_of(text: str) -> set[str]:
    """The stems of `text`'s words; a text holding a number holds the word "number" ("Phone: +1 555 0100")."""
    found = {stem(w) for w in words_of(text)}
    return found | {"number"} if any(w.isdigit() for w in found) else found


def covered(word: str, stems: set[str], _depth: int = 0) -> bool:
    """Whether `stems` hold `word`, a near form of it ("pay" in "payment") or its synonym."""
    if word in stems:
        return True
    if len(word) >= 3 and any(s.startswith(word) and len(s) - len(word) <= 4 for s in stems):
        return True
    if len(word) >= 5 and any(len(s) >= 5 and word.startswith(s) and len(word) - len(s) <= 3 for s in stems):
        return True
    return _depth < 3 and any(covered(synonym, stems, _depth + 1) for synonym in _SYNONYM_STEMS.get(word, ()))


def coverage(words: list[str], stems: set[str], weights: dict[str, float] | None = None) -> float:
    """The (weighted) share of `words` the stems cover; 1.0 for no words."""
    weights = weights or {}
    total = sum(weights.get(w, 1.0) for w in words)
    return sum(weights.get(w, 1.0) for w in words if covered(w, stems)) / total if total else 1.0
