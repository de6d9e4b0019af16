"""The learned rank stage over a small catalog: order, attributions, feedback, wiring, fallback."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from assistant.core.build import build_ranker
from assistant.core.types import Constraints, Intent, ParsedQuery, Ranked
from assistant.rank.features import FEATURE_NAMES, FeatureExtractor
from assistant.rank.ranker import FusionRanker, LearnedRanker, ranking_notes, why_above
from assistant.rank.scorer import TorchScorer
from retrieval.search.encoder import HashingEncoder
from retrieval.search.hybrid import HybridSearch
from retrieval.search.store import ProductStore
from tests.fixtures import small_catalog


@pytest.fixture(scope="module")
def search(small_search):
    return small_search  # the shared small-catalog search of tests/conftest.py


@pytest.fixture(scope="module")
def ranker(search):
    return LearnedRanker(TorchScorer.load(device="cpu"), FeatureExtractor(search.vectors))


def query(text: str, **kw) -> ParsedQuery:
    return ParsedQuery(text=text, intent=Intent.SEARCH, constraints=Constraints(query=text), **kw)


def test_every_candidate_gets_both_retrieval_scores(search):
    q = "wireless mouse"
    vector = search.store.embed_query(q)
    bm25 = search.lexical_index.scores(q)
    row = {p.id: i for i, p in enumerate(search.products)}
    found = search.search(q, k=50)
    assert len(found) > 5
    for c in found:
        expected = float(search.vectors([c.product.id])[0] @ vector)
        assert c.dense_score == pytest.approx(expected, abs=1e-4), c.product.id
        assert c.lexical_score == pytest.approx(float(bm25[row[c.product.id]]), abs=1e-4), c.product.id
    assert search.vectors(["no-such-id"]).tolist() == [[0.0] * HashingEncoder().dim]


def test_ranked_by_score_with_contributions_that_add_up(search, ranker):
    ranked = ranker.rank(query("bluetooth speaker"), search.search("bluetooth speaker", k=50))
    assert len(ranked) > 3
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    for r in ranked:
        assert tuple(r.contributions) == FEATURE_NAMES
        assert sum(r.contributions.values()) == pytest.approx(r.score, abs=1e-4)
    assert {r.product.id for r in ranked[:3]} == {"s1", "s2", "s3"}
    assert ranker.rank(query("anything"), []) == []


def test_liking_a_product_lifts_it_and_disliking_it_sinks_it(search, ranker):
    candidates = search.search("wireless mouse", k=50)
    plain = {r.product.id: r.score for r in ranker.rank(query("wireless mouse"), candidates)}
    liked = {r.product.id: r for r in ranker.rank(query("wireless mouse", liked=("m5",)), candidates)}
    disliked = {r.product.id: r for r in ranker.rank(query("wireless mouse", disliked=("m5",)), candidates)}
    assert liked["m5"].score > plain["m5"] > disliked["m5"].score
    assert liked["m5"].contributions["liked_similarity"] > 0 > disliked["m5"].contributions["disliked_similarity"]


def test_an_explicit_sort_still_wins(search, ranker):
    q = ParsedQuery("mouse", Intent.SEARCH, Constraints(query="mouse", sort="price_asc"))
    prices = [r.product.price for r in ranker.rank(q, search.search("mouse", k=50)) if r.product.price is not None]
    assert len(prices) >= 5 and prices == sorted(prices)


def test_products_of_the_asked_kind_stay_above_the_others_whatever_their_score(search, ranker):
    from dataclasses import replace

    candidates = search.search("wireless mouse", k=50)
    others = {c.product.id for c in candidates[:2]}  # the best two, marked as of another kind
    marked = [replace(c, of_asked_kind=c.product.id not in others) for c in candidates]
    for sort in ("", "price_asc"):
        q = ParsedQuery("wireless mouse", Intent.SEARCH, Constraints(query="wireless mouse", sort=sort))
        ranked = ranker.rank(q, marked)
        assert {r.product.id for r in ranked[-2:]} == others and len(ranked) == len(candidates)


def test_a_notebook_ranks_above_a_laptop_lock_and_a_laptop_roller_for_laptop():
    from dataclasses import replace

    from assistant.core.types import Candidate
    from assistant.rank.features import FieldStats

    catalog = small_catalog()
    case = next(p for p in catalog if p.id == "c1")
    lock = replace(case, id="k1", title="Kensington MicroSaver Laptop Lock", brand="Kensington", product_type="")
    roller = replace(case, id="r1", title="Kensington Contour Laptop Roller", brand="Kensington", product_type="")
    notebook = next(p for p in catalog if p.id == "l3")
    ranker = LearnedRanker(TorchScorer.load(device="cpu"), FeatureExtractor(fields=FieldStats.of([*catalog, lock, roller])))
    # the same retrieval scores for all three: only what the ranker reads tells them apart
    order = ranker.rank(query("laptop"), [Candidate(p, 0.5, 1.0, 0.01) for p in (lock, roller, notebook)])
    assert order[0].product.id == "l3"
    assert order[1].contributions["type_mismatch"] < 0 == order[0].contributions["type_mismatch"]


def test_the_shipped_ranker_is_built_over_catalog_field_statistics(search):
    ranker = build_ranker(search)
    assert ranker.features._fields is not None and ranker.features._fields.size == len(search.products)


def ranked(pid: str, **parts: float) -> Ranked:
    from assistant.core.types import Candidate
    from tests.fixtures import P

    return Ranked(Candidate(P(pid, pid, "", 1.0)), sum(parts.values()), parts)


def test_why_above_names_the_features_that_open_the_gap():
    a = ranked("a", dense=0.5, lexical=0.9, type_match=0.3, recency=0.0)
    b = ranked("b", dense=0.6, lexical=0.2, type_match=0.0, recency=0.2)
    assert why_above(a, b) == [("lexical", pytest.approx(0.7)), ("type_match", pytest.approx(0.3))]
    assert why_above(a, b, top=1) == [("lexical", pytest.approx(0.7))]
    assert why_above(b, a) == [("recency", pytest.approx(0.2)), ("dense", pytest.approx(0.1))]
    gaps = why_above(a, b, top=10) + [(k, -g) for k, g in why_above(b, a, top=10)]
    assert sum(g for _, g in gaps) == pytest.approx(a.score - b.score)  # the gaps add up to the score gap


def test_ranking_notes_read_as_words(search, ranker):
    ranked_ = ranker.rank(query("gaming laptop"), search.search("gaming laptop", k=50))
    notes = ranking_notes(ranked_[:4])
    assert len(notes) == 3 and notes[0].startswith("#1 above #2: ")
    assert "_" not in notes[0].split(": ", 1)[1]  # labels, not feature keys


def test_build_uses_the_learned_ranker_and_falls_back_with_a_log_line(search, monkeypatch, tmp_path, caplog):
    assert isinstance(build_ranker(search), LearnedRanker)
    monkeypatch.setattr("assistant.rank.scorer.DEFAULT_ARTIFACT", tmp_path / "missing.json")
    with caplog.at_level(logging.WARNING, logger="assistant.core.build"):
        fallback = build_ranker(search)
    assert isinstance(fallback, FusionRanker)
    assert "ranking by fused retrieval order" in caplog.text and "missing.json" in caplog.text


@pytest.mark.slow
def test_real_encoder_puts_the_asked_for_type_first(tmp_path, minilm):
    """The shipped artifact with real MiniLM features on the small catalog (no full index)."""
    store = ProductStore(tmp_path, "shop", minilm)
    store.sync(small_catalog())
    search = HybridSearch(store)
    ranker = LearnedRanker(TorchScorer.load(device="cpu"), FeatureExtractor.for_search(search))
    for text, wanted in (("gaming laptop", "notebook"), ("bluetooth speaker", "speaker"), ("wireless mouse", "mouse")):
        top = [r.product.product_type for r in ranker.rank(query(text), search.search(text, k=50))[:3]]
        assert top == [wanted] * 3, (text, top)
    scores = ranker.rank(query("mouse", liked=("m2",)), search.search("mouse", k=50))
    assert np.isfinite([r.score for r in scores]).all()


def test_a_refinement_shows_the_products_that_say_the_request_s_words_first():
    from assistant.core.types import Constraints, Intent, ParsedQuery
    from assistant.rank.ranker import apply_sort
    from tests.fixtures import page

    ranked = page("l5", "l1", "l3")  # the Chromebook first by score; l1 and l3 are gaming laptops
    c = Constraints(query="gaming laptop", product_type="laptop")
    cheaper = apply_sort(ranked, "", ParsedQuery("cheaper", Intent.CHEAPER, c))
    assert [r.product.id for r in cheaper] == ["l1", "l3", "l5"]
    first = apply_sort(ranked, "", ParsedQuery("gaming laptop", Intent.SEARCH, c))
    assert [r.product.id for r in first] == ["l5", "l1", "l3"]  # a first search is the scorer's order


def test_an_accessory_made_for_another_device_goes_after_the_others():
    from dataclasses import replace

    from assistant.core.types import Constraints, Intent, ParsedQuery
    from assistant.rank.ranker import apply_sort
    from tests.fixtures import page

    ranked = page("c1", "m1")
    camera_bag = replace(ranked[0].candidate.product, id="cb", title="Case Logic Camera Bag", kind="bag",
                         kind_for="camera")
    laptop_bag = replace(ranked[0].candidate.product, id="lb", title="Targus Laptop Bag", kind="bag", kind_for="laptop")
    both = replace(ranked[0].candidate.product, id="nb", title="Newstar iPad/notebook bag", kind="bag", kind_for="tablet")
    ranked = [replace(ranked[0], candidate=replace(ranked[0].candidate, product=p)) for p in (camera_bag, both, laptop_bag)]
    q = ParsedQuery("laptop bag", Intent.SEARCH, Constraints(query="laptop bag", product_type="bag"))
    assert [r.product.id for r in apply_sort(ranked, "", q)] == ["nb", "lb", "cb"]  # the iPad/notebook one fits too


def test_one_device_named_puts_what_is_made_for_it_before_what_fits_anything():
    from dataclasses import replace

    from assistant.core.types import Constraints, Intent, ParsedQuery
    from assistant.rank.ranker import apply_sort
    from tests.fixtures import page

    ranked = page("c1", "m1")
    base = ranked[0].candidate.product
    products = (replace(base, id="any", title="Sony AC-PW10AM", kind="power adapter", kind_for=""),
                replace(base, id="cam", title="Canon AC Adapter Kit", kind="power adapter", kind_for="camera"),
                replace(base, id="nb", title="HP 65W Smart AC Adapter", kind="power adapter", kind_for="laptop"))
    ranked = [replace(ranked[0], candidate=replace(ranked[0].candidate, product=p)) for p in products]
    q = ParsedQuery("laptop charger", Intent.SEARCH, Constraints(query="laptop charger", product_type="power adapter"))
    assert [r.product.id for r in apply_sort(ranked, "", q)] == ["nb", "any", "cam"]
    # two devices ("connect my laptop to the tv"): a cable made for one of them has no head start
    cable = [replace(ranked[0], candidate=replace(ranked[0].candidate, product=replace(base, id=i, kind="cable", kind_for=f)))
             for i, f in (("hdmi", ""), ("cord", "laptop"))]
    two = ParsedQuery("laptop tv", Intent.SEARCH, Constraints(query="laptop tv", product_type="cable"))
    assert [r.product.id for r in apply_sort(cable, "", two)] == ["hdmi", "cord"]
