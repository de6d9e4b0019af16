"""The query sets of an exposure report: journeys, a file, the log; a clear error otherwise."""

from __future__ import annotations

import pytest

from assistant.merchant.queries import load_query_set


def test_a_file_of_queries_skips_blanks_and_comments(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("# mine\nwireless mouse\n\n  hp toner  \n", encoding="utf-8")
    assert load_query_set(str(path), tmp_path, tmp_path).queries == ("wireless mouse", "hp toner")
    (tmp_path / "empty.txt").write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_query_set(str(tmp_path / "empty.txt"), tmp_path, tmp_path)


def test_journeys_give_their_first_messages_and_a_bad_name_is_explained(tmp_path):
    journeys = load_query_set("journeys", tmp_path, tmp_path)
    assert len(journeys.queries) > 100 and journeys.judgments is None
    assert all(q.strip() for q in journeys.queries)
    with pytest.raises(FileNotFoundError, match="neither"):
        load_query_set("no-such-set", tmp_path, tmp_path)


def test_without_a_log_the_logged_set_says_how_to_turn_logging_on(tmp_path):
    with pytest.raises(FileNotFoundError, match="log_queries"):
        load_query_set("logged", tmp_path, tmp_path)
