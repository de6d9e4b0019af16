"""Building the real stages from settings: which stage is chosen, and the fallbacks when an
artifact or the reasons model is missing (the shopper still gets products)."""

from __future__ import annotations

import logging

import pytest

import assistant.core.settings as settings_module
from assistant.core.build import (
    build_explainer,
    build_parser,
    build_ranker,
    build_stages,
    ensure_indexed,
    index_products,
    make_encoder,
    open_store,
)
from assistant.core.settings import ReasonSettings, Settings
from assistant.explain.explainer import TemplateExplainer
from assistant.parse.learned_parser import LearnedParser
from assistant.parse.rule_parser import RuleParser
from assistant.rank.ranker import FusionRanker, LearnedRanker
from assistant.reply.responder import TextResponder
from assistant.retrieve.retriever import HybridRetriever
from retrieval.search.encoder import HashingEncoder
from tests.fixtures import small_catalog


def test_build_stages_wires_the_settings_into_the_stages(small_search, tmp_path):
    stages = build_stages(Settings(cache_dir=tmp_path, candidates=40, results=4), small_search)
    assert isinstance(stages.retriever, HybridRetriever) and stages.retriever.k == 40
    assert isinstance(stages.responder, TextResponder) and stages.responder.results == 4 and stages.shown == 4
    assert stages.responder.lookup("m1") == small_search.product("m1") and stages.responder.lookup("zzz") is None
    assert isinstance(stages.parser.base.base.base, LearnedParser) and isinstance(stages.ranker, LearnedRanker)  # shipped
    assert isinstance(stages.explainer, TemplateExplainer)


def test_rules_and_fused_order_when_asked_for(small_search):
    assert isinstance(build_parser(small_search, learned=False).base.base.base, RuleParser)
    assert isinstance(build_ranker(small_search, learned=False), FusionRanker)


def test_a_missing_parser_artifact_falls_back_to_the_rules(small_search, monkeypatch, caplog):
    def missing(*args, **kwargs):
        raise FileNotFoundError("parser artifact assistant/artifacts/parser.v1 not found")

    monkeypatch.setattr("assistant.parse.tagger.load_tagger", missing)
    with caplog.at_level(logging.WARNING, logger="assistant.core.build"):
        parser = build_parser(small_search)
    assert isinstance(parser.base.base.base, RuleParser)
    assert "parser.v1 not found; parsing with rules only" in caplog.text


@pytest.mark.parametrize("error", [FileNotFoundError("no ranker.v1.json"), ValueError("ranker.v1.json: bad version")])
def test_a_missing_or_unreadable_ranker_falls_back_to_the_fused_order(small_search, monkeypatch, caplog, error):
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr("assistant.rank.scorer.TorchScorer.load", broken)
    with caplog.at_level(logging.WARNING, logger="assistant.core.build"):
        assert isinstance(build_ranker(small_search), FusionRanker)
    assert f"{error}; ranking by fused retrieval order" in caplog.text


@pytest.mark.parametrize("reasons", [ReasonSettings(generator="template"), ReasonSettings(top=0)])
def test_template_reasons_need_no_generator(small_search, tmp_path, monkeypatch, reasons):
    monkeypatch.setattr("assistant.explain.generate.build_generator", lambda *a, **k: pytest.fail("loaded a model"))
    assert isinstance(build_explainer(Settings(cache_dir=tmp_path), small_search, reasons), TemplateExplainer)


def test_missing_reason_weights_leave_the_template_reasons(small_search, tmp_path, monkeypatch, caplog):
    def not_installed(*args, **kwargs):
        raise LookupError("the smollm2 weights are not installed")

    monkeypatch.setattr("assistant.explain.generate.build_generator", not_installed)
    with caplog.at_level(logging.WARNING, logger="assistant.core.build"):
        explainer = build_explainer(Settings(cache_dir=tmp_path), small_search, ReasonSettings(generator="smollm2"))
    assert isinstance(explainer, TemplateExplainer)
    assert "weights are not installed; showing template reasons only" in caplog.text


def test_a_missing_fine_tuned_encoder_falls_back_to_the_base_one(tmp_path, monkeypatch, caplog):
    missing = tmp_path / "retriever.v1"
    monkeypatch.setattr(settings_module, "DEFAULT_ENCODER", missing)
    made = []
    monkeypatch.setattr("retrieval.search.encoder.MiniLMEncoder", lambda path=None: made.append(path) or "encoder")
    with caplog.at_level(logging.WARNING, logger="assistant.core.build"):
        assert make_encoder(Settings(cache_dir=tmp_path, encoder_path=missing, threads=1)) == "encoder"
    assert made == [None] and "is missing; searching with the base encoder" in caplog.text
    make_encoder(Settings(cache_dir=tmp_path, encoder_path=tmp_path / "other", threads=1))
    assert made[-1] == tmp_path / "other"  # any other path is passed on as it is (and fails loudly there)


def test_an_ingested_catalog_must_not_be_empty(tmp_path):
    settings = Settings(cache_dir=tmp_path, catalog="mini")
    store = open_store(settings, HashingEncoder())
    assert store.catalog == "mini" and open_store(settings, HashingEncoder(), catalog="other").catalog == "other"
    with pytest.raises(LookupError, match="catalog 'mini' is empty; load it first with `shopassist ingest"):
        ensure_indexed(settings, store)
    index_products(store, small_catalog(), progress=False)
    assert ensure_indexed(settings, store) is None  # products are read back from the store


def test_index_products_encodes_only_what_changed(tmp_path):
    store = open_store(Settings(cache_dir=tmp_path, catalog="mini"), HashingEncoder())
    first = index_products(store, small_catalog(), progress=False)
    again = index_products(store, small_catalog(), progress=False)
    assert (first.added, first.unchanged) == (18, 0)
    assert (again.encoded, again.unchanged) == (0, 18)
