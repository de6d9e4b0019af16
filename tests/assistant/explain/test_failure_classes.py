"""The failure classes a reader found in shown reasons (issue #15), each caught by both checks.

Both the fact-checker (on the evidence) and the independent check (on the raw record, with its own
words) must fail every false reason here, and pass its true counterpart. The classes: a claimed
match for another kind of product, a claim that shortens the shopper's words until they fit,
calling the product something it is not, and a verb that does not agree with the product noun.
"""

from __future__ import annotations

import pytest

from assistant.core.types import Constraints, Intent, ParsedQuery, Ranked
from assistant.evaluation.reasons import independent_check
from assistant.explain.evidence import build_evidence
from assistant.explain.explainer import template_reason
from assistant.explain.factcheck import FactChecker
from retrieval.catalog.product import Product
from retrieval.search.candidate import Candidate
from retrieval.search.filters import Filters

LOCK = Product(id="k1", title="Kensington MicroSaver Laptop Lock", brand="Kensington", price=39.0,
               kind="cable lock", kind_for="laptop")
SD = Product(id="d1", title="SanDisk Ultra 32GB SDHC Card", brand="SanDisk", price=9.0, kind="memory card",
             specs={"Capacity": "32", "Flash card type": "SDHC"})
MICRO = Product(id="d2", title="SanDisk Ultra 64GB microSDXC Card", brand="SanDisk", price=14.0, kind="memory card",
                specs={"Capacity": "64", "Flash card type": "MicroSDXC"})
RING = Product(id="r1", title="Canon Tripod Adapter Ring TA-1", brand="Canon", price=24.0, kind="adapter")
GAME = Product(id="g1", title="Sony Dreams, PS4 video game PlayStation 4 Basic", brand="Sony", price=23.95,
               kind="video game")
SERVICE = Product(id="v1", title="HP Care Pack Installation Service for LaserJet Printers", brand="HP", price=99.0,
                  kind="warranty")
CAMERA_CASE = Product(id="c1", title="Case Logic DCB-302 Camera Case Black", brand="Case Logic", price=9.94,
                      kind="case", kind_for="camera", colours=("black",), colour="Black")
HEADPHONES = Product(id="h1", title="Philips SHE3590 In-Ear Headphones", brand="Philips", price=12.95,
                     kind="headphones")
BULB = Product(id="b1", title="Philips LED bulb E27 5 W 10 pack", brand="Philips", price=19.0, kind="light bulb")
LAPTOP = Product(id="l1", title="Lenovo ThinkPad T14s Notebook 35.6 cm (14\") 16 GB", brand="Lenovo", price=900.0,
                 kind="laptop", specs={"Display diagonal": "14"})
BRANDS = ["Lenovo", "Kensington", "SanDisk", "Canon", "Sony", "HP", "Case Logic", "Philips", "Nintendo"]
CHECKER = FactChecker(BRANDS)


def evidence(product: Product, request: str, kind: str, page: tuple[Product, ...] = ()):
    ranked = [Ranked(Candidate(p, 0.5, 2.0, 0.03), 0.03, {}) for p in (product, *page)]
    query = ParsedQuery(request, Intent.SEARCH, Constraints(request, Filters(), product_type=kind))
    return build_evidence(query, ranked)[0]


def independent(text: str, e) -> list[str]:
    return independent_check(text, e.product, e.request, Filters(), e.shown)


# (product, request, asked kind, false reason, what the fact-checker's problem starts with)
FALSE = [
    # a claimed match for another kind of product
    (LOCK, "laptop", "laptop", "This Kensington laptop lock matches your search for laptops and costs $39.00.", "match"),
    # the shopper's words shortened until they fit: a full-size SD card for "micro sd card"
    (SD, "micro sd card", "memory card", "This SanDisk memory card matches your search for SD cards and costs $9.00.",
     "match"),
    # called something it is not
    (RING, "tripod", "tripod", "This Canon tripod costs $24.00.", "kind"),
    (GAME, "ps4", "game console", "This Sony game console costs $23.95.", "kind"),
    (GAME, "ps4", "game console", "This Sony video game is the special edition of the console and costs $23.95.",
     "kind"),
    (SERVICE, "power bank", "power bank", "This HP power bank costs $99.00.", "kind"),
    (CAMERA_CASE, "camera", "camera", "This Case Logic camera costs $9.94.", "kind"),
    # grammar that does not agree with the noun
    (HEADPHONES, "headphones", "headphones", "This Philips headphones costs $12.95.", "grammar"),
    # what the record lacks, said of what it has
    (SD, "sdhc card", "memory card", "This SanDisk card costs $9.00 and its record does not mention “sdhc”.", "claim"),
    # "is a <request words>" of what it is not
    (RING, "tripod stand", "adapter", "This Canon adapter is a tripod stand and costs $24.00.", "kind"),
]

