"""The tagger's serving path: BIO labels become whole-word character spans, the Linear layers get
int8 weights (or stay float32 where torch has lost torch.ao's quantisation), a missing or
mismatched artifact is refused; and (slow) the shipped artifact reads messages as the parser
expects."""

from __future__ import annotations

import json
import logging

import pytest

from assistant.core.types import Intent
from assistant.parse.tagger import LABELS, decode_spans, token_labels


def ids(*labels: str) -> list[int]:
    return [LABELS.index(label) for label in labels]


def test_a_word_takes_the_label_of_its_first_piece():
    text = "cheap projector"
    offsets = [(0, 0), (0, 5), (6, 13), (13, 15), (0, 0)]  # [CLS] cheap project ##or [SEP]
    assert decode_spans(offsets, ids("O", "B-SORT", "B-TYPE", "O", "O"), text) == [("SORT", 0, 5), ("TYPE", 6, 15)]


def test_inside_labels_join_across_spaces_and_dollar_signs_but_not_words():
    text = "under $500 hp"
    offsets = [(0, 5), (6, 7), (7, 10), (11, 13)]
    assert decode_spans(offsets, ids("B-PRICE_MAX", "I-PRICE_MAX", "I-PRICE_MAX", "B-BRAND"), text) == [
        ("PRICE_MAX", 0, 10), ("BRAND", 11, 13)]
    # An I- after O starts a span of its own; another tag ends one.
    assert decode_spans(offsets, ids("O", "I-PRICE_MAX", "I-PRICE_MAX", "I-BRAND"), text) == [
        ("PRICE_MAX", 6, 10), ("BRAND", 11, 13)]


def test_token_labels_are_bio_over_the_spans_and_special_tokens_are_ignored():
    offsets = [(0, 0), (0, 3), (4, 10), (11, 15), (0, 0)]  # [CLS] not hp-dell mice [SEP]
    got = token_labels(offsets, [("NOT_BRAND", 0, 10), ("TYPE", 11, 15)])
    assert got == [-100, *ids("B-NOT_BRAND", "I-NOT_BRAND", "B-TYPE"), -100]


def test_int8_quantises_the_linear_layers():
    import torch

    from assistant.parse.tagger import int8

    torch.manual_seed(0)
    network = torch.nn.Sequential(torch.nn.Linear(16, 8), torch.nn.ReLU(), torch.nn.Linear(8, 4)).eval()
    quantised = int8(network, torch)
    assert not any(isinstance(m, torch.nn.Linear) for m in quantised.modules())  # each Linear replaced
    assert all(isinstance(m, torch.nn.Linear) for m in (network[0], network[2]))  # the original is untouched
    x = torch.randn(3, 16)
    with torch.inference_mode():
        assert torch.allclose(quantised(x), network(x), atol=0.05)


def test_int8_falls_back_to_float32_where_torch_lacks_it(monkeypatch, caplog):
    import torch

    from assistant.parse.tagger import int8

    def removed(*args, **kwargs):
        raise AttributeError("module 'torch.ao' has no attribute 'quantization'")

    monkeypatch.setattr(torch.ao.quantization, "quantize_dynamic", removed)
    network = torch.nn.Sequential(torch.nn.Linear(4, 2))
    with caplog.at_level(logging.WARNING, logger="assistant.parse.tagger"):
        assert int8(network, torch) is network
    assert "float32" in caplog.text


def test_a_missing_or_mismatched_artifact_is_refused(tmp_path):
    from assistant.parse.tagger import QueryTagger

    with pytest.raises(FileNotFoundError, match="shopassist train parser"):
        QueryTagger(tmp_path)
    (tmp_path / "heads.safetensors").write_bytes(b"")
    (tmp_path / "meta.json").write_text(json.dumps({"labels": ["O", "B-BRAND"], "intents": ["search"]}))
    with pytest.raises(ValueError, match="other labels"):
        QueryTagger(tmp_path)


@pytest.fixture(scope="module")
def tagger():
    from assistant.parse.tagger import load_tagger

    return load_tagger()


def spans(reading, text):
    return [(tag, text[s:e]) for tag, s, e in reading.spans]


@pytest.mark.slow
def test_the_shipped_tagger_is_loaded_once_and_quantised(tagger):
    import torch

    from assistant.parse.tagger import load_tagger

    assert load_tagger() is tagger
    assert tagger.meta["version"] == "parser.v1"
    assert not any(isinstance(m, torch.nn.Linear) for m in tagger.network.modules())


# What parser.v1 reads (int8). "HP only" is a near tie: float32 reads "not HP" (benchmarks/parse_latency.py).
@pytest.mark.slow
@pytest.mark.parametrize("text, intent, expected", [
    ("gaming laptop under $1,500", Intent.SEARCH, [("TYPE", "laptop"), ("PRICE_MAX", "under $1,500")]),
    ("wireless mouse, no Logitech", Intent.SEARCH, [("TYPE", "mouse"), ("NOT_BRAND", "Logitech")]),
    ("cheapest toner for brother printers", Intent.SEARCH,
     [("SORT", "cheapest"), ("TYPE", "toner"), ("BRAND", "brother"), ("TYPE", "printers")]),
    ("HP only", Intent.REFINE, [("BRAND", "HP")]),
    ("in black", Intent.REFINE, [("COLOUR", "black")]),
    ("tell me more about the Dell", Intent.ASK_PRODUCT, [("REF", "the Dell")]),
    ("start over", Intent.START_OVER, []),
])
def test_the_shipped_tagger_reads_messages(tagger, text, intent, expected):
    reading = tagger.read(text)
    assert reading.intent is intent and reading.confidence > 0.5
    assert spans(reading, text) == expected


@pytest.mark.slow
def test_empty_and_overlong_messages_are_read(tagger):
    assert tagger.read("").spans == ()
    long = "laptop " * 500
    reading = tagger.read(long)  # cut at MAX_TOKENS word pieces
    assert reading.spans and max(e for _, _, e in reading.spans) < 500
