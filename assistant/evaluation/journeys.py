"""Scripted dialogue tests: YAML journeys of turns, each a `say` with `expect` checks.

    name: budget mouse
    turns:
      - say: a wireless mouse under $30
        expect: {intent: search, products_min: 1, every_product: {price_max: 30}, reasons_faithful: true}
      - say: compare the first two
        expect: {intent: compare, table: true, same_products_as_turn: 1}

The format is documented for users in docs/dialogue-tests.md and read by journey_format.py.
`run_journey` drives any object with `respond(message, session_id) -> Reply` and reports every
failed check in words.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant.core.text import clip, money
from assistant.core.types import Reply
from assistant.evaluation.journey_format import EveryProduct, Expect, Journey, KindOracle, Turn, has_term, names_of
from retrieval.catalog.colours import is_exact, shopper_colours
from retrieval.catalog.product import Product

# -- running --------------------------------------------------------------------------------------

class Responds(Protocol):
    def respond(self, message: str, session_id: str) -> Reply: ...


@dataclass
class JourneyResult:
    name: str
    path: str
    turns: int
    seconds: float
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


TurnHook = Callable[[int, Turn, Reply, list[Reply], list[str]], None]


def run_journey(assistant: Responds, journey: Journey, path: str | Path = "",
                lookup: Callable[[str], Product | None] | None = None,
                on_turn: TurnHook | None = None) -> JourneyResult:
    """Say each turn in a fresh session and check its expectations; never raises on a failed check.

    `on_turn(number, turn, reply, replies_so_far, problems)` hears every turn that got a reply
    (the metrics of `dialogue_eval` are built from it).
    """
    session = f"journey-{uuid.uuid4().hex[:12]}"
    replies: list[Reply] = []
    failures: list[str] = []
    start = time.perf_counter()
    for i, turn in enumerate(journey.turns, start=1):
        try:
            reply = assistant.respond(turn.say, session)
        except Exception as err:  # a crash is a failed turn, reported like any other
            failures.append(f"turn {i} “{clip(turn.say, 40)}”: raised {type(err).__name__}: {err}")
            break
        replies.append(reply)
        problems = check(turn.expect, reply, replies, lookup)
        failures += [f"turn {i} “{clip(turn.say, 40)}”: {problem}" for problem in problems]
        if on_turn is not None:
            on_turn(i, turn, reply, replies, problems)
    return JourneyResult(journey.name, str(path), len(journey.turns), time.perf_counter() - start, failures)


def check(expect: Expect, reply: Reply, earlier: list[Reply],
          lookup: Callable[[str], Product | None] | None = None) -> list[str]:
    """The failed expectations of one reply, in words; `earlier` holds this journey's replies so far."""
    out: list[str] = []
    cards, text = reply.cards, reply.text.lower()
    if expect.intent is not None and reply.intent is not expect.intent:
        out.append(f"intent is {reply.intent.value}, expected {expect.intent.value}")
    if expect.products_min is not None and len(cards) < expect.products_min:
        out.append(f"{len(cards)} products, expected at least {expect.products_min}")
    if expect.products_max is not None and len(cards) > expect.products_max:
        out.append(f"{len(cards)} products, expected at most {expect.products_max}")
    if expect.every_product:
        out += _bounds(expect.every_product, reply, lookup)
    out += [f"reply lacks “{s}”" for s in expect.reply_contains if s.lower() not in text]
    out += [f"reply contains “{s}”" for s in expect.reply_not_contains if s.lower() in text]
    for s in expect.reasons_contain:
        if not any(s.lower() in c.reason.lower() for c in cards):
            out.append(f"no product reason contains “{s}”")
    if expect.reasons_faithful:
        out += unfaithful_reasons(reply, lookup)
    ids = [c.id for c in cards]
    if expect.same_products_as_turn is not None:
        then = [c.id for c in earlier[expect.same_products_as_turn - 1].cards]
        if ids != then:
            out.append(f"products {ids} differ from turn {expect.same_products_as_turn}'s {then}")
    if expect.different_products_from_turn is not None:
        common = set(ids) & {c.id for c in earlier[expect.different_products_from_turn - 1].cards}
        if common:
            out.append(f"products {sorted(common)} were already shown in turn {expect.different_products_from_turn}")
    if expect.without_product is not None:
        turn, position = expect.without_product
        shown, problem = _card_of_turn(earlier, turn, position)
        if problem:
            out.append(problem)
        elif shown.id in ids:
            out.append(f"product {shown.id} (#{position} of turn {turn}) is shown again")
    for name, wanted, got in (("handoff", expect.handoff, bool(reply.handoff)),
                              ("relaxed", expect.relaxed, bool(reply.relaxed)),
                              ("table", expect.table, bool(reply.table))):
        if wanted is not None and wanted != got:
            out.append(f"{name} is {got}, expected {wanted}")
    out += _references(expect, reply, earlier)
    if expect.reply_contains_any and not any(s.lower() in text for s in expect.reply_contains_any):
        out.append(f"reply has none of {', '.join(f'“{s}”' for s in expect.reply_contains_any)}")
    if expect.any_of:
        tried = [check(alt, reply, earlier, lookup) for alt in expect.any_of]
        if all(tried):
            out.append("no alternative holds: " + " | ".join(f"({n}) {'; '.join(p)}" for n, p in enumerate(tried, 1)))
    return out