# Found by the readers of the generated reasons; the fact-checker fails them (the independent check,
# which reads no page and no evidence, is not asked to).
FALSE_FOR_THE_CHECKER = [
    (HEADPHONES, "headphones", "headphones", "These Philips headphones cost $12.95; the cheapest shown.", "form"),
    (HEADPHONES, "headphones", "headphones", "These Philips headphones come in a gaming laptop for $12.95.", "form"),
    (SD, "micro sd card", "memory card", "This SanDisk card has a 32 GB of storage for $9.00.", "form"),
    (SD, "sandisk card", "memory card", "This SanDisk card holds 32 GB, as you asked, for $9.00.", "claim"),
    (LAPTOP, "lenovo thinkpad", "laptop", "This Lenovo notebook has a 14-inch screen, as you asked, for $900.00.",
     "claim"),
    (CAMERA_CASE, "camera case", "case", "This Case Logic case is only black and costs $9.94.", "form"),
    # a match claimed for part of the request, where the rest describes the product ("night light")
    (BULB, "night light", "light bulb", "This Philips light bulb gives 5 W and matches your search for “light”.", "match"),
]

TRUE = [
    (LOCK, "laptop", "laptop", "Not a laptop, but the closest match: this Kensington lock is made for laptops "
     "and costs $39.00."),
    (MICRO, "micro sd card", "memory card", "This SanDisk microSDXC card matches your search for micro SD cards and "
     "costs $14.00."),
    (RING, "tripod", "tripod", "Not a tripod, but the closest match: this Canon adapter ring costs $24.00."),
    (GAME, "ps4", "game console", "Not a game console, but the closest match: this Sony video game costs $23.95."),
    (CAMERA_CASE, "camera", "camera", "Not a camera, but the closest match: this Case Logic case is made for one "
     "and costs $9.94."),
    (HEADPHONES, "headphones", "headphones", "These Philips headphones cost $12.95."),
    (SD, "micro sd card", "memory card", "This SanDisk card costs $9.00 and its record does not mention “micro”."),
]


@pytest.mark.parametrize("product,request_text,kind,text,problem", FALSE)
def test_both_checks_catch_each_failure_class(product, request_text, kind, text, problem):
    e = evidence(product, request_text, kind)
    verdict = CHECKER.check(text, e)
    assert not verdict.ok and any(p.startswith(problem) for p in verdict.problems), verdict.problems
    assert independent(text, e), "the independent check missed it"


@pytest.mark.parametrize("product,request_text,kind,text,problem", FALSE_FOR_THE_CHECKER)
def test_the_fact_checker_fails_what_readers_found_broken(product, request_text, kind, text, problem):
    verdict = CHECKER.check(text, evidence(product, request_text, kind))
    assert not verdict.ok and any(p.startswith(problem) for p in verdict.problems), verdict.problems


@pytest.mark.parametrize("product,request_text,kind,text", TRUE)
def test_both_checks_pass_the_true_counterpart(product, request_text, kind, text):
    e = evidence(product, request_text, kind)
    assert CHECKER.check(text, e).ok, CHECKER.check(text, e).problems
    assert not independent(text, e)


@pytest.mark.parametrize("product,request_text,kind", [(p, r, k) for p, r, k, *_ in FALSE])
def test_the_template_never_falls_into_a_failure_class(product, request_text, kind):
    e = evidence(product, request_text, kind, page=(MICRO if product is not MICRO else SD,))
    text = template_reason(e).text
    assert CHECKER.check(text, e).ok, (text, CHECKER.check(text, e).problems)
    assert not independent(text, e), (text, independent(text, e))
    if e.closest:
        assert text.startswith(f"Not a {kind}, but the closest match: ")
    assert "matches your search" not in text or e.full_match


def test_a_partial_word_match_is_no_asked_attribute():
    # "micro sd card": the full-size SD card's format is not what was asked; the microSDXC card's is.
    assert not evidence(SD, "micro sd card", "memory card").asked_attributes
    asked = evidence(MICRO, "micro sd card", "memory card").asked_attributes
    assert [a.name for a in asked] == ["card_type"]


def test_a_word_the_record_s_specs_hold_is_not_said_missing():
    from assistant.explain.evidence import covered
    from retrieval.catalog.product import Product

    router = Product(id="r", title="ASUS RT-N12 wireless router Fast Ethernet White",
                     specs={"Top Wi-Fi standard": "Wi-Fi 4 (802.11n)"})
    assert "wifi" in covered(["white", "wifi", "router"], router, frozenset())
    wired = Product(id="w", title="Allied Telesis AT-AR750S-DP wired router", specs={"Ethernet LAN": "Yes"})
    assert "wifi" not in covered(["wifi", "router"], wired, frozenset())
