"""The reply stage: text and product cards built from the same ranked list, so they always agree.

Besides the numbered result list it asks a clarifying question when a request names no product
("I need a gift"), answers about shown products from their records (dialogue_records.py), records
like / dislike feedback in the state, and hides disliked products from later pages.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence

from assistant.core.text import clip, money
from assistant.core.types import Constraints, DialogueState, Intent, ParsedQuery, ProductCard, Ranked, Reason, Reply
from assistant.parse.kind_words import KindWords, models_unmet
from assistant.parse.measures import says_specs
from assistant.parse.state import page_start
from assistant.reply.records import compare, describe
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import canonical_type, kind_of
from retrieval.catalog.vocabulary import word_set
from retrieval.search.filters import Filters

HELP_TEXT = (
    "Tell me what you are shopping for, e.g. “a wireless mouse under $30” or “HP toner cartridge”. "
    "Then refine (“only black ones”, “not HP”, “cheaper”), ask for “more”, "
    "“compare the first two”, “tell me about the second one”, say “I like the first one”, "
    "“start over”, or ask for a human agent."
)
HANDOFF_TEXT = "I'll pass you to a human agent. They will see a summary of this conversation."
CLARIFY_EXAMPLES = "For example headphones, a bluetooth speaker, a camera, a keyboard or a smartphone."
SEARCHING = {Intent.SEARCH, Intent.REFINE, Intent.CHEAPER, Intent.PRICIER, Intent.SHOW_MORE}
# Words that name an occasion or a person, not a product: a request made only of these is too vague.
VAGUE_WORDS = word_set("words", "vague_words")
_GIFT = re.compile(r"\b(gifts?|presents?|birthday|christmas|xmas|anniversary)\b", re.I)
_IT = re.compile(r"\b(?:it|this one|that one|this|that)\b", re.I)
_NEGATIVE = re.compile(
    r"\b(dislike|hate|don'?t (?:like|love|want)|do not (?:like|love|want)|not (?:a fan|keen|for me)|"
    r"no good|thumbs down|(?:is|looks) (?:ugly|bad|awful))\b|👎", re.I)
# Search evidence too weak to show products for: no filter, no word of the message in any record,
# and a dense cosine below this. On the 19,406-product Icecat catalog gibberish reaches 0.30-0.37
# through sub-words ("qwertzuiop" ~ "QWERTZ keyboard" 0.36, "blorf" 0.37), while wordless but
# meaningful requests score higher ("netflix" 0.47, "youtube" 0.40).
MIN_DENSE_WITHOUT_WORDS = 0.4


def describe_filters(f: Filters) -> str:
    """The hard constraints in words: "under $30, by HP, in black"."""
    parts = []
    if f.price_min is not None and f.price_max is not None:
        parts.append(f"between {money(f.price_min)} and {money(f.price_max)}")
    elif f.price_max is not None:
        parts.append(f"under {money(f.price_max)}")
    elif f.price_min is not None:
        parts.append(f"over {money(f.price_min)}")
    if f.brands:
        parts.append("by " + " or ".join(_brand(b) for b in f.brands))
    if f.exclude_brands:
        parts.append("not " + " or ".join(_brand(b) for b in f.exclude_brands))
    if f.colours:
        parts.append("in " + " or ".join(f.colours))
    if f.exclude_colours:
        parts.append("not in " + " or ".join(f.exclude_colours))
    return ", ".join(parts)


def _brand(key: str) -> str:
    return key.title() if len(key) > 3 else key.upper()


def asked_for(c: Constraints) -> str:
    """The request in words: "“gaming laptop” under $1,000.00, by HP"."""
    conditions = describe_filters(c.filters)
    return f"“{c.query or 'products'}”" + (f" {conditions}" if conditions else "")


def card(product: Product, reason: str, ranking: dict[str, float] | None = None) -> ProductCard:
    evidence = tuple(sorted(((k, float(v)) for k, v in (ranking or {}).items()), key=lambda kv: -abs(kv[1])))
    return ProductCard(product.id, product.title, product.brand, product.price, product.colour,
                       kind_of(product), product.image_url, reason, evidence)


def record_feedback(state: DialogueState, product_id: str, liked: bool) -> None:
    """Remember a like or a dislike; the opposite earlier verdict on the same product is dropped."""
    keep, drop = (state.liked, state.disliked) if liked else (state.disliked, state.liked)
    if product_id in drop:
        drop.remove(product_id)
    if product_id not in keep:
        keep.append(product_id)


def is_vague(c: Constraints) -> bool:
    """A request that names no product: only occasion or person words, or no words at all."""
    words = re.findall(r"[a-z0-9][a-z0-9'\-]*", c.query.lower())
    return not c.product_type and all(w in VAGUE_WORDS for w in words)


class TextResponder:
    """Writes the reply text and cards, and records in `state` what was shown."""

    def __init__(self, lookup: Callable[[str], Product | None], results: int = 5,
                 kind_words: KindWords | None = None) -> None:
        self.lookup = lookup
        self.results = results
        self.kind_words = kind_words  # to say which asked-for words no shown product has

    def reply(self, query: ParsedQuery, ranked: Sequence[Ranked], reasons: Sequence[Reason],
              state: DialogueState) -> Reply:
        state.turns += 1
        intent = query.intent
        if intent is Intent.FEEDBACK and (state.shown or query.references):
            return self._feedback(query, state)
        if intent in (Intent.COMPARE, Intent.ASK_PRODUCT):
            return self._about_shown(query, state)
        asked, state.asked = state.asked, ""
        state.constraints = query.constraints
        if intent is Intent.HELP:
            return Reply(HELP_TEXT, intent=intent, constraints=query.constraints)
        if intent is Intent.SMALL_TALK:
            return Reply("Hello! " + HELP_TEXT, intent=intent, constraints=query.constraints)
        if intent is Intent.HUMAN_AGENT:
            return Reply(HANDOFF_TEXT, intent=intent, constraints=query.constraints)
        if intent is Intent.START_OVER:
            state.shown, state.shown_prices, state.reasons, state.offset = [], [], [], 0
            return Reply("Sure, let's start over. What are you looking for?", intent=intent, constraints=query.constraints)
        if intent is Intent.SHOW_MORE and not state.shown and not asked:
            return Reply("There is nothing to show more of yet. What are you looking for?", intent=intent,
                         constraints=query.constraints)
        c = query.constraints
        if intent in (Intent.SEARCH, Intent.FEEDBACK) and is_vague(c) or (not c.query and c.filters.is_empty()):
            return self._clarify(query, state)
        if intent in SEARCHING and c.query and c.filters.is_empty() and _too_weak(ranked, c.product_type):
            return Reply(f"I'm not sure what product you mean by “{clip(query.text, 60)}”. Could you say it "
                         "another way, e.g. the kind of product and a brand or budget?", intent=intent, constraints=c)
        return self._results(query, ranked, reasons, state)

    # -- result pages ---------------------------------------------------------------------------
    def _results(self, query: ParsedQuery, ranked: Sequence[Ranked], reasons: Sequence[Reason],
                 state: DialogueState) -> Reply:
        hidden = set(state.disliked)
        visible = [r for r in ranked if r.product.id not in hidden]
        start = page_start(query.intent, state)
        if query.intent is Intent.SHOW_MORE and state.shown:
            ids = [r.product.id for r in visible]
            if state.shown[-1] in ids:  # robust to products disliked since the last page
                start = ids.index(state.shown[-1]) + 1
        page = visible[start : start + self.results]
        of_kind = [r for r in page if r.candidate.of_asked_kind]
        every_one = bool(of_kind) and len(of_kind) < len(page)  # the kind's products end on this page
        page = of_kind or page
        specs = query.constraints.specs
        sized = [r for r in page if says_specs(r.product, specs)] if specs else page
        if sized and len(sized) < len(page):  # the retriever brought every one with the size asked for
            page, every_one = sized, True
        if specs and not sized and query.intent is Intent.SHOW_MORE:
            # "55 inch tv", then "show me others": the ones with that size were all shown already
            return Reply(f"That is all: I have no other {self._sized_kind(query)}.", intent=query.intent,
                         constraints=query.constraints)
        by_id = {r.product_id: r.text for r in reasons}
        # Likes lift every similar product a little; a reason credits them only where they lifted
        # this product more than most others on the page (the median of the others).
        lifts = [r.contributions.get("liked_similarity", 0.0) for r in page]
        bars = [statistics.median(lifts[:i] + lifts[i + 1:]) if len(lifts) > 1 else 0.0 for i in range(len(lifts))]
        cards = tuple(card(r.product, self._reason(r, by_id.get(r.product.id, ""), state, bar), r.contributions)
                      for r, bar in zip(page, bars))
        state.offset = start
        state.shown = [c.id for c in cards]
        state.shown_prices = [c.price for c in cards]
        state.compared, state.discussed = [], None
        state.reasons = [c.reason for c in cards]
        text = self._text(query, cards, more=query.intent is Intent.SHOW_MORE)
        if every_one:
            text += f"\nThat is all: I have no other {self._sized_kind(query)}."
        relaxed = f"the brand ({', '.join(query.absent_brands)})" if query.absent_brands and cards else ""
        unmet = self._unmet(query, [r.product for r in visible]) if cards and not relaxed else []
        if unmet:
            # "a gaming laptop under $100": laptops under $100, none of them gaming ones; say so
            said = " or ".join(f"“{w}”" for w in unmet)
            kind = query.constraints.product_type or "product"
            conditions = describe_filters(query.constraints.filters)
            conditions += "," if "," in conditions else ""
            lead = (f"I'm sorry, I found no {kind}" + (f" {conditions}" if conditions else "")
                    + f" with {said}. The nearest:")
            text = lead + ("\n" + text.split("\n", 1)[1] if "\n" in text else "")
            relaxed = f"the words ({', '.join(unmet)})"
        return Reply(text, cards, query.intent, query.constraints, relaxed=relaxed)

    @staticmethod
    def _sized_kind(query: ParsedQuery) -> str:
        """"55 inch tv by Samsung": the sizes, the kind and the filters asked for."""
        specs = [s.removesuffix(" ram") for s in query.constraints.specs]
        kind = " ".join([*specs, query.constraints.product_type or "product"])
        conditions = describe_filters(query.constraints.filters)
        return kind + (f" {conditions}" if conditions else "")

    def _unmet(self, query: ParsedQuery, page: Sequence[Product]) -> list[str]:
        c = query.constraints
        if self.kind_words is None or query.intent is Intent.SHOW_MORE:
            return []
        if not c.product_type:  # "moto g5 plus" read as no kind: a model asked for by name still counts
            return models_unmet(c.query.split(), page)
        specs = [s.removesuffix(" ram") for s in c.specs if not any(says_specs(p, [s]) for p in page)]
        if c.search:  # a need ("the power keeps cutting out"): its words describe a problem, not features
            return specs
        return specs + self.kind_words.unmet(canonical_type(c.product_type), c.query.split(), page)

    def _reason(self, r: Ranked, reason: str, state: DialogueState, bar: float = 0.0) -> str:
        p = r.product
        if not reason:  # a page past the explained ones (products were hidden): facts of the record only
            reason = f"It is a {kind_of(p) or 'product'}" + (f" by {p.brand}" if p.brand else "") + "."
        liked = [pid for pid in state.liked if pid != p.id]
        share = r.contributions.get("liked_similarity", 0.0)
        top3 = sorted((abs(v) for v in r.contributions.values()), reverse=True)[:3]
        if liked and share > max(bar, 0.0) and share >= min(top3):
            like = self._closest_liked(p, liked)
            reason = f"Because you liked the {like.title}, this similar one ranks higher. {reason}" if like else reason
        return reason

    def _closest_liked(self, p: Product, liked: list[str]) -> Product | None:
        products = [x for x in (self.lookup(pid) for pid in reversed(liked)) if x]
        same = [x for x in products if kind_of(x) and kind_of(x) == kind_of(p)]
        return (same or products or [None])[0]

    def _text(self, query: ParsedQuery, cards: tuple[ProductCard, ...], more: bool) -> str:
        text = self._page_text(query, cards, more)
        if query.absent_brands and not more:
            names = " or ".join(b.title() if b.islower() else b for b in query.absent_brands)
            lead = f"I'm sorry, I have nothing by {names}."
            text = lead + (" These are the nearest I have from other brands:\n" + text.split("\n", 1)[1]
                           if cards and "\n" in text else "")
        return text

    def _page_text(self, query: ParsedQuery, cards: tuple[ProductCard, ...], more: bool) -> str:
        asked = asked_for(query.constraints)
        if not cards:
            if more:
                return f"That's everything I found for {asked}."
            return f"I couldn't find anything for {asked}. Try a wider budget, another brand or fewer words."
        n = len(cards)
        lead = "Here are more results" if more else f"Here {'is' if n == 1 else 'are'} {n} match{'' if n == 1 else 'es'}"
        return "\n".join([f"{lead} for {asked}:", *numbered(cards)])

    def _clarify(self, query: ParsedQuery, state: DialogueState) -> Reply:
        f = query.constraints.filters
        state.asked = "clarify"
        state.constraints = Constraints(filters=f)  # the budget etc. stay; the vague words go
        if query.suggested_kinds:
            # the kinds as they are named, not pluralised: inflect costs 2 s to load (inflection.py)
            names = list(query.suggested_kinds)
            offer = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
            text = f"Happy to help you find a gift! Which kind would suit: {offer}?" + (
                "" if describe_filters(f) else " A budget helps too.")
        elif _GIFT.search(query.text):
            text = ("Happy to help you find a gift! What does the person like, or what kind of product do you "
                    "have in mind? ")
        elif query.text.strip():
            text = "Happy to help! What kind of product are you looking for? "
        else:
            text = "What are you shopping for? "
        if not query.suggested_kinds:
            text += CLARIFY_EXAMPLES
        kept = describe_filters(f)
        if kept:
            text += f" I'll keep “{kept}” in mind."
        return Reply(text, intent=query.intent, constraints=state.constraints)

    # -- answers about shown products ----------------------------------------------------------
    def _picked(self, query: ParsedQuery, state: DialogueState, default: tuple[int, ...]
                ) -> tuple[list[tuple[int, Product]], str]:
        """The shown products the message points at, or the reason none could be picked."""
        if not state.shown:
            return [], "Which product do you mean? Search for something first, then say e.g. “the second one”."
        n = len(state.shown)
        refs = query.references or default
        bad = [pos for pos in refs if not -n <= pos < n]
        if bad:
            return [], (f"I showed {n} product{'s' if n > 1 else ''}, so there is no #{bad[0] + 1}. "
                        f"Which one do you mean (1–{n})?")
        picked = []
        for pos in dict.fromkeys(p % n for p in refs):
            product = self.lookup(state.shown[pos])
            if product:
                picked.append((pos, product))
        return picked, "" if picked else "I can't find that product any more. Could you search again?"

    def _about_shown(self, query: ParsedQuery, state: DialogueState) -> Reply:
        """Compare or describe shown products from their records alone."""
        comparing = query.intent is Intent.COMPARE
        picked, problem = self._picked(query, state, (0, 1) if comparing else (0,))
        if problem:
            return Reply(problem, intent=query.intent, constraints=state.constraints)
        reasons = [state.reasons[pos] if pos < len(state.reasons) else "" for pos, _ in picked]
        cards = tuple(card(p, reason) for (_, p), reason in zip(picked, reasons))
        if comparing and len(picked) == 1 and state.discussed is not None and state.discussed != picked[0][0] \
                and _IT.search(query.text) and state.discussed < len(state.shown):
            # "compare it with the second": "it" is the product just asked about
            it = self.lookup(state.shown[state.discussed])
            if it is not None:
                picked = [(state.discussed, it), *picked]
                reasons = [state.reasons[state.discussed] if state.discussed < len(state.reasons) else "", *reasons]
                cards = tuple(card(p, reason) for (_, p), reason in zip(picked, reasons))
        if comparing:
            if len(picked) < 2:
                return Reply("To compare I need two products: say e.g. “compare the first two” or "
                             "“compare the first and third”.", cards, query.intent, state.constraints)
            text, table = compare([p for _, p in picked], [pos for pos, _ in picked], reasons)
            state.compared = [pos for pos, _ in picked]  # "the cheaper one" next means of these
            return Reply(text, cards, query.intent, state.constraints, table=table)
        text = "\n\n".join(describe(p, pos, query.text) for pos, p in picked)
        state.discussed = picked[-1][0]
        return Reply(text, cards, query.intent, state.constraints)

    def _feedback(self, query: ParsedQuery, state: DialogueState) -> Reply:
        picked, problem = self._picked(query, state, ())
        if not query.references:
            problem = "Which product do you mean? Say e.g. “I like the first one” or “I don't like the third”."
        if problem:
            return Reply(problem, intent=query.intent, constraints=state.constraints)
        liked = not _NEGATIVE.search(query.text)
        for _, p in picked:
            record_feedback(state, p.id, liked)
        names = " and ".join(f"#{pos + 1} ({p.title})" for pos, p in picked)
        if liked:
            text = f"Noted: you like {names}. I'll favour similar products in what I show you next."
        else:
            text = f"Noted: you don't like {names}. I won't show it again in this conversation."
        return Reply(text, intent=query.intent, constraints=state.constraints)


def numbered(cards: Sequence[ProductCard]) -> list[str]:
    return [f"{i}. {c.title} ({money(c.price)})" for i, c in enumerate(cards, start=1)]


def _too_weak(ranked: Sequence[Ranked], kind: str = "") -> bool:
    """No word of the request found anywhere and only a weak dense match: the words are no product.
    Products of the kind asked for are never too weak: the kind was understood ("my wifi doesn't
    reach the bedroom" asks for a range extender, whatever its words match)."""
    top = ranked[:5]
    if kind and top and top[0].product.kind == canonical_type(kind):
        return False
    return bool(top) and all(r.candidate.lexical_score <= 0 for r in top) and \
        max(r.candidate.dense_score for r in top) < MIN_DENSE_WITHOUT_WORDS

