"""Scripted dialogue tests: YAML journeys of turns, each a `say` with `expect` checks.

    name: budget mouse
    turns:
      - say: a wireless mouse under $30
        expect: {intent: search, products_min: 1, every_product: {price_max: 30}, reasons_faithful: true}
      - say: compare the first two
        expect: {intent: compare, table: true, same_products_as_turn: 1}

The format is documented for users in docs/dialogue-tests.md. `run_journey` drives any object with
`respond(message, session_id) -> Reply` and reports every failed check in words.

A product's kind is judged by a `KindOracle`: words of the record's own title, never the derived
`product_type` (which is what the assistant computes, so it cannot be its own judge):

    kinds:
      laptop: {title_any: [notebook, laptop], title_none: [bag, case, sleeve, cooling, lock]}
    turns:
      - say: gaming laptop under $1500
        expect: {products_min: 1, every_product: {kind: laptop, price_max: 1500}}
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.core.text import clip, money
from assistant.core.types import Intent, Reply
from retrieval.catalog.colours import is_exact, shopper_colours
from retrieval.catalog.product import Product


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt check must fail loudly, not pass silently


@lru_cache(maxsize=4096)
def _term(phrase: str) -> re.Pattern[str]:
    """A whole word or phrase, any case; spaces and hyphens interchangeable; a plural "s"/"es" allowed."""
    words = [w for w in re.split(r"[\s\-]+", phrase.strip().lower()) if w]
    body = r"[\s\-]*".join(map(re.escape, words))
    return re.compile(rf"(?<![a-z0-9]){body}(?:s|es)?(?![a-z0-9])", re.IGNORECASE)


def has_term(text: str, phrase: str) -> bool:
    return bool(_term(phrase).search(text))


def has_terms(text: str, entry: str) -> bool:
    """`entry` is a word or phrase, or several joined by " + ", all of which must appear."""
    return all(has_term(text, part) for part in entry.split(" + "))


class KindOracle(_Strict):
    """What a product of one kind says of itself: its title has one of `title_any` and none of
    `title_none` (whole words or phrases, any case, hyphen = space, a plural "s"/"es" allowed; an
    entry "pixels + gb" needs both words)."""

    name: str = ""
    title_any: list[str] = Field(min_length=1)
    title_none: list[str] = []

    def problem(self, title: str) -> str:
        """Why a title is not of this kind, in words; "" when it is."""
        if not any(has_terms(title, w) for w in self.title_any):
            return f"is not a {self.name or 'product of the asked kind'} (its title has none of {', '.join(self.title_any[:4])}…)"
        bad = next((w for w in self.title_none if has_terms(title, w)), None)
        return f"is not a {self.name or 'product of the asked kind'} (its title says “{bad}”)" if bad else ""

    def matches(self, title: str) -> bool:
        return not self.problem(title)


Names = str | list[str]


def _names(value: Names | None) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


class EveryProduct(_Strict):
    """Bounds that every product shown in the turn must meet."""

    price_max: float | None = None
    price_min: float | None = None
    brand: str | None = None  # case-insensitive equality
    brand_not: str | None = None
    colour: str | None = None  # one of the product's base colours
    type: str | None = None  # the product type of the record ("mouse", "laptop"), case-insensitive
    title_contains: str | None = None  # case-insensitive
    # The kind by the record's own title words: a name from the journey's `kinds`, or an oracle inline.
    kind: str | KindOracle | None = None
    # The maker: the brand field is one of these, or the title names one as a whole word (catalogs list
    # carriers and resellers as the brand: "AT&T GoPhone - Samsung Galaxy Express").
    maker: Names | None = None
    maker_not: Names | None = None  # neither the brand field nor a title word is one of these
    colour_any: list[str] = []  # one of its base colours is one of these
    colour_not: Names | None = None  # none of its base colours is one of these
    title_not_contains: list[str] = []  # none of these whole words or phrases is in its title


class Positions(_Strict):
    turn: int = Field(ge=1)
    positions: list[int] = Field(min_length=1)  # counted from 1; -1 is the last one shown, -2 the one before


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
    # Reference checks against an earlier turn's products (turns counted from 1).
    cheapest_of_turn: int | None = Field(None, ge=1)  # exactly one product: a lowest-priced one of that turn
    priciest_of_turn: int | None = Field(None, ge=1)  # exactly one product: a highest-priced one of that turn
    positions_of_turn: Positions | None = None  # exactly the products at these positions of that turn, any order
    cheaper_than_turn: int | None = Field(None, ge=1)  # every product costs less than the cheapest of that turn
    pricier_than_turn: int | None = Field(None, ge=1)  # every product costs more than the dearest of that turn
    reply_has_price_of: tuple[int, int] | None = None  # [turn, position]: the reply states that product's price
    sorted_by_price: Literal["asc", "desc"] | None = None  # the products are in this price order
    reply_contains_any: list[str] = []  # at least one of these appears in the reply text (any case)
    any_of: list[Expect] = []  # at least one of these alternatives holds (besides every other check here)

    def earlier_turns(self) -> list[int]:
        """Every earlier turn this expectation (and its alternatives) refers to."""
        refs = [self.same_products_as_turn, self.different_products_from_turn, self.cheapest_of_turn,
                self.priciest_of_turn, self.cheaper_than_turn, self.pricier_than_turn,
                self.without_product[0] if self.without_product else None,
                self.positions_of_turn.turn if self.positions_of_turn else None,
                self.reply_has_price_of[0] if self.reply_has_price_of else None]
        return [r for r in refs if r is not None] + [r for alt in self.any_of for r in alt.earlier_turns()]

    def bounds(self) -> list[EveryProduct]:
        """Its own `every_product` and its alternatives', outermost first."""
        own = [self.every_product] if self.every_product else []
        return own + [b for alt in self.any_of for b in alt.bounds()]


