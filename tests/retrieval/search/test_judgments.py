"""Graded judgments from a query,docid,rating CSV."""

from __future__ import annotations

import pytest

from retrieval.search.judgments import load_judgments


def test_judgments_are_grades_per_query_and_product(tmp_path):
    path = tmp_path / "j.csv"
    path.write_text("query,docid,rating,extra\nwireless mouse,m1,3,x\nwireless mouse,m4,1.0,\nspeaker,s1,0,\n")
    assert load_judgments(path) == {"wireless mouse": {"m1": 3, "m4": 1}, "speaker": {"s1": 0}}


def test_a_missing_file_or_column_or_a_bad_rating_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="judgments file .*nope.csv does not exist"):
        load_judgments(tmp_path / "nope.csv")
    (tmp_path / "cols.csv").write_text("query,doc,grade\nmouse,m1,3\n")
    with pytest.raises(ValueError, match=r"needs the columns query,docid,rating; missing \['docid', 'rating'\]"):
        load_judgments(tmp_path / "cols.csv")
    (tmp_path / "bad.csv").write_text("query,docid,rating\nmouse,m1,3\nmouse,m2,high\n")
    with pytest.raises(ValueError, match=r"bad.csv:3: rating 'high' is not a number"):
        load_judgments(tmp_path / "bad.csv")