def _card_of_turn(earlier: list[Reply], turn: int, position: int):
    """(card #position of that turn, "") or (None, why there is none)."""
    then = earlier[turn - 1].cards
    if not 1 <= position <= len(then):
        return None, f"turn {turn} showed {len(then)} products, so it has no #{position}"
    return then[position - 1], ""


def _priced(cards) -> list[float]:
    return [c.price for c in cards if c.price is not None]


def _references(expect: Expect, reply: Reply, earlier: list[Reply]) -> list[str]:
    """The checks that compare this turn's products with those of an earlier turn."""
    out: list[str] = []
    cards = reply.cards
    for turn, pick, word in ((expect.cheapest_of_turn, min, "cheapest"), (expect.priciest_of_turn, max, "dearest")):
        if turn is None:
            continue
        then = _priced(earlier[turn - 1].cards)
        if len(cards) != 1:
            out.append(f"{len(cards)} products, expected exactly the {word} one of turn {turn}")
        elif not then:
            out.append(f"turn {turn} showed no priced product")
        elif cards[0].price is None or round(cards[0].price, 2) != round(pick(then), 2):
            out.append(f"#1 {clip(cards[0].title, 50)} costs {money(cards[0].price)}, "
                       f"but the {word} of turn {turn} costs {money(pick(then))}")
    if expect.positions_of_turn is not None:
        turn, asked = expect.positions_of_turn.turn, expect.positions_of_turn.positions
        then = earlier[turn - 1].cards
        positions = [p if p > 0 else len(then) + p + 1 for p in asked]
        missing = [a for a, p in zip(asked, positions) if not 1 <= p <= len(then)]
        if missing:
            out.append(f"turn {turn} showed {len(then)} products, so it has no #{', #'.join(map(str, missing))}")
        else:
            wanted = sorted(then[p - 1].id for p in positions)
            if sorted(c.id for c in cards) != wanted:
                out.append(f"products {[c.id for c in cards]} are not #{', #'.join(map(str, positions))} "
                           f"of turn {turn} ({wanted})")
    for turn, cmp, word in ((expect.cheaper_than_turn, "cheaper", "cheapest"),
                            (expect.pricier_than_turn, "pricier", "dearest")):
        if turn is None or not cards:  # nothing shown: nothing is dearer than asked
            continue
        then = _priced(earlier[turn - 1].cards)
        if not then:
            out.append(f"turn {turn} showed no priced product")
            continue
        limit = min(then) if cmp == "cheaper" else max(then)
        for n, c in enumerate(cards, start=1):
            if c.price is None or (c.price >= limit if cmp == "cheaper" else c.price <= limit):
                out.append(f"#{n} {clip(c.title, 50)} costs {money(c.price)}, not {cmp} than "
                           f"the {word} of turn {turn} ({money(limit)})")
    if expect.reply_has_price_of is not None:
        turn, position = expect.reply_has_price_of
        shown, problem = _card_of_turn(earlier, turn, position)
        if problem:
            out.append(problem)
        elif shown.price is None:
            out.append(f"#{position} of turn {turn} has no price")
        else:
            price = round(shown.price, 2)
            stated = {round(float(m.replace(",", "")), 2) for m in _MONEY.findall(reply.text)}
            if price not in stated:
                out.append(f"reply does not state {money(price)}, the price of #{position} of turn {turn}")
    if expect.sorted_by_price is not None:
        prices = [c.price for c in cards]
        if None in prices:
            out.append("a product has no price, so the order by price cannot hold")
        elif prices != sorted(prices, reverse=expect.sorted_by_price == "desc"):
            order = "lowest" if expect.sorted_by_price == "asc" else "highest"
            out.append(f"prices {[money(p) for p in prices]} are not {order} first")
    return out