class Turn(_Strict):
    say: str
    expect: Expect = Expect()


class KindSpec(_Strict):
    title_any: list[str] = Field(min_length=1)
    title_none: list[str] = []


class Journey(_Strict):
    name: str
    description: str = ""
    tags: list[str] = []
    kinds: dict[str, KindSpec] = {}  # kind oracles the turns name (`every_product: {kind: laptop}`)
    turns: list[Turn] = Field(min_length=1)

    @model_validator(mode="after")
    def _turn_references(self) -> Journey:
        for i, turn in enumerate(self.turns, start=1):
            for ref in turn.expect.earlier_turns():
                if ref >= i:
                    raise ValueError(f"turn {i} compares with turn {ref}, which is not an earlier turn")
        return self

    @model_validator(mode="after")
    def _resolve_kinds(self) -> Journey:
        """Replace each kind named by a string with its oracle from `kinds`."""
        for i, turn in enumerate(self.turns, start=1):
            for bounds in turn.expect.bounds():
                if isinstance(bounds.kind, str):
                    spec = self.kinds.get(bounds.kind)
                    if spec is None:
                        raise ValueError(f"turn {i} names kind {bounds.kind!r}, which `kinds` does not define")
                    bounds.kind = KindOracle(name=bounds.kind, **spec.model_dump())
                elif isinstance(bounds.kind, KindOracle) and not bounds.kind.name:
                    bounds.kind.name = "product of the asked kind"
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
    out += _references(expect, reply, earlier)
    if expect.reply_contains_any and not any(s.lower() in text for s in expect.reply_contains_any):
        out.append(f"reply has none of {', '.join(f'“{s}”' for s in expect.reply_contains_any)}")
    if expect.any_of:
        tried = [check(alt, reply, earlier, lookup) for alt in expect.any_of]
        if all(tried):
            out.append("no alternative holds: " + " | ".join(f"({n}) {'; '.join(p)}" for n, p in enumerate(tried, 1)))
    return out


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
        then = earlier[turn - 1].cards
        if not 1 <= position <= len(then):
            out.append(f"turn {turn} showed {len(then)} products, so it has no #{position}")
        elif then[position - 1].price is None:
            out.append(f"#{position} of turn {turn} has no price")
        else:
            price = round(then[position - 1].price, 2)
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
        makers = _names(b.maker)
        if makers and not any(_is_maker(c, m) for m in makers):
            out.append(f"{what} is by {c.brand or 'no brand'}, expected {' or '.join(makers)}")
        ruled_out = [m for m in _names(b.maker_not) if _is_maker(c, m)]
        if ruled_out:
            out.append(f"{what} is a {ruled_out[0]} product, which was ruled out")
        if b.colour_any or b.colour_not:
            colours = _colours(c, lookup)
            if b.colour_any and not any(x.lower() in colours for x in b.colour_any):
                out.append(f"{what} is {c.colour or 'of no listed colour'}, expected {' or '.join(b.colour_any)}")
            banned = [x for x in _names(b.colour_not) if x.lower() in colours]
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
