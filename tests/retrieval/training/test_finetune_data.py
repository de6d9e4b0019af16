"""Synthetic training queries for the retrieval encoder, and loading a fine-tuned adapter."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.catalog.inflection import plural
from retrieval.training.finetune_data import QueryMaker
from tests.fixtures import small_catalog


def test_queries_are_seeded_and_point_at_their_product():
    products = small_catalog()
    a = QueryMaker(products, seed=3).examples(30)
    b = QueryMaker(products, seed=3).examples(30)
    assert a == b
    texts = {p.embedding_text() for p in products}
    assert len({q for q, _, _ in a}) == 30  # no query twice
    assert all(pos in texts and neg in texts and pos != neg for _, pos, neg in a)


def test_hard_negatives_name_the_type_but_are_something_else():
    products = small_catalog()
    maker = QueryMaker(products, seed=1)
    # The laptop case names "laptop" in its title but is a case: the confuser of laptops.
    assert any(products[i].id == "c1" for i in maker.confusers["laptop"])


def test_type_queries_use_a_name_the_product_text_uses():
    from dataclasses import replace

    products = small_catalog()
    maker = QueryMaker(products, seed=2)
    mouse = next(p for p in products if p.product_type == "mouse")
    text = mouse.embedding_text().lower()
    for _ in range(20):
        phrase = maker._type_phrase(mouse)
        assert any(phrase in (name, plural(name)) and name in text for name in maker.phrases["mouse"] + ["mouse"])
    # Synonyms only where the product's text uses them; the type's own name always counts, and
    # its plural is the real one ("mice", not "mouses").
    plain = replace(mouse, title="Logitech M185 Grey", product_type="mouse", description="")
    assert {maker._type_phrase(plain) for _ in range(40)} == {"mouse", "mice"}


def test_queries_are_short_words_without_stray_punctuation():
    import re

    queries = [q for q, _, _ in QueryMaker(small_catalog(), seed=5).examples(60)]
    assert all(1 <= len(q.split()) <= 6 for q in queries)
    assert not any(re.search(r"^[^\w]|[,;:()]", q) for q in queries)


@pytest.mark.slow
def test_a_trained_adapter_loads_as_its_own_encoder(tmp_path):
    from retrieval.search.encoder import MiniLMEncoder, adapter_name, is_adapter
    from retrieval.training.finetune import train

    meta = train(small_catalog(), tmp_path / "retriever.test", pairs=16, batch_size=8, progress=False)
    assert meta["pairs"] == 16 and meta["loss"] == "MultipleNegativesRankingLoss"
    path = tmp_path / "retriever.test"
    assert is_adapter(path)
    assert sum(f.stat().st_size for f in path.iterdir()) < 5_000_000  # an adapter, not a model copy
    encoder = MiniLMEncoder(path, device="cpu")
    assert encoder.name == adapter_name(path) and encoder.name.startswith("retriever.test-")
    vectors = encoder.encode(["laptop", "bluetooth speaker"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    base = MiniLMEncoder(device="cpu").encode(["laptop", "bluetooth speaker"])
    assert not np.allclose(vectors, base, atol=1e-7)  # the trained adapter is really in the weights


@pytest.mark.slow
def test_scale_zero_saves_the_base_encoder(tmp_path):
    from retrieval.search.encoder import MiniLMEncoder
    from retrieval.training.finetune import train

    meta = train(small_catalog(), tmp_path / "retriever.zero", pairs=16, batch_size=8, scale=0.0, progress=False)
    assert meta["scale"] == 0.0
    texts = ["laptop", "bluetooth speaker"]
    zero = MiniLMEncoder(tmp_path / "retriever.zero", device="cpu").encode(texts)
    assert np.allclose(zero, MiniLMEncoder(device="cpu").encode(texts), atol=1e-5)
