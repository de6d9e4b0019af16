"""`Assistant`: the one object the UI, the HTTP API and the command line all talk to."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

from assistant.core.messages import refusal
from assistant.core.pipeline import Stages
from assistant.core.types import CartView, DialogueState, Intent, Order, Reason, Reply
from assistant.dialogue.cart_turn import CartDesk
from assistant.dialogue.checkout import OrderSink
from assistant.dialogue.policy import DialoguePolicy
from assistant.dialogue.sessions import MemorySessions, Session, SessionStore, check_session_id
from assistant.parse.cues import find_intent
from assistant.reply.responder import record_feedback
from retrieval.catalog.product import Product


class Assistant:
    """Keeps a dialogue per session id (in `sessions`: SQLite when built from settings, memory by
    default) and runs each message through the cart, the shop's policies or the dialogue policy
    and the pipeline.

    `orders` receives the order summary at checkout (a file or the merchant's webhook; None: checkout
    says it is not set up); `policies` answers questions about the shop's policies from its document
    (an `assistant.policies.PolicyDesk`, or None: such questions go to the pipeline, which hands
    the shopper to a person); `query_log` (an `assistant.merchant.query_log` log, None by default)
    keeps each search turn's parsed query for exposure reports.
    """

    def __init__(self, stages: Stages, sessions: SessionStore | None = None,
                 policy: DialoguePolicy | None = None, orders: OrderSink | None = None, policies: Any = None,
                 is_policy_question: Callable[[str], bool] | None = None, query_log: Any = None) -> None:
        self.stages = stages
        self.sessions: SessionStore = sessions if sessions is not None else MemorySessions()
        self.policy = policy or DialoguePolicy(stages)
        self.carts = CartDesk(self.policy.lookup, orders)
        self.policies = policies
        self._is_policy_question = is_policy_question
        self.query_log = query_log  # off unless the deployment turns it on (assistant/merchant/query_log.py)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def respond(self, message: str, session_id: str = "default") -> Reply:
        if not isinstance(message, str):
            raise TypeError(f"message must be text, got {type(message).__name__}")
        check_session_id(session_id)
        with self._session_lock(session_id):
            session = self.sessions.load(session_id) or Session(session_id)
            reply = None if refusal(message) else self.carts.turn(session, message) or self._policy_turn(session, message)
            if reply is None:
                session.state.cart_shown = False
                reply = self.policy.turn(session.state, message, session.transcript)
            else:
                session.state.turns += 1
            if self.query_log is not None:
                self.query_log.record(reply)  # search turns only: the parsed query, redacted, no session id
            session.add("user", message)  # redacted as it is stored
            session.add("assistant", reply.text)
            self.sessions.save(session)
            return reply

    def _policy_turn(self, session: Session, message: str) -> Reply | None:
        """The answer from the shop's policies to a question about them; None for other messages and
        for a request for a person, which the dialogue policy hands over."""
        if self.policies is None or self._is_policy_question is None or not self._is_policy_question(message):
            return None
        if find_intent(message) is Intent.HUMAN_AGENT and not _asks_about_policy(message):
            return None
        answer = self.policies.answer(message)
        session.state.cart_shown = False
        return Reply(answer.text, intent=Intent.POLICY, constraints=session.state.constraints)

    def policy_answer(self, question: str):
        """The shop-policy answer to `question` (an `assistant.policies.PolicyAnswer`); a LookupError
        when this shop has no policies document."""
        if not isinstance(question, str) or not question.strip():
            raise ValueError("question must be non-empty text")
        if self.policies is None:
            raise LookupError("this shop has no policies document configured")
        return self.policies.answer(question)

    def product(self, product_id: str) -> Product | None:
        """The catalog's record of a product, or None."""
        return self.policy.lookup(product_id)

    # -- the cart: stored with the session, so it survives a restart ---------------------------
    def cart(self, session_id: str) -> CartView:
        """The session's cart with prices re-checked against the catalog (changes are said in it)."""
        return self._with_session(session_id, self.carts.show)

    def add_to_cart(self, session_id: str, product_id: str, quantity: int = 1) -> CartView:
        """Add `quantity` of a product at its catalog price (LookupError: no such product; ValueError: bad quantity)."""
        return self._with_session(session_id, lambda s: self.carts.add(s, product_id, quantity))

    def set_cart_quantity(self, session_id: str, product_id: str, quantity: int) -> CartView:
        """Set a cart line's quantity; 0 removes it (LookupError: not in the cart)."""
        return self._with_session(session_id, lambda s: self.carts.set_quantity(s, product_id, quantity))

    def remove_from_cart(self, session_id: str, product_id: str) -> CartView:
        return self._with_session(session_id, lambda s: self.carts.remove(s, product_id))

    def empty_cart(self, session_id: str) -> CartView:
        return self._with_session(session_id, self.carts.empty)

    def checkout(self, session_id: str) -> Order:
        """Hand the order summary to the shop's system and empty the cart. ValueError: the cart is empty;
        `PricesChanged` (a ValueError): a price changed since the cart was shown (checking out again
        orders at the new prices); `CheckoutError`: the shop's system did not take it (the cart is kept)."""
        return self._with_session(session_id, self.carts.checkout, save_on_error=True)

    def handoff(self, session_id: str) -> str:
        """The summary a human agent gets for this session (contact details redacted)."""
        session = self.session(session_id) or Session(session_id)
        return self.policy.summary(session.state, session.transcript)

    def _with_session(self, session_id: str, change: Callable[[Session], Any], save_on_error: bool = False) -> Any:
        check_session_id(session_id)
        with self._session_lock(session_id):
            session = self.sessions.load(session_id) or Session(session_id)
            try:
                out = change(session)
            except Exception:
                if save_on_error:  # checkout's re-checked prices are kept even when it stops
                    self.sessions.save(session)
                raise
            self.sessions.save(session)
            return out

    def search(self, message: str) -> Reply:
        """One stateless turn: nothing is read from or written to any session."""
        if not isinstance(message, str):
            raise TypeError(f"message must be text, got {type(message).__name__}")
        return self.policy.turn(DialogueState(), message)

    def feedback(self, session_id: str, product_id: str, liked: bool) -> DialogueState:
        """Record that the shopper likes (or dislikes) a product; later rankings of the session use it."""
        check_session_id(session_id)
        if self.policy.lookup(product_id) is None:
            raise LookupError(f"no product with id {product_id!r} in the catalog")
        with self._session_lock(session_id):
            session = self.sessions.load(session_id) or Session(session_id)
            record_feedback(session.state, product_id, liked)
            self.sessions.save(session)
            return session.state

    def reset(self, session_id: str) -> bool:
        """Forget a session (the shopper's "delete my conversation"); True if there was one."""
        check_session_id(session_id)
        with self._session_lock(session_id):
            return self.sessions.delete(session_id)

    def session(self, session_id: str) -> Session | None:
        check_session_id(session_id)
        return self.sessions.load(session_id)

    def state(self, session_id: str) -> DialogueState | None:
        session = self.session(session_id)
        return session.state if session else None

    def stream_reasons(self, session_id: str | None = None, reply: Reply | None = None,
                       timeout: float | None = None) -> Iterator[Reason]:
        """Generated, fact-checked reasons for the top shown products, yielded as each finishes.

        `respond` never waits for them: its cards carry template reasons. Pass the `reply` (or
        the `session_id`, for the products it last showed); one `Reason` comes per product whose
        generation started (the top 3), generated or, after two failed fact-checks or `timeout`
        seconds, the template one. Yields nothing when the explainer has no generator.
        """
        stream = getattr(self.stages.explainer, "stream", None)
        if reply is not None:
            constraints, shown = reply.constraints, [c.id for c in reply.cards]
        else:
            state = self.state(session_id or "default")
            if state is None:
                return iter(())
            constraints, shown = state.constraints, list(state.shown)
        if stream is None or not shown:
            return iter(())
        return stream(constraints, shown, timeout)

    def reasons_ready(self, timeout: float | None = None) -> bool:
        """Wait up to `timeout` s for the reasons generator's warm-up; True when it is warm or
        there is no generator (template reasons need none)."""
        ready = getattr(self.stages.explainer, "ready", None)
        return ready(timeout) if ready is not None else True

    def _session_lock(self, session_id: str) -> threading.Lock:
        # Two tabs of one session must not interleave their turns; other sessions run freely.
        with self._guard:
            return self._locks.setdefault(session_id, threading.Lock())


def _asks_about_policy(message: str) -> bool:
    """"what is your return policy?": a question about the policy, not a request for a person."""
    lowered = message.lower()
    return "policy" in lowered or "policies" in lowered
