"""The fairness setting's re-ranker: λ=0 keeps the order, λ>0 promotes a new brand, contributions add up."""

from __future__ import annotations

import math

import pytest

from assistant.core.build import build_stages
from assistant.core.settings import Settings
from assistant.core.types import Candidate, DialogueState, Intent, ParsedQuery, Ranked
from assistant.rank.diversity import DIVERSITY, DiverseRanker, diversify, tiers, with_diversity
from assistant.rank.ranker import LABELS, apply_sort, ranking_notes
from retrieval.catalog.product import Product
from tests.fixtures import query


def item(pid: str, brand: str, score: float, asked: bool = True) -> Ranked:
    return Ranked(Candidate(Product(pid, f"{brand} thing {pid}", brand), of_asked_kind=asked), score,
                  {"dense": score * 0.75, "lexical": score * 0.25})


class Fixed:
    """A ranker that returns its list in the rank stage's own order (apply_sort), whatever it is given."""

    def __init__(self, ranked: list[Ranked]) -> None:
        self.ranked = ranked

    def rank(self, query: ParsedQuery, candidates) -> list[Ranked]:
        return apply_sort(list(self.ranked), query.constraints.sort, query)


LIST = [item("a1", "Alpha", 1.0), item("a2", "Alpha", 0.9), item("b1", "Beta", 0.5), item("c1", "Gamma", 0.0)]


def ids(ranked: list[Ranked]) -> list[str]:
    return [r.product.id for r in ranked]


def test_strength_zero_leaves_the_ranker_itself_and_its_order():
    inner = Fixed(LIST)
    assert with_diversity(inner, 0.0) is inner
    assert ids(DiverseRanker(inner, 0.0).rank(query("thing"), [])) == ["a1", "a2", "b1", "c1"]


def test_a_positive_strength_promotes_a_new_brand_with_its_own_contribution():
    ranked = DiverseRanker(Fixed(LIST), 0.5).rank(query("thing"), [])
    # normalised 1, .9, .5, 0: after a1, a2 scores .9 - .5 = .4 < b1's .5; then a2 (.4) before c1 (0)
    assert ids(ranked) == ["a1", "b1", "a2", "c1"]
    a2 = ranked[2]
    assert a2.contributions[DIVERSITY] == pytest.approx(-0.5)
    assert DIVERSITY not in ranked[0].contributions and DIVERSITY not in ranked[1].contributions
    for r in ranked:
        assert math.isclose(sum(r.contributions.values()), r.score, abs_tol=1e-9)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    assert "brand diversity" in LABELS[DIVERSITY]
    assert "brand diversity" in ranking_notes(ranked)[1]  # "#2 above #3": b1 is above a2 for diversity


def test_full_strength_puts_every_new_brand_first():
    assert ids(diversify(LIST, 1.0)) == ["a1", "b1", "c1", "a2"]


def test_products_of_another_kind_stay_below_the_asked_kind():
    listed = [item("a1", "Alpha", 1.0), item("a2", "Alpha", 0.9), item("b1", "Beta", 0.95, asked=False)]
    q = query("thing")
    ordered = Fixed(listed).rank(q, [])
    assert ids(ordered) == ["a1", "a2", "b1"] and tiers(ordered, q) == [0, 0, 1]
    assert ids(DiverseRanker(Fixed(listed), 1.0).rank(q, [])) == ["a1", "a2", "b1"]


def test_an_explicit_sort_is_never_reordered():
    q = ParsedQuery("thing", Intent.SEARCH, query("thing").constraints.with_(sort="price_asc"))
    assert ids(DiverseRanker(Fixed(LIST), 1.0).rank(q, [])) == ids(Fixed(LIST).rank(q, []))


def test_products_without_a_brand_count_as_their_own():
    listed = [item("x1", "", 1.0), item("x2", "", 0.9), item("b1", "Beta", 0.5)]
    assert ids(diversify(listed, 1.0)) == ["x1", "x2", "b1"]


def test_strength_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1, got 1.5"):
        DiverseRanker(Fixed(LIST), 1.5)
    with pytest.raises(ValueError, match="fairness_strength"):
        from assistant.core.settings import load_settings

        load_settings(fairness_strength=2)


def test_build_stages_applies_the_setting_in_the_rank_stage(small_search, tmp_path):
    stages = build_stages(Settings(cache_dir=tmp_path, results=3, fairness_strength=1.0), small_search)
    assert isinstance(stages.ranker, DiverseRanker) and stages.ranker.strength == 1.0
    parsed = stages.parser.parse("wireless mouse", DialogueState())
    ranked = stages.ranker.rank(parsed, stages.retriever.retrieve(parsed))
    top = [r.product.brand for r in ranked[:3]]
    assert len(set(top)) == 3  # Logitech has two wireless mice; at full strength the top 3 are three brands
    for r in ranked:
        assert math.isclose(sum(r.contributions.values()), r.score, rel_tol=1e-6, abs_tol=1e-6)
