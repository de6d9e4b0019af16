"""The journey format, its checks and the `shopassist test-dialogues` command (no weights needed)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.core.types import Constraints, Intent, ProductCard, Reply
from assistant.evaluation.journey_format import Expect, JourneyError, load_journey, load_journeys
from assistant.evaluation.journeys import check, format_table, run_journey, unfaithful_reasons
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


# -- the checks of the conversation benchmark (data/journeys) -------------------------------------

LAPTOP = {"name": "laptop", "title_any": ["notebook", "laptop"], "title_none": ["bag", "cooling pad", "case"]}


def test_kind_oracle_reads_whole_title_words_not_the_derived_type():
    from assistant.evaluation.journey_format import KindOracle

    kind = KindOracle(**LAPTOP)
    assert kind.matches("HP ProBook 450 G7 Notebook Silver") and kind.matches("Dell LAPTOPS 14in")
    assert kind.problem("Targus notebook case 15.6in") == "is not a laptop (its title says “case”)"
    assert kind.problem("Manhattan notebook cooling-pad") == "is not a laptop (its title says “cooling pad”)"
    assert kind.problem("Notebooks A4 squared") == ""  # plural allowed
    assert "has none of" in kind.problem("Cooler Master NotePal X2")  # "notepal" is not the word "notebook"
    both = KindOracle(name="laptop", title_any=["pixels + gb"])
    assert both.matches("HP EliteBook 6930p 1440 x 900 pixels 4 GB") and not both.matches("HP L2208w 1680 x 1050 pixels")
    r = reply(ProductCard("a", "Kensington laptop lock", "K", 20.0, "", "laptop", "", "r"),  # product_type says laptop
              ProductCard("b", "Laptop bag", "K", 20.0, "", "laptop", "", "r"))
    assert check(Expect.model_validate({"every_product": {"kind": {**LAPTOP, "title_none": ["lock", "bag"]}}}), r, []) == [
        "#1 Kensington laptop lock is not a laptop (its title says “lock”)",
        "#2 Laptop bag is not a laptop (its title says “bag”)"]


def test_kinds_are_named_once_per_journey_and_resolved(tmp_path):
    path = write(tmp_path, "k", "name: k\nkinds:\n  laptop: {title_any: [notebook]}\n"
                                "turns:\n  - say: laptop\n    expect: {every_product: {kind: laptop}}\n")
    bounds = load_journey(path).turns[0].expect.every_product
    assert bounds.kind.name == "laptop" and bounds.kind.title_any == ["notebook"]
    bad = write(tmp_path, "b", "name: b\nturns:\n  - say: laptop\n    expect: {every_product: {kind: laptop}}\n")
    with pytest.raises(JourneyError, match="turn 1 names kind 'laptop', which `kinds` does not define"):
        load_journey(bad)
    nested = write(tmp_path, "n", "name: n\nkinds:\n  tv: {title_any: [tv]}\nturns:\n  - say: tv\n"
                                  "    expect: {any_of: [{products_max: 0}, {every_product: {kind: tv}}]}\n")
    assert load_journey(nested).turns[0].expect.any_of[1].every_product.kind.name == "tv"


def test_maker_reads_the_brand_or_the_title_and_colour_lists():
    carrier = ProductCard("a", "AT&T GoPhone - Samsung Galaxy Express", "AT&T GoPhone", 49.0, "Black", "", "", "r")
    apple = ProductCard("b", "Apple - iPhone 7 32GB - Gold", "Apple", 699.0, "Gold", "", "", "r")
    r = reply(carrier, apple)
    ep = lambda **kw: Expect.model_validate({"every_product": kw})  # noqa: E731
    assert check(ep(maker=["Samsung", "Apple"]), r, []) == []
    assert check(ep(maker="samsung"), r, []) == ["#2 Apple - iPhone 7 32GB - Gold is by Apple, expected samsung"]
    assert check(ep(maker_not="Samsung"), r, []) == [
        "#1 AT&T GoPhone - Samsung Galaxy Express is a Samsung product, which was ruled out"]
    assert check(ep(colour_any=["black", "gold"]), r, []) == []
    assert check(ep(colour_not="gold"), r, []) == ["#2 Apple - iPhone 7 32GB - Gold is Gold, and gold was ruled out"]
    assert check(ep(title_not_contains=["gophone"]), r, []) == [
        "#1 AT&T GoPhone - Samsung Galaxy Express says “gophone” in its title"]


def test_reference_checks_against_an_earlier_turn():
    shown = reply(card("a", price=30.0), card("b", price=10.0), card("c", price=20.0))
    assert check(Expect(cheapest_of_turn=1), reply(card("b", price=10.0)), [shown]) == []
    assert check(Expect(cheapest_of_turn=1), reply(card("c", price=20.0)), [shown]) == [
        "#1 Logitech M185 Mouse costs $20.00, but the cheapest of turn 1 costs $10.00"]
    assert check(Expect(cheapest_of_turn=1), reply(card("b", price=10.0), card("c")), [shown]) == [
        "2 products, expected exactly the cheapest one of turn 1"]
    assert check(Expect(priciest_of_turn=1), reply(card("a", price=30.0)), [shown]) == []
    pos = Expect.model_validate({"positions_of_turn": {"turn": 1, "positions": [1, 3]}})
    assert check(pos, reply(card("c"), card("a")), [shown]) == []
    assert check(pos, reply(card("a"), card("b")), [shown]) == [
        "products ['a', 'b'] are not #1, #3 of turn 1 (['a', 'c'])"]
    last = Expect.model_validate({"positions_of_turn": {"turn": 1, "positions": [1, -1]}})
    assert check(last, reply(card("a"), card("c")), [shown]) == []
    far = Expect.model_validate({"positions_of_turn": {"turn": 1, "positions": [9]}})
    assert check(far, reply(), [shown]) == ["turn 1 showed 3 products, so it has no #9"]
    assert check(Expect(cheaper_than_turn=1), reply(card("d", price=9.99)), [shown]) == []
    assert check(Expect(cheaper_than_turn=1), reply(card("d", price=15.0)), [shown]) == [
        "#1 Logitech M185 Mouse costs $15.00, not cheaper than the cheapest of turn 1 ($10.00)"]
    assert check(Expect(pricier_than_turn=1), reply(card("d", price=31.0)), [shown]) == []
    assert check(Expect(reply_has_price_of=(1, 2)), reply(text="The second one costs $10.00."), [shown]) == []
    assert check(Expect(reply_has_price_of=(1, 2)), reply(text="It is great."), [shown]) == [
        "reply does not state $10.00, the price of #2 of turn 1"]
    assert check(Expect(sorted_by_price="desc"), shown, []) == ["prices ['$30.00', '$10.00', '$20.00'] are not highest first"]


def test_any_of_and_reply_contains_any():
    honest = Expect.model_validate({"any_of": [{"products_max": 0, "reply_contains_any": ["nothing", "no match"]},
                                               {"relaxed": True, "products_min": 1}]})
    assert check(honest, reply(text="Sorry, nothing matches."), []) == []
    assert check(honest, reply(card(), relaxed="the price limit"), []) == []
    assert check(honest, reply(card(), text="Here are 1 matches"), []) == [
        "no alternative holds: (1) 1 products, expected at most 0; reply has none of “nothing”, “no match” "
        "| (2) relaxed is False, expected True"]


def test_new_references_must_point_at_earlier_turns(tmp_path):
    path = write(tmp_path, "f", "name: f\nturns:\n  - say: a\n  - say: b\n    expect: {cheapest_of_turn: 2}\n")
    with pytest.raises(JourneyError, match="turn 2 compares with turn 2"):
        load_journey(path)
    nested = write(tmp_path, "g", "name: g\nturns:\n  - say: a\n"
                                  "    expect: {any_of: [{positions_of_turn: {turn: 1, positions: [1]}}]}\n")
    with pytest.raises(JourneyError, match="turn 1 compares with turn 1"):
        load_journey(nested)


def test_run_journey_tells_each_turn_to_a_hook(tmp_path):
    journey = load_journey(write(tmp_path, "h", "name: h\nturns:\n  - say: mouse\n    expect: {products_min: 2}\n"
                                                "  - say: mouse\n"))
    heard = []
    run_journey(Scripted({"mouse": reply(card())}), journey,
                on_turn=lambda n, turn, r, replies, problems: heard.append((n, turn.say, len(replies), problems)))
    assert heard == [(1, "mouse", 1, ["1 products, expected at least 2"]), (2, "mouse", 2, [])]
