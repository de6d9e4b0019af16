"""The dialogue policy around one pipeline turn: what a good shop assistant does when a turn alone
is not enough.

- After a clarifying question, the budget or brand the shopper gave with the vague request
  ("a gift under $50") carries over to the answer ("headphones").
- When nothing matches, it says so and shows the closest products, naming the one constraint it
  relaxed to find them ("Without the price limit (under $5.00), the closest are …"). "Nothing
  matches" includes a page with no product of the type asked for: search under hard filters always
  returns something (cables under $5 for "a laptop under $5"), and those are not matches.
- It hands the shopper to a human agent on request, or after `handoff_after` turns in a row that
  got nothing useful, with a summary of the conversation (contact details redacted).

The pipeline itself (pipeline.run_turn) stays the five stage calls; this module only re-runs the
retrieve, rank, explain and reply stages with changed constraints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.core.messages import refusal
from assistant.core.pipeline import Stages, run_turn
from assistant.core.text import clip, money
from assistant.core.types import Constraints, DialogueState, Intent, ParsedQuery, Ranked, Reply
from assistant.dialogue.redact import redact
from assistant.parse.cues import find_intent
from assistant.parse.state import stack_filters
from assistant.reply.responder import HANDOFF_TEXT, SEARCHING, asked_for, describe_filters, numbered
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import canonical_type, derive_type
from retrieval.search.filters import Filters

HANDOFF_AFTER = 3  # turns in a row without a useful answer before a human agent takes over


def relaxations(f: Filters) -> list[tuple[str, Filters]]:
    """Each way to drop one hard constraint, named in words, in the order they are tried.

    Ruled-out brands and colours are never relaxed: the shopper said no to them.
    """
    out = []
    if f.colours:
        out.append((f"the colour ({' or '.join(f.colours)})", f.with_(colours=())))
    if f.brands:
        out.append((f"the brand ({describe_filters(Filters(brands=f.brands))[3:]})", f.with_(brands=())))
    if f.price_min is not None or f.price_max is not None:
        words = describe_filters(Filters(price_min=f.price_min, price_max=f.price_max))
        out.append((f"the price limit ({words})", f.with_(price_min=None, price_max=None)))
    if f.product_types:
        out.append(("the product type", f.with_(product_types=())))
    if len(out) > 1:
        out.append((f"your conditions ({describe_filters(f.with_(exclude_brands=(), exclude_colours=()))})",
                    Filters(exclude_brands=f.exclude_brands, exclude_colours=f.exclude_colours)))
    return out


class DialoguePolicy:
    """Runs one turn through the pipeline and applies the dialogue behaviours above."""

    def __init__(self, stages: Stages, handoff_after: int = HANDOFF_AFTER,
                 lookup: Callable[[str], Product | None] | None = None) -> None:
        if handoff_after < 1:
            raise ValueError(f"handoff_after must be >= 1, got {handoff_after}")
        # The ranker reads the session's likes from the query; make sure every parser passes them on.
        self.stages = replace(stages, parser=_WithFeedback(stages.parser))
        self.handoff_after = handoff_after
        self.lookup = lookup or getattr(stages.responder, "lookup", None) or (lambda pid: None)

    def turn(self, state: DialogueState, message: str, transcript: Sequence[dict] = ()) -> Reply:
        """The reply to `message`; updates `state`. `transcript` (earlier lines) feeds the handoff summary."""
        refused = refusal(message)
        if refused:
            return Reply(refused, intent=Intent.HELP, constraints=state.constraints)
        # Contact details are never needed to find a product, and digits of a phone number would
        # read as prices: they are redacted before anything reads the message.
        message = redact(message)
        asked, before = state.asked, state.constraints
        if find_intent(message) is Intent.HUMAN_AGENT:
            # A request for a person is never left to one model's reading alone: the rule cues decide.
            state.turns += 1
            return self._handoff(state, message, Reply(HANDOFF_TEXT, intent=Intent.HUMAN_AGENT,
                                                       constraints=state.constraints), transcript)
        shown = (list(state.shown), list(state.shown_prices), list(state.reasons), state.offset)
        reply = run_turn(self.stages, state, message)
        if reply.intent in (Intent.CHEAPER, Intent.PRICIER) and not reply.cards and shown[0]:
            return self._no_further(state, reply, before, shown)
        if asked == "clarify" and reply.intent is Intent.SEARCH and not before.filters.is_empty():
            reply = self._carry_over(state, message, reply, before.filters)
        if reply.intent in SEARCHING - {Intent.SHOW_MORE} and not state.asked and (
                not reply.cards or off_target(reply)):
            reply = self._closest(state, message, reply)
        if self._failed(reply, state):
            state.failures += 1
        elif reply.cards:
            state.failures = 0
        if reply.intent is Intent.HUMAN_AGENT or state.failures >= self.handoff_after:
            reply = self._handoff(state, message, reply, transcript)
        return reply

    # -- behaviours -----------------------------------------------------------------------------
    def _carry_over(self, state: DialogueState, message: str, reply: Reply, earlier: Filters) -> Reply:
        merged = stack_filters(earlier, reply.constraints.filters)
        if merged == reply.constraints.filters:
            return reply
        return self._rerun(state, message, reply.intent, reply.constraints.with_(filters=merged))

    def _no_further(self, state: DialogueState, reply: Reply, before: Constraints, shown: tuple) -> Reply:
        """"Cheaper" (or "more expensive") found nothing: say so, and keep the request and the page
        as they were; relaxing the price would only show the same products again."""
        state.constraints = before
        state.shown, state.shown_prices, state.reasons, state.offset = shown
        prices = [p for p in shown[1] if p is not None]
        cheaper = reply.intent is Intent.CHEAPER
        bound = money(min(prices) if cheaper else max(prices)) if prices else ""
        text = (f"I have nothing {'cheaper' if cheaper else 'more expensive'}"
                + (f" than {bound}" if bound else "") + f" for {asked_for(before)}. "
                + f"The {'cheapest' if cheaper else 'dearest'} I have are the ones I just showed; "
                  "you could change the budget, the brand or the kind of product.")
        return replace(reply, text=text, constraints=before)

    def _closest(self, state: DialogueState, message: str, reply: Reply) -> Reply:
        """Nothing matched: the closest products with one constraint relaxed, and which one."""
        original = reply.constraints
        for label, relaxed in relaxations(original.filters):
            price_dropped = relaxed.price_max is None and relaxed.price_min is None and (
                original.filters.price_max is not None or original.filters.price_min is not None)
            # The turn's own intent: a refinement relaxed keeps to its kind ("cheaper" stays laptops).
            attempt = self._rerun(state, message, reply.intent, original.with_(filters=relaxed),
                                  near_price=original.filters if price_dropped else None)
            if attempt.cards and not off_target(attempt):
                text = "\n".join([f"Nothing matches {asked_for(original)}. Without {label}, the closest are:",
                                  *numbered(attempt.cards)])
                return replace(attempt, text=text, relaxed=label, intent=reply.intent)
        if reply.cards:  # nothing of the type asked for, even relaxed: show the page, but say so
            reply = self._rerun(state, message, reply.intent, original)
            text = "\n".join([f"I have no {original.product_type} matching {asked_for(original)}. "
                              "These are the nearest products I have:", *numbered(reply.cards)])
            return replace(reply, text=text)
        return reply

    def _rerun(self, state: DialogueState, message: str, intent: Intent, constraints: Constraints,
               near_price: Filters | None = None) -> Reply:
        """Retrieve, rank, explain and reply again with changed constraints, as the same turn."""
        s = self.stages
        query = ParsedQuery(text=message, intent=intent, constraints=constraints,
                            liked=tuple(state.liked), disliked=tuple(state.disliked))
        ranked = s.ranker.rank(query, s.retriever.retrieve(query))
        if near_price is not None:
            ranked = _nearest_price(ranked, near_price, keep=s.shown)
        turns = state.turns
        reply = s.responder.reply(query, ranked, s.explainer.explain(query, ranked[: s.shown]), state)
        state.turns = turns  # the turn was already counted
        return reply

    def _failed(self, reply: Reply, state: DialogueState) -> bool:
        if state.asked or reply.cards:
            return False
        return reply.intent in SEARCHING - {Intent.SHOW_MORE} or reply.intent in (Intent.COMPARE, Intent.ASK_PRODUCT)

    def _handoff(self, state: DialogueState, message: str, reply: Reply, transcript: Sequence[dict]) -> Reply:
        gave_up = state.failures >= self.handoff_after
        summary = self.summary(state, [*transcript, {"role": "user", "text": message}])
        state.failures = 0
        lead = ("I'm sorry I couldn't find what you need. " if gave_up else "") + (
            "I'm passing you to a human agent now. They will see this summary, so you won't have to repeat yourself:")
        text = (reply.text + "\n\n" if gave_up and reply.text else "") + lead + "\n\n" + summary
        return replace(reply, text=text, handoff=summary)

    def summary(self, state: DialogueState, transcript: Sequence[dict]) -> str:
        """A few lines an agent reads to pick up the conversation; emails and phone numbers redacted."""
        c = state.constraints
        lines = [f"Request: {asked_for(c)}" if c.query or not c.filters.is_empty() else "Request: none yet"]
        lines.append(f"Turns: {state.turns}; turns in a row without a useful answer: {state.failures}")
        shown = [self.lookup(pid) for pid in state.shown]
        if shown:
            lines.append("Last shown: " + "; ".join(
                f"{i}. {p.title} ({money(p.price)}, id {p.id})" for i, p in enumerate(shown, 1) if p))
        for label, ids in (("Liked", state.liked), ("Disliked", state.disliked)):
            products = [p for p in (self.lookup(pid) for pid in ids) if p]
            if products:
                lines.append(f"{label}: " + "; ".join(p.title for p in products))
        said = [line["text"] for line in transcript if line.get("role") == "user"][-5:]
        if said:
            lines.append("Shopper said (latest last): " + " / ".join(f"“{clip(t, 120)}”" for t in said))
        return redact("\n".join(lines))


class _WithFeedback:
    """A parser whose queries carry the session's liked and disliked products."""

    def __init__(self, parser) -> None:
        self.parser = getattr(parser, "parser", parser)  # never wrap twice

    def parse(self, message: str, state: DialogueState) -> ParsedQuery:
        query = self.parser.parse(message, state)
        if (query.liked, query.disliked) == ((), ()) and (state.liked or state.disliked):
            query = replace(query, liked=tuple(state.liked), disliked=tuple(state.disliked))
        return query


def card_type(c) -> str:
    """The canonical type of a card's product, read from the title when the record has none."""
    return canonical_type(c.product_type) if c.product_type else derive_type(c.title, c.brand)


def off_target(reply: Reply) -> bool:
    """True when the shopper named a product type and no product on the page is of that type."""
    wanted = reply.constraints.product_type
    return bool(wanted and reply.cards and all(card_type(c) != canonical_type(wanted) for c in reply.cards))


def _nearest_price(ranked: Sequence[Ranked], bounds: Filters, keep: int) -> list[Ranked]:
    """The `keep` most relevant products, nearest the dropped price bound first (no price last)."""
    target = bounds.price_max if bounds.price_max is not None else bounds.price_min

    def distance(r: Ranked) -> float:
        return abs(r.product.price - target) if r.product.price is not None else float("inf")

    head = sorted(ranked[:keep], key=distance)
    return head + list(ranked[keep:])
