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
from assistant.explain.naming import agree, is_plural, named_kind, squash_words, type_noun  # noqa: F401  (re-exported)
from retrieval.catalog.attributes import Attribute, attributes
from retrieval.catalog.inflection import stem
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import kind_of, type_phrases
from retrieval.catalog.vocabulary import table, word_set
from retrieval.search.filters import norm_key

# Words for ranker features a shopper can read (they follow "it is"); unknown names are spelt out.
FEATURE_PHRASES: dict[str, str] = table("reasons")["feature_phrases"]
TOP_FEATURES = 2
MIN_SHARE = 0.05  # contributions below this share of the positive total are not worth a word


_FUNCTION_WORDS = word_set("reasons", "function_words")
def covered(request: Sequence[str], p: Product, words: frozenset[str]) -> frozenset[str]:
    """The request's words the record holds: as words (stems), or run together in one of its tokens
    ("micro" and "sd" in "microSDXC"); `words` are its `record_words`."""
    text = f"{p.title} {p.description} " + " ".join(f"{k} {v}" for k, v in p.specs.items())  # "Wi-Fi standards: ..."
    tokens = {t for t in re.findall(r"[a-z0-9]+", text.lower()) if len(t) > 3}
    squashed = re.sub(r"[^a-z0-9]+", "", text.lower())
    out = {w for w in request if stem(w) in words or (len(w) >= 4 and w in squashed)}  # "wifi" in "Wi-Fi 4"
    for i in range(len(request)):
        run = ""
        for x in request[i:]:
            run += x
            if len(run) < 4 or not any(t.startswith(run) for t in tokens):
                break
            out.update(request[i : request.index(x, i) + 1])
    return frozenset(out)


def subject(e: Evidence) -> str:
    """ "This HP laptop", "These Sony headphones": the product named by the noun its record calls it."""
    p, kind = e.product, e.noun
    this = "These" if e.plural else "This"
    return f"{this} {p.brand} {kind}" if p.brand and p.brand.lower() not in kind.lower() else f"{this} {kind}"


