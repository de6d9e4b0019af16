"""`Assistant`: the one object the UI, the HTTP API and the command line all talk to."""

from __future__ import annotations

import threading

from assistant.pipeline import Stages, run_turn
from assistant.types import DialogueState, Reply


class Assistant:
    """Keeps a dialogue state per session id and runs each message through the pipeline."""

    def __init__(self, stages: Stages) -> None:
        self.stages = stages
        self._sessions: dict[str, DialogueState] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def respond(self, message: str, session_id: str = "default") -> Reply:
        if not isinstance(message, str):
            raise TypeError(f"message must be text, got {type(message).__name__}")
        with self._session_lock(session_id):
            state = self._sessions.setdefault(session_id, DialogueState())
            return run_turn(self.stages, state, message)

    def reset(self, session_id: str) -> None:
        with self._guard:
            self._sessions.pop(session_id, None)

    def state(self, session_id: str) -> DialogueState | None:
        return self._sessions.get(session_id)

    def _session_lock(self, session_id: str) -> threading.Lock:
        # Two tabs of one session must not interleave their turns; other sessions run freely.
        with self._guard:
            return self._locks.setdefault(session_id, threading.Lock())
