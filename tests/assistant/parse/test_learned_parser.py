"""The learned parser with the shipped artifact (assistant/artifacts/parser.v1): intents in words
the rules have no cue for, the ambiguous cases it decides, typos, odd input, and the Parser
contract. Loads MiniLM: marked slow."""

from __future__ import annotations

import pytest

from assistant.core.types import DialogueState, Intent, ParsedQuery
from assistant.parse.brands import BrandVocabulary
from assistant.parse.learned_parser import LearnedParser
from tests.fixtures import small_catalog

pytestmark = pytest.mark.slow
PRODUCTS = {p.id: p for p in small_catalog()}


@pytest.fixture(scope="module")
def parser():
    from assistant.parse.spelling import Speller, encoder_words
    from assistant.parse.tagger import load_tagger

    brands = [p.brand for p in small_catalog()] + ["Apple"]
    speller = Speller((f"{p.title} {p.brand}" for p in small_catalog()), encoder_words(), min_count=1)
    return LearnedParser(BrandVocabulary.from_brands(brands), load_tagger(), speller, lookup=PRODUCTS.get)


@pytest.fixture(scope="module")
def catalog_parser():
    """The learned parser over the full Icecat catalog's brands, lines and words, as served."""
    from assistant.parse.spelling import Speller, encoder_words
    from assistant.parse.tagger import load_tagger
    from retrieval.catalog.loader import default_catalog

    products = default_catalog().products
    speller = Speller((f"{p.title} {p.brand} {p.product_type}" for p in products), encoder_words())
    return LearnedParser(BrandVocabulary.from_catalog(products), load_tagger(), speller)


def shown_state(*ids):
    from assistant.core.types import Constraints

    return DialogueState(constraints=Constraints(query="gaming laptops", product_type="laptop"), shown=list(ids),
                         shown_prices=[PRODUCTS[i].price for i in ids])


@pytest.mark.parametrize("text, intent", [
    ("is there someone real i could chat with?", Intent.HUMAN_AGENT),
    ("i can't spend that much", Intent.CHEAPER),
    ("how do the top two differ?", Intent.COMPARE),
    ("does the second one come with a warranty?", Intent.ASK_PRODUCT),
    ("let's forget all of this and begin from scratch", Intent.START_OVER),
    ("could you show a few more options", Intent.SHOW_MORE),
    ("gimme a cheap usb hub", Intent.SEARCH),
    ("thanks!", Intent.SMALL_TALK),
])
def test_intents_without_a_rules_cue(parser, text, intent):
    assert parser.parse(text, shown_state("l1", "l2", "l3")).intent is intent


def test_a_bare_number_after_for_is_a_budget(parser):
    f = parser.parse("a laptop for 500", DialogueState()).constraints.filters
    assert f.price_max == 500 and f.price_min is None


def test_the_black_one_is_a_reference_not_a_colour_filter(parser):
    q = parser.parse("i like the blue one", shown_state("l1", "l2", "l3"))
    assert q.intent is Intent.FEEDBACK
    assert q.references[:1] == (2,)  # l3 is the blue laptop
    assert q.constraints.filters.colours == ()


def test_a_brand_named_as_a_product_is_a_reference(parser):
    q = parser.parse("tell me more about the Dell", shown_state("l1", "l2", "l3"))
    assert q.intent is Intent.ASK_PRODUCT and 1 in q.references
    assert q.constraints.filters.brands == ()


def test_negated_and_wanted_brands_in_one_message(parser):
    f = parser.parse("wireless mouse, no logitech, hp is fine", DialogueState()).constraints.filters
    assert f.exclude_brands == ("logitech",) and "logitech" not in f.brands


@pytest.mark.parametrize("text, product_type, word", [
    ("labtop under 300", "laptop", "laptop"), ("blutooth spekaer", "speaker", "speaker"), ("wireles mouse", "mouse", "mouse"),
])
def test_typos_still_read(parser, text, product_type, word):
    c = parser.parse(text, DialogueState()).constraints
    assert c.product_type == product_type and word in c.query


def test_a_typo_in_a_brand_still_filters(parser):
    assert parser.parse("logitec mouse", DialogueState()).constraints.filters.brands == ("logitech",)


@pytest.mark.parametrize("text", ["", "   ", "🙂🛒", "x" * 10_000, "ordinateur portable pas cher 笔记本电脑",
                                  "laptop " * 3000, "$$$ ??? 4.5.6 -- ''", "under $ and over $", "\x00\x1b[31m"])
def test_odd_input_never_raises(parser, text):
    q = parser.parse(text, shown_state("l1"))
    assert isinstance(q, ParsedQuery) and len(q.text) <= 2000


