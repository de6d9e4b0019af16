"""Scripted dialogue tests: YAML journeys of turns, each a `say` with `expect` checks.

    name: budget mouse
    turns:
      - say: a wireless mouse under $30
        expect: {intent: search, products_min: 1, every_product: {price_max: 30}, reasons_faithful: true}
      - say: compare the first two
        expect: {intent: compare, table: true, same_products_as_turn: 1}

The format is documented for users in docs/dialogue-tests.md. `run_journey` drives any object with
`respond(message, session_id) -> Reply` and reports every failed check in words.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.core.text import clip, money
from assistant.core.types import Intent, Reply
from retrieval.catalog.colours import is_exact, shopper_colours
from retrieval.catalog.product import Product


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt check must fail loudly, not pass silently


class EveryProduct(_Strict):
    """Bounds that every product shown in the turn must meet."""

    price_max: float | None = None
    price_min: float | None = None
    brand: str | None = None  # case-insensitive equality
    brand_not: str | None = None
    colour: str | None = None  # one of the product's base colours
    type: str | None = None  # the product type of the record ("mouse", "laptop"), case-insensitive
    title_contains: str | None = None  # case-insensitive


class Expect(_Strict):
    intent: Intent | None = None
    products_min: int | None = Field(None, ge=0)
    products_max: int | None = Field(None, ge=0)
    every_product: EveryProduct | None = None
    reply_contains: list[str] = []  # case-insensitive substrings of the reply text
    reply_not_contains: list[str] = []
    reasons_contain: list[str] = []  # each must appear in at least one product's reason
    reasons_faithful: bool = False  # every reason states only facts of its record and the request
    same_products_as_turn: int | None = Field(None, ge=1)  # the same product ids, in order, as that turn
    different_products_from_turn: int | None = Field(None, ge=1)  # no product id in common with that turn
    without_product: tuple[int, int] | None = None  # [turn, position]: the product shown there is absent now
    handoff: bool | None = None  # True: handed to a human agent with a summary; False: not
    relaxed: bool | None = None  # True: nothing matched and a constraint was relaxed
    table: bool | None = None  # True: a comparison table came back


class Turn(_Strict):
    say: str
    expect: Expect = Expect()


class Journey(_Strict):
    name: str
    description: str = ""
    tags: list[str] = []
    turns: list[Turn] = Field(min_length=1)

    @model_validator(mode="after")
    def _turn_references(self) -> Journey:
        for i, turn in enumerate(self.turns, start=1):
            without = turn.expect.without_product
            for ref in (turn.expect.same_products_as_turn, turn.expect.different_products_from_turn,
                        without[0] if without else None):
                if ref is not None and ref >= i:
                    raise ValueError(f"turn {i} compares with turn {ref}, which is not an earlier turn")
        return self


class JourneyError(ValueError):
    """A journey file that cannot be read; the message names the file and the problem."""


def load_journeys(paths: Iterable[str | Path]) -> list[tuple[Path, Journey]]:
    """Every journey in the given files and directories (*.yaml, *.yml), sorted by path."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        elif path.is_file():
            files.append(path)
        else:
            raise JourneyError(f"{path}: no such file or directory")
    if not files:
        raise JourneyError(f"no journey files (*.yaml) in {', '.join(map(str, paths))}")
    return [(f, load_journey(f)) for f in files]


def load_journey(path: Path) -> Journey:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise JourneyError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise JourneyError(f"{path}: a journey is a mapping with `name` and `turns`, got {type(data).__name__}")
    try:
        return Journey.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        raise JourneyError(f"{path}: {problems}") from err


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


def run_journey(assistant: Responds, journey: Journey, path: str | Path = "",
                lookup: Callable[[str], Product | None] | None = None) -> JourneyResult:
    """Say each turn in a fresh session and check its expectations; never raises on a failed check."""
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
        failures += [f"turn {i} “{clip(turn.say, 40)}”: {problem}" for problem in check(turn.expect, reply, replies, lookup)]
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
        then = earlier[turn - 1].cards
        if not 1 <= position <= len(then):
            out.append(f"turn {turn} showed {len(then)} products, so it has no #{position}")
        elif then[position - 1].id in ids:
            out.append(f"product {then[position - 1].id} (#{position} of turn {turn}) is shown again")
    for name, wanted, got in (("handoff", expect.handoff, bool(reply.handoff)),
                              ("relaxed", expect.relaxed, bool(reply.relaxed)),
                              ("table", expect.table, bool(reply.table))):
        if wanted is not None and wanted != got:
            out.append(f"{name} is {got}, expected {wanted}")
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
    return out


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
