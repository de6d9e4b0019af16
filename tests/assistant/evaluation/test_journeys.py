"""The journey format, its checks and the `shopassist test-dialogues` command (no weights needed)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.core.types import Constraints, Intent, ProductCard, Reply
from assistant.evaluation.journeys import (
    Expect,
    JourneyError,
    check,
    format_table,
    load_journey,
    load_journeys,
    run_journey,
    unfaithful_reasons,
)
from retrieval.search.filters import Filters


def card(pid="p1", title="Logitech M185 Mouse", brand="Logitech", price=19.99, colour="Grey", reason=""):
    return ProductCard(pid, title, brand, price, colour, "mouse", "", reason or f"At ${price:,.2f} it fits.")


def reply(*cards, text="Here are 2 matches", intent=Intent.SEARCH, price_max=None, **kw) -> Reply:
    return Reply(text, tuple(cards), intent, Constraints(query="mouse", filters=Filters(price_max=price_max)), **kw)


def test_each_check_passes_and_fails_in_words():
    r = reply(card("a", price=10.0), card("b", brand="HP", price=25.0, colour="Black"), price_max=30)
    assert check(Expect(intent=Intent.SEARCH, products_min=2, products_max=2), r, []) == []
    assert check(Expect(intent=Intent.COMPARE), r, []) == ["intent is search, expected compare"]
    assert check(Expect(products_min=3), r, []) == ["2 products, expected at least 3"]
    assert check(Expect.model_validate({"every_product": {"price_max": 20}}), r, []) == [
        "#2 Logitech M185 Mouse costs $25.00, above $20.00"]
    assert check(Expect.model_validate({"every_product": {"brand": "logitech"}}), r, []) == [
        "#2 Logitech M185 Mouse is by HP, expected logitech"]
    assert check(Expect.model_validate({"every_product": {"colour": "grey"}}), r, []) == [
        "#2 Logitech M185 Mouse is Black, expected grey"]
    assert check(Expect(reply_contains=["2 MATCHES"], reply_not_contains=["sorry"]), r, []) == []
    assert check(Expect(reply_not_contains=["matches"]), r, []) == ["reply contains “matches”"]
    assert check(Expect(handoff=True, table=False, relaxed=False), r, []) == ["handoff is False, expected True"]


def test_turn_comparisons():
    first = reply(card("a"), card("b"))
    assert check(Expect(same_products_as_turn=1), reply(card("a"), card("b")), [first]) == []
    assert check(Expect(same_products_as_turn=1), reply(card("b"), card("a")), [first]) == [
        "products ['b', 'a'] differ from turn 1's ['a', 'b']"]
    assert check(Expect(different_products_from_turn=1), reply(card("b"), card("c")), [first]) == [
        "products ['b'] were already shown in turn 1"]
    assert check(Expect(without_product=(1, 2)), reply(card("b")), [first]) == [
        "product b (#2 of turn 1) is shown again"]
    assert check(Expect(without_product=(1, 2)), reply(card("a")), [first]) == []


def test_faithfulness_catches_invented_prices_and_colours():
    honest = reply(card(price=19.99, reason="At $19.99 it is under your $30.00 limit."), price_max=30)
    assert unfaithful_reasons(honest) == []
    made_up = reply(card(price=19.99, reason="Fits the budget of $70 and comes in red."), price_max=30)
    assert unfaithful_reasons(made_up) == [
        "#1 reason states [70.0], not its price $19.99 or a bound asked for",
        "#1 reason says red, which its record does not"]
    liked = reply(card(reason="Because you liked the X at $5.00, this similar one ranks higher. At $19.99 it fits."))
    assert unfaithful_reasons(liked) == []  # the liked product's own facts are not this card's claims
    assert unfaithful_reasons(reply(ProductCard("p", "T", "B", 1.0, "", "", "", ""))) == ["#1 has no reason"]


def test_load_reports_the_file_and_the_problem(tmp_path):
    bad_key = tmp_path / "typo.yaml"
    bad_key.write_text("name: x\nturns:\n  - say: hi\n    expect: {product_min: 1}\n")
    with pytest.raises(JourneyError, match=r"typo.yaml: turns.0.expect.product_min: Extra inputs are not permitted"):
        load_journey(bad_key)
    forward = tmp_path / "forward.yaml"
    forward.write_text("name: x\nturns:\n  - say: hi\n    expect: {same_products_as_turn: 1}\n")
    with pytest.raises(JourneyError, match="turn 1 compares with turn 1, which is not an earlier turn"):
        load_journey(forward)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(JourneyError, match="broken.yaml: not valid YAML"):
        load_journey(broken)
    with pytest.raises(JourneyError, match="no such file or directory"):
        load_journeys([tmp_path / "missing"])


def test_the_repository_journeys_all_load():
    journeys = load_journeys([Path(__file__).parents[2] / "dialogues"])
    assert len(journeys) >= 30 and len({j.name for _, j in journeys}) == len(journeys)


class Scripted:
    """Answers each message from a script; records the session ids it was given."""

    def __init__(self, answers: dict[str, Reply]) -> None:
        self.answers = answers
        self.sessions: list[str] = []
        self.policy = SimpleNamespace(lookup=lambda pid: None)

    def respond(self, message: str, session_id: str) -> Reply:
        self.sessions.append(session_id)
        if message == "crash":
            raise RuntimeError("boom")
        return self.answers[message]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return path


def test_run_journey_uses_one_fresh_session_and_reports_failures(tmp_path):
    journey = load_journey(write(tmp_path, "j", "name: two turns\nturns:\n  - say: mouse\n    expect: {products_min: 1}\n"
                                               "  - say: crash\n"))
    bot = Scripted({"mouse": reply(card())})
    result = run_journey(bot, journey)
    assert len(set(bot.sessions)) == 1 and bot.sessions[0].startswith("journey-")
    assert result.failures == ["turn 2 “crash”: raised RuntimeError: boom"] and not result.passed
    assert run_journey(bot, journey).turns == 2 and bot.sessions[-1] != bot.sessions[0]  # a new session each run


def test_format_table_lists_every_journey_and_the_total(tmp_path):
    journey = load_journey(write(tmp_path, "j", "name: ok\nturns:\n  - say: mouse\n"))
    bad = load_journey(write(tmp_path, "k", "name: bad\nturns:\n  - say: mouse\n    expect: {products_min: 5}\n"))
    bot = Scripted({"mouse": reply(card())})
    table = format_table([run_journey(bot, journey), run_journey(bot, bad)])
    lines = table.splitlines()
    assert lines[0].split()[:4] == ["journey", "turns", "result", "seconds"]
    assert lines[2].startswith("ok") and "PASS" in lines[2]
    assert "FAIL" in lines[3] and "1 products, expected at least 5" in lines[3]
    assert lines[-1].startswith("1/2 journeys passed")


def test_command_prints_the_table_and_exits_non_zero_on_failure(tmp_path, monkeypatch, capsys):
    from assistant.evaluation import sample_catalog as dialogue_catalog
    from ui import cli

    monkeypatch.setattr(dialogue_catalog, "build_sample_assistant",
                        lambda cache_dir: Scripted({"mouse": reply(card())}))
    good = write(tmp_path, "good", "name: good\nturns:\n  - say: mouse\n    expect: {products_min: 1}\n")
    assert cli.main(["test-dialogues", str(good), "--sample"]) == 0
    assert "1/1 journeys passed" in capsys.readouterr().out
    write(tmp_path, "bad", "name: bad\nturns:\n  - say: mouse\n    expect: {products_max: 0}\n")
    assert cli.main(["test-dialogues", str(tmp_path), "--sample"]) == 1
    out = capsys.readouterr().out
    assert "0/1" not in out and "1/2 journeys passed" in out and "FAIL bad" in out
    typo = write(tmp_path, "typo", "name: t\nturns:\n  - say: x\n    expect: {nope: 1}\n")
    assert cli.main(["test-dialogues", str(typo), "--sample"]) == 2
    assert "typo.yaml: turns.0.expect.nope" in capsys.readouterr().err
