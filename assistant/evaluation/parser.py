"""`shopassist eval parser`: the learned parser against the rules-only baseline on real text.

- Constraints: the held-out ESCI queries of data/esci_conv/gold.jsonl (never trained on), each
  parsed as the first message of a dialogue. Per constraint: precision and recall over the values
  read (a set-valued constraint counts each value); exact match: every constraint right.
  Brands outside the catalog are not scored (no filter could apply to them).
- Intents: the ESCI queries (all product searches) and MG-ShopDial's shopper utterances mapped by
  mgshopdial.py, each dialogue replayed turn by turn so refinements see their context; reported
  for the dev half of the dialogues (read while working on the parser), the held-out half (never
  read) and all of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.core.protocols import Parser
from assistant.core.types import Constraints, DialogueState

SCALARS = ("price_min", "price_max", "rating_min", "reviews_min", "reviews_max", "product_type", "sort")
SETS = ("brands", "exclude_brands", "colours", "specs")
FIELDS = ("price_min", "price_max", "brands", "exclude_brands", "colours", "product_type", "specs",
          "rating_min", "reviews_min", "reviews_max", "sort")


def values(c: Constraints) -> dict:
    """The constraint values compared with the gold, in the gold's shape."""
    f = c.filters
    return {"price_min": f.price_min, "price_max": f.price_max, "brands": set(f.brands),
            "exclude_brands": set(f.exclude_brands), "colours": set(f.colours), "product_type": c.product_type,
            "specs": set(c.specs), "rating_min": c.rating_min, "reviews_min": c.reviews_min,
            "reviews_max": c.reviews_max, "sort": c.sort}


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 0.01
    return a == b


@dataclass
class Counts:
    tp: dict = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    fp: dict = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    fn: dict = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    exact: int = 0
    intent_right: int = 0
    n: int = 0

    def add(self, pred: dict, gold: dict, intent_ok: bool) -> None:
        self.n += 1
        self.intent_right += intent_ok
        all_right = True
        for name in FIELDS:
            p, g = pred[name], gold[name]
            if name in SETS:
                p, g = set(p), set(g)
                self.tp[name] += len(p & g)
                self.fp[name] += len(p - g)
                self.fn[name] += len(g - p)
                all_right &= p == g
                continue
            empty_p, empty_g = p in (None, ""), g in (None, "")
            if not empty_p and not empty_g and _same(p, g):
                self.tp[name] += 1
            else:
                self.fp[name] += not empty_p
                self.fn[name] += not empty_g
                all_right &= empty_p and empty_g
        self.exact += all_right

    def precision(self, name: str) -> float | None:
        d = self.tp[name] + self.fp[name]
        return self.tp[name] / d if d else None

    def recall(self, name: str) -> float | None:
        d = self.tp[name] + self.fn[name]
        return self.tp[name] / d if d else None


def gold_values(row: Mapping) -> dict:
    return {name: (set(row[name]) if name in SETS else row[name]) for name in FIELDS}


def score_constraints(parser: Parser, gold: Sequence[Mapping], split: str = "heldout") -> Counts:
    counts = Counts()
    for row in gold:
        if row["split"] != split:
            continue
        parsed = parser.parse(row["query"], DialogueState())
        counts.add(values(parsed.constraints), gold_values(row), parsed.intent.value == row["intent"])
    return counts


def score_dialogue_intents(parser: Parser, dialogues) -> tuple[int, int, dict]:
    """(right, total, confusion {(gold, predicted): n}) over the mapped shopper utterances."""
    right = total = 0
    confusion: dict[tuple[str, str], int] = {}
    for turns in dialogues:
        state = DialogueState()
        for u in turns:
            parsed = parser.parse(u.text, state)
            state.constraints = parsed.constraints
            state.turns += 1
            if u.intent is None:
                continue
            total += 1
            right += parsed.intent is u.intent
            key = (u.intent.value, parsed.intent.value)
            confusion[key] = confusion.get(key, 0) + 1
    return right, total, confusion


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def format_report(rules: Counts, learned: Counts, dialogue: Mapping[str, tuple[int, int, int]]) -> str:
    lines = [f"Constraints on {learned.n} held-out ESCI queries (gold: data/esci_conv/gold.jsonl)",
             f"{'constraint':<15} {'support':>7} {'P rules':>8} {'P learned':>9} {'R rules':>8} {'R learned':>9}"]
    for name in FIELDS:
        support = learned.tp[name] + learned.fn[name]
        lines.append(f"{name:<15} {support:>7} {_pct(rules.precision(name)):>8} {_pct(learned.precision(name)):>9} "
                     f"{_pct(rules.recall(name)):>8} {_pct(learned.recall(name)):>9}")
    lines.append(f"{'exact match':<15} {learned.n:>7} {rules.exact / rules.n:>8.3f} {learned.exact / learned.n:>9.3f}")
    lines.append("")
    lines.append(f"{'intent accuracy':<36} {'n':>5} {'rules':>7} {'learned':>8}")
    lines.append(f"{'ESCI held-out (all search)':<36} {learned.n:>5} {rules.intent_right / rules.n:>7.3f} "
                 f"{learned.intent_right / learned.n:>8.3f}")
    for name, (r_right, l_right, total) in dialogue.items():  # dialogue: name -> (rules right, learned right, n)
        lines.append(f"{name:<36} {total:>5} {r_right / max(total, 1):>7.3f} {l_right / max(total, 1):>8.3f}")
    return "\n".join(lines)


def build_parsers(products) -> dict[str, Parser]:
    """The rules-only baseline and the learned parser over the same catalog vocabulary."""
    from assistant.parse.brands import BrandVocabulary
    from assistant.parse.learned_parser import LearnedParser
    from assistant.parse.rule_parser import RuleParser
    from assistant.parse.spelling import Speller, encoder_words
    from assistant.parse.tagger import load_tagger

    vocabulary = BrandVocabulary.from_catalog(products)
    speller = Speller((f"{p.title} {p.brand} {p.product_type}" for p in products), encoder_words())
    return {"rules": RuleParser(vocabulary), "learned": LearnedParser(vocabulary, load_tagger(), speller)}


def run(gold_path=None, dialogues_path=None) -> str:
    """The `shopassist eval parser` report."""
    from pathlib import Path

    from assistant.evaluation.mgshopdial import half, load_dialogues
    from assistant.training.parser import GOLD, load_gold
    from retrieval.catalog.loader import default_catalog

    parsers = build_parsers(default_catalog().products)
    gold = load_gold(gold_path or GOLD)
    counts = {name: score_constraints(p, gold) for name, p in parsers.items()}
    dialogue_rows = {}
    if dialogues_path and Path(dialogues_path).is_file():
        dialogues = load_dialogues(dialogues_path)
        for name in ("dev", "heldout"):  # each dialogue starts afresh, so "all" is the sum of the halves
            part = [d for d in dialogues if d and half(d[0].dialogue) == name]
            scored = {parser: score_dialogue_intents(p, part) for parser, p in parsers.items()}
            dialogue_rows[f"MG-ShopDial shopper turns, {name}"] = (scored["rules"][0], scored["learned"][0],
                                                                   scored["rules"][1])
        dialogue_rows["MG-ShopDial shopper turns, all"] = tuple(map(sum, zip(*dialogue_rows.values())))
    return format_report(counts["rules"], counts["learned"], dialogue_rows)
