"""`Assistant`: the one object the UI, the HTTP API and the command line all talk to."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from assistant.core.pipeline import Stages
from assistant.core.types import DialogueState, Reason, Reply
from assistant.dialogue.policy import DialoguePolicy
from assistant.dialogue.sessions import MemorySessions, Session, SessionStore, check_session_id
from assistant.reply.responder import record_feedback


class Assistant:
    """Keeps a dialogue per session id (in `sessions`: SQLite when built from settings, memory by
    default) and runs each message through the dialogue policy and the pipeline."""

    def __init__(self, stages: Stages, sessions: SessionStore | None = None,
                 policy: DialoguePolicy | None = None) -> None:
        self.stages = stages
        self.sessions: SessionStore = sessions if sessions is not None else MemorySessions()
        self.policy = policy or DialoguePolicy(stages)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def respond(self, message: str, session_id: str = "default") -> Reply:
        if not isinstance(message, str):
            raise TypeError(f"message must be text, got {type(message).__name__}")
        check_session_id(session_id)
        with self._session_lock(session_id):
            session = self.sessions.load(session_id) or Session(session_id)
            reply = self.policy.turn(session.state, message, session.transcript)
            session.add("user", message)  # redacted as it is stored
            session.add("assistant", reply.text)
            self.sessions.save(session)
            return reply

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
