"""The reader's sheet: written from what the shopper was shown, labels carried over, figures scored."""

from __future__ import annotations

import csv
import json

import pytest

from assistant.core.assistant import Assistant
from assistant.evaluation.reader import (
    LABELS,
    format_scores,
    load_queries,
    raw_record,
    read_sheet,
    score_sheet,
    shown_reasons,
    write_sheet,
)
from retrieval.catalog.product import Product


def test_the_raw_record_holds_nothing_the_project_derived():
    p = Product(id="1", title="Kensington Laptop Lock", kind="cable lock", kind_for="laptop", product_type="lock",
                description="Cable lock", specs={"Cable length": "1.8"}, released="2019-01-01")
    record = json.loads(raw_record(p))
    assert record == {"description": "Cable lock", "released": "2019-01-01", "specs": {"Cable length": "1.8"}}


def test_queries_are_read_in_order_without_repeats(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('query,why\nlaptop,plain\n"mouse, wireless",spec\nlaptop,again\n', encoding="utf-8")
    assert load_queries(path) == ["laptop", "mouse, wireless"]
    (tmp_path / "bad.csv").write_text("text\nlaptop\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs a 'query' column"):
        load_queries(tmp_path / "bad.csv")


def test_a_sheet_of_what_was_shown_keeps_earlier_labels_of_unchanged_reasons(small_stages, tmp_path):
    assistant = Assistant(small_stages)
    shown = shown_reasons(assistant, ["wireless mouse", "speaker"], progress=False)
    assert shown and all(s.reason and s.source == "template" for s in shown)
    assert {s.query for s in shown} == {"wireless mouse", "speaker"}
    assert all(len(s.others) >= 1 for s in shown)  # the page it was judged among
    first = tmp_path / "first.csv"
    assert write_sheet(shown, first) == (len(shown), len(shown))  # all to label
    rows = read_sheet(first)
    rows[0].update({x: "1" for x in LABELS})
    rows[0]["note"] = "fine"
    with first.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    again = tmp_path / "again.csv"
    assert write_sheet(shown, again, read_sheet(first)) == (len(shown), len(shown) - 1)
    assert read_sheet(again)[0]["note"] == "fine"


def test_scores_count_labelled_rows_by_source():
    rows = [{"query": "a", "source": "smollm2", "faithful": "1", "kind_word": "1", "useful": "0", "fluent": "1"},
            {"query": "a", "source": "template", "faithful": "0", "kind_word": "1", "useful": "0", "fluent": "1"},
            {"query": "b", "source": "template", "faithful": "1", "kind_word": "0", "useful": "1", "fluent": "y"},
            {"query": "c", "source": "template", "faithful": "", "kind_word": "", "useful": "", "fluent": ""}]
    s = score_sheet(rows)
    assert (s["reasons"], s["labelled"], s["queries"]) == (4, 3, 2)
    assert s["all"]["faithful"] == pytest.approx(2 / 3) and s["all"]["useful"] == pytest.approx(1 / 3)
    assert s["generated"]["n"] == 1 and s["template"]["kind_word"] == pytest.approx(0.5)
    assert s["generator_acceptance"] == pytest.approx(1 / 3)
    assert "faithful" in format_scores(s)
    with pytest.raises(ValueError, match="must be 1 or 0"):
        score_sheet([{**rows[0], "useful": "maybe"}])