def record_words(p: Product) -> frozenset[str]:
    """The stems of every word the record holds (title, brand, description, specs, colour)."""
    text = " ".join((p.title, p.brand, p.description, p.colour, " ".join(f"{k} {v}" for k, v in p.specs.items())))
    return frozenset(stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()))


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
    asked_kind: str = ""  # the kind the shopper asked for, "" when none
    noun: str = "product"  # what the reason calls the product: its kind where the record names it
    of_kind: bool | None = None  # is it of the asked kind? None: no kind asked, or its kind unknown
    full_match: bool = False  # the record holds every word of the request (and it is of the asked kind)
    covered: frozenset[str] = frozenset()  # the request's words the record holds (see `covered`)
    attributes: tuple[Attribute, ...] = ()  # what the record states, most telling first
    asked_attributes: tuple[Attribute, ...] = ()  # those the request asks for
    distinct: tuple[Attribute, ...] = ()  # those no other product shown shares (each other states its own)
    missing: tuple[str, ...] = ()  # words of the request that describe the product and its record lacks

    @property
    def plural(self) -> bool:
        return is_plural(self.noun)

    @property
    def closest(self) -> bool:
        """Shown as the closest available, not as a match: another kind than the one asked for."""
        return self.of_kind is False

    def telling(self, limit: int = 2) -> list[tuple[Attribute, str]]:
        """The most telling true attributes, each with how it tells: "asked", "only" or "has". When
        the asked ones fill the limit, one more that the request did not name is added: restating
        the request alone tells the shopper nothing new."""
        out: list[tuple[Attribute, str]] = []
        noun = squash_words(self.noun)
        for group, how in ((self.asked_attributes, "asked"), (self.distinct, "only"), (self.attributes, "has")):
            for a in group:
                if not any(b.name == a.name for b, _ in out) and squash_words(a.value) not in noun:
                    out.append((a, how))  # "This microSDXC card" needs no "is a MicroSDXC card"
        asked = sum(how == "asked" for _, how in out[:limit])
        return out[: limit + 1] if asked == limit else out[:limit]

    def attribute_fact(self, a: Attribute, how: str) -> str:
        if how == "asked":
            return f"{a.has()}, as you asked"
        if how == "only":
            return self.only_phrase([a])
        return a.has()

    def only_phrase(self, attrs: Sequence[Attribute] | None = None) -> str:
        """ "is the only one shown with a 19-inch screen and a 1440 x 900 resolution" (of `attrs`, by
        default the distinct ones among the telling), agreeing with a plural subject."""
        attrs = list(attrs) if attrs is not None else [a for a, how in self.telling() if how == "only"]
        forms = [a.with_() for a in attrs]
        forms = forms[:1] + [f.removeprefix("with ") if forms[0].startswith("with ") else f for f in forms[1:]]
        text = "is the only one shown " + " and ".join(forms)
        return text.replace("the only one shown", "the only ones shown").replace(" that is ", " that are ") \
            if self.plural else text

    def closest_fact(self) -> str:
        p = self.product
        what = (self.noun if self.plural else f"a {self.noun}") if self.noun != "product" else "another kind of product"
        if p.kind_for and p.kind_for == self.asked_kind:
            what += f" for a {self.asked_kind}"
        return f"not a {self.asked_kind} but {what}, the closest match"

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
        if self.noun != "product":
            out.append(f"a {type_noun(self.noun)}" + (", the type you searched for" if self._met("type") else ""))
        if self.closest:
            out.append(self.closest_fact())
        out += [self.attribute_fact(a, how) for a, how in self.telling(limit=4)]
        if self.full_match and self.terms:
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

    def key_facts(self, limit: int = 4) -> list[str]:
        """The `limit` most telling facts: what it is when not what was asked, the attributes asked for or
        that set it apart, the price (with the budget), comparisons, brand; the search words last."""
        p, out = self.product, []
        if self.closest:
            out.append(self.closest_fact())
        # Asked-for attributes first: put after the others (tried), the 135M model says the asked one and
        # drops the rest ("are rechargeable, as you asked" without "hold 2,500 mAh"), 14 -> 10 of 22 useful.
        told = self.telling()
        only = [a for a, how in told if how == "only"]
        for a, how in told:  # the attributes only it has, in one fact: a model told them twice repeats itself
            if how != "only":
                out.append(self.attribute_fact(a, how))
            elif a is only[0]:
                out.append(self.only_phrase(only))
        price = next((c for c in self.checks if c.name == "price" and c.met), None)
        if p.price is not None:
            out.append(f"costs {money(p.price)}" + (f", {price.wanted} as you asked" if price else ""))
        if self.comparisons:
            out.append(self.comparisons_phrase())
        if self._met("brand"):
            out.append(f"made by {p.brand}, the brand you asked for")
        colour = next((c.value for c in self.checks if c.name == "colour" and c.met), "")
        if colour:
            out.append(f"in {colour}, the colour you asked for")
        if self.full_match and self.terms:
            out.append("matches your search for " + " and ".join(f'"{t}"' for t in self.terms))
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
        """What a reason can name that sets the product apart or ties it to the request: the telling
        attributes, the comparisons and the asked-for constraints met; the search words only when
        there is nothing else (naming them says nothing beyond the query)."""
        out = [c.value.lower() for c in self.checks if c.met and c.value and c.name not in ("type", "price")]
        out += [a.value.lower() for a, _ in self.telling(limit=4)]
        if "cheapest" in self.comparisons:
            out += ["cheapest", "lowest price", "lowest-priced"]
        if "newest" in self.comparisons:
            out += ["newest", "latest"]
        out += [c.split(":", 1)[1] for c in self.comparisons if c.startswith("only_colour:")]
        if self.closest:
            out.append(f"not a {self.asked_kind}")
        if not out and self.full_match:
            out = list(self.terms)
        if not out and any(c.name == "price" and c.met for c in self.checks):
            out = [c.value.lower() for c in self.checks if c.name == "price"]
        return out

    def named_in(self, text: str) -> bool | None:
        """Does `text` name something of `nameable` (an attribute, comparison or constraint met)? None:
        nothing to name."""
        names = self.nameable()
        if not names:
            return None
        low = text.lower()
        bases = [n if n.endswith("ss") else n.removesuffix("s") for n in names]  # "wireless" keeps its "ss"
        return any(re.search(r"(?<!\w)" + re.escape(b) + r"(?:e?s)?(?!\w)", low) for b in bases)

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


# Attributes whose values overlap in meaning ("Bluetooth" is wireless too; "Fast Ethernet" and "Ethernet"),
# so a different value is no proof that the product is the only one shown with its own.
_NEVER_ONLY = frozenset(("connection", "fits", "print_technology"))
_KIND_WORDS = frozenset(w for kind, phrases in type_phrases().items() for ph in (kind, *phrases)
                        for w in re.findall(r"[a-z]+", ph.lower()))
_NOT_DESCRIBING = word_set("reasons", "stop") | word_set("reasons", "glue") | word_set("reasons", "measure_words") | _KIND_WORDS


def asked_kind(c: Constraints) -> str:
    return c.product_type or (c.filters.kinds[0] if len(c.filters.kinds) == 1 else "")


