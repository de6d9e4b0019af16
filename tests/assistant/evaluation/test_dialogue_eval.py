"""The conversation benchmark's metrics on scripted replies (no model) and its journey files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from assistant.core.types import Constraints, Intent, ProductCard, Reply
from assistant.evaluation.dialogue_eval import (
    DEFAULT_DIR,
    constraints,
    effective_bounds,
    evaluate,
    format_report,
    summarise,
)
from assistant.evaluation.journey_format import Expect, load_journey, load_journeys

KINDS = "kinds:\n  laptop: {title_any: [laptop, notebook], title_none: [bag, pad]}\n  bag: {title_any: [bag]}\n"


def card(pid, title, price, brand="HP", colour="Black"):
    return ProductCard(pid, title, brand, price, colour, "laptop", "", f"At ${price:,.2f} it fits.")


def reply(*cards, text="Here are some matches", relaxed=""):
    return Reply(text, tuple(cards), Intent.SEARCH, Constraints(), relaxed=relaxed)


class Scripted:
    """Answers each message from a script (a message may be answered differently in turn)."""

    def __init__(self, answers: dict[str, Reply | list[Reply]]) -> None:
        self.answers = {k: list(v) if isinstance(v, list) else [v] for k, v in answers.items()}
        self.policy = SimpleNamespace(lookup=lambda pid: None)

    def respond(self, message: str, session_id: str) -> Reply:
        queue = self.answers[message]
        return queue.pop(0) if len(queue) > 1 else queue[0]


def journey(tmp_path: Path, name: str, body: str, tags=("budgets",)):
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"name: {name}\ntags: [{', '.join(tags)}]\n{KINDS}turns:\n{body}")
    return path, load_journey(path)


LAPTOPS = reply(card("a", "HP ProBook Notebook", 900.0), card("b", "Dell Latitude laptop", 700.0),
                card("c", "Acer Swift notebook", 1200.0))


def test_kind_precision_counts_products_by_their_title_words(tmp_path):
    bot = Scripted({"laptop under 1500": LAPTOPS,
                    "cheaper": reply(card("d", "Manhattan laptop cooling pad", 20.0), card("e", "Asus laptop", 500.0)),
                    "hello": reply(text="Hi!")})
    j = journey(tmp_path, "j", "  - say: laptop under 1500\n    expect: {every_product: {kind: laptop, price_max: 1500}}\n"
                               "  - say: cheaper\n    expect: {every_product: {kind: laptop, price_max: 1500}}\n"
                               "  - say: hello\n    expect: {every_product: {kind: laptop}}\n")
    report = evaluate(bot, [j])
    s = summarise(report)
    assert [(t.kind, t.shown, t.of_kind) for t in report.turns] == [("laptop", 3, 3), ("laptop", 2, 1), ("laptop", 0, 0)]
    assert s["kind_turns"] == 2  # the turn that showed nothing is not a kind turn
    assert s["kind_precision_pooled"] == 0.8 and s["kind_precision_per_turn"] == 0.75
    assert s["journeys_passed"] == 0 and s["pass_rate"] == 0.0


def test_retention_counts_only_the_constraints_the_shopper_kept(tmp_path):
    body = ("  - say: laptop under 1500\n    expect: {every_product: {kind: laptop, price_max: 1500}}\n"
            "  - say: only hp\n    expect: {every_product: {kind: laptop, price_max: 1500, maker: HP}}\n"
            "  - say: under 800 then\n    expect: {every_product: {kind: laptop, price_max: 800, maker: HP}}\n"
            "  - say: a bag for it\n    expect: {every_product: {kind: bag, maker: HP}}\n")
    bot = Scripted({"laptop under 1500": LAPTOPS,
                    "only hp": reply(card("a", "HP ProBook Notebook", 1600.0)),  # the price limit was lost
                    "under 800 then": reply(card("f", "HP 250 laptop", 700.0, brand="Dell")),  # the brand was lost
                    "a bag for it": reply(card("g", "HP laptop bag", 30.0))})
    report = evaluate(bot, [journey(tmp_path, "r", body)])
    turns = report.turns
    assert [t.refinement for t in turns] == [False, True, True, False]  # turn 4 names another kind: a new topic
    assert turns[1].carried == ["kind", "price_max"] and turns[1].retained is False
    assert turns[2].carried == ["kind", "maker"]  # the price changed, so only kind and maker are carried
    assert turns[2].retained is True  # "HP" in the title: the maker is read from the title as well as the brand
    s = summarise(report)
    assert (s["refinement_turns"], s["refinement_turns_retained"], s["constraint_retention"]) == (2, 1, 0.5)


def test_any_of_alternative_that_held_gives_the_turn_its_bounds(tmp_path):
    path, j = journey(tmp_path, "a", "  - say: laptop under $5\n    expect:\n      any_of:\n"
                                     "        - {products_max: 0, reply_contains_any: [nothing]}\n"
                                     "        - {relaxed: true, every_product: {kind: laptop}}\n")
    expect = j.turns[0].expect
    honest = reply(text="Sorry, nothing under $5.")
    relaxed = reply(card("a", "HP ProBook Notebook", 900.0), relaxed="the price limit")
    assert effective_bounds(expect, relaxed, [relaxed]).kind.name == "laptop"
    assert effective_bounds(expect, honest, [honest]).kind.name == "laptop"  # the first alternative with bounds
    assert constraints(effective_bounds(expect, relaxed, [relaxed])) == {"kind": "laptop"}
    wrong = reply(card("x", "Laptop bag", 10.0), relaxed="the price limit")
    s = summarise(evaluate(Scripted({"laptop under $5": wrong}), [(path, j)]))
    assert s["kind_precision_pooled"] == 0.0 and s["journeys_passed"] == 0


def test_constraints_are_comparable_values():
    bounds = Expect.model_validate({"every_product": {"kind": {"name": "tv", "title_any": ["tv"]}, "price_max": 500,
                                                      "maker": ["Sony", "lg"], "colour_any": []}}).every_product
    assert constraints(bounds) == {"kind": "tv", "price_max": 500.0, "maker": ("lg", "sony")}
    assert constraints(None) == {}


def test_report_prints_the_figures_and_a_row_per_tag(tmp_path):
    ok = journey(tmp_path, "ok", "  - say: laptop under 1500\n    expect: {every_product: {kind: laptop}}\n",
                 tags=("budgets", "refinement"))
    bad = journey(tmp_path, "bad", "  - say: laptop under 1500\n    expect: {products_min: 9}\n", tags=("budgets",))
    s = summarise(evaluate(Scripted({"laptop under 1500": LAPTOPS}), [ok, bad]))
    assert s["tags"] == {"budgets": {"journeys": 2, "passed": 1, "pass_rate": 0.5},
                         "refinement": {"journeys": 1, "passed": 1, "pass_rate": 1.0}}
    text = format_report(s, "title")
    assert "journeys passed:        1/2 (50.0%)" in text
    assert "kind precision:         100.0% per turn (mean of 1 turns), 100.0% pooled (3/3 products)" in text
    assert "constraint retention:   - (0/0 refinement turns)" in text
    assert any(line.split() == ["budgets", "2", "1", "50.0%"] for line in text.splitlines())


def test_eval_dialogues_command(tmp_path, monkeypatch, capsys):
    from assistant.core import build
    from ui import cli

    monkeypatch.setattr(build, "build_assistant", lambda settings, progress=True: Scripted({"laptop": LAPTOPS}))
    (tmp_path / "j.yaml").write_text(f"name: j\ntags: [budgets]\n{KINDS}turns:\n"
                                     "  - say: laptop\n    expect: {every_product: {kind: laptop}}\n")
    assert cli.main(["eval", "dialogues", str(tmp_path), "--catalog", "icecat"]) == 0
    out = capsys.readouterr().out
    assert "1/1 (100.0%)" in out and "catalog icecat" in out
    assert cli.main(["eval", "dialogues", str(tmp_path), "--json"]) == 0
    assert '"pass_rate": 1.0' in capsys.readouterr().out


# -- the benchmark itself ----------------------------------------------------------------------------

LIBRARY = yaml.safe_load((DEFAULT_DIR / "kinds.yaml").read_text(encoding="utf-8"))
CATALOGS = ("icecat", "bestbuy")


@pytest.fixture(scope="module")
def benchmark():
    return {c: load_journeys([DEFAULT_DIR / c]) for c in CATALOGS}


def test_the_benchmark_is_large_and_varied(benchmark):
    everything = [j for c in CATALOGS for _, j in benchmark[c]]
    assert len(everything) >= 150 and len(benchmark["bestbuy"]) >= 20
    assert len({j.name for j in everything}) == len(everything)
    kinds = {(c, k) for c in CATALOGS for _, j in benchmark[c] for k in j.kinds}
    assert len(kinds) >= 40
    tags = Counter(t for j in everything for t in j.tags)
    assert all(j.tags for j in everything) and len(tags) >= 15


def test_every_journey_copies_its_kinds_from_the_library(benchmark):
    for catalog in CATALOGS:
        for path, j in benchmark[catalog]:
            for name, spec in j.kinds.items():
                assert name in LIBRARY[catalog], f"{path}: kind {name} is not in data/journeys/kinds.yaml"
                assert spec.model_dump() == {"title_none": [], **LIBRARY[catalog][name]}, f"{path}: {name} differs"


def test_every_turn_that_shows_products_names_its_kind(benchmark):
    for catalog in CATALOGS:
        for path, j in benchmark[catalog]:
            for n, turn in enumerate(j.turns, start=1):
                e = turn.expect
                shows = (e.products_min or 0) > 0 or any(
                    (alt.products_min or 0) > 0 or alt.relaxed for alt in e.any_of)
                if shows:
                    assert any(b.kind is not None for b in e.bounds()), f"{path} turn {n} shows products, names no kind"
