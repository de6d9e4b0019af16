"""The versioned data tables load by name, newest version first, with clear errors."""

from __future__ import annotations

import pytest

from retrieval.catalog import vocabulary
from retrieval.catalog.vocabulary import table, versions, word_set


def test_every_shipped_table_loads_as_a_mapping():
    names = {p.name.split(".v")[0] for p in vocabulary.VOCAB_DIR.glob("*.yaml")}
    assert {"colours", "product_types", "words", "intent_phrases"} <= names
    for name in names:
        assert isinstance(table(name), dict) and table(name)


def test_the_newest_version_is_read_unless_one_is_named(tmp_path, monkeypatch):
    (tmp_path / "things.v1.yaml").write_text("a: 1\n")
    (tmp_path / "things.v2.yaml").write_text("a: 2\n")
    monkeypatch.setattr(vocabulary, "VOCAB_DIR", tmp_path)
    table.cache_clear()
    try:
        assert sorted(versions("things")) == [1, 2]
        assert table("things") == {"a": 2} and table("things", 1) == {"a": 1}
        with pytest.raises(LookupError, match=r"table 'things' has no version 3; it has \[1, 2\]"):
            table("things", 3)
        with pytest.raises(LookupError, match=r"no vocabulary table 'nothing'.*the tables are \['things'\]"):
            table("nothing")
        (tmp_path / "bad.v1.yaml").write_text("- a list\n")
        with pytest.raises(ValueError, match="must hold a mapping"):
            table("bad")
    finally:
        table.cache_clear()


def test_word_set_reads_a_list_or_a_string_of_words():
    assert "the" in word_set("words", "stopwords")
    assert "laptop" in word_set("product_types", "fit_targets")
