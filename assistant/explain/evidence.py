"""Evidence: what a reason may say about one shown product, read from the ranked page alone.

`build_evidence(query, page)` turns the products about to be shown into one `Evidence` record
each: which of the shopper's constraints the product meets (with the values on both sides),
the query words its title matches, the ranker's largest feature contributions, and how it
compares with the other products on the page (the cheapest, the only one in red, the newest).
Templates, prompts, the fact-checker and the metrics all read this one record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.core.text import money
from assistant.core.types import Constraints, ParsedQuery, Ranked
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import kind_of
from retrieval.catalog.vocabulary import table, word_set
from retrieval.search.filters import norm_key

# Words for ranker features a shopper can read (they follow "it is"); unknown names are spelt out.
FEATURE_PHRASES: dict[str, str] = table("reasons")["feature_phrases"]
TOP_FEATURES = 2
MIN_SHARE = 0.05  # contributions below this share of the positive total are not worth a word


def type_noun(product_type: str | None) -> str:
    """What to call the product in a sentence: its type without bracketed qualifiers ("mini pc
    (<= 3l)" is a "mini pc"), or "product"."""
    return re.sub(r"\s*[(\[][^)\]]*[)\]]", "", product_type or "").strip() or "product"


_FUNCTION_WORDS = word_set("reasons", "function_words")


def matched_terms(query: str, title: str, limit: int = 4) -> list[str]:
    """Up to `limit` query words that appear in the title (a plural 's' ignored)."""
    title_words = {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", title.lower())}
    out = []
    for w in re.findall(r"[a-z0-9]+", query.lower()):
        if len(w) > 1 and w not in _FUNCTION_WORDS and w.rstrip("s") in title_words and w not in out:
            out.append(w)
    return out[:limit]


def feature_phrase(name: str) -> str:
    return FEATURE_PHRASES.get(name, "strong on " + name.replace("_", " "))


@dataclass(frozen=True)
class ConstraintCheck:
    """One hard constraint of the shopper against the product: `wanted` vs `value`."""

    name: str  # "price", "brand", "colour" or "type"
    wanted: str  # the shopper's side, in words: "under $30.00", "logitech", "red"
    value: str  # the product's side: "$19.99", "Logitech", "red"
    met: bool


@dataclass(frozen=True)
class Evidence:
    """Everything a reason about `product` may rest on, for one request and one page."""

    product: Product
    request: str  # the shopper's free-text request (constraints.query)
    checks: tuple[ConstraintCheck, ...] = ()
    terms: tuple[str, ...] = ()  # request words the title matches
    features: tuple[tuple[str, float], ...] = ()  # (feature name, contribution), largest first
    comparisons: tuple[str, ...] = ()  # "cheapest", "only_colour:red", "newest"
    shown: int = 1  # how many products the comparisons are among
    price_min: float | None = None
    price_max: float | None = None

    @property
    def met(self) -> tuple[ConstraintCheck, ...]:
        return tuple(c for c in self.checks if c.met)

    def asked(self, name: str) -> bool:
        return any(c.name == name for c in self.checks)

    def facts(self) -> list[str]:
        """The evidence as short factual clauses, most telling first (the prompt and Reason.evidence)."""
        p = self.product
        out: list[str] = []
        if p.price is not None:
            price = next((c for c in self.checks if c.name == "price" and c.met), None)
            out.append(f"costs {money(p.price)}" + (f", {price.wanted} as you asked" if price else ""))
        if p.brand:
            out.append(f"made by {p.brand}" + (", the brand you asked for" if self._met("brand") else ""))
        colour = next((c.value for c in self.checks if c.name == "colour" and c.met), "")
        if colour:
            out.append(f"in {colour}, the colour you asked for")
        elif p.colours:
            out.append(f"in {p.colours[0]}")
        if kind_of(p):
            out.append(f"a {type_noun(kind_of(p))}" + (", the type you searched for" if self._met("type") else ""))
        if self.terms:
            out.append("matches your search for " + " and ".join(f'"{t}"' for t in self.terms))
        if self.comparisons:
            out.append(self.comparisons_phrase())
        if self.features:
            out.append("ranked up because it is " + " and ".join(feature_phrase(name) for name, _ in self.features))
        return out

    def comparisons_phrase(self) -> str:
        """All comparisons in one phrase: "the cheapest and the only red one shown"."""
        parts = [self.comparison_phrase(c) for c in self.comparisons]
        if len(parts) == 1:
            return parts[0]
        bare = [x.replace(" shown", "", 1) if " shown" in x and "(" not in x else x for x in parts[:-1]]
        return " and ".join(bare + parts[-1:])

    def key_facts(self, limit: int = 3) -> list[str]:
        """The `limit` most telling facts: constraints met, then comparisons, then matches, then price."""
        p, out = self.product, []
        price = next((c for c in self.checks if c.name == "price" and c.met), None)
        if price and p.price is not None:
            out.append(f"costs {money(p.price)}, {price.wanted} as you asked")
        if self._met("brand"):
            out.append(f"made by {p.brand}, the brand you asked for")
        colour = next((c.value for c in self.checks if c.name == "colour" and c.met), "")
        if colour:
            out.append(f"in {colour}, the colour you asked for")
        if self.comparisons:
            out.append(self.comparisons_phrase())
        if self.terms:
            out.append("matches your search for " + " and ".join(f'"{t}"' for t in self.terms))
        if p.price is not None and not price:
            out.append(f"costs {money(p.price)}")
        if p.brand and not self._met("brand"):
            out.append(f"made by {p.brand}")
        return out[:limit]

    def comparison_phrase(self, comparison: str) -> str:
        if comparison == "cheapest":
            return "the cheapest shown"
        if comparison.startswith("only_colour:"):
            return f"the only {comparison.split(':', 1)[1]} one shown"
        if comparison == "newest":
            return f"the newest shown (released {self.product.released[:4]})"
        return comparison.replace("_", " ")

    def nameable(self) -> list[str]:
        """What a reason can name that ties the product to the request or sets it apart."""
        out = list(self.terms) + [c.value.lower() for c in self.checks if c.met and c.value and c.name != "type"]
        if "cheapest" in self.comparisons:
            out += ["cheapest", "lowest price", "lowest-priced"]
        if "newest" in self.comparisons:
            out += ["newest", "latest"]
        out += [f"only {c.split(':', 1)[1]}" for c in self.comparisons if c.startswith("only_colour:")]
        return out

    def named_in(self, text: str) -> bool | None:
        """Does `text` name a search word, an asked-for constraint or a comparison? None: nothing to name."""
        names = self.nameable()
        if not names:
            return None
        low = text.lower()
        return any(re.search(r"(?<!\w)" + re.escape(n.rstrip("s")) + r"s?(?!\w)", low) for n in names)

    def _met(self, name: str) -> bool:
        return any(c.name == name and c.met for c in self.checks)


def constraint_checks(constraints: Constraints, product: Product) -> tuple[ConstraintCheck, ...]:
    f, p = constraints.filters, product
    checks: list[ConstraintCheck] = []
    if f.price_min is not None or f.price_max is not None:
        if f.price_min is not None and f.price_max is not None:
            wanted = f"between {money(f.price_min)} and {money(f.price_max)}"
        elif f.price_max is not None:
            wanted = f"under {money(f.price_max)}"
        else:
            wanted = f"over {money(f.price_min)}"
        ok = p.price is not None and (f.price_min is None or p.price >= f.price_min) and (
            f.price_max is None or p.price <= f.price_max)
        checks.append(ConstraintCheck("price", wanted, money(p.price) if p.price is not None else "", ok))
    if f.brands:
        checks.append(ConstraintCheck("brand", " or ".join(f.brands), p.brand, norm_key(p.brand) in f.brands))
    if f.colours:
        hit = next((c for c in f.colours if c in p.colours), "")
        checks.append(ConstraintCheck("colour", " or ".join(f.colours), hit or ", ".join(p.colours), bool(hit)))
    wanted_types = list(f.product_types)
    typ = norm_key(kind_of(p))
    if not wanted_types and typ and typ in norm_key(constraints.query):
        wanted_types = [typ]  # the shopper named the type in words rather than as a filter
    if wanted_types:
        checks.append(ConstraintCheck("type", " or ".join(wanted_types), kind_of(p), typ in wanted_types))
    return tuple(checks)


def top_features(contributions: dict[str, float], top: int = TOP_FEATURES) -> tuple[tuple[str, float], ...]:
    positive = {k: float(v) for k, v in contributions.items() if v > 0}
    total = sum(positive.values())
    ordered = sorted(positive.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple((k, v) for k, v in ordered[:top] if total and v / total >= MIN_SHARE)


def comparisons(product: Product, page: Sequence[Product], asked_colours: Sequence[str] = ()) -> tuple[str, ...]:
    """How `product` stands out among `page` (which contains it); nothing when alone."""
    others = [q for q in page if q.id != product.id]
    if not others:
        return ()
    out: list[str] = []
    prices = [q.price for q in others if q.price is not None]
    if product.price is not None and prices and product.price < min(prices):
        out.append("cheapest")
    if any(q.colours for q in others):
        taken = {c for q in others for c in q.colours}
        unique = [c for c in product.colours if c not in taken]
        unique.sort(key=lambda c: c not in asked_colours)
        if unique:
            out.append(f"only_colour:{unique[0]}")
    dates = [q.released for q in others if q.released]
    if product.released and dates and product.released[:4] > max(dates)[:4]:
        out.append("newest")
    return tuple(out)


def build_evidence(query: ParsedQuery, page: Sequence[Ranked]) -> list[Evidence]:
    """One `Evidence` per ranked product, compared with the rest of `page`."""
    c = query.constraints
    products = [r.product for r in page]
    out = []
    for r in page:
        p = r.product
        out.append(Evidence(
            product=p,
            request=c.query,
            checks=constraint_checks(c, p),
            terms=tuple(matched_terms(c.query, p.title)),
            features=top_features(r.contributions),
            comparisons=comparisons(p, products, c.filters.colours),
            shown=len(products),
            price_min=c.filters.price_min,
            price_max=c.filters.price_max,
        ))
    return out
