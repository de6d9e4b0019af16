"""Persistent sessions: SQLite and memory stores, restart, idle expiry, deletion, redacted transcripts."""

from __future__ import annotations

import threading

import pytest

from assistant.core.types import Constraints, DialogueState
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
from retrieval.search.filters import Filters


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
    assert store.load("a").state == rich_state()  # idle 59 s of 60: alive
    clock.now += 2
    assert store.load("a") is None  # idle 61 s: expired
    store.save(Session("b"))
    assert store.count() == 1  # "a" expired, "b" live
    assert store.delete("b") is True and store.delete("b") is False and store.load("b") is None
    assert store.count() == 0


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


@pytest.mark.parametrize("bad", ["", "a b", "x" * 129, "../etc", None, 42])
def test_bad_session_ids_are_refused_clearly(bad):
    with pytest.raises(ValueError, match="session id must be 1-128 characters"):
        check_session_id(bad)


def test_open_sessions_picks_the_backend(tmp_path):
    assert isinstance(open_sessions(None), MemorySessions) and isinstance(open_sessions(":memory:"), MemorySessions)
    stored = open_sessions(tmp_path / "x.db", idle_seconds=90)
    assert isinstance(stored, SQLiteSessions) and (stored.path, stored.idle_seconds) == (tmp_path / "x.db", 90)
    assert (tmp_path / "x.db").is_file()


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
