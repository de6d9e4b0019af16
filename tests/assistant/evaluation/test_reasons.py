"""The reason metrics: the independent check, feature mentions and the summary figures."""

from __future__ import annotations

import pytest

from assistant.core.types import Constraints, Intent, ParsedQuery, Ranked
from assistant.evaluation.reasons import ShownReason, independent_check, summarise
from assistant.explain.evidence import build_evidence
from assistant.explain.explainer import ReasonWriter, template_reason
from assistant.explain.factcheck import FactChecker
from assistant.explain.generate import FakeGenerator
from retrieval.search.candidate import Candidate
from retrieval.search.filters import Filters
from tests.fixtures import small_catalog

CATALOG = {p.id: p for p in small_catalog()}


@pytest.mark.parametrize("text,ok", [
    ("This Logitech mouse costs $19.99, under your $30.00 budget.", True),
    ("This Logitech mouse matches your search for a wireless mouse and is the only grey one shown.", True),
    ("This Logitech mouse costs $17.99.", False),  # wrong price
    ("This Razer mouse costs $19.99.", False),  # a name the record does not hold
    ("This Logitech mouse comes in black.", False),  # wrong colour
    ("This Logitech mouse has a rechargeable battery.", False),  # words the record does not hold
    ("This Logitech mouse is a bit steep at $19.99.", False),  # argues against it
    ("This Logitech mouse comes in grey, the colour you asked for.", False),  # no colour was asked
])
def test_independent_check_reads_the_raw_record(text, ok):
    problems = independent_check(text, CATALOG["m1"], "wireless mouse under $30", Filters(price_max=30.0), shown=3)
    assert (not problems) == ok, problems


def test_independent_check_knows_an_unmet_budget():
    problems = independent_check("It costs $99.99, within your budget.", CATALOG["m2"], "mouse under 30",
                                 Filters(price_max=30.0), shown=1)
    assert any("budget" in p for p in problems)


def evidence(pid, text="wireless mouse", ids=("m1", "m3", "m5"), **filters):
    q = ParsedQuery(text, Intent.SEARCH, Constraints(text, Filters(**filters)))
    ranked = [Ranked(Candidate(CATALOG[i], 0.5, 2.0, 0.03), 0.03, {}) for i in ids]
    return next(e for e in build_evidence(q, ranked) if e.product.id == pid)


def test_named_in_needs_a_search_word_constraint_or_comparison():
    e = evidence("m5")  # matches "wireless", "mouse"; the only red one
    assert e.named_in("This wireless Kensington mouse costs $29.00.")
    assert e.named_in("It is the only red one shown.")
    assert e.named_in("This Kensington mouse costs $29.00.") is False  # the search word alone
    assert e.named_in("This Kensington product costs $29.00.") is False
    nothing = evidence("c1", "bag", ("c1",))
    assert nothing.named_in("This Targus case costs $39.95.") is False  # its record says what screens it takes
    assert nothing.named_in("This Targus case takes screens up to 15.6 inches.")


def test_writer_rejects_true_but_unspecific_reasons():
    gen = FakeGenerator(lambda e, a: "This Kensington mouse costs $29.00." if a == 0 else
                        "This wireless Kensington mouse costs $29.00.")
    e = evidence("m5")
    outcome = ReasonWriter(gen, FactChecker(["Kensington"])).write(e, template_reason(e))
    assert outcome.accepted and outcome.reason.text == "This wireless Kensington mouse costs $29.00."
    assert outcome.attempts[0][1].problems[0].startswith("specific:")


def row(text, source="smollm2", accepted=True, checker=(), independent=(), feature=True, query="q"):
    return ShownReason(query, "id", "title", text, source, accepted, accepted, list(checker), list(independent), feature)


def test_summary_figures():
    rows = [
        row("This mouse costs $1.00. It is grey."),
        row("This mouse costs $1.00.", source="template", accepted=False, feature=None),
        row("This mouse costs $2.00.", independent=["number"], feature=False, query="r"),
        row("It costs $3.00.", checker=["money"], query="r"),
    ]
    s = summarise(rows, examples=2)
    assert s["reasons"] == 4 and s["queries"] == 2
    assert s["faithfulness_checker"] == 0.75 and s["faithfulness_independent"] == 0.75
    assert s["faithfulness_both"] == 0.5
    assert s["generator_acceptance"] == 0.75
    assert s["feature_mention_ratio"] == pytest.approx(2 / 3) and s["nothing_to_name"] == 1
    assert s["unique_sentence_ratio"] == pytest.approx(4 / 5)  # "this mouse costs $1.00." twice
    assert s["mean_length_words"] == pytest.approx((7 + 4 + 4 + 3) / 4)
    assert len(s["examples"]) == 2 and all(ex["source"] == "smollm2" for ex in s["examples"])


@pytest.mark.parametrize("text,ok", [
    ("This Targus case is made for laptops up to 15.6 inches.", True),
    ("This Targus product is a laptop case in black.", True),
    ("This Targus product is a laptop, and it costs $39.00.", False),  # the record's word, for what it fits
    ("This Targus case is a great laptop for the price.", False),
    ("This Targus case costs $39.95, and its record does not mention “gaming”.", True),
    ("This Targus case is a gaming case.", False),  # the shopper's word, not the record's
    ("This Targus case fits a 4k laptop.", False),
])
def test_independent_check_knows_what_a_kind_word_after_is_a_names(text, ok):
    problems = independent_check(text, CATALOG["c1"], "gaming 4k laptop", Filters(), shown=3)
    assert (not problems) == ok, problems
