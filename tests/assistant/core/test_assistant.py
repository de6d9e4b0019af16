"""`Assistant`: one dialogue per session id, stored after each turn; stateless search; feedback;
reset; streamed reasons. Recording fakes for the unit behaviours, the real stages for the rest."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import replace

import pytest

from assistant.core.assistant import Assistant
from assistant.core.types import Constraints, Reason, Reply
from assistant.dialogue.sessions import MemorySessions, SQLiteSessions
from tests import fakes
from tests.fakes import FakeParser


@pytest.fixture()
def assistant(fake_stages):
    return Assistant(fake_stages)


def test_respond_runs_a_turn_and_stores_the_session(assistant):
    reply = assistant.respond("speaker", "s1")
    assert [c.id for c in reply.cards] == ["s1", "s2", "s3"]
    session = assistant.session("s1")
    assert session.state.shown == ["s1", "s2", "s3"] and session.state.turns == 1
    assert session.transcript == [{"role": "user", "text": "speaker"}, {"role": "assistant", "text": reply.text}]


def test_the_next_turn_reads_the_stored_state(assistant):
    assistant.respond("speaker", "s1")
    assistant.respond("mouse", "s1")
    assert assistant.state("s1").turns == 2 and assistant.state("s1").constraints.query == "mouse"
    assert assistant.state("other") is None  # another id is another dialogue, never started


def test_the_transcript_is_stored_redacted(assistant):
    assistant.respond("speaker, mail me at jo@example.com", "s1")
    assert assistant.session("s1").transcript[0]["text"] == "speaker, mail me at [email]"


@pytest.mark.parametrize("message", [None, 42, b"mouse"])
def test_a_message_must_be_text(assistant, message):
    with pytest.raises(TypeError, match="message must be text"):
        assistant.respond(message, "s1")
    with pytest.raises(TypeError, match="message must be text"):
        assistant.search(message)


@pytest.mark.parametrize("session_id", ["", "a b", "../x"])
def test_a_bad_session_id_is_refused_before_anything_runs(fake_stages, session_id):
    assistant = Assistant(fake_stages)
    with pytest.raises(ValueError, match="session id must be 1-128 characters"):
        assistant.respond("mouse", session_id)
    assert fake_stages.parser.calls == []


def test_search_is_stateless(assistant):
    reply = assistant.search("speaker")
    assert [c.id for c in reply.cards] == ["s1", "s2", "s3"]
    assert assistant.session("default") is None and assistant.sessions.load("default") is None


def test_feedback_is_recorded_and_an_unknown_product_is_refused(assistant):
    state = assistant.feedback("s1", "m1", liked=True)
    assert (state.liked, state.disliked) == (["m1"], [])
    state = assistant.feedback("s1", "m1", liked=False)  # the later verdict replaces the earlier one
    assert (state.liked, state.disliked) == ([], ["m1"]) and assistant.state("s1").disliked == ["m1"]
    with pytest.raises(LookupError, match="no product with id 'nope'"):
        assistant.feedback("s1", "nope", liked=True)


def test_reset_forgets_a_session_once(assistant):
    assistant.respond("speaker", "s1")
    assert assistant.reset("s1") is True
    assert assistant.session("s1") is None
    assert assistant.reset("s1") is False


def test_turns_of_one_session_do_not_interleave():
    class SlowParser(FakeParser):
        def parse(self, message, state):
            time.sleep(0.05)  # long enough for a second thread to start its turn meanwhile
            return super().parse(message, state)

    assistant = Assistant(fakes.fake_stages(parser=SlowParser()))
    threads = [threading.Thread(target=assistant.respond, args=("speaker", "shared")) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Without the per-session lock, turns that loaded the same stored state would overwrite each other.
    assert assistant.state("shared").turns == 4 and len(assistant.session("shared").transcript) == 8


def test_sessions_default_to_memory_and_can_be_given(fake_stages, tmp_path):
    assert isinstance(Assistant(fake_stages).sessions, MemorySessions)
    stored = SQLiteSessions(tmp_path / "s.db")
    Assistant(fake_stages, sessions=stored).respond("speaker", "s1")
    assert stored.load("s1").state.shown == ["s1", "s2", "s3"]


# --- reasons streamed after the turn ---------------------------------------------------------

class StreamingExplainer:
    """An explainer with the optional `stream` and `ready` of GeneratingExplainer."""

    def __init__(self, inner) -> None:
        self.inner, self.streamed = inner, []

    def explain(self, query, ranked):
        return self.inner.explain(query, ranked)

    def stream(self, constraints: Constraints, shown, timeout):
        self.streamed.append((constraints.query, list(shown), timeout))
        return iter([Reason(pid, f"Written for {pid}.", source="fake") for pid in shown])

    def ready(self, timeout):
        return timeout == 1.5


def test_stream_reasons_asks_the_explainer_for_the_shown_products(fake_stages):
    explainer = StreamingExplainer(fake_stages.explainer)
    assistant = Assistant(replace(fake_stages, explainer=explainer))
    reply = assistant.respond("speaker", "s1")
    by_session = [r.product_id for r in assistant.stream_reasons("s1", timeout=2.0)]
    by_reply = [r.text for r in assistant.stream_reasons(reply=reply)]
    assert by_session == ["s1", "s2", "s3"]
    assert by_reply == ["Written for s1.", "Written for s2.", "Written for s3."]
    assert explainer.streamed == [("speaker", ["s1", "s2", "s3"], 2.0), ("speaker", ["s1", "s2", "s3"], None)]
    assert assistant.reasons_ready(1.5) is True and assistant.reasons_ready(0) is False


def test_stream_reasons_yields_nothing_without_a_streaming_explainer_or_products(fake_stages):
    assistant = Assistant(fake_stages)  # FakeExplainer has no `stream`
    reply = assistant.respond("speaker", "s1")
    assert list(assistant.stream_reasons(reply=reply)) == []
    streaming = Assistant(replace(fake_stages, explainer=StreamingExplainer(fake_stages.explainer)))
    assert list(streaming.stream_reasons("never-seen")) == []
    assert list(streaming.stream_reasons(reply=Reply("nothing"))) == []
    assert assistant.reasons_ready() is True  # template reasons need no warm-up


# --- with the real stages and SQLite sessions ------------------------------------------------

def test_a_conversation_continues_after_a_restart(small_stages, tmp_path):
    path = tmp_path / "sessions.sqlite3"
    before = Assistant(small_stages, sessions=SQLiteSessions(path))
    before.respond("gaming laptop", "shopper")
    after = Assistant(small_stages, sessions=SQLiteSessions(path))  # a new process would build this
    reply = after.respond("under $1,000", "shopper")
    assert reply.constraints.query == "gaming laptop" and reply.constraints.filters.price_max == 1000
    assert reply.cards and all(c.price <= 1000 for c in reply.cards)
    transcript = after.session("shopper").transcript
    assert [line["role"] for line in transcript] == ["user", "assistant", "user", "assistant"]


def test_deleting_a_session_forgets_it_and_its_file_row(small_stages, tmp_path):
    path = tmp_path / "sessions.sqlite3"
    assistant = Assistant(small_stages, sessions=SQLiteSessions(path))
    assistant.respond("my number is 555-123-4567, find a speaker", "gone")
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT transcript FROM sessions").fetchone()[0]
    assert "555-123-4567" not in stored and "[phone]" in stored
    assert assistant.reset("gone") is True
    assert assistant.session("gone") is None
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


def test_stateless_search_with_the_real_stages_filters_and_stores_nothing(small_assistant):
    reply = small_assistant.search("bluetooth speaker under $60")
    assert reply.cards and all(c.price <= 60 for c in reply.cards)
    assert {c.id for c in reply.cards[:2]} == {"s2", "s3"}  # the two speakers at $60 or less come first
    assert small_assistant.session("default") is None
