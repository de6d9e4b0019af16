"""The journey file format: YAML journeys of turns, each a `say` with `expect` checks, read
into pydantic models that refuse a misspelt check (see docs/dialogue-tests.md).

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
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.core.types import Intent


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


def names_of(value: Names | None) -> list[str]:
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
