"""The Chroma product store: sync, filters, persistence, and surviving kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from retrieval.search.encoder import HashingEncoder
from retrieval.search.filters import Filters
from retrieval.search.store import ProductStore
from tests.fixtures import small_catalog

REPO = Path(__file__).resolve().parents[3]


def test_sync_adds_then_skips_unchanged(tmp_path):
    store = ProductStore(tmp_path, "shop", HashingEncoder())
    products = small_catalog()
    first = store.sync(products)
    assert (first.added, first.unchanged) == (len(products), 0)
    again = store.sync(products)
    assert (again.encoded, again.unchanged) == (0, len(products))
    assert store.count() == len(products)


def test_sync_reencodes_changed_and_removes_stale(tmp_path):
    store = ProductStore(tmp_path, "shop", HashingEncoder())
    products = small_catalog()
    store.sync(products)
    changed = [replace(products[0], price=5.0)] + products[1:-1]  # one changed, last one gone
    report = store.sync(changed)
    assert (report.added, report.updated, report.removed) == (0, 1, 1)
    assert {p.id: p for p in store.products()}["m1"].price == 5.0


def test_kinds_filled_in_later_live_in_the_metadata_and_leave_the_record_unchanged(tmp_path):
    store = ProductStore(tmp_path, "cat", HashingEncoder())
    products = small_catalog()
    store.sync(products)
    filled = [replace(p, kind="cable lock", kind_for="laptop") if p.id == "m1" else p for p in products]
    assert store.set_kinds(filled, made_by="v9 test") == 1 and store.set_kinds(filled) == 0
    again = ProductStore(tmp_path, "cat", HashingEncoder())
    m1 = next(p for p in again.products() if p.id == "m1")
    assert (m1.kind, m1.kind_for) == ("cable lock", "laptop") and again.kinds_made_by == "v9 test"
    assert again.search(again.embed_query("mouse"), 10, Filters(kinds=("cable lock",)))[0][0] == "m1"
    assert again.sync(products).unchanged == len(products)  # the loaded records did not change


def test_store_persists_across_clients(tmp_path):
    ProductStore(tmp_path, "shop", HashingEncoder()).sync(small_catalog())
    reopened = ProductStore(tmp_path, "shop", HashingEncoder())
    assert [p.id for p in reopened.products()] == sorted(p.id for p in small_catalog())


def test_filtered_search_meets_every_filter(tmp_path):
    store = ProductStore(tmp_path, "shop", HashingEncoder())
    store.sync(small_catalog())
    f = Filters(price_max=50, colours=("black",))
    hits = store.search(store.embed_query("wireless mouse"), 20, f)
    by_id = {p.id: p for p in small_catalog()}
    assert {pid for pid, _ in hits} == {"m3", "m4", "c1", "t2", "s2"}  # every black product under $50
    assert all(f.matches(by_id[pid]) for pid, _ in hits)
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)  # best first
    assert "n1" not in {pid for pid, _ in store.search(store.embed_query("product"), 20, Filters(price_max=1e9))}


@pytest.mark.parametrize("name", ["ab", "has space", "-dash-first", "x" * 70])
def test_bad_catalog_name_is_a_clear_error(tmp_path, name):
    with pytest.raises(ValueError, match="must be 3-62 letters"):
        ProductStore(tmp_path, name, HashingEncoder())


def test_each_encoder_gets_its_own_vectors(tmp_path):
    ProductStore(tmp_path, "shop", HashingEncoder(dim=64)).sync(small_catalog())

    class Other(HashingEncoder):
        name = "other-encoder"

    assert ProductStore(tmp_path, "shop", Other(dim=32)).count() == 0


CHILD = """
import sys
sys.path.insert(0, {repo!r})
from retrieval.search.encoder import HashingEncoder
from retrieval.search.store import ProductStore
from retrieval.catalog.product import Product
products = [Product(id=f"p{{i}}", title=f"product number {{i}} cable adapter", brand="B", price=float(i))
            for i in range(3000)]
store = ProductStore({path!r}, "shop", HashingEncoder())
store.sync(products, batch_size=50, on_progress=lambda done, total: print(done, flush=True))
"""


def test_ingest_killed_halfway_leaves_a_working_store_that_the_next_sync_completes(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(repo=str(REPO), path=str(tmp_path / "db")))
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    for line in child.stdout:  # wait until a few batches are written, then kill -9
        if int(line) >= 500:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL

    from retrieval.catalog.product import Product

    products = [Product(id=f"p{i}", title=f"product number {i} cable adapter", brand="B", price=float(i))
                for i in range(3000)]
    store = ProductStore(tmp_path / "db", "shop", HashingEncoder())
    partial = store.count()
    assert 500 <= partial < 3000
    assert len(store.search(store.embed_query("cable adapter"), 5)) == 5  # the half-built store answers
    report = store.sync(products)
    assert report.unchanged == partial and report.added == 3000 - partial
    assert store.count() == 3000


def test_stored_vectors_are_the_encoders_and_unknown_ids_are_left_out(tmp_path):
    encoder = HashingEncoder()
    store = ProductStore(tmp_path, "shop", encoder)
    store.sync(small_catalog())
    by_id = {p.id: p for p in small_catalog()}
    got = store.embeddings(["m1", "nope"])
    assert list(got) == ["m1"]
    assert np.allclose(got["m1"], encoder.encode([by_id["m1"].embedding_text()])[0], atol=1e-6)
    assert store.embeddings([]) == {}
    assert store.search(store.embed_query("mouse"), 0) == []


def test_vectors_are_read_in_chunks_so_a_large_catalog_fits_sqlite(tmp_path):
    store = ProductStore(tmp_path, "shop", HashingEncoder())
    store.sync(small_catalog())
    ids = [p.id for p in small_catalog()]
    whole = store.embeddings(ids)
    assert set(store.embeddings(ids, chunk=3)) == set(whole) == set(ids)  # a 100k `get` at once fails in Chroma
    assert all(np.array_equal(store.embeddings(ids, chunk=2)[i], whole[i]) for i in ids)
