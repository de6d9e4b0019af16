"""Dialogue sessions that outlive the process: SQLite by default, an in-memory twin for tests.

A session is one shopper's conversation: the `DialogueState` the parser reads, a transcript
whose text is redacted (no emails or phone numbers) before it is stored, and the shopper's cart
(kept apart from the dialogue state, so "start over" keeps it). Sessions expire after
`idle_seconds` without a turn; an expired session reads as absent and is purged on the next write.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import threading
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Union, get_args, get_origin, get_type_hints

from assistant.core.types import CartLine, DialogueState
from assistant.dialogue.redact import redact

SESSION_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
MAX_TRANSCRIPT = 200  # entries kept per session (user and assistant lines), oldest dropped first
DEFAULT_IDLE_SECONDS = 24 * 3600


def check_session_id(session_id: Any) -> str:
    """`session_id` if it is 1-128 letters, digits or `_ . : -`; otherwise a ValueError saying so."""
    if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
        raise ValueError(
            f"session id must be 1-128 characters from A-Z a-z 0-9 _ . : -, got {session_id!r}"
        )
    return session_id


@dataclass
class Session:
    id: str
    state: DialogueState = field(default_factory=DialogueState)
    transcript: list[dict[str, str]] = field(default_factory=list)  # {"role", "text"}, redacted
    created: float = 0.0  # unix seconds
    updated: float = 0.0
    cart: list[CartLine] = field(default_factory=list)  # in the order added

    def add(self, role: str, text: str) -> None:
        """Append one line to the transcript, redacted; the oldest lines go past MAX_TRANSCRIPT."""
        self.transcript.append({"role": role, "text": redact(text)})
        del self.transcript[:-MAX_TRANSCRIPT]


class SessionStore(Protocol):
    def load(self, session_id: str) -> Session | None:
        """The live session with this id, or None (never stored, deleted or expired)."""

    def save(self, session: Session) -> None:
        """Store `session`, stamping its update time."""

    def delete(self, session_id: str) -> bool:
        """Forget a session; True if there was one."""

    def count(self) -> int:
        """How many live sessions are stored."""


# -- DialogueState <-> JSON -------------------------------------------------------------------

def state_to_json(state: DialogueState) -> str:
    return json.dumps(dataclasses.asdict(state), ensure_ascii=False)


def state_from_json(text: str) -> DialogueState:
    """The inverse of `state_to_json`; unknown keys (older versions) are ignored, missing ones default."""
    return _build(DialogueState, json.loads(text))


def _build(cls: type, data: dict) -> Any:
    hints = get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: _convert(hints[k], v) for k, v in data.items() if k in known})


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        item = args[0] if args else Any
        return tuple(_convert(item, v) for v in value)
    if origin is list:
        return [_convert(args[0] if args else Any, v) for v in value]
    if hint is float and isinstance(value, int):
        return float(value)
    return value


def cart_to_json(cart: list[CartLine]) -> str:
    return json.dumps([dataclasses.asdict(line) for line in cart], ensure_ascii=False)


def cart_from_json(text: str | None) -> list[CartLine]:
    return [_build(CartLine, row) for row in json.loads(text or "[]")]


# -- stores -----------------------------------------------------------------------------------

class MemorySessions:
    """Sessions in a dict: the same behaviour as `SQLiteSessions`, gone when the process ends."""

    def __init__(self, idle_seconds: float = DEFAULT_IDLE_SECONDS, clock: Callable[[], float] = time.time) -> None:
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._rows: dict[str, tuple[str, str, float, float, str]] = {}
        self._lock = threading.Lock()

    def load(self, session_id: str) -> Session | None:
        with self._lock:
            row = self._rows.get(session_id)
            if row is None:
                return None
            if self.clock() - row[3] > self.idle_seconds:
                del self._rows[session_id]
                return None
        return _session(session_id, *row)

    def save(self, session: Session) -> None:
        now = self.clock()
        created = session.created or now
        with self._lock:
            self._rows = {k: r for k, r in self._rows.items() if now - r[3] <= self.idle_seconds}
            self._rows[session.id] = (state_to_json(session.state), json.dumps(session.transcript), created, now,
                                      cart_to_json(session.cart))
        session.created, session.updated = created, now

    def delete(self, session_id: str) -> bool:
        with self._lock:
            return self._rows.pop(session_id, None) is not None

    def count(self) -> int:
        now = self.clock()
        with self._lock:
            return sum(now - r[3] <= self.idle_seconds for r in self._rows.values())


class SQLiteSessions:
    """Sessions in one SQLite file; safe across threads, and across processes through WAL mode."""

    def __init__(self, path: str | Path, idle_seconds: float = DEFAULT_IDLE_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        if idle_seconds <= 0:
            raise ValueError(f"idle_seconds must be > 0, got {idle_seconds}")
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, state TEXT NOT NULL, "
                "transcript TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL)"
            )
            self._db.execute("CREATE INDEX IF NOT EXISTS sessions_updated ON sessions(updated)")
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(sessions)")}
            if "cart" not in columns:  # a sessions file from before carts
                self._db.execute("ALTER TABLE sessions ADD COLUMN cart TEXT NOT NULL DEFAULT '[]'")

    def load(self, session_id: str) -> Session | None:
        with self._lock:
            row = self._db.execute(
                "SELECT state, transcript, created, updated, cart FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
        if row is None:
            return None
        if self.clock() - row[3] > self.idle_seconds:
            self.delete(session_id)
            return None
        return _session(session_id, *row)

    def save(self, session: Session) -> None:
        now = self.clock()
        created = session.created or now
        with self._lock, self._db:
            self._db.execute("DELETE FROM sessions WHERE updated < ?", (now - self.idle_seconds,))
            self._db.execute(
                "INSERT INTO sessions (id, state, transcript, created, updated, cart) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET state = excluded.state, transcript = excluded.transcript, "
                "updated = excluded.updated, cart = excluded.cart",
                (session.id, state_to_json(session.state), json.dumps(session.transcript), created, now,
                 cart_to_json(session.cart)),
            )
        session.created, session.updated = created, now

    def delete(self, session_id: str) -> bool:
        with self._lock, self._db:
            return self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _session(session_id: str, state: str, transcript: str, created: float, updated: float, cart: str = "[]") -> Session:
    return Session(session_id, state_from_json(state), json.loads(transcript), created, updated, cart_from_json(cart))


def open_sessions(path: str | Path | None, idle_seconds: float = DEFAULT_IDLE_SECONDS) -> SessionStore:
    """SQLite sessions at `path`; in memory when `path` is None or ":memory:"."""
    if path is None or str(path) == ":memory:":
        return MemorySessions(idle_seconds)
    return SQLiteSessions(path, idle_seconds)
