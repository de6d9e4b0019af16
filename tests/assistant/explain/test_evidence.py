"""Evidence: what a reason may say about a shown product, read from the ranked page alone."""

from __future__ import annotations

from dataclasses import replace

from assistant.core.types import Ranked
from assistant.explain.evidence import (
    FEATURE_PHRASES,
    build_evidence,
    constraint_checks,
    matched_terms,
    top_features,
    type_noun,
)
from assistant.rank.features import FEATURES
from retrieval.catalog.product import Product
from retrieval.search.candidate import Candidate
from tests.fixtures import CATALOG, page, query


def test_evidence_states_each_constraint_with_both_values():
    e = build_evidence(query("wireless mouse", price_max=30.0, colours=("red",), brands=("kensington",)),
                       page("m5", "m1"))[0]
    checks = {c.name: c for c in e.checks}
    assert checks["price"].met and checks["price"].wanted == "under $30.00" and checks["price"].value == "$29.00"
    assert checks["colour"].met and checks["colour"].value == "red"
    assert checks["brand"].met and checks["brand"].value == "Kensington"
    assert checks["type"].met and checks["type"].value == "mouse"  # named in words, not as a filter
    assert e.terms == ("wireless", "mouse")


def test_evidence_records_unmet_constraints_as_unmet():
    e = build_evidence(query("laptop", price_max=500.0, colours=("red",)), page("l1"))[0]
    # the notebook is a laptop, the kind asked for; its price and colour are not what was asked
    assert {c.name: c.met for c in e.checks} == {"price": False, "colour": False, "type": True}


def test_comparisons_among_the_shown_products():
    shown = page("m1", "m3", "m5", "m4")
    by_id = {e.product.id: e for e in build_evidence(query("mouse"), shown)}
    assert "cheapest" in by_id["m4"].comparisons and "cheapest" not in by_id["m1"].comparisons
    assert "only_colour:red" in by_id["m5"].comparisons
    assert not any(c.startswith("only_colour") for c in by_id["m3"].comparisons)  # two black mice
    assert build_evidence(query("mouse"), page("m1"))[0].comparisons == ()  # nothing to compare with


def test_newest_needs_a_strictly_later_release_year():
    old, new = replace(CATALOG["m1"], released="2015-01-01"), replace(CATALOG["m3"], released="2021-06-01")
    ranked = [Ranked(Candidate(p, 0.5, 2.0, 0.03), 0.03, {}) for p in (old, new)]
    by_id = {e.product.id: e for e in build_evidence(query("mouse"), ranked)}
    assert "newest" in by_id["m3"].comparisons and "newest" not in by_id["m1"].comparisons
    assert "(released 2021)" in by_id["m3"].comparisons_phrase()


def test_top_features_take_any_feature_names_largest_first():
    assert top_features({"price_fit": 0.5, "brand_match": 1.2, "dense": 0.01, "type_mismatch": -0.3}) == (
        ("brand_match", 1.2), ("price_fit", 0.5))
    assert top_features({}) == ()
    e = build_evidence(query("mouse"), page("m1", contributions={"price_fit": 0.5, "shiny_new_signal": 0.7}))[0]
    assert e.facts()[-1] == "ranked up because it is strong on shiny new signal and priced close to your target"


def test_every_feature_that_can_lift_a_product_has_words_for_shoppers():
    assert {f.name for f in FEATURES if f.sign >= 0} <= set(FEATURE_PHRASES)


def test_type_noun_drops_bracketed_qualifiers():
    assert type_noun("mini pc (<= 3l)") == "mini pc"
    assert type_noun("monitor [refurbished]") == "monitor"
    assert type_noun(None) == "product" and type_noun("") == "product"


def test_matched_terms_are_query_words_in_the_title():
    assert matched_terms("the wireless mice for my desk", "Logitech M185 Wireless Mouse Grey") == ["wireless"]
    assert matched_terms("speakers", "JBL Flip 5 Bluetooth Speaker Blue") == ["speakers"]  # a plural s is ignored
    assert matched_terms("a b c wireless mouse grey logitech m185", "Logitech M185 Wireless Mouse Grey", limit=2) == [
        "wireless", "mouse"]


