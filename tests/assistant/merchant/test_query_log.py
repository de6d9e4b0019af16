"""The query log: off by default; on, one redacted line per search turn, without session ids."""

from __future__ import annotations

import json

from assistant.core.settings import Settings
from assistant.core.types import Constraints, Intent, Reply
from assistant.dialogue.redact import redact
from assistant.merchant.query_log import QueryLog, open_query_log, query_line, read_logged_queries, replayed
from retrieval.search.filters import Filters


def test_off_by_default(tmp_path):
    settings = Settings(cache_dir=tmp_path)
    assert settings.log_queries is False and settings.queries_log == tmp_path / "queries.jsonl"
    assert open_query_log(settings.log_queries, settings.queries_log, redact) is None
    assert isinstance(open_query_log(True, settings.queries_log, redact), QueryLog)


def test_on_it_writes_the_parsed_query_redacted_without_the_session(small_assistant, tmp_path):
    log = QueryLog(tmp_path / "queries.jsonl", redact)
    message = "hi, I'm Jo (jo@example.com, +44 20 7946 0958): a wireless mouse under $30"
    reply = small_assistant.respond(message, session_id="sess-4242")
    assert log.record(reply)
    text = (tmp_path / "queries.jsonl").read_text()
    assert "sess-4242" not in text and "jo@example.com" not in text and "7946" not in text and "Jo" not in text
    assert message not in text
    record = json.loads(text.splitlines()[0])
    assert set(record) == {"day", "intent", "query", "search", "constraints"}
    assert "mouse" in record["query"] and record["constraints"]["filters"]["price_max"] == 30
    assert read_logged_queries(tmp_path / "queries.jsonl") == [f"{record['query']} under $30"]
    from assistant.merchant.queries import load_query_set

    assert load_query_set("logged", tmp_path, tmp_path).queries == (f"{record['query']} under $30",)


def test_contact_details_inside_the_parsed_query_are_redacted():
    reply = Reply("", intent=Intent.SEARCH, constraints=Constraints("mouse for jo@example.com call 020 7946 0958"))
    assert query_line(reply, redact)["query"] == "mouse for [email] call [phone]"


def test_turns_that_do_not_search_are_not_logged(tmp_path):
    log = QueryLog(tmp_path / "queries.jsonl", redact)
    assert not log.record(Reply("Your cart is empty.", intent=Intent.CART, constraints=Constraints("mouse")))
    assert not log.record(Reply("Hello!", intent=Intent.SEARCH, constraints=Constraints("")))
    assert not (tmp_path / "queries.jsonl").exists()


def test_replayed_message_asks_the_same():
    record = query_line(Reply("", intent=Intent.REFINE,
                              constraints=Constraints("wireless mouse", Filters(price_min=10, price_max=30, brands=("hp",)))),
                        redact)
    assert replayed(record) == "hp wireless mouse between $10 and $30"


def test_the_assistant_logs_its_search_turns_when_given_a_log(small_stages, tmp_path):
    from assistant.core.assistant import Assistant

    shop = Assistant(small_stages, query_log=QueryLog(tmp_path / "queries.jsonl", redact))
    shop.respond("a bluetooth speaker", "s1")
    shop.respond("add the first one to my cart", "s1")  # a cart turn: nothing searched, nothing logged
    lines = (tmp_path / "queries.jsonl").read_text().splitlines()
    assert len(lines) == 1 and "speaker" in json.loads(lines[0])["query"] and "s1" not in lines[0]
