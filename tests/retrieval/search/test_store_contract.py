"""The product store's contract, run against every way of holding it: embedded Chroma, a Chroma
server (`chroma run` on loopback, started here), and that server behind a token-checking proxy.

chromadb 1.5's `chroma run` checks no token itself (its OSS server has no auth; Chroma's guide puts
Envoy in front), so `server-token` tests that the client sends the token on every request: the
proxy refuses any request without it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from retrieval.search.chroma_client import connect
from retrieval.search.encoder import HashingEncoder
from retrieval.search.filters import Filters
from retrieval.search.store import ProductStore
from tests.fixtures import small_catalog
from tests.retrieval.search.chroma_server import ChromaServer, TokenGate, chroma_server

REPO = Path(__file__).resolve().parents[3]
TOKEN = "test-token-8c1f"


@dataclass(frozen=True)
class Backend:
    """Where a store lives: a folder (embedded) or a server URL, with its token."""

    name: str
    path: Path
    url: str = ""
    token: str | None = None

    def store(self, catalog: str, encoder=None) -> ProductStore:
        """A store on a fresh client, as another process would open it."""
        return ProductStore(connect(self.path, self.url, self.token), catalog, encoder or HashingEncoder())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with chroma_server(tmp_path_factory.mktemp("chroma-server") / "db") as running:
        yield running


@pytest.fixture(scope="module")
def gate(server):
    with TokenGate(server.url, "Authorization", f"Bearer {TOKEN}") as running:
        yield running


@pytest.fixture(params=["embedded", "server", "server-token"])
def backend(request, tmp_path):
    if request.param == "embedded":
        yield Backend("embedded", tmp_path / "db")
        return
    if request.param == "server":
        yield Backend("server", tmp_path / "unused", request.getfixturevalue("server").url)
        return
    gate = request.getfixturevalue("gate")
    refused = gate.refused
    yield Backend("server-token", tmp_path / "unused", gate.url, TOKEN)
    assert gate.refused == refused, "a request went to the server without the token"


@pytest.fixture()
def catalog() -> str:
    """A catalog name of its own per test: the server's tests share one server."""
    return f"shop-{uuid.uuid4().hex[:10]}"


def test_sync_holds_the_catalog_and_skips_what_is_unchanged(backend, catalog):
    store = backend.store(catalog)
    products = small_catalog()
    first = store.sync(products)
    assert (first.added, first.updated, first.unchanged, first.removed) == (len(products), 0, 0, 0)
    assert store.count() == len(products)
    assert store.products() == sorted(products, key=lambda p: p.id)  # the records come back whole
    again = backend.store(catalog).sync(products)  # another client: nothing to encode
    assert (again.encoded, again.unchanged, again.removed) == (0, len(products), 0)


def test_stored_vectors_are_the_encoders_and_unknown_ids_are_left_out(backend, catalog):
    encoder = HashingEncoder()
    store = backend.store(catalog, encoder)
    store.sync(small_catalog())
    by_id = {p.id: p for p in small_catalog()}
    got = store.embeddings(["m1", "s2", "nope"])
    assert sorted(got) == ["m1", "s2"]
    for pid in got:
        assert np.allclose(got[pid], encoder.encode([by_id[pid].embedding_text()])[0], atol=1e-6)
    assert store.embeddings([]) == {}


def test_search_best_first_with_and_without_filters(backend, catalog):
    store = backend.store(catalog)
    store.sync(small_catalog())
    by_id = {p.id: p for p in small_catalog()}
    hits = store.search(store.embed_query("wireless mouse"), 5)
    assert len(hits) == 5 and hits[0][0].startswith("m")
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)
    f = Filters(price_max=50, colours=("black",))
    filtered = store.search(store.embed_query("wireless mouse"), 20, f)
    assert {pid for pid, _ in filtered} == {"m3", "m4", "c1", "t2", "s2"}  # every black product under $50
    assert all(f.matches(by_id[pid]) for pid, _ in filtered)
    sony = Filters(brands=("sony",), price_min=100)
    assert {pid for pid, _ in store.search(store.embed_query("speaker"), 20, sony)} == {"h1"}
    assert store.search(store.embed_query("mouse"), 0) == []


def test_resync_encodes_only_what_changed_and_removes_what_is_gone(backend, catalog):
    store = backend.store(catalog)
    products = small_catalog()
    store.sync(products)
    changed = [replace(products[0], price=5.0)] + products[1:-1]  # m1 changed, n1 gone
    report = backend.store(catalog).sync(changed)
    assert (report.added, report.updated, report.unchanged, report.removed) == (0, 1, len(products) - 2, 1)
    reopened = backend.store(catalog)
    assert reopened.count() == len(products) - 1
    assert {p.id: p for p in reopened.products()}["m1"].price == 5.0
    assert "n1" not in {pid for pid, _ in reopened.search(reopened.embed_query("mystery product"), 50)}
    assert reopened.sync([]).removed == len(products) - 1 and reopened.count() == 0