def test_feedback_state_is_copied_for_the_ranker(parser):
    state = DialogueState(liked=["l1"], disliked=["l2"])
    q = parser.parse("gaming laptop", state)
    assert (q.liked, q.disliked) == (("l1",), ("l2",))


@pytest.mark.parametrize("text, low, high", [
    ("chargers that do not cost more than $15", None, 15.0),
    ("phones not over $300", None, 300.0),
    ("a tv under 1k", None, 1000.0),
    ("laptops under 1.5k", None, 1500.0),
    ("laptops between $200 and $500", 200.0, 500.0),
])
def test_price_phrases_are_read_in_their_context(catalog_parser, text, low, high):
    """The rules read the words around the tagger's price span ("do not", "not"), and a tag of
    "1k" as a size does not hide the price the rules read."""
    f = catalog_parser.parse(text, DialogueState()).constraints.filters
    assert (f.price_min, f.price_max) == (low, high)


@pytest.mark.parametrize("text, brands", [
    ("thinkpad under 800", ("lenovo",)), ("moto g phone", ("motorola",)), ("Galaxy S10", ("samsung",)),
    ("a galaxy s10 case", ()), ("xeon server", ()),
])
def test_product_lines_name_their_maker(catalog_parser, text, brands):
    assert catalog_parser.parse(text, DialogueState()).constraints.filters.brands == brands


@pytest.mark.parametrize("text, kind", [
    ("Huawei P30 Pro under $300", "smartphone"),  # the catalog's Huawei P models are phones; it lacks the P30
    ("honor 10 lite", "smartphone"),
    ("Samsung Note 10 Plus", "smartphone"),
    ("Google Pixel 3 unlocked", "smartphone"),  # a maker the catalog lacks; "unlocked" is said of phones
    ("Apple Watch Series 4 bands", "watch band"),
    ("phone clips priced above $8", "holder"),
    ("a Huawei P30 case", "case"),  # a type phrase beats the model's family
    ("Samsung 27 inch monitor", "monitor"),
    ("smartphone with good camera", "smartphone"),  # after "with": a feature, not the kind
    ("a case for my camera", "case"),
])
def test_models_and_cues_name_the_kind(catalog_parser, text, kind):
    assert catalog_parser.parse(text, DialogueState()).constraints.product_type == kind


def test_a_count_of_reviews_without_a_number_sorts_by_popularity(catalog_parser):
    # The tagger marks "most reviewed" as a sort; the rules must be able to read it.
    assert catalog_parser.parse("most reviewed iPhone cases", DialogueState()).constraints.sort == "popular"


def _later():
    from assistant.core.types import Constraints

    return DialogueState(constraints=Constraints(query="tripod", product_type="tripod"), turns=2)


@pytest.mark.parametrize("text", ["how much is it?", "What is it about?", "and free shipping?",
                                  "can you send me the details", "What are your shipping options?",
                                  "Can I get a discount on this?"])
def test_a_later_question_naming_no_product_asks_about_what_was_shown(catalog_parser, text):
    assert catalog_parser.parse(text, _later()).intent is Intent.ASK_PRODUCT


@pytest.mark.parametrize("text, intent", [
    ("how do I filter the results?", Intent.HELP),  # about the assistant itself
    ("do you have any laptops under $500?", None),  # names a product: a request, not a question about one
    ("what can you do?", Intent.HELP),
    ("any cheaper ones?", Intent.CHEAPER),
])
def test_questions_about_the_assistant_or_naming_products_keep_their_intent(catalog_parser, text, intent):
    got = catalog_parser.parse(text, _later()).intent
    assert got is intent if intent else got in (Intent.SEARCH, Intent.REFINE)


@pytest.mark.parametrize("text", ["perfect", "not interested", "cool, thanks", "damn", "sounds good"])
def test_a_later_short_verdict_is_feedback(catalog_parser, text):
    assert catalog_parser.parse(text, _later()).intent is Intent.FEEDBACK


@pytest.mark.parametrize("text", ["thanks", "bye", "have a nice day", "Good day"])
def test_courtesies_stay_small_talk(catalog_parser, text):
    assert catalog_parser.parse(text, _later()).intent is Intent.SMALL_TALK


def test_the_opening_message_is_read_as_the_tagger_reads_it(catalog_parser):
    assert catalog_parser.parse("perfect", DialogueState()).intent is not Intent.FEEDBACK


def test_a_handoff_is_never_the_models_reading_alone(parser):
    from assistant.core.types import DialogueState, Intent

    assert parser.parse("a present for a coffee lover", DialogueState()).intent is not Intent.HUMAN_AGENT
    assert parser.parse("can i talk to a person", DialogueState()).intent is Intent.HUMAN_AGENT
