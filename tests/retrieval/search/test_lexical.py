"""The BM25 index and the one tokeniser that reads text into terms for it and for the ranking features."""

from __future__ import annotations

from retrieval.search.lexical import LexicalIndex, tokenize
from tests.fixtures import small_catalog


def test_lexical_stems_plurals_and_joins_split_words():
    index = LexicalIndex(small_catalog())
    assert "speaker" in index.query_tokens("speakers")
    assert index.search("head phones", 3)[0][0] == 16  # "headphones" in the title


def test_tokenize_is_the_one_reading_of_text_into_terms():
    from retrieval.catalog.inflection import stem

    # bm25s' splitter (two or more letters or digits, English stop words out), the one stemmer
    assert tokenize(["Wireless Speakers for the Office", "USB-C 3.0 hub, 4 ports"]) == [
        ["wireless", "speaker", "offic"], ["usb", "hub", "port"]]
    assert tokenize([""]) == [[]]
    index = LexicalIndex(small_catalog())
    assert index.query_tokens("speakers") == [stem("speakers")]
