"""Whether a message asks about the shop's policies (for the policy desk) or about products.

A message is a policy question when it names a shop topic (the TOPICS table) and does not point at
a product: not at one already shown ("the second one", "this laptop"; but "can I return the second
one?" asks the returns policy), and not a request for products ("a laptop with a 2 year warranty",
"show me ..."). A message that names a product kind is still a policy question when it is framed as
a question to the shop ("can I return memory cards?").
"""

from __future__ import annotations

import re

from retrieval.catalog.product_types import derive_type

# Shop topics, by what they are about; each entry a regex over the lower-cased message.
TOPICS = {
    "returns": r"\breturn(?:s|ed|ing)?\b|\brefund|\bmoney back\b|\bsend (?:it |this |them )?back\b|\bexchange",
    "shipping": r"\bship(?:s|ped|ping|ment)?\b|\bdeliver(?:y|ies|ed|s)?\b|\bpostage\b|\bcourier\b|\btrack(?:ing)?\b"
                r"|\bparcel\b|\bpackage\b|\bdispatch|\barriv(?:e|ed|es)\b|\bpick ?up\b|\bcollect in store\b",
    "orders": r"\bcancel|\bmy order\b|\bchange (?:my|an|the) order\b|\border (?:number|status)\b|\bdamaged\b"
              r"|\bwrong (?:item|product|one)\b|\bbroken (?:on|when) arriv",
    "warranty": r"\bwarrant(?:y|ies)\b|\bguarantee|\bcare packs?\b|\brepair",
    "payment": r"\bpay(?:s|ing|ment|ments|pal)?\b|\bcredit card|\bdebit card|\bcheque|\bcheck out\b|\bcheckout\b"
               r"|\bcrypto|\bbitcoin|\binstal+ments?\b|\bfinanc|\bklarna\b|\bafterpay\b|\bsales tax\b|\bvat\b"
               r"|\binvoice|\bcurrency\b|\bcharged?\b|\bamex\b|\bamerican express\b|\bvisa\b|\bmastercard\b"
               r"|\bdiscover card\b|\bapple pay\b|\bgoogle pay\b|\bcash\b|\btake (?:cards?|credit)\b",
    "prices": r"\bprice (?:match|drop|change|guarantee|difference)|\bdiscount|\bcoupon|\bpromo|\bvoucher|\bgift ?cards?\b"
              r"|\bloyalty\b|\breward|\bstudent\b",
    "contact": r"\bcontact\b|\bcustomer (?:service|support|care)\b|\bsupport\b|\bopening hours\b|\bopen(?: on)?\b.*\b"
               r"(?:weekend|sunday|saturday|today|hours)|\bphone number\b|\bemail address\b|\bcall you\b|\breach you\b"
               r"|\bstore (?:location|hours)\b|\bshowroom\b|\bwhere are you\b",
    "privacy": r"\bprivacy\b|\bmy (?:personal )?(?:data|details|information)\b|\bcookies?\b|\bgdpr\b|\bdelete my\b",
    "policy": r"\bpolic(?:y|ies)\b|\bterms and conditions\b",
}
_TOPIC = re.compile("|".join(f"(?:{p})" for p in TOPICS.values()))

# Pointing at a product already shown: "the second one", "this one", "that laptop", "#2", "number 3".
SHOWN = re.compile(
    r"\b(?:the|that|this) (?:first|second|third|fourth|fifth|last|other|cheaper|cheapest|top) (?:one|option|item)?"
    r"|\b(?:this|that|these|those) (?:one|ones|item|items|product|products|model|models)\b"
    r"|#\d\b|\bnumber \d\b|\boption \d\b|\b(?:first|second|third|fourth|fifth|last) one\b")
# Asking for products: a request verb, or a price bound or size that only a product search needs.
REQUEST = re.compile(
    r"\b(?:show|find|recommend|suggest|search|looking for|look for|i need|i want|i'?m after|get me|any good)\b"
    r"|\b(?:under|below|less than|cheaper than|around|max|up to) \$?\d|\$\d+\b(?! or more)|\bbest\b")
# Framed as a question to the shop ("can I ...", "do you ...", "your ...", "how long does ... take").
SHOP_FRAME = re.compile(
    r"\b(?:can|could|may|do|will|would|should) (?:i|we|you)\b|\bdo you\b|\byour\b|\byou guys\b|\bhow (?:long|much|do|does|can)\b"
    r"|\bwhat (?:is|are|if|happens)\b|\bwhen (?:will|do|does|is|can)\b|\bis (?:there|it possible)\b|\bam i\b"
    r"|\bmy order\b|\bpolic(?:y|ies)\b|\bhow to\b|\bwhere is my\b")


# Words that add nothing to a bare topic: "shipping info", "returns please", "free delivery".
_PLAIN = frozenset({"a", "an", "the", "my", "me", "i", "info", "information", "options", "option", "cost", "costs", "price",
                    "prices", "time", "times", "rules", "terms", "free", "please", "pls", "and", "or", "of", "for", "on",
                    "about", "details", "question", "questions", "help", "with", "hi", "hello", "hey", "thanks"})


_ABOUT_ANY_PRODUCT = re.compile(f"(?:{TOPICS['returns']})|(?:{TOPICS['shipping']})")


def is_policy_question(message: str) -> bool:
    """True for a question about the shop (returns, shipping, payment, ...), False for one about products."""
    text = " ".join(message.lower().replace("’", "'").split())
    if not _TOPIC.search(text):
        return False
    if SHOWN.search(text):
        # "can I return the second one?", "how long would the first one take to ship?": the shop's returns
        # or delivery rules, whatever the product; its warranty or details stay a question about it.
        return bool(_ABOUT_ANY_PRODUCT.search(text) and SHOP_FRAME.search(text))
    names_product = bool(derive_type(text)) and not re.search(r"\bgift ?cards?\b", text)
    if names_product and re.search(r"\b(?:the|this|that) \w+ (?:come|comes|have|has|include|includes)\b", text):
        return False  # "does the laptop come with a warranty": a product's own details
    if REQUEST.search(text) and not re.search(r"\b(?:refund|return|cancel|track)", text):
        return False
    if names_product:
        return bool(SHOP_FRAME.search(text))
    # Neither a question nor about the shopper's own order or situation ("my parcel never arrived", "I want a
    # refund") - "cheap shipping boxes", "payment terminal": a shop topic only when the topic is all it says
    # ("shipping", "gift card"); other words name a product.
    if SHOP_FRAME.search(text) or "?" in text or re.search(r"\b(?:i|i'm|i've|my|me|we|our)\b", text):
        return True
    rest = [w for w in re.findall(r"[a-z]+", _TOPIC.sub(" ", text)) if w not in _PLAIN]
    return not rest
