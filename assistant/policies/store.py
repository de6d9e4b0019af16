"""The policy passages and their vectors in their own Chroma collection, re-synced when the document changes."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # Chroma must not phone home

from chromadb.api import ClientAPI  # noqa: E402  (after the telemetry switch)

from assistant.policies.document import Passage  # noqa: E402
from retrieval.search.chroma_client import embedded_client  # noqa: E402
from retrieval.search.encoder import Encoder  # noqa: E402
from retrieval.search.store import EncoderEmbeddingFunction  # noqa: E402

COLLECTION = "policies"


def document_hash(passages: Sequence[Passage]) -> str:
    """A hash of what the collection holds: the passages (so an edit to the note or the title is no change)."""
    digest = hashlib.sha1()
    for p in passages:
        digest.update(f"{p.position}\x1f{p.section}\x1f{p.text}\x1e".encode())
    return digest.hexdigest()


class PassageStore:
    """The passages of one policies document, each with its vector, in a persistent Chroma collection.

    The collection is named after the encoder ("policies.all-minilm-l6-v2"), apart from the product
    collections; its metadata holds the hash of the passages, so opening it with an unchanged
    document encodes nothing and a changed one replaces every passage.
    """

    def __init__(self, client: str | Path | ClientAPI, encoder: Encoder, name: str = COLLECTION) -> None:
        # A folder: the same embedded client as the product store's (Chroma refuses two clients of one
        # path whose settings differ).
        client = embedded_client(client) if isinstance(client, (str, Path)) else client
        self._ef = EncoderEmbeddingFunction(encoder)  # our encoder, never chromadb's downloading default
        self.encoder_name = encoder.name
        collection = f"{name}.{re.sub(r'[^A-Za-z0-9_-]', '-', encoder.name)}"
        self._collection = client.get_or_create_collection(collection, embedding_function=self._ef,
                                                           configuration={"hnsw": {"space": "cosine"}},
                                                           metadata={"encoder": encoder.name})

    @property
    def stored_hash(self) -> str:
        return str((self._collection.metadata or {}).get("hash", ""))

    def sync(self, passages: Sequence[Passage]) -> bool:
        """Make the collection hold exactly `passages`; True when it had to be rewritten (and re-encoded)."""
        wanted = document_hash(passages)
        if wanted == self.stored_hash and self._collection.count() == len(passages):
            return False
        old = self._collection.get(include=[])["ids"]
        if old:
            self._collection.delete(ids=old)
        if passages:
            self._collection.add(
                ids=[f"p{p.position:04d}" for p in passages],
                embeddings=np.asarray(self._ef([f"{p.section}: {p.text}" for p in passages])),
                documents=[p.text for p in passages],
                metadatas=[{"section": p.section, "position": p.position} for p in passages],
            )
        self._collection.modify(metadata={"encoder": self.encoder_name, "hash": wanted})
        return True

    def load(self) -> tuple[list[Passage], np.ndarray]:
        """Every stored passage in document order, and their vectors, shape (n_passages, dim)."""
        got = self._collection.get(include=["documents", "metadatas", "embeddings"])
        rows = sorted(zip(got["metadatas"], got["documents"], got["embeddings"]), key=lambda r: r[0]["position"])
        passages = [Passage(str(m["section"]), doc, int(m["position"])) for m, doc, _ in rows]
        vectors = np.asarray([vec for _, _, vec in rows], dtype=np.float32).reshape(len(rows), -1)
        return passages, vectors
