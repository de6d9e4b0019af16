"""The persistent Chroma collection of products, and dense search over it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # Chroma must not phone home

from chromadb.api import ClientAPI  # noqa: E402  (after the telemetry switch)
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings  # noqa: E402

from retrieval.catalog.product import Product  # noqa: E402
from retrieval.search.chroma_client import embedded_client  # noqa: E402
from retrieval.search.encoder import Encoder  # noqa: E402
from retrieval.search.filters import Filters, product_metadata  # noqa: E402

# Chroma's default (100) lost 4 points of Recall@100 against exact search on the Icecat dev
# queries; 400 matches exact search there at a few ms per query.
EF_SEARCH = 400


class EncoderEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's embedding hook, backed by our encoder (never chromadb's downloading default)."""

    def __init__(self, encoder: Encoder) -> None:
        self._encoder = encoder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._encoder.encode(list(input)))

    @staticmethod
    def name() -> str:
        return "shopassist-encoder"

    def get_config(self) -> dict[str, Any]:
        return {"encoder": self._encoder.name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> EncoderEmbeddingFunction:
        raise RuntimeError(
            "open the product store through retrieval.search.store.ProductStore, which supplies the encoder"
        )

    def default_space(self) -> str:
        return "cosine"


@dataclass(frozen=True)
class SyncReport:
    added: int
    updated: int
    unchanged: int
    removed: int

    @property
    def encoded(self) -> int:
        return self.added + self.updated


GET_CHUNK = 10_000  # ids per Chroma `get`: SQLite allows 32,766 variables in one statement (benchmarks/scale.py)


class ProductStore:
    """Products in a persistent Chroma collection, with their embeddings and filter metadata.

    `client`: a folder for the embedded store, or an open Chroma client (`chroma_client.connect`:
    embedded or a server); everything past the client is the same for both.
    Each product's document is its normalised record as JSON, so the store alone can rebuild the
    catalog. Metadata carries price, brand, type, colour flags and a content hash; the hash lets
    `sync` skip unchanged products and finish an ingest that was killed halfway.
    """

    def __init__(self, client: str | Path | ClientAPI, catalog: str, encoder: Encoder) -> None:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{1,60}[A-Za-z0-9]", catalog):
            raise ValueError(
                f"catalog name {catalog!r} must be 3-62 letters, digits, '-' or '_', "
                "starting and ending with a letter or digit"
            )
        self.catalog = catalog
        self.encoder_name = encoder.name
        self._recent: dict[str, np.ndarray] = {}  # query text -> vector, oldest first
        self._metadata_read: dict[str, Any] | None = None  # every product's metadata as `sync` last read it
        self.path = Path(client) if isinstance(client, (str, Path)) else None  # None: a client was given
        self._client = embedded_client(self.path) if self.path is not None else client
        self._ef = EncoderEmbeddingFunction(encoder)
        # One collection per (catalog, encoder): vectors of two encoders must never mix.
        name = f"{catalog}.{re.sub(r'[^A-Za-z0-9_-]', '-', encoder.name)}"
        self._collection = self._client.get_or_create_collection(name, embedding_function=self._ef,
            configuration={"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": EF_SEARCH}},
            metadata={"encoder": encoder.name},
        )
        hnsw = (self._collection.configuration or {}).get("hnsw") or {}
        if hnsw.get("ef_search") != EF_SEARCH:  # collections made before the setting existed
            self._collection.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})

    def count(self) -> int:
        return self._collection.count()

    def sync(
        self,
        products: Sequence[Product],
        batch_size: int = 256,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> SyncReport:
        """Make the collection hold exactly `products`, encoding only new or changed ones.

        Writes go in batches, each one a single upsert, so a killed ingest leaves whole batches
        behind and the next sync encodes only what is still missing.
        `on_progress(done, total)` is called after each batch.
        """
        stored = self._stored_hashes()
        wanted = {p.id: p for p in products}
        todo = [p for p in wanted.values() if stored.get(p.id) != p.content_hash()]
        added = sum(1 for p in todo if p.id not in stored)
        stale = [pid for pid in stored if pid not in wanted]
        if todo or stale:
            self._metadata_read = None
        for start in range(0, len(stale), 5000):
            self._collection.delete(ids=stale[start : start + 5000])

        if on_progress:
            on_progress(0, len(todo))
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            self._collection.upsert(
                ids=[p.id for p in batch],
                embeddings=np.asarray(self._ef([p.embedding_text() for p in batch])),
                metadatas=[product_metadata(p, p.content_hash()) for p in batch],
                documents=[p.to_json() for p in batch],
            )
            if on_progress:
                on_progress(min(start + batch_size, len(todo)), len(todo))
        return SyncReport(
            added=added,
            updated=len(todo) - added,
            unchanged=len(wanted) - len(todo),
            removed=len(stale),
        )

    def products(self) -> list[Product]:
        """Every stored product, in a stable (id) order, with the kind its metadata holds."""
        got = self._collection.get(include=["documents", "metadatas"])
        rows = sorted(zip(got["ids"], got["documents"], got["metadatas"]), key=lambda row: row[0])
        return [_with_stored_kind(Product.from_json(doc), meta or {}) for _, doc, meta in rows]

    @property
    def kinds_made_by(self) -> str:
        """How the stored kinds were filled in (`set_kinds(..., made_by=)`), "" when never."""
        return str((self._collection.metadata or {}).get("kinds_made_by", ""))

    def stored_kinds(self) -> dict[str, tuple[str, str]]:
        """Each stored product's (kind, what it is for), from the metadata."""
        read = self._metadata_read
        if read is None:
            got = self._collection.get(include=["metadatas"])
            read = dict(zip(got["ids"], got["metadatas"]))
        return {pid: ((m or {}).get("kind") or "", (m or {}).get("kind_for") or "") for pid, m in read.items()}

    def set_kinds(self, products: Sequence[Product], made_by: str = "", batch_size: int = 5000) -> int:
        """Store the kind of each of `products` whose stored kind differs; returns how many changed.

        Only the metadata changes: the document stays the record as loaded and the content hash
        its hash, so the next `sync` still finds the product unchanged (kinds the encoder filled in
        are not part of the loaded record).
        """
        got = self._collection.get(ids=[p.id for p in products], include=["metadatas"])
        stored = dict(zip(got["ids"], got["metadatas"]))
        changed = [p for p in products if p.id in stored and
                   ((stored[p.id] or {}).get("kind"), (stored[p.id] or {}).get("kind_for")) != (p.kind, p.kind_for)]
        if changed:
            self._metadata_read = None
        for start in range(0, len(changed), batch_size):
            batch = changed[start : start + batch_size]
            self._collection.update(
                ids=[p.id for p in batch],
                metadatas=[product_metadata(p, (stored[p.id] or {}).get("hash", "")) for p in batch],
            )
        if made_by and made_by != self.kinds_made_by:
            self._collection.modify(metadata={**(self._collection.metadata or {}), "kinds_made_by": made_by})
        return len(changed)

    def embed_query(self, text: str) -> np.ndarray:
        """The query's vector, shape (dim,). The last few are kept: one turn may search twice with
        the same words (its kind first, then the nearest other kinds), and encoding is most of a search."""
        vector = self._recent.get(text)
        if vector is None:
            vector = np.asarray(self._ef.embed_query([text])[0], dtype=np.float32)
            vector.setflags(write=False)
            self._recent[text] = vector
            while len(self._recent) > 64:
                self._recent.pop(next(iter(self._recent)))
        return vector

    def clear_query_cache(self) -> None:
        """Forget the kept query vectors (a benchmark measuring cold turns calls this)."""
        self._recent.clear()

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of query-like texts, shape (len(texts), dim)."""
        return np.asarray(self._ef.embed_query(list(texts)), dtype=np.float32)

    def search(self, query_vector: np.ndarray, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """Top-k (product id, cosine similarity) satisfying `filters`, best first."""
        n = self.count()
        if n == 0 or k <= 0:
            return []
        where = filters.to_where() if filters else None
        result = self._collection.query(
            query_embeddings=[np.asarray(query_vector, dtype=np.float32)],
            n_results=min(k, n),
            where=where,
            include=["distances"],
        )
        ids, distances = result["ids"][0], result["distances"][0]
        return [(pid, 1.0 - float(d)) for pid, d in zip(ids, distances)]

    def embeddings(self, ids: Sequence[str], chunk: int = GET_CHUNK) -> dict[str, np.ndarray]:
        """Stored vectors by product id (ids not in the store are left out), read `chunk` ids at a time:
        one `get` of every id of a 100k catalog fails in Chroma's SQLite ("too many SQL variables")."""
        ids = list(ids)
        out: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), chunk):
            got = self._collection.get(ids=ids[start : start + chunk], include=["embeddings"])
            out.update((pid, np.asarray(vec, dtype=np.float32)) for pid, vec in zip(got["ids"], got["embeddings"]))
        return out

    def _stored_hashes(self) -> dict[str, str]:
        got = self._collection.get(include=["metadatas"])
        self._metadata_read = dict(zip(got["ids"], got["metadatas"]))  # kept for stored_kinds until a write
        return {pid: (meta or {}).get("hash", "") for pid, meta in self._metadata_read.items()}


def _with_stored_kind(product: Product, meta: dict) -> Product:
    kind, fits = meta.get("kind"), meta.get("kind_for")
    if kind is None or (kind, fits) == (product.kind, product.kind_for):
        return product
    return replace(product, kind=kind, kind_for=fits or "")
