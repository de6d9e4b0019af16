"""Cart commands in a shopper's words: "add the second one to my cart", "add 2 of those", "remove the
Dell from my cart", "make it 3", "what's in my basket?", "empty my cart", "check out".

`read_cart_command` says what the message asks of the cart and which products it points at (by
position, or by the words that name them: "the Dell", "the cheapest one"); it never decides which
product that is: the cart turn resolves the words against the products shown or in the cart.
A message is a cart command only when it says so: a cart or basket word, a checkout, or adding /
taking a product already shown ("I'll take the second one"); "add a mouse" is a new search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.parse.references import find_references

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a pair of": 2}
_CART = r"(?:(?:shopping\s+)?(?:cart|basket|trolley)|shopping\s+bag)"  # "a laptop bag" is a product
_CART_RE = re.compile(rf"\b(?:my|the|your)?\s*{_CART}\b", re.I)
_SHOW = re.compile(rf"\b(?:show|see|view|open|display|check|what(?:'s| is)?(?: in)?|whats in|how much is)\b.*\b{_CART}\b"
                   rf"|^\s*(?:my\s+)?{_CART}\s*\??\s*$", re.I)
_EMPTY = re.compile(rf"\b(?:empty|clear|reset)\b.*\b{_CART}\b|\b(?:remove|delete)\s+(?:everything|all)\b.*\b{_CART}\b", re.I)
_CHECKOUT = re.compile(r"\b(?:check\s*out|checkout|place\s+(?:my|the|an)\s+order|complete\s+(?:my|the)\s+(?:order|purchase)|"
                       r"proceed\s+to\s+(?:checkout|payment)|buy\s+(?:everything|it all|them all)\s+in)\b", re.I)
_ADD = re.compile(r"\b(?:add|put|throw|pop|place)\b", re.I)
_TAKE = re.compile(r"\b(?:i(?:'ll| will)\s+take|i(?:'d| would)\s+like\s+to\s+buy|i\s+want\s+to\s+buy|buy|purchase|order)\b", re.I)
_REMOVE = re.compile(r"\b(?:remove|delete|take\s+out|drop|get\s+rid\s+of)\b", re.I)
_SET = re.compile(r"\b(?:change|set|make|update|i\s+(?:only\s+)?(?:want|need))\b", re.I)
# The amount a change sets, the last one said: "make the second one 3", "change it to one"; the "one"
# of "the second one" is no amount.
_AMOUNT = re.compile(r"\b(?:to|just|only|be|it|them|at)\s+(one)\b"
                     r"|\b(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\b(?!\s*(?:\$|dollars?|gb|tb|inch))", re.I)
# "2 of those", "two of the second one", "3x", "x3", "quantity 4", "qty 2"
_QUANTITY = re.compile(r"\b(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a pair of)\s+"
                       r"(?:of\s+(?:those|these|them|it|that|the)|more|units?|pieces?|copies|x\b)"
                       r"|\b(\d{1,3})\s*x\b|\bx\s*(\d{1,3})\b|\b(?:quantity|qty)\s*(?:of\s+)?(\d{1,3})\b"
                       r"|\b(?:add|put|take)\s+(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\b"
                       r"(?!\s*(?:\$|dollars?|gb|tb|inch|more\s+\w+\s+to))", re.I)
_POINTING = re.compile(r"\b(?:it|that|this|those|these|them|that one|this one|the one)\b", re.I)
_IT = re.compile(r"\b(?:that one|this one|it)\b", re.I)  # find_references reads these as "the first"; here they point
# "the Dell", "the black one", "the cheapest one": the cart turn matches these words against products.
_NAMING = re.compile(r"\bthe\s+[a-z0-9][\w-]*(?:\s+[\w-]+)?\s+one\b|\bthe\s+(?!cart|basket|trolley)[a-z][\w-]+\b")
_BOTH = re.compile(r"\b(?:both(?: of them)?|all of them|them all|all three|all 3)\b", re.I)
# A first word that only asks: "can you add…", "please add…".
_POLITE = re.compile(r"^\s*(?:please|pls|can you|could you|would you|kindly)\s+", re.I)


@dataclass(frozen=True)
class CartCommand:
    action: str  # "add", "remove", "set", "show", "empty" or "checkout"
    positions: tuple[int, ...] = ()  # shown (or cart) positions named: 0-based, -1 for "the last"
    quantity: int | None = None  # how many, where the message says
    pointing: bool = False  # "it", "those": the product being discussed
    every: bool = False  # "both", "all of them": every product compared (or shown)
    words: str = ""  # the message, lower-cased: names a product by brand, colour or price ("the dell", "the cheapest")
    says_cart: bool = False  # the message names the cart


def _count(text: str) -> int | None:
    m = _QUANTITY.search(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    return int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw.lower())


def read_cart_command(message: str, anything_shown: bool = True, cart_last_shown: bool = False) -> CartCommand | None:
    """The cart command in `message`, or None when it asks nothing of the cart.

    `anything_shown`: products are on the page (so "I'll take the second one" is a purchase);
    `cart_last_shown`: the last reply showed the cart (so "remove the second one" is about it).
    """
    text = _POLITE.sub("", " ".join(message.split()))
    lowered = text.lower()
    says_cart = bool(_CART_RE.search(lowered))
    if _EMPTY.search(lowered):
        return CartCommand("empty", says_cart=True)
    if _CHECKOUT.search(lowered):
        return CartCommand("checkout", says_cart=says_cart)
    positions = find_references(_IT.sub(" ", lowered))
    pointing = bool(_POINTING.search(lowered))
    every = bool(_BOTH.search(lowered))
    quantity = _count(lowered)
    named = bool(_NAMING.search(lowered))
    common = {"positions": positions, "quantity": quantity, "pointing": pointing, "every": every, "words": lowered,
              "says_cart": says_cart}
    chosen = positions or pointing or every or named
    about_cart = says_cart or cart_last_shown or bool(re.search(r"\b(?:quantity|qty)\b", lowered))
    if _REMOVE.search(lowered) and about_cart:
        return CartCommand("remove", **common)
    set_match = _SET.search(lowered)
    amounts = [m.group(1) or m.group(2) for m in _AMOUNT.finditer(lowered, set_match.end())] if set_match else []
    if amounts and about_cart and not _ADD.search(lowered):
        raw = amounts[-1]
        return CartCommand("set", **{**common, "quantity": int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]})
    if _ADD.search(lowered) and (says_cart or (anything_shown and (chosen or quantity))):
        return CartCommand("add", **common)
    if _TAKE.search(lowered) and anything_shown and (chosen or says_cart):
        return CartCommand("add", **common)
    if _SHOW.search(lowered) and says_cart:
        return CartCommand("show", says_cart=True)
    return None