def _spec_key(a: Attribute) -> str:
    """An attribute as the parser normalises a shopper's size ("17.3 inch", "16 gb"), "" if not a size."""
    if not a.unit:
        return ""
    try:
        return f"{float(a.value.replace(',', '')):g} {a.unit.lower()}"
    except ValueError:
        return ""


def _asks_for(a: Attribute, request: Sequence[str], record: frozenset[str]) -> bool:
    """Whether the request's words name a text attribute: a run of its words is the value (or a word of
    it, or the start of it: "micro sd" for "MicroSDXC"), and the words right beside that run are in
    the record too; "micro sd card" does not ask for a full-size "SD" card, whose record lacks "micro"."""
    value, words = squash_words(a.value), {squash_words(w) for w in a.value.split()}
    for i in range(len(request)):
        for j in range(i + 1, min(len(request), i + 3) + 1):
            run = squash_words("".join(request[i:j]))
            if not (run == value or run in words or (len(run) >= 4 and value.startswith(run))):
                continue
            if j - i == 1 and run in _KIND_WORDS and len(words) > 1:
                continue  # "ink" of "pigment-based ink": the kind the request names, not this value of it
            beside = [w for w in (request[i - 1] if i else "", request[j] if j < len(request) else "") if w]
            if all(stem(w) in record for w in beside):
                return True
    return False


def asked_attributes(c: Constraints, attrs: Sequence[Attribute], request: Sequence[str],
                     record: frozenset[str]) -> tuple[Attribute, ...]:
    """The attributes the request asks for: a size it names ("17 inch", "16gb ram"), or a text
    attribute it names ("rechargeable", "aa", "bluetooth", "galaxy s20"; see `_asks_for`)."""
    sizes = {s.removesuffix(" ram") for s in c.specs}
    return tuple(a for a in attrs if (_spec_key(a) in sizes if a.unit else _asks_for(a, request, record)))


def distinct(product: Product, attrs: Sequence[Attribute], page: Sequence[Product],
             kinds: dict[str, str]) -> tuple[Attribute, ...]:
    """The attributes whose value no other product on the page has, where every other one states its
    own value of that attribute (so "the only 17.3-inch one shown" is known, not guessed)."""
    others = [q for q in page if q.id != product.id]
    if not others:
        return ()
    theirs = [attributes(q, kinds[q.id]) for q in others]
    out = []
    for a in attrs:
        if a.name in _NEVER_ONLY:
            continue
        values = [next((b for b in t if b.name == a.name), None) for t in theirs]
        if all(v is not None and not v.same(a) for v in values):
            out.append(a)
    return tuple(out)


def build_evidence(query: ParsedQuery, page: Sequence[Ranked]) -> list[Evidence]:
    """One `Evidence` per ranked product, compared with the rest of `page`."""
    c = query.constraints
    products = [r.product for r in page]
    kinds = {p.id: kind_of(p) for p in products}
    wanted = asked_kind(c)
    request = [w for w in re.findall(r"[a-z0-9]+", c.query.lower()) if w not in _FUNCTION_WORDS]
    request_stems = {stem(w) for w in request if len(w) > 1}
    # Words that describe the product: not numbers, brands, colours or the kind's own name.
    said_elsewhere = {w for b in c.filters.brands for w in b.split()} | set(c.filters.colours) | set(
        re.findall(r"[a-z0-9]+", wanted))
    # ... and only right before a word of a kind's name ("graphing calculator", "external hard drive"):
    # a need's other words ("my wifi doesnt reach") say nothing of the product.
    kind_at = [i for i, w in enumerate(request) if w in _KIND_WORDS]
    describing = {w for i, w in enumerate(request) if len(w) > 2 and w.isalpha() and w not in said_elsewhere
                  and w not in _NOT_DESCRIBING and any(0 < k - i <= 2 for k in kind_at)}
    out = []
    for r in page:
        p = r.product
        kind = kinds[p.id]
        attrs = attributes(p, kind)
        words = record_words(p)
        held = covered(request, p, words)
        of_kind = None if not wanted or not kind else kind == wanted
        asked = asked_attributes(c, attrs, request, words)
        if of_kind is False:  # "made for iPad" is no iPad: what it fits is said, not claimed as asked
            asked = tuple(a for a in asked if a.name not in ("fits", "fits_screen"))
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
            asked_kind=wanted,
            noun=named_kind(p) or "product",
            of_kind=of_kind,
            full_match=of_kind is not False and bool(request_stems) and {
                w for w in request if len(w) > 1} <= held,
            covered=held,
            attributes=attrs,
            asked_attributes=asked,
            distinct=distinct(p, attrs, products, kinds),
            # (a need's words, "connect my laptop to a tv", describe a problem, not the product)
            missing=() if of_kind is False or c.search else tuple(w for w in request if w not in held and w in describing),
        ))
    return out
