"""The policies' own Chroma collection: stored once, re-synced only when the passages change."""

from __future__ import annotations

from assistant.policies.document import split_document
from assistant.policies.store import PassageStore, document_hash
from retrieval.search.encoder import HashingEncoder

DOC = "# Shop\n\n## Returns\n\nReturn within 30 days.\n\n## Shipping\n\nWe ship in 3 days.\n"


def test_sync_stores_the_passages_once_and_again_only_after_a_change(tmp_path):
    passages = split_document(DOC)
    store = PassageStore(tmp_path, HashingEncoder())
    assert store.sync(passages) and store.stored_hash == document_hash(passages)
    assert not PassageStore(tmp_path, HashingEncoder()).sync(passages)  # the same text: nothing to do
    loaded, vectors = store.load()
    assert [p.section for p in loaded] == ["Returns", "Shipping"] and vectors.shape[0] == 2
    changed = split_document(DOC.replace("30 days", "14 days"))
    assert PassageStore(tmp_path, HashingEncoder()).sync(changed)
    assert "14 days" in PassageStore(tmp_path, HashingEncoder()).load()[0][0].text
