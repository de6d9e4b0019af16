"""The stage contracts: each real stage and each fake of tests/fakes.py has the protocol's method,
with the same parameters in the same order (the pipeline passes some of them by position)."""

from __future__ import annotations

import inspect

import pytest

from assistant.core.protocols import Explainer, Parser, Ranker, Responder, Retriever
from assistant.explain.explainer import GeneratingExplainer, TemplateExplainer
from assistant.parse.learned_parser import LearnedParser
from assistant.parse.rule_parser import RuleParser
from assistant.rank.ranker import FusionRanker, LearnedRanker
from assistant.reply.responder import TextResponder
from assistant.retrieve.retriever import HybridRetriever
from tests.fakes import FakeExplainer, FakeParser, FakeRanker, FakeResponder, FakeRetriever

IMPLEMENTATIONS = [
    (Parser, "parse", [RuleParser, LearnedParser, FakeParser]),
    (Retriever, "retrieve", [HybridRetriever, FakeRetriever]),
    (Ranker, "rank", [FusionRanker, LearnedRanker, FakeRanker]),
    (Explainer, "explain", [TemplateExplainer, GeneratingExplainer, FakeExplainer]),
    (Responder, "reply", [TextResponder, FakeResponder]),
]


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


@pytest.mark.parametrize("protocol, method, classes", IMPLEMENTATIONS, ids=[m for _, m, _ in IMPLEMENTATIONS])
def test_every_implementation_takes_the_protocols_parameters(protocol, method, classes):
    expected = parameters(getattr(protocol, method))
    assert expected[0] == "self" and len(expected) >= 2
    assert {cls.__name__: parameters(getattr(cls, method)) for cls in classes} == {
        cls.__name__: expected for cls in classes}


def test_the_protocols_are_the_five_stages_of_the_pipeline():
    from assistant.core.pipeline import Stages

    hints = inspect.get_annotations(Stages, eval_str=True)
    assert {name: hints[name] for name in ("parser", "retriever", "ranker", "explainer", "responder")} == {
        "parser": Parser, "retriever": Retriever, "ranker": Ranker, "explainer": Explainer, "responder": Responder}
