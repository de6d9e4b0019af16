"""Whether the sentences a desk would quote answer the question: the rule that keeps it from inventing policy.

The question's content words (see words.py) are judged against the quote (its sentences and the
passage's heading), not the whole passage, so a sentence about deleting chats does not answer
"how do I delete my account":

- a TOPICS word (a subject a shop's policies may or may not address: gift cards, refurbished
  items, store pickup, APO addresses ...) must be in the quote, or the answer is "I don't know";
- every other word weighs its rarity in the document (a word every passage holds weighs little,
  one no passage holds weighs most, UNKNOWN_WEIGHT); a product kind the document never names
  ("headphones") weighs nothing: the policy is the same for any product;
- the quote covers the question when the covered words hold at least `min_share` of the weight.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from assistant.policies.words import covered, words_of
from retrieval.catalog.inflection import stem
from retrieval.catalog.product_types import derive_type

# Subjects of shop policies that a document may not address; a question naming one is answered only
# by a quote that names it too. General e-commerce vocabulary, not any one question's wording.
TOPICS = frozenset(stem(w) for w in """
    giftcard giftwrap wrap wrapping gift voucher coupon promo discount discounts student military veteran senior
    loyalty reward rewards points membership member subscription newsletter referral pricematch
    installment installments instalment instalments financing finance layaway klarna afterpay affirm
    split lease rent rental insurance insured signature sign signed slot appointment instructions door
    pickup store stores showroom visit location locations branch dropoff locker
    refurbished openbox secondhand preorder backorder restock stock
    tradein recycle recycling disposal dispose haul install installation setup assembly assemble mounting mount
    repair repairs accidental theft stolen
    account accounts password login wholesale bulk business invoice vat exempt exemption nonprofit resale
    minimum
    apo fpo dpo territory territories carrier ups fedex usps dhl
    spanish french language fax
    wipe
""".split())
UNKNOWN_WEIGHT = 0.3  # a word the document never uses, relative to the rarest document word (tuned on the dev sets)


@dataclass(frozen=True)
class Coverage:
    """How much of a question a quote holds: `share` of the weight, the `missing` words, the `topics` it lacks."""

    share: float
    missing: tuple[str, ...]
    topics: tuple[str, ...]

    def holds(self, min_share: float) -> bool:
        return not self.topics and self.share >= min_share


def judge(question: str, words: list[str], quote: set[str], passages: list[set[str]]) -> Coverage:
    """How far the stems of the `quote` cover the content `words` of `question`, given every passage's stems."""
    products = {stem(w) for w in words_of(question) if derive_type(w)}
    rarest = math.log(1 + len(passages))
    have = lack = 0.0
    missing, topics = [], []
    for word in words:
        if covered(word, quote):
            have += _weight(word, passages)
            continue
        in_document = any(covered(word, stems) for stems in passages)
        if word in TOPICS:
            topics.append(word)
        elif in_document:
            lack += _weight(word, passages)
        elif word not in products:
            lack += UNKNOWN_WEIGHT * rarest
        else:
            continue
        missing.append(word)
    share = have / (have + lack) if have + lack else 1.0
    return Coverage(share, tuple(missing), tuple(topics))


def _weight(word: str, passages: list[set[str]]) -> float:
    """The word's inverse document frequency over the passages ("order": little; "cheque": much)."""
    return math.log(1 + len(passages) / (1 + sum(covered(word, stems) for stems in passages)))


def weights(words: list[str], passages: list[set[str]]) -> dict[str, float]:
    """Each word's inverse document frequency over the passages' stems; a word none holds weighs most."""
    return {w: _weight(w, passages) for w in words}
