"""Ranking features on hand-checked (query, candidate) pairs from the small catalog."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from assistant.core.types import Candidate, Constraints, Intent, ParsedQuery
from assistant.rank.features import COLUMN, FEATURE_NAMES, FEATURES, FIELDS, FeatureExtractor, FieldStats
from retrieval.search.filters import Filters
from tests.fixtures import small_catalog

BY_ID = {p.id: p for p in small_catalog()}


def query(text: str, filters: Filters = Filters(), **kw) -> ParsedQuery:
    return ParsedQuery(text=text, intent=Intent.SEARCH, constraints=Constraints(query=text, filters=filters), **kw)


def cands(*ids: str, dense=None, lexical=None, fused=None) -> list[Candidate]:
    n = len(ids)
    dense, lexical, fused = dense or [0.5] * n, lexical or [1.0] * n, fused or [0.01] * n
    return [Candidate(BY_ID[i], d, lx, f) for i, d, lx, f in zip(ids, dense, lexical, fused)]


def column(x: np.ndarray, name: str) -> list[float]:
    return [round(float(v), 4) for v in x[:, COLUMN[name]]]


def test_columns_follow_the_feature_list_and_names_are_stable():
    assert FEATURE_NAMES == tuple(f.name for f in FEATURES)
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)
    x = FeatureExtractor().compute(query("mouse"), cands("m1", "l1"))
    assert x.shape == (2, len(FEATURES)) and x.dtype == np.float32
    assert FeatureExtractor().compute(query("mouse"), []).shape == (0, len(FEATURES))


def test_retrieval_scores_clip_and_normalise_per_query():
    x = FeatureExtractor().compute(query("mouse"), cands("m1", "m2", "m3", dense=[0.8, -0.1, 0.4],
                                                         lexical=[4.0, 2.0, 0.0], fused=[0.03, 0.015, 0.0]))
    assert column(x, "dense") == [0.8, 0.0, 0.4]
    assert column(x, "lexical") == [1.0, 0.5, 0.0]
    assert column(x, "fused") == [1.0, 0.5, 0.0]


def test_title_coverage_counts_stemmed_query_words_in_the_title():
    x = FeatureExtractor().compute(query("wireless mice"), cands("m1", "m4", "l1"))
    # "mice" does not stem to "mouse": only "wireless" counts for m1; m4 has neither word
    assert column(x, "title_coverage") == [0.5, 0.0, 0.0]
    x = FeatureExtractor().compute(query("wireless mouses"), cands("m1", "m4", "l1"))
    assert column(x, "title_coverage") == [1.0, 0.5, 0.0]


def test_type_match_and_mismatch_use_canonical_types():
    # "laptop" in the query; the fixtures store "notebook", canonically "laptop"; c1 is a case;
    # n1 has no type at all (neither match nor mismatch)
    x = FeatureExtractor().compute(query("gaming laptop"), cands("l1", "c1", "n1"))
    assert column(x, "type_match") == [1.0, 0.0, 0.0]
    assert column(x, "type_mismatch") == [0.0, 1.0, 0.0]
    # a type the parser read takes precedence over the words
    parsed = ParsedQuery("something to carry it", Intent.SEARCH, Constraints(query="carry", product_type="case"))
    x = FeatureExtractor().compute(parsed, cands("l1", "c1"))
    assert column(x, "type_match") == [0.0, 1.0]


def test_brand_match_from_filters_or_from_the_words():
    x = FeatureExtractor().compute(query("hp laptop"), cands("l1", "l2", "l3"))
    assert column(x, "brand_match") == [1.0, 0.0, 0.0]
    x = FeatureExtractor().compute(query("laptop", Filters(brands=("dell",))), cands("l1", "l2"))
    assert column(x, "brand_match") == [0.0, 1.0]
    # a brand must be a whole word: "hp" is not in "chromebook" or "php"
    x = FeatureExtractor().compute(query("php chromebook"), cands("l5"))
    assert column(x, "brand_match") == [0.0]


def test_colour_match_only_when_a_colour_is_asked_for():
    x = FeatureExtractor().compute(query("black mouse"), cands("m1", "m2"))
    assert column(x, "colour_match") == [0.0, 1.0]
    x = FeatureExtractor().compute(query("mouse", Filters(colours=("grey",))), cands("m1", "m2"))
    assert column(x, "colour_match") == [1.0, 0.0]
    assert column(FeatureExtractor().compute(query("mouse"), cands("m1", "m2")), "colour_match") == [0.0, 0.0]


def test_price_fit_peaks_at_the_middle_of_an_around_range():
    # "around $100" is parsed as 80-120: the target is 100
    x = FeatureExtractor().compute(query("mouse", Filters(price_min=80, price_max=120)), cands("m2", "m1", "n1"))
    fit = column(x, "price_fit")
    assert fit[0] == pytest.approx(math.exp(-abs(math.log(99.99 / 100)) / 0.25), abs=1e-4)
    assert fit[1] == pytest.approx(math.exp(-abs(math.log(19.99 / 100)) / 0.25), abs=1e-4)
    assert fit[2] == 0.0  # no price, no fit
    assert column(FeatureExtractor().compute(query("mouse", Filters(price_max=120)), cands("m2")), "price_fit") == [0.0]


def test_cheapness_ranks_prices_when_cheap_is_asked_for():
    x = FeatureExtractor().compute(query("a cheap mouse"), cands("m2", "m4", "m1", "n1"))
    assert column(x, "cheapness") == [0.0, 1.0, 0.5, 0.0]  # 99.99, 14.00, 19.99, no price
    assert column(FeatureExtractor().compute(query("a mouse"), cands("m2", "m4")), "cheapness") == [0.0, 0.0]


def test_recency_maps_years_and_fills_unknown_dates_with_the_mean():
    products = {"m1": "2020-01-01T00:00:00Z", "m2": "2010-07-01", "m3": ""}
    c = [replace(cc, product=replace(cc.product, released=products[cc.product.id])) for cc in cands("m1", "m2", "m3")]
    rec = column(FeatureExtractor().compute(query("mouse"), c), "recency")
    assert rec[0] == pytest.approx(0.8) and rec[1] == pytest.approx((2010.5 - 2000) / 25, abs=1e-4)
    assert rec[2] == pytest.approx((rec[0] + rec[1]) / 2, abs=1e-4)


def test_popularity_is_zero_without_data_and_log_scaled_with_it():
    assert column(FeatureExtractor().compute(query("mouse"), cands("m1", "m2")), "popularity") == [0.0, 0.0]
    c = [replace(cc, product=replace(cc.product, popularity=p)) for cc, p in zip(cands("m1", "m2", "m3"), (99.0, 9.0, None))]
    pop = column(FeatureExtractor().compute(query("mouse"), c), "popularity")
    assert pop == [1.0, round(math.log(10) / math.log(100), 4), 0.0]


def test_feedback_similarity_uses_the_product_vectors():
    vecs = {"m1": [1.0, 0.0], "m2": [0.6, 0.8], "m3": [0.0, 1.0], "l1": [-1.0, 0.0]}

    def vectors(ids):
        return np.array([vecs[i] for i in ids], dtype=np.float32)

    ex = FeatureExtractor(vectors)
    x = ex.compute(query("mouse", liked=("m1",), disliked=("m3", "l1")), cands("m1", "m2", "m3"))
    assert column(x, "liked_similarity") == [1.0, 0.6, 0.0]
    assert column(x, "disliked_similarity") == [0.0, 0.8, 1.0]  # max over the disliked; negatives clip to 0
    plain = ex.compute(query("mouse"), cands("m1", "m2", "m3"))
    assert column(plain, "liked_similarity") == [0.0, 0.0, 0.0]


def test_a_laptop_lock_or_roller_is_not_typed_a_laptop():
    lock = replace(BY_ID["c1"], id="k1", title="Kensington MicroSaver Laptop Lock", brand="Kensington", product_type="")
    roller = replace(BY_ID["c1"], id="r1", title="Kensington Contour Laptop Roller", brand="Kensington", product_type="")
    c = [Candidate(p, 0.5, 1.0, 0.01) for p in (BY_ID["l1"], lock, roller)]
    x = FeatureExtractor().compute(query("laptop"), c)
    assert column(x, "type_match") == [1.0, 0.0, 0.0]
    assert column(x, "type_mismatch") == [0.0, 1.0, 1.0]
    # and a shopper who asks for a laptop lock wants the lock
    x = FeatureExtractor().compute(query("laptop lock"), c)
    assert column(x, "type_match") == [0.0, 1.0, 0.0]


def test_field_matches_say_where_the_words_are_with_catalog_document_frequencies():
    specs = {"Connectivity": "Bluetooth 5.0", "Battery": "12 hours"}
    m5 = replace(BY_ID["m5"], description="A comfortable mouse for long days", specs=specs)
    catalog = [*(p for p in BY_ID.values() if p.id != "m5"), m5]
    ex = FeatureExtractor(fields=FieldStats.of(catalog))
    x = ex.compute(query("bluetooth mouse"), [Candidate(p) for p in (BY_ID["s1"], m5, BY_ID["m1"], BY_ID["t1"])])
    # s1 has "bluetooth" in its title; m5 has both words, "bluetooth" only in its specs; t1 neither
    assert column(x, "text_coverage") == [0.5, 1.0, 0.5, 0.0]
    assert column(x, "specs_match") == [0.0, 1.0, 0.0, 0.0]
    assert column(x, "description_match") == [0.0, 1.0, 0.0, 0.0]
    title = column(x, "title_match")
    assert title[3] == 0.0 and min(title[:3]) > 0.0
    # "bluetooth" is rarer in the catalog than "mouse": s1's title match beats m1's
    assert title[0] > title[2]
    text = column(x, "text_match")
    assert text[1] == 1.0 and text[3] == 0.0


def test_field_statistics_default_to_the_candidates_and_catalog_ones_are_shared():
    c = cands("m1", "s1", "t1")
    alone = FeatureExtractor().compute(query("wireless mouse"), c)
    over_candidates = FeatureExtractor(fields=FieldStats.of([x.product for x in c])).compute(query("wireless mouse"), c)
    np.testing.assert_allclose(alone, over_candidates)
    stats = FieldStats.of(list(BY_ID.values()))
    assert stats.size == len(BY_ID) and stats.df[stats.vocab["mous"], FIELDS.index("title")] == 5  # stemmed "mouse"
    # a product the statistics do not hold is tokenised on the spot, with the same counts
    new = replace(BY_ID["m1"], id="new", title="Wireless Mouse Wireless Edition")
    tf, lengths = stats.counts(["mous", "wireless", "zebra"], [new, BY_ID["m1"]])
    title = FIELDS.index("title")
    assert tf[:, :, title].tolist() == [[1.0, 2.0, 0.0], [1.0, 1.0, 0.0]]
    assert lengths[:, title].tolist() == [4.0, 5.0]
