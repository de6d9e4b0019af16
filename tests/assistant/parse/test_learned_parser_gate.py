"""Short messages that name a product are searches, whatever the tagger makes of them ("switch",
"google", "the boys"); the speller leaves brands and first letters alone ("nespresso"); "switch to
HP" refines. The first tests stand a scripted tagger in for the model (fast); the last ones load the
shipped parser artifact (slow)."""

from __future__ import annotations

import pytest

from assistant.core.types import Constraints, DialogueState, Intent
from assistant.parse.brands import BrandVocabulary
from assistant.parse.learned_parser import LearnedParser
from assistant.parse.said import command_words
from assistant.parse.spelling import Speller
from assistant.parse.tagger import Reading
from tests.fixtures import small_catalog

PRODUCTS = {p.id: p for p in small_catalog()}
CATALOG_TEXT = [f"{p.title} {p.brand} {p.product_type}" for p in small_catalog()] + [
    "De'Longhi Espresso Machine", "Espresso cups set", "TP-Link 8-Port Network Switch", "Netgear Gigabit Switch"]
BRANDS = [p.brand for p in small_catalog()] + ["Apple", "Nintendo", "TP-Link"]


class ScriptedTagger:
    """Reads each scripted message as told; anything else is a confident search with no spans."""

    def __init__(self, script: dict[str, Reading]) -> None:
        self.script = script

    def read(self, text: str) -> Reading:
        return self.script.get(text.lower(), Reading(Intent.SEARCH, 0.99, ()))


# What the model once made of these: a command where the shopper named a product.
SCRIPT = {
    "switch": Reading(Intent.START_OVER, 0.97, ()),
    "google": Reading(Intent.HELP, 0.7, ()),
    "the boys": Reading(Intent.FEEDBACK, 0.51, (("REF", 0, 8),)),
    "start over": Reading(Intent.START_OVER, 0.98, ()),
    "help": Reading(Intent.HELP, 0.98, ()),
    "next": Reading(Intent.SHOW_MORE, 0.99, ()),
    "fine": Reading(Intent.SMALL_TALK, 0.7, ()),
    "great": Reading(Intent.FEEDBACK, 0.9, ()),
    "nope": Reading(Intent.SMALL_TALK, 0.98, ()),
    "i like the second one": Reading(Intent.FEEDBACK, 0.98, (("REF", 7, 21),)),
    "switch to hp": Reading(Intent.REFINE, 0.93, (("TYPE", 0, 6), ("BRAND", 10, 12))),
    "switch to dell instead": Reading(Intent.REFINE, 0.9, (("TYPE", 0, 6), ("NOT_BRAND", 10, 22))),
}


@pytest.fixture(scope="module")
def parser():
    speller = Speller(CATALOG_TEXT, min_count=1)
    return LearnedParser(BrandVocabulary.from_brands(BRANDS), ScriptedTagger(SCRIPT), speller, lookup=PRODUCTS.get)


def laptops_shown():
    return DialogueState(constraints=Constraints(query="gaming laptops", product_type="laptop"), shown=["l1", "l2", "l3"],
                         shown_prices=[PRODUCTS[i].price for i in ("l1", "l2", "l3")])


@pytest.mark.parametrize("text, words", [
    ("switch", "switch"),  # a catalog type word: the tagger's start-over yields
    ("google", "google"),  # no catalog word, but the tagger is unsure and no command word is said
    ("the boys", "boys"),  # a title, not a reference to a shown product
])
def test_a_short_message_that_names_a_product_is_a_search(parser, text, words):
    q = parser.parse(text, DialogueState())
    assert q.intent is Intent.SEARCH
    assert q.constraints.query == words
    assert q.references == ()


@pytest.mark.parametrize("text, intent", [
    ("start over", Intent.START_OVER),
    ("help", Intent.HELP),
    ("next", Intent.SHOW_MORE),  # a catalog word ("next business day"), but a command word too
    ("fine", Intent.SMALL_TALK),
    ("great", Intent.FEEDBACK),
    ("nope", Intent.SMALL_TALK),
])
def test_commands_and_replies_keep_their_intent(parser, text, intent):
    assert parser.parse(text, laptops_shown()).intent is intent


def test_feedback_on_a_shown_product_stays_feedback(parser):
    q = parser.parse("I like the second one", laptops_shown())
    assert q.intent is Intent.FEEDBACK
    assert q.references[:1] == (1,)


def test_switch_to_a_brand_refines_the_current_search(parser):
    q = parser.parse("switch to HP", laptops_shown())
    assert q.intent is Intent.REFINE
    assert q.constraints.filters.brands == ("hp",)
    assert q.constraints.product_type == "laptop"  # not a network switch
    assert "switch" not in q.constraints.query


def test_switch_to_a_brand_instead_wants_that_brand(parser):
    q = parser.parse("switch to Dell instead", laptops_shown())
    assert q.intent is Intent.REFINE
    assert q.constraints.filters.brands == ("dell",) and q.constraints.filters.exclude_brands == ()


def test_the_speller_leaves_first_letters_and_brands_alone(parser):
    assert parser.correct("nespresso vertuo") == "nespresso vertuo"  # not "espresso"
    assert parser.correct("nintendo") == "nintendo"
    assert parser.correct("espreso machine") == "espresso machine"  # a real slip is still mended
    assert parser.parse("nespresso", DialogueState()).constraints.query == "nespresso"


def test_command_words_come_from_the_templates_and_everyday_replies():
    words = command_words()
    assert {"reset", "help", "human", "next", "cheaper", "fine"} <= words
    assert not {"switch", "google", "boys", "nespresso"} & words


@pytest.mark.slow
@pytest.mark.parametrize("text, intent, words", [
    ("switch", Intent.SEARCH, "switch"),
    ("google", Intent.SEARCH, "google"),
    ("the boys", Intent.SEARCH, "boys"),
    ("nespresso vertuo", Intent.SEARCH, "nespresso vertuo"),
    ("start over", Intent.START_OVER, None),
    ("help", Intent.HELP, None),
])
def test_with_the_shipped_parser(text, intent, words):
    from assistant.parse.tagger import load_tagger

    speller = Speller(CATALOG_TEXT, min_count=1)
    parser = LearnedParser(BrandVocabulary.from_brands(BRANDS), load_tagger(), speller, lookup=PRODUCTS.get)
    q = parser.parse(text, DialogueState())
    assert q.intent is intent
    if words is not None:
        assert q.constraints.query == words
    state = laptops_shown()
    assert parser.parse("I like the second one", state).intent is Intent.FEEDBACK
    switched = parser.parse("switch to HP", state)
    assert switched.intent is Intent.REFINE and switched.constraints.filters.brands == ("hp",)
