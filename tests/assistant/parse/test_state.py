"""Multi-turn state, scripted: refinements stack, references resolve against the last shown
results, a new topic resets. Every script runs with the rules-only parser and (slow) with the
learned parser, which must keep the same semantics."""

from __future__ import annotations

import pytest

from assistant.core.types import Constraints, DialogueState, Intent
from assistant.parse.brands import BrandVocabulary
from assistant.parse.rule_parser import RuleParser
from assistant.parse.state import Soft, merge_constraints, stack_soft
from tests.fixtures import small_catalog

PRODUCTS = {p.id: p for p in small_catalog()}
VOCABULARY = BrandVocabulary.from_brands(p.brand for p in small_catalog())


def rules_parser():
    return RuleParser(VOCABULARY, lookup=PRODUCTS.get)


def learned_parser():
    from assistant.parse.learned_parser import LearnedParser
    from assistant.parse.spelling import Speller, encoder_words
    from assistant.parse.tagger import load_tagger

    speller = Speller((p.title for p in small_catalog()), encoder_words(), min_count=1)
    return LearnedParser(VOCABULARY, load_tagger(), speller, lookup=PRODUCTS.get)


PARSERS = [pytest.param(rules_parser, id="rules"), pytest.param(learned_parser, id="learned", marks=pytest.mark.slow)]


def run(parser, messages, shown=()):
    """Send `messages` in order; after each, the products `shown` are what the shopper saw."""
    state = DialogueState()
    query = None
    for m in messages:
        query = parser.parse(m, state)
        state.constraints = query.constraints
        state.shown = list(shown)
        state.shown_prices = [PRODUCTS[pid].price for pid in shown]
    return query


@pytest.fixture(params=PARSERS)
def parser(request):
    return request.param()


def test_refinements_stack(parser):
    q = run(parser, ["gaming laptops", "under 1000", "HP only"])
    assert q.intent is Intent.REFINE
    assert q.constraints.query == "gaming laptops"
    assert (q.constraints.filters.price_max, q.constraints.filters.brands) == (1000, ("hp",))


def test_the_whole_refinement_chain(parser):
    shown = ["l1", "l3"]  # $899 and $749 were on screen
    steps = ["gaming laptops", "under 1000", "HP only", "not HP", "cheaper"]
    state = DialogueState()
    seen = []
    for m in steps:
        q = parser.parse(m, state)
        state.constraints, state.shown = q.constraints, shown
        state.shown_prices = [PRODUCTS[p].price for p in shown]
        seen.append(q)
    assert [q.intent for q in seen] == [Intent.SEARCH, Intent.REFINE, Intent.REFINE, Intent.REFINE, Intent.CHEAPER]
    last = seen[-1].constraints
    assert last.query == "gaming laptops" and last.product_type == "laptop"
    assert last.filters.brands == () and last.filters.exclude_brands == ("hp",)
    assert last.filters.price_max == 748.99  # below the cheapest shown, and still under 1000


def test_not_brand_replaces_the_brand(parser):
    f = run(parser, ["gaming laptops", "HP only", "not HP"]).constraints.filters
    assert f.brands == () and f.exclude_brands == ("hp",)


def test_cheaper_goes_below_the_cheapest_shown(parser):
    q = run(parser, ["gaming laptops", "cheaper"], shown=["l1", "l3", "l2"])
    assert q.constraints.filters.price_max == 748.99 and q.constraints.query == "gaming laptops"


def test_new_topic_resets_constraints(parser):
    q = run(parser, ["gaming laptops under 1000", "HP only", "bluetooth speaker"])
    assert q.intent is Intent.SEARCH
    assert q.constraints.query == "bluetooth speaker"
    assert q.constraints.filters.is_empty() and q.constraints.product_type == "speaker"


def test_same_type_with_more_words_refines(parser):
    q = run(parser, ["gaming laptops under 1000", "black laptops"])
    assert q.intent is Intent.REFINE
    assert q.constraints.filters.price_max == 1000 and q.constraints.filters.colours == ("black",)


def test_soft_constraints_stack_and_a_spec_replaces_its_unit(parser):
    q = run(parser, ["17 inch laptop with 16GB RAM", "rated 4+ stars", "with 32GB RAM"])
    assert set(q.constraints.specs) == {"17 inch", "32 gb ram"}
    assert q.constraints.rating_min == 4.0


def test_start_over_clears_everything(parser):
    assert run(parser, ["gaming laptops under 1000", "start over"]).constraints == Constraints()


@pytest.mark.parametrize("message, refs", [
    ("tell me about the second one", (1,)),
    ("compare the first two", (0, 1)),
    ("tell me more about the Dell", (1,)),
    ("what about the blue one?", (2,)),
])
def test_references_resolve_against_the_last_shown(parser, message, refs):
    q = run(parser, ["gaming laptops", message], shown=["l1", "l2", "l3"])
    assert q.references[: len(refs)] == refs
    assert q.constraints.query == "gaming laptops"  # asking about a product keeps the request


def test_questions_about_products_keep_the_request(parser):
    q = run(parser, ["gaming laptops under 1000", "HP only", "tell me about the first one"], shown=["l1"])
    assert q.intent is Intent.ASK_PRODUCT
    assert q.constraints.filters.brands == ("hp",) and q.constraints.filters.price_max == 1000


