"""Persistent sessions: SQLite storage, restart, idle expiry, deletion and redaction."""

from __future__ import annotations

import logging
import sqlite3
import threading

import pytest

from assistant.core.assistant import Assistant
from assistant.core.build import build_stages
from assistant.core.settings import Settings
from assistant.core.types import Constraints, DialogueState
from assistant.dialogue.redact import RedactingFilter, redact
from assistant.dialogue.sessions import (
    MAX_TRANSCRIPT,
    MemorySessions,
    Session,
    SQLiteSessions,
    check_session_id,
    open_sessions,
    state_from_json,
    state_to_json,
)
from retrieval.search.encoder import HashingEncoder
from retrieval.search.filters import Filters
from retrieval.search.hybrid import HybridSearch
from retrieval.store import ProductStore
from tests.fixtures import small_catalog


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def rich_state() -> DialogueState:
    return DialogueState(
        constraints=Constraints(query="gaming laptop", sort="price_asc", product_type="laptop", specs=("16 gb ram",),
                                filters=Filters(price_min=500, price_max=1000.5, brands=("hp", "dell"),
                                                exclude_brands=("acer",), colours=("black",))),
        shown=["l1", "l3"], shown_prices=[899.0, None], offset=5, liked=["l1"], disliked=["l2"], turns=4,
        reasons=["Cheap.", ""], failures=1, asked="clarify")


def test_state_survives_a_json_round_trip():
    state = rich_state()
    back = state_from_json(state_to_json(state))
    assert back == state
    assert isinstance(back.constraints.filters.brands, tuple) and isinstance(back.constraints.filters.price_min, float)


def test_unknown_and_missing_state_keys_are_tolerated():
    text = '{"turns": 2, "from_an_old_version": 1, "constraints": {"query": "mouse", "filters": {"price_max": 30}}}'
    state = state_from_json(text)
    assert state.turns == 2 and state.constraints.filters.price_max == 30.0 and state.shown == []


@pytest.mark.parametrize("store_kind", ["sqlite", "memory"])
def test_store_contract(tmp_path, store_kind):
    clock = Clock()
    store = (SQLiteSessions(tmp_path / "s.db", idle_seconds=60, clock=clock) if store_kind == "sqlite"
             else MemorySessions(idle_seconds=60, clock=clock))
    assert store.load("a") is None
    session = Session("a", rich_state())
    session.add("user", "hello")
    store.save(session)
    loaded = store.load("a")
    assert loaded.state == rich_state() and loaded.transcript == [{"role": "user", "text": "hello"}]
    assert loaded.created == loaded.updated == clock.now
    clock.now += 59
    assert store.load("a") is not None  # idle 59 s of 60: alive
    clock.now += 2
    assert store.load("a") is None  # idle 61 s: expired
    store.save(Session("b"))
    assert store.delete("b") is True and store.delete("b") is False and store.load("b") is None


def test_sessions_survive_a_restart(tmp_path):
    first = SQLiteSessions(tmp_path / "sessions.sqlite3")
    first.save(Session("shopper-1", rich_state()))
    first.close()
    assert SQLiteSessions(tmp_path / "sessions.sqlite3").load("shopper-1").state == rich_state()


def test_expired_sessions_are_purged_on_write(tmp_path):
    clock = Clock()
    store = SQLiteSessions(tmp_path / "s.db", idle_seconds=10, clock=clock)
    store.save(Session("old"))
    clock.now += 11
    store.save(Session("new"))
    assert store.count() == 1  # the expired row is gone from the file, not just hidden


def test_transcript_is_redacted_and_capped():
    session = Session("x")
    session.add("user", "mail me at jo.smith@example.com or call 555-123-4567 about the HP TN-2110 under $49.99")
    assert session.transcript[0]["text"] == "mail me at [email] or call [phone] about the HP TN-2110 under $49.99"
    for i in range(MAX_TRANSCRIPT + 10):
        session.add("assistant", f"line {i}")
    assert len(session.transcript) == MAX_TRANSCRIPT and session.transcript[-1]["text"] == f"line {MAX_TRANSCRIPT + 9}"


@pytest.mark.parametrize("text, expected", [
    ("call me on +44 20 7946 0958 please", "call me on [phone] please"),
    ("(212) 555-0100", "[phone]"),
    ("07700900123", "[phone]"),
    ("jo+shop@mail.example.co.uk", "[email]"),
    ("laptop under $1,299.99", "laptop under $1,299.99"),
    ("Sony WH-1000XM4 and HP 305A", "Sony WH-1000XM4 and HP 305A"),
    ("a 2019 model, 16 GB RAM, 1920x1080", "a 2019 model, 16 GB RAM, 1920x1080"),
    ("between 100 and 200 dollars", "between 100 and 200 dollars"),
])
def test_redact(text, expected):
    assert redact(text) == expected


def test_log_records_are_redacted(caplog):
    logger = logging.getLogger("tests.redaction")
    with caplog.at_level(logging.INFO, logger="tests.redaction"):
        caplog.handler.addFilter(RedactingFilter())
        logger.info("turn from %s: %s", "session-1", "my email is jo@example.com")
    assert caplog.records[-1].getMessage() == "turn from session-1: my email is [email]"


@pytest.mark.parametrize("bad", ["", "a b", "x" * 129, "../etc", None, 42])
def test_bad_session_ids_are_refused_clearly(bad):
    with pytest.raises(ValueError, match="session id must be 1-128 characters"):
        check_session_id(bad)


def test_open_sessions_picks_the_backend(tmp_path):
    assert isinstance(open_sessions(None), MemorySessions)
    assert isinstance(open_sessions(tmp_path / "x.db"), SQLiteSessions)


def test_threads_can_share_one_store(tmp_path):
    store = SQLiteSessions(tmp_path / "s.db")
    errors = []

    def work(i: int) -> None:
        try:
            for j in range(20):
                store.save(Session(f"t{i}", DialogueState(turns=j)))
                assert store.load(f"t{i}").state.turns == j
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and store.count() == 4


@pytest.fixture(scope="module")
def stages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sessions")
    store = ProductStore(tmp, "shop", HashingEncoder())
    store.sync(small_catalog())
    return build_stages(Settings(cache_dir=tmp, results=3), HybridSearch(store))


def test_a_conversation_continues_after_a_restart(stages, tmp_path):
    path = tmp_path / "sessions.sqlite3"
    before = Assistant(stages, sessions=SQLiteSessions(path))
    before.respond("gaming laptop", "shopper")
    after = Assistant(stages, sessions=SQLiteSessions(path))  # a new process would build this
    reply = after.respond("under $1,000", "shopper")
    assert reply.constraints.query == "gaming laptop" and reply.constraints.filters.price_max == 1000
    assert all(c.price <= 1000 for c in reply.cards)
    transcript = after.session("shopper").transcript
    assert [line["role"] for line in transcript] == ["user", "assistant", "user", "assistant"]


def test_deleting_a_session_forgets_it_and_its_file_row(stages, tmp_path):
    path = tmp_path / "sessions.sqlite3"
    assistant = Assistant(stages, sessions=SQLiteSessions(path))
    assistant.respond("my number is 555-123-4567, find a speaker", "gone")
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT transcript FROM sessions").fetchone()[0]
    assert "555-123-4567" not in stored and "[phone]" in stored
    assert assistant.reset("gone") is True
    assert assistant.session("gone") is None
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