def test_a_type_named_in_words_is_checked_like_a_type_filter():
    checks = constraint_checks(query("cheap speaker").constraints, CATALOG["s1"])
    assert [(c.name, c.wanted, c.value, c.met) for c in checks] == [("type", "speaker", "speaker", True)]
    assert constraint_checks(query("cheap gadget").constraints, CATALOG["s1"]) == ()


def test_a_product_without_a_price_fails_a_price_bound():
    check, = constraint_checks(query("thing", price_min=10.0).constraints, CATALOG["n1"])
    assert (check.name, check.wanted, check.value, check.met) == ("price", "over $10.00", "", False)


def test_facts_and_key_facts_put_what_the_shopper_asked_for_first():
    e = build_evidence(query("wireless mouse", price_max=30.0, brands=("logitech",)), page("m1", "m4"))[0]
    assert e.facts() == [
        "costs $19.99, under $30.00 as you asked",
        "made by Logitech, the brand you asked for",
        "in grey",
        "a mouse, the type you searched for",
        "has a wireless connection, as you asked",
        'matches your search for "wireless" and "mouse"',
        "the only grey one shown",
        "ranked up because it is close in meaning to your request and a match for your search words",
    ]
    # The prompt's facts lead with what sets the product apart; the search words come last, if at all.
    assert e.key_facts() == ["has a wireless connection, as you asked", "costs $19.99, under $30.00 as you asked",
                             "the only grey one shown", "made by Logitech, the brand you asked for"]


def test_named_in_says_whether_a_text_names_what_ties_the_product_to_the_request():
    e = build_evidence(query("speaker"), page("s3", "s1"))[0]  # the cheaper one, and the only red one
    assert e.comparisons == ("cheapest", "only_colour:red")
    assert e.comparisons_phrase() == "the cheapest and the only red one shown"
    assert e.named_in("A red speaker for little money.") is True  # the only red one
    assert e.named_in("A Bluetooth speaker.") is True  # an attribute of its record
    assert e.named_in("A speaker for $29.00.") is False  # the search word alone says nothing beyond the query
    assert e.named_in("A fine choice.") is False
    lone = build_evidence(query("zzz"), page("n1"))[0]
    assert lone.named_in("Anything at all.") is None  # nothing to name


def test_what_only_it_has_is_one_fact_so_a_model_does_not_say_it_twice():
    def tv(pid: str, inch: str, res: str) -> Product:
        return Product(id=pid, title=f"Philips TV {inch} inch", brand="Philips", price=300.0, kind="tv",
                       specs={"Display diagonal": inch, "Display resolution": res})

    shown = {p.id: p for p in (tv("a", "55", "3840 x 2160"), tv("b", "32", "1366 x 768"), tv("c", "32", "1366 x 768"))}
    ranked = [Ranked(Candidate(p, 0.5, 2.0, 0.03), 0.03, {"dense": 0.02}) for p in shown.values()]
    e = build_evidence(query("tv"), ranked)[0]
    facts = e.key_facts()
    assert facts[0] == "is the only one shown with a 55-inch screen and a 3840 x 2160 resolution"
    assert sum("the only one shown" in f for f in facts) == 1


def test_the_kind_the_request_names_is_not_an_attribute_it_asked_for():
    ink = Product(id="i", title="Canon PGI-9M ink tank Magenta", brand="Canon", price=15.0, kind="ink cartridge",
                  specs={"Ink type": "Pigment-based ink", "Printing colours": "Magenta"})
    other = Product(id="j", title="Canon PGI-9C ink tank Cyan", brand="Canon", price=15.0, kind="ink cartridge",
                    specs={"Ink type": "Pigment-based ink", "Printing colours": "Cyan"})
    ranked = [Ranked(Candidate(p, 0.5, 2.0, 0.03), 0.03, {"dense": 0.02}) for p in (ink, other)]
    e = build_evidence(query("ink for canon pixma"), ranked)[0]
    assert not e.asked_attributes  # "ink" names the kind, not "pigment-based ink"
    assert e.key_facts()[0] == "is the only one shown printing magenta"