def test_stack_soft_keeps_earlier_values():
    prev = Constraints(product_type="laptop", specs=("17 inch",), rating_min=4.0)
    merged = stack_soft(prev, Soft(specs=("1 tb",)))
    assert merged["product_type"] == "laptop" and merged["specs"] == ("17 inch", "1 tb") and merged["rating_min"] == 4.0


def test_merge_search_replaces_everything():
    state = DialogueState(constraints=Constraints(query="laptop", rating_min=4.0))
    c = merge_constraints(state, Intent.SEARCH, "mouse", Constraints().filters, "", Soft(product_type="mouse"))
    assert c == Constraints(query="mouse", product_type="mouse")


def _kind_aware(make):
    from assistant.parse.kind_words import KindWords

    parser = make()
    kind_words = KindWords(small_catalog())
    parser.kind_words = kind_words
    if hasattr(parser, "rules"):
        parser.rules.kind_words = kind_words
    return parser


@pytest.mark.parametrize("make", PARSERS)
def test_words_that_describe_the_kind_refine_it_and_others_start_over(make):
    parser = _kind_aware(make)
    refined = run(parser, ["mouse", "wireless"])  # most mice in the catalog say "wireless"
    assert refined.intent is Intent.REFINE and refined.constraints.product_type == "mouse"
    assert run(parser, ["laptop", "something bigger"]).constraints.product_type == "laptop"  # a comparative
    assert run(parser, ["laptop", "a gaming one"]).constraints.product_type == "laptop"
    new = run(parser, ["mouse", "garden hose"])  # no mouse says "garden" or "hose"
    assert new.intent is Intent.SEARCH and new.constraints.product_type != "mouse"


def test_without_the_catalog_s_words_a_typeless_request_starts_over():
    assert run(rules_parser(), ["mouse", "wireless"]).intent is Intent.SEARCH


@pytest.mark.parametrize("make", PARSERS)
def test_a_colour_ruled_out_stays_out_until_asked_for(make):
    parser = make()
    f = run(parser, ["headphones", "not black"]).constraints.filters
    assert (f.colours, f.exclude_colours) == ((), ("black",))
    f = run(parser, ["speaker", "anything but red or blue"]).constraints.filters
    assert f.exclude_colours == ("red", "blue") and f.colours == ()
    f = run(parser, ["headphones", "not black", "black after all"]).constraints.filters
    assert (f.colours, f.exclude_colours) == (("black",), ())
    f = run(parser, ["headphones", "not black", "any colour is fine"]).constraints.filters
    assert (f.colours, f.exclude_colours) == ((), ())


@pytest.mark.slow
def test_a_brand_named_with_instead_is_wanted():
    from assistant.parse.learned_parser import LearnedParser
    from assistant.parse.spelling import Speller, encoder_words
    from assistant.parse.tagger import load_tagger

    brands = BrandVocabulary.from_brands([p.brand for p in small_catalog()] + ["Canon", "Epson"])
    speller = Speller((p.title for p in small_catalog()), encoder_words(), min_count=1)
    parser = LearnedParser(brands, load_tagger(), speller, lookup=PRODUCTS.get)
    f = run(parser, ["canon printer", "epson instead"]).constraints.filters
    assert f.brands == ("epson",) and "epson" not in f.exclude_brands


@pytest.mark.parametrize("make", PARSERS)
def test_a_verdict_that_says_what_to_change_refines(make):
    q = run(make(), ["HP laptops", "not hp, something else"], shown=["l1", "l5"])
    assert q.intent is Intent.REFINE and q.constraints.filters.exclude_brands == ("hp",)


@pytest.mark.parametrize("make", PARSERS)
def test_a_feature_after_with_refines_and_bigger_is_no_price(make):
    parser = _kind_aware(make)
    q = run(parser, ["gaming laptop", "with a mouse"])
    assert q.intent is Intent.REFINE and q.constraints.product_type == "laptop" and "mouse" in q.constraints.query
    bigger = run(parser, ["gaming laptop", "bigger"], shown=["l1", "l3"])
    assert bigger.intent is Intent.REFINE and bigger.constraints.filters.price_min is None


@pytest.mark.parametrize("make", PARSERS)
def test_what_an_accessory_fits_refines_it(make):
    q = run(_kind_aware(make), ["laptop case", "for 17 inch laptops"])
    assert q.intent is Intent.REFINE and q.constraints.product_type == "case"


@pytest.mark.slow
def test_brands_listed_with_or_are_all_wanted():
    from assistant.parse.learned_parser import LearnedParser
    from assistant.parse.spelling import Speller, encoder_words
    from assistant.parse.tagger import load_tagger

    brands = BrandVocabulary.from_brands([p.brand for p in small_catalog()] + ["DYMO", "Brother"])
    speller = Speller((p.title for p in small_catalog()), encoder_words(), min_count=1)
    parser = LearnedParser(brands, load_tagger(), speller, lookup=PRODUCTS.get)
    q = run(parser, ["either dymo or brother label maker"])
    assert set(q.constraints.filters.brands) == {"dymo", "brother"} and q.constraints.filters.exclude_brands == ()
    assert q.constraints.product_type == "printer"  # a label maker is a label printer
    assert set(run(parser, ["not hp or dell laptop"]).constraints.filters.exclude_brands) == {"hp", "dell"}
