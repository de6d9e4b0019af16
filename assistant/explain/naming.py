"""How a reason names a product: the noun its record uses, its number, and a verb that agrees.

`named_kind(product)` is what the product is called in a sentence: its kind where the record
names it (by the kind's name, one of its phrases, or its head word), in the title's number
("batteries" for a pack), acronyms in capitals ("TV"), and the part a title names right after the
kind ("Canon camera kit" is a kit). `is_plural` and `agree` make the verb agree with it.
"""

from __future__ import annotations

import re

from retrieval.catalog.inflection import stem
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import kind_of, type_phrases
from retrieval.catalog.vocabulary import word_set


def type_noun(product_type: str | None) -> str:
    """What to call the product in a sentence: its type without bracketed qualifiers ("mini pc
    (<= 3l)" is a "mini pc"), or "product"."""
    return re.sub(r"\s*[(\[][^)\]]*[)\]]", "", product_type or "").strip() or "product"


_SINGULAR_S = word_set("reasons", "singular_s")  # kind nouns that end in "s" and are singular ("lens", "ups")


def is_plural(noun: str) -> bool:
    """Whether a kind noun is plural ("headphones", "labels"): its last word ends in a plural "s"."""
    last = noun.lower().rsplit(" ", 1)[-1]
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")) and last not in _SINGULAR_S


def agree(predicate: str, plural: bool) -> str:
    """The predicate's first verb in the plural when the subject is ("has" -> "have", "costs" -> "cost")."""
    if not plural:
        return predicate
    verb, _, rest = predicate.partition(" ")
    plural_verb = {"is": "are", "has": "have", "was": "were"}.get(verb)
    if plural_verb is None:
        plural_verb = verb[:-2] if verb.endswith(("ches", "shes", "sses", "xes")) else verb[:-1] if verb.endswith("s") else verb
    return f"{plural_verb} {rest}".strip()


_ACRONYMS = word_set("reasons", "acronyms")
_PART_WORDS = word_set("reasons", "part_words")


def named_kind(p: Product) -> str:
    """What to call the product: its kind when its record names it (in the title or description, by
    any of the kind's phrases), else "". A reason calls a product only what its record
    calls it, in its own word for the kind where that differs ("This HP notebook", "this VGA switch":
    not "network switch"); the last word takes the title's number ("batteries" for a pack) and
    acronyms their capitals ("TV")."""
    kind = type_noun(kind_of(p)) if kind_of(p) else ""
    if not kind:
        return ""
    text = " ".join((p.title, p.description)).lower()
    title_words = re.findall(r"[a-z0-9]+", p.title.lower())
    said = {stem(w) for w in re.findall(r"[a-z0-9]+", text)}
    for phrase in (kind, *sorted(type_phrases().get(kind_of(p), ()), key=len, reverse=True)):
        words = [stem(w) for w in re.findall(r"[a-z0-9]+", phrase.lower())]
        if words and all(w in said for w in words):
            break  # the kind's name, else the longest of its phrases the record uses ("notebook", "microwave")
    else:
        phrase = type_noun(kind).rsplit(" ", 1)[-1]  # the kind's head word alone ("lock" of a cable lock)
        if stem(phrase) not in said:
            return ""
    words_of = re.findall(r"[a-z0-9]+", phrase.lower())
    spots = [i for i in range(len(title_words)) if title_words[i : i + len(words_of)] == words_of]
    if spots and all(i + len(words_of) < len(title_words) and title_words[i + len(words_of)] in _PART_WORDS
                     for i in spots):
        return title_words[spots[0] + len(words_of)]  # "Canon camera kit" is a kit, "Tripod Adapter" an adapter
    *head, last = type_noun(phrase).split(" ")
    plural = next((w for w in title_words if stem(w) == stem(last) and w != last and w.endswith("s")), None)
    if plural and not is_plural(last):
        last = plural
    return " ".join(_capitals(w) if w in _ACRONYMS else w for w in (*head, last))


def squash_words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower()) or "\0"


def _capitals(word: str) -> str:
    """An acronym as written: "tv" -> "TV", "microsdxc" -> "microSDXC"."""
    return "micro" + word[5:].upper() if word.startswith("micro") else word.upper()