def _bounds(b: EveryProduct, reply: Reply, lookup) -> list[str]:
    out = []
    for n, c in enumerate(reply.cards, start=1):
        what = f"#{n} {clip(c.title, 50)}"
        if b.price_max is not None and (c.price is None or c.price > b.price_max):
            out.append(f"{what} costs {money(c.price)}, above {money(b.price_max)}")
        if b.price_min is not None and (c.price is None or c.price < b.price_min):
            out.append(f"{what} costs {money(c.price)}, below {money(b.price_min)}")
        if b.brand is not None and c.brand.lower() != b.brand.lower():
            out.append(f"{what} is by {c.brand or 'no brand'}, expected {b.brand}")
        if b.brand_not is not None and c.brand.lower() == b.brand_not.lower():
            out.append(f"{what} is by {c.brand}, which was ruled out")
        if b.colour is not None:
            product = lookup(c.id) if lookup else None
            colours = product.colours if product else tuple(re.findall(r"[a-z]+", c.colour.lower()))
            if b.colour.lower() not in colours:
                out.append(f"{what} is {c.colour or 'of no listed colour'}, expected {b.colour}")
        if b.type is not None and c.product_type.lower() != b.type.lower():
            out.append(f"{what} is a {c.product_type or 'product of no listed type'}, expected {b.type}")
        if b.title_contains is not None and b.title_contains.lower() not in c.title.lower():
            out.append(f"{what} has no “{b.title_contains}” in its title")
        if isinstance(b.kind, KindOracle) and (problem := b.kind.problem(c.title)):
            out.append(f"{what} {problem}")
        makers = names_of(b.maker)
        if makers and not any(_is_maker(c, m) for m in makers):
            out.append(f"{what} is by {c.brand or 'no brand'}, expected {' or '.join(makers)}")
        ruled_out = [m for m in names_of(b.maker_not) if _is_maker(c, m)]
        if ruled_out:
            out.append(f"{what} is a {ruled_out[0]} product, which was ruled out")
        if b.colour_any or b.colour_not:
            colours = _colours(c, lookup)
            if b.colour_any and not any(x.lower() in colours for x in b.colour_any):
                out.append(f"{what} is {c.colour or 'of no listed colour'}, expected {' or '.join(b.colour_any)}")
            banned = [x for x in names_of(b.colour_not) if x.lower() in colours]
            if banned:
                out.append(f"{what} is {c.colour}, and {banned[0]} was ruled out")
        said = next((w for w in b.title_not_contains if has_term(c.title, w)), None)
        if said:
            out.append(f"{what} says “{said}” in its title")
    return out


def unmet_bounds(bounds: EveryProduct, reply: Reply, lookup=None) -> list[str]:
    """The products of a reply that break these bounds, in words (the `every_product` check)."""
    return _bounds(bounds, reply, lookup)


def _is_maker(card, maker: str) -> bool:
    return card.brand.strip().lower() == maker.strip().lower() or has_term(card.title, maker)


def _colours(card, lookup) -> tuple[str, ...]:
    product = lookup(card.id) if lookup else None
    return product.colours if product else tuple(re.findall(r"[a-z]+", card.colour.lower()))


_MONEY = re.compile(r"\$\s?([\d,]+(?:\.\d+)?)")

def unfaithful_reasons(reply: Reply, lookup: Callable[[str], Product | None] | None = None) -> list[str]:
    """Claims in the cards' reasons that neither the product record nor the request supports.

    Checked: every card has a reason; each money amount is the product's price or a bound the
    shopper set; each colour named is one of the product's colours or one the shopper asked for.
    """
    out = []
    f = reply.constraints.filters
    allowed_money = {round(x, 2) for x in (f.price_min, f.price_max) if x is not None}
    asked_colours = set(f.colours)
    for n, c in enumerate(reply.cards, start=1):
        product = lookup(c.id) if lookup else None
        if not c.reason.strip():
            out.append(f"#{n} has no reason")
            continue
        liked_part, _, own = c.reason.rpartition("ranks higher.")  # "because you liked X" names another product
        prices = {round(float(m.replace(",", "")), 2) for m in _MONEY.findall(own)}
        ok = allowed_money | ({round(c.price, 2)} if c.price is not None else set())
        if prices - ok:
            out.append(f"#{n} reason states {sorted(prices - ok)}, not its price {money(c.price)} or a bound asked for")
        record = " ".join([c.colour, c.title]).lower()
        colours = set(product.colours if product else ()) | set(re.findall(r"[a-z]+", c.colour.lower()))
        for base, start, end in shopper_colours(own):
            word = own[start:end].lower()
            named = re.search(rf"\b{re.escape(word)}\b", record) or (is_exact(word) and base in colours)
            if not named and base not in asked_colours:
                out.append(f"#{n} reason says {word}, which its record does not")
    return out


def format_table(results: list[JourneyResult]) -> str:
    """A fixed-width pass/fail table, one row per journey, and a total line."""
    rows = [("journey", "turns", "result", "seconds", "first failure")]
    rows += [(r.name, str(r.turns), "PASS" if r.passed else "FAIL", f"{r.seconds:.2f}",
              r.failures[0] if r.failures else "") for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + row[4] for row in rows]
    lines.insert(1, "-" * min(120, len(lines[0])))
    passed = sum(r.passed for r in results)
    lines.append(f"\n{passed}/{len(results)} journeys passed in {sum(r.seconds for r in results):.1f} s")
    return "\n".join(line.rstrip() for line in lines)