def test_stored_kinds_live_in_the_metadata_and_leave_the_record_unchanged(backend, catalog):
    store = backend.store(catalog)
    products = small_catalog()
    store.sync(products)
    assert store.kinds_made_by == ""
    filled = [replace(p, kind="cable lock", kind_for="laptop") if p.id == "m1" else p for p in products]
    assert store.set_kinds(filled, made_by="v9 test") == 1 and store.set_kinds(filled) == 0
    again = backend.store(catalog)
    assert again.stored_kinds()["m1"] == ("cable lock", "laptop") and again.kinds_made_by == "v9 test"
    assert again.stored_kinds()["s1"] == (products[13].kind, products[13].kind_for)
    m1 = next(p for p in again.products() if p.id == "m1")
    assert (m1.kind, m1.kind_for) == ("cable lock", "laptop")
    assert again.search(again.embed_query("mouse"), 10, Filters(kinds=("cable lock",)))[0][0] == "m1"
    assert again.sync(products).unchanged == len(products)  # the loaded records did not change


def test_each_encoder_gets_its_own_collection(backend, catalog):
    backend.store(catalog, HashingEncoder(dim=64)).sync(small_catalog())

    class Other(HashingEncoder):
        name = "other-encoder"

    assert backend.store(catalog, Other(dim=32)).count() == 0
    assert backend.store(catalog, HashingEncoder(dim=64)).count() == len(small_catalog())


def test_collection_names_and_metadata_are_the_embedded_stores(backend, catalog):
    """The same names as the embedded store has always used, so an existing .cache/chroma is found."""
    backend.store(catalog).sync(small_catalog()[:3])
    client = connect(backend.path, backend.url, backend.token)
    collection = client.get_collection(f"{catalog}.hashing-test-encoder")
    assert collection.metadata["encoder"] == "hashing-test-encoder"
    assert collection.configuration["hnsw"]["space"] == "cosine"


# A child that ingests CRASH_N products in batches of 10 and says how many are written after each
# batch, pausing a little so that the parent can kill it halfway.
CHILD = """
import sys, time
sys.path.insert(0, {repo!r})
from retrieval.catalog.product import Product
from retrieval.search.chroma_client import connect
from retrieval.search.encoder import HashingEncoder
from retrieval.search.store import ProductStore
products = [Product(id=f"p{{i}}", title=f"product number {{i}} cable adapter", brand="B", price=float(i))
            for i in range({n})]
store = ProductStore(connect({path!r}, {url!r}, {token!r}), {catalog!r}, HashingEncoder())
def progress(done, total):
    print(done, flush=True)
    time.sleep(0.05)
store.sync(products, batch_size=10, on_progress=progress)
"""
CRASH_N, KILL_AT = 300, 100


def crash_catalog():
    from retrieval.catalog.product import Product

    return [Product(id=f"p{i}", title=f"product number {i} cable adapter", brand="B", price=float(i))
            for i in range(CRASH_N)]


def start_ingest(backend: Backend, catalog: str, tmp_path: Path) -> subprocess.Popen:
    script = tmp_path / "ingest.py"
    script.write_text(CHILD.format(repo=str(REPO), n=CRASH_N, path=str(backend.path), url=backend.url,
                                   token=backend.token, catalog=catalog))
    return subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)


def wait_for_batches(child: subprocess.Popen, done: int) -> None:
    for line in child.stdout:
        if int(line) >= done:
            return
    raise AssertionError(f"the ingest ended before {done} products were written (exit {child.wait()})")


def assert_completes(store: ProductStore) -> None:
    """The half-built store answers, and the next sync finishes it: exactly the catalog, each product once."""
    partial = store.count()
    assert KILL_AT <= partial < CRASH_N
    assert len(store.search(store.embed_query("cable adapter"), 5)) == 5
    report = store.sync(crash_catalog())
    assert (report.unchanged, report.added, report.removed) == (partial, CRASH_N - partial, 0)
    assert store.count() == CRASH_N
    assert sorted(p.id for p in store.products()) == sorted(p.id for p in crash_catalog())
    assert store.sync(crash_catalog()).encoded == 0


@pytest.mark.slow  # 3-4 s each: a child process per backend
def test_ingest_killed_halfway_is_completed_by_the_next_ingest(backend, catalog, tmp_path):
    child = start_ingest(backend, catalog, tmp_path)
    wait_for_batches(child, KILL_AT)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert_completes(backend.store(catalog))


@pytest.mark.slow  # 8 s: two server starts and a child process
def test_server_killed_halfway_through_an_ingest_keeps_what_it_acknowledged(tmp_path, catalog):
    first = ChromaServer(tmp_path / "db").start()
    try:
        child = start_ingest(Backend("server", tmp_path / "unused", first.url), catalog, tmp_path)
        wait_for_batches(child, KILL_AT)
        first.kill(signal.SIGKILL)
        child.stdout.read()
        assert child.wait(timeout=60) != 0  # the ingest fails: its server is gone
    finally:
        first.kill()
    with chroma_server(tmp_path / "db") as again:  # the same data, a new process (and port)
        assert_completes(Backend("server", tmp_path / "unused", again.url).store(catalog))


def test_embedded_store_in_a_folder_is_the_same_store_as_through_connect(tmp_path):
    """ProductStore(folder) and ProductStore(connect(folder)) open one store: the default is unchanged."""
    ProductStore(tmp_path / "db", "shop", HashingEncoder()).sync(small_catalog())
    assert ProductStore(connect(tmp_path / "db"), "shop", HashingEncoder()).count() == len(small_catalog())
