"""Multi-turn state: refinements stack, a new topic resets, cheaper lowers the bound."""

from __future__ import annotations

from assistant.parse import BrandVocabulary, RuleParser
from assistant.types import DialogueState, Intent

parser = RuleParser(BrandVocabulary.from_brands(["HP", "DELL", "Lenovo"]))


def run(messages, prices=None):
    state = DialogueState()
    query = None
    for m in messages:
        query = parser.parse(m, state)
        state.constraints = query.constraints
        state.shown_prices = prices or []
    return query


def test_refinements_stack():
    q = run(["gaming laptops", "under 1000", "HP only"])
    assert q.intent is Intent.REFINE
    assert q.constraints.query == "gaming laptops"
    assert (q.constraints.filters.price_max, q.constraints.filters.brands) == (1000, ("hp",))


def test_not_brand_replaces_the_brand():
    f = run(["gaming laptops", "HP only", "not HP"]).constraints.filters
    assert f.brands == () and f.exclude_brands == ("hp",)


def test_cheaper_goes_below_the_cheapest_shown():
    q = run(["gaming laptops", "cheaper"], prices=[899.0, 749.0, 1299.0])
    assert q.constraints.filters.price_max == 748.99 and q.constraints.query == "gaming laptops"


def test_new_topic_resets_constraints():
    q = run(["gaming laptops under 1000", "HP only", "bluetooth speaker"])
    assert q.constraints.query == "bluetooth speaker"
    assert q.constraints.filters.is_empty()


def test_start_over_clears_everything():
    assert run(["gaming laptops under 1000", "start over"]).constraints.query == ""
