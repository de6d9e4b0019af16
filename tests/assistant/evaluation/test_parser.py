"""The parser evaluation: constraint scoring, and the MG-ShopDial intent mapping."""

from __future__ import annotations

from assistant.core.types import Intent
from assistant.evaluation.mgshopdial import half, load_dialogues, map_intent
from assistant.evaluation.parser import (
    FIELDS,
    SETS,
    Counts,
    format_report,
    gold_values,
    score_constraints,
    score_dialogue_intents,
)
from assistant.parse.brands import BrandVocabulary
from assistant.parse.rule_parser import RuleParser
from assistant.training.parser import load_gold


def test_counts_score_sets_and_scalars():
    gold = gold_values({"price_min": None, "price_max": 40.0, "brands": ["hp"], "exclude_brands": [], "colours": [],
                        "product_type": "laptop", "specs": ["17 inch"], "rating_min": 4.0, "reviews_min": None,
                        "reviews_max": None, "sort": ""})
    pred = dict(gold, price_max=50.0, brands={"hp", "dell"}, rating_min=None)
    c = Counts()
    c.add(pred, gold, intent_ok=True)
    assert (c.tp["price_max"], c.fp["price_max"], c.fn["price_max"]) == (0, 1, 1)
    assert (c.tp["brands"], c.fp["brands"], c.fn["brands"]) == (1, 1, 0)
    assert (c.tp["rating_min"], c.fp["rating_min"], c.fn["rating_min"]) == (0, 0, 1)
    assert c.precision("specs") == 1.0 and c.exact == 0 and c.intent_right == 1


def test_gold_has_a_held_out_part_and_the_rules_read_it():
    gold = load_gold()
    assert sum(r["split"] == "heldout" for r in gold) >= 60 and sum(r["split"] == "train" for r in gold) >= 30
    counts = score_constraints(RuleParser(BrandVocabulary.from_brands(["Samsung", "Huawei", "LG", "Anker"])), gold)
    assert counts.n >= 60 and counts.recall("price_max") >= 0.9


def test_mgshopdial_mapping():
    assert map_intent([["greeting", 4.0]], "meta", False) is Intent.SMALL_TALK
    assert map_intent([["pf", 3.0], ["interaction", 2.0]], "meta", False) is Intent.FEEDBACK
    assert map_intent([["disclose", 3.0]], "recommendation", False) is Intent.SEARCH
    assert map_intent([["disclose", 3.0]], "recommendation", True) is Intent.REFINE
    assert map_intent([["clarify", 3.0]], "recommendation", False) is None
    assert map_intent([["greeting", 3.0], ["pf", 3.0]], "meta", False) is None  # two intents: left out
    assert map_intent([["o_question", 2.0]], "qa", False) is None  # too few votes


def test_dialogues_replay_with_the_rules_parser(shared_data):
    dialogues = load_dialogues(shared_data / "mgshopdial" / "dialogues_dev.json")
    right, total, confusion = score_dialogue_intents(RuleParser(BrandVocabulary.from_brands([])), dialogues)
    assert total >= 300 and sum(confusion.values()) == total
    assert 0.25 <= right / total < 1.0  # the rules read about 30% of real shopper turns right (eval parser)


def test_mgshopdial_halves_are_fixed_by_dialogue_id(shared_data):
    assert half("Books:45:109:118") == half("Books:45:109:118")  # by id alone, so the same every run
    ids = [d[0].dialogue for d in load_dialogues(shared_data / "mgshopdial" / "dialogues_dev.json") if d]
    halves = [half(i) for i in ids]
    assert set(halves) == {"dev", "heldout"} and 0.3 <= halves.count("dev") / len(ids) <= 0.7


def test_report_has_both_halves_and_all():
    c = Counts()
    c.add(gold_values(dict.fromkeys(FIELDS, None) | {k: [] for k in SETS}),
          gold_values(dict.fromkeys(FIELDS, None) | {k: [] for k in SETS}), True)
    rows = {"MG-ShopDial shopper turns, dev": (1, 2, 4), "MG-ShopDial shopper turns, heldout": (0, 1, 2),
            "MG-ShopDial shopper turns, all": (1, 3, 6)}
    text = format_report(c, c, rows)
    assert "MG-ShopDial shopper turns, heldout" in text and "MG-ShopDial shopper turns, all" in text
    assert "0.500" in text.splitlines()[-1]  # all: 3 of 6 right for the learned parser
