"""How search cost grows with the catalog: ingest, memory and time to products at 20k, 100k and 1M products.

The large catalogs are synthetic: the real Icecat records (read once from the project's store) and
copies of them with perturbed titles, prices and vectors (source vector + Gaussian noise, unit
length; nothing is re-encoded), each copy labelled "[synthetic]" in its "origin" metadata field.
Each size is ingested into a fresh embedded Chroma collection in one process, then searched in a
second, fresh process (a worker), which prints resident memory and, over the Icecat dev queries
(encoded once with the project's encoder), p50/p95 of: Chroma dense top-50 unfiltered and with a
`where` filter; a numpy prefilter plus exact top-k; the project's own exact scan; BM25 top-50; and
the project's full hybrid search. Query encoding is timed once, apart (it does not grow with the
catalog). Stores are written under --work and deleted at the end (unless --keep). Usage:
    python benchmarks/scale.py [--sizes 20000 100000 1000000] [--repeat 2] [--max-ingest-minutes 25]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from reason_latency import busy_seconds, percentile  # noqa: E402
from scale_data import (  # noqa: E402
    CodedColumns,
    LoadMeter,
    VectorTable,
    dir_mb,
    exact_top_k,
    memory_mb,
    origin,
    synthetic_products,
    synthetic_vectors,
)

from retrieval.catalog.product import Product  # noqa: E402
from retrieval.search.filters import Filters, norm_key  # noqa: E402

TARGET_MS = 100.0
K = 50
VECTORS_NAME = "scale-bench-vectors"  # the stand-in encoder's name, which keys the synthetic collections
DEFAULT_WORK = Path(__file__).resolve().parents[1] / ".cache" / "bench" / "scale"
# (key, label) of each timed case, in print order
CASES = [
    ("chroma", "(a) Chroma HNSW top-50, unfiltered"),
    ("chroma_narrow", "(b) Chroma `where`, kind/brand + price"),
    ("chroma_broad", "(b) Chroma `where`, price <= median"),
    ("coded_narrow", "(c) numpy prefilter + exact, narrow"),
    ("coded_broad", "(c) numpy prefilter + exact, broad"),
    ("scan", "    project exact scan, unfiltered"),
    ("scan_narrow", "    project exact scan, narrow"),
    ("scan_broad", "    project exact scan, broad"),
    ("bm25", "(d) BM25 top-50 (bm25s), unfiltered"),
    ("hybrid", "(e) project hybrid search, unfiltered"),
    ("hybrid_narrow", "(e) project hybrid search, narrow"),
]


def filters_to_json(f: Filters) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(f).items() if v not in (None, ())}


def filters_from_json(d: dict) -> Filters:
    return Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})


# ---------------------------------------------------------------------------------------------- parent


def prepare(work: Path) -> dict:
    """Read the real catalog and vectors from the project's store (read only), encode the dev queries
    once, choose each query's filters; written under `work` for the size processes."""
    from assistant.core.build import make_encoder, open_store
    from assistant.core.settings import load_settings
    from assistant.evaluation.reasons import DEFAULT_QUERIES
    from retrieval.search.judgments import load_judgments

    settings = load_settings(threads=1)
    t = time.perf_counter()
    store = open_store(settings, make_encoder(settings))
    products = store.products()
    stored = store.embeddings([p.id for p in products])
    vectors = np.stack([stored[p.id] for p in products]).astype(np.float32)
    read_s = time.perf_counter() - t
    judgments = load_judgments(settings.shared_data / DEFAULT_QUERIES)
    queries = list(judgments)
    query_vectors = store.embed_queries(queries)
    encode_ms = []
    for q in queries:
        store.clear_query_cache()
        t = time.perf_counter()
        store.embed_query(q)
        encode_ms.append(1000 * (time.perf_counter() - t))

    by_id = {p.id: p for p in products}
    median_price = float(np.median([p.price for p in products if p.price is not None]))
    narrow, broad = [], []
    for q in queries:  # narrow: the kind (else the brand) of the query's best judged product, and 1.5x its price
        graded = sorted((g, pid) for pid, g in judgments[q].items() if pid in by_id)
        best = by_id[graded[-1][1]] if graded else products[0]
        f = Filters(kinds=(best.kind,)) if best.kind else Filters(brands=(norm_key(best.brand),))
        if best.price is not None:
            f = f.with_(price_max=round(1.5 * best.price, 2))
        narrow.append(filters_to_json(f))
        broad.append(filters_to_json(Filters(price_max=round(median_price, 2))))
    work.mkdir(parents=True, exist_ok=True)
    (work / "real.jsonl").write_text("\n".join(p.to_json() for p in products), encoding="utf-8")
    np.save(work / "real_vectors.npy", vectors)
    np.save(work / "query_vectors.npy", query_vectors.astype(np.float32))
    (work / "queries.json").write_text(json.dumps({"queries": queries, "narrow": narrow, "broad": broad}))
    return {"real": len(products), "dim": int(vectors.shape[1]), "encoder": store.encoder_name, "read_s": read_s,
            "queries": len(queries), "encode_p50": statistics.median(encode_ms), "encode_p95": percentile(encode_ms, 0.95),
            "median_price": median_price}


def run_stage(stage: str, size: int, args) -> dict:
    out = args.work / f"{stage}-{size}.json"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, __file__, "--stage", stage, "--size", str(size), "--work", str(args.work),
           "--repeat", str(args.repeat), "--max-ingest-minutes", str(args.max_ingest_minutes),
           "--case-seconds", str(args.case_seconds)]
    done = subprocess.run(cmd)
    if done.returncode != 0 or not out.exists():
        return {"failed": f"the {stage} process exited with status {done.returncode}"}
    return json.loads(out.read_text())


def print_size(size: int, real: int, ing: dict, srv: dict) -> None:
    print(f"\n== {size:,} products: {min(size, real):,} real + {max(0, size - real):,} [synthetic] ==")
    if "failed" in ing:
        print(f"ingest failed: {ing['failed']}")
        return
    done = ing["ingested"]
    line = (f"ingest (chromadb `add` of precomputed vectors into a collection made by ProductStore, same metadata "
            f"schema + origin): {done:,} in {ing['ingest_s']:.1f} s = {done / ing['ingest_s']:,.0f} products/s "
            f"(of which Chroma {ing['chroma_s']:.1f} s, building JSON documents + metadata {ing['prep_s']:.1f} s); "
            f"generating the catalog {ing['generate_s']:.1f} s")
    print(line)
    if done < size:
        print(f"  STOPPED after {done:,} of {size:,}: a full ingest was projected at {ing['projected_s'] / 60:.0f} min "
              f"(limit {ing['limit_s'] / 60:.0f} min); the full figure is EXTRAPOLATED at this rate, and HNSW inserts "
              "slow down as the graph grows, so it is a lower bound. The Chroma cases are skipped for this size.")
    print(f"  store on disk {ing['disk_mb']:,.0f} MB; ingest process peak RSS {ing['peak_mb']:,.0f} MB; "
          f"other processes kept {_cores(ing['others'])} busy")
    if "failed" in srv:
        print(f"worker failed: {srv['failed']}")
        return
    print(f"worker start: catalog objects {srv['catalog_s']:.1f} s, first Chroma query (opens the HNSW index) "
          f"{srv['first_query_s']:.2f} s, hybrid index build (filter columns + BM25) {srv['hybrid_build_s']:.1f} s, "
          f"reading the vector matrix from Chroma {_secs(srv['matrix_s'])}, coded columns {srv['coded_s']:.2f} s")
    if srv.get("matrix_error"):
        print(f"  the project's HybridSearch.vectors() FAILED here ({srv['matrix_error']}): it reads every id in one "
              "Chroma `get`; the benchmark read the same matrix through store.embeddings in chunks of 20,000 ids")
    if srv["stored"] < size:
        print(f"  the store is partial ({srv['stored']:,} products): Chroma cases are skipped; the in-memory cases run "
              "on all rows, their matrix filled from the generated vectors (one copy instead of the project's two)")
    print(f"worker resident memory: after the catalog {srv['rss_catalog']:,.0f} MB, + Chroma opened and queried "
          f"{srv['rss_chroma']:,.0f} MB, + hybrid search (BM25, columns, 2 vector matrices) {srv['rss_hybrid']:,.0f} MB; "
          f"peak {srv['peak_mb']:,.0f} MB")
    print(f"BM25: {srv['bm25_mb']:,.1f} MB on disk (bm25s save: sparse scores + vocab, {srv['bm25_vocab']:,} terms)")
    print(f"rows kept by the filters: narrow {100 * srv['kept_narrow']:.2f}% ({srv['kept_narrow'] * size:,.0f} rows) "
          f"on average, broad {100 * srv['kept_broad']:.1f}%")
    print(f"  {'search (time to products, query vector given)':44} {'p50 ms':>8} {'p95 ms':>8} {'n':>5} "
          f"{'overlap@50 with exact':>22}")
    for key, label in CASES:
        c = srv["cases"].get(key)
        if c is None:
            continue
        if "skipped" in c:
            print(f"  {label:44} skipped: {c['skipped']}")
            continue
        overlap = f"{c['overlap']:.2f}" if c.get("overlap") is not None else ""
        print(f"  {label:44} {c['p50']:8.1f} {c['p95']:8.1f} {c['n']:5d} {overlap:>22}")
    print(f"  other processes kept {_cores(srv['others'])} busy during the worker's run "
          f"(load average before {srv['load'][0]:.2f}, after {srv['load'][1]:.2f})")


def _secs(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f} s"


def _cores(x: float | None) -> str:
    return "? cores" if x is None else f"{x:.2f} of {os.cpu_count()} cores"


WHY = {  # case key -> (why it is slow at scale, what would fix it); printed only where p95 misses the target
    "chroma": ("HNSW on 2 shared cores with ef_search 400 (set for recall at 20k)",
               "a lower ef_search at scale, or IVF / quantised vectors"),
    "chroma_narrow": ("Chroma evaluates `where` in SQLite, then searches HNSW under the allowed-id set",
                      "prefilter on in-memory columns + exact top-k over the kept rows (case c)"),
    "chroma_broad": ("a broad `where` makes SQLite return hundreds of thousands of ids per query before HNSW runs",
                     "HNSW without the filter and over-fetch, then filter (the filter keeps half), or case c"),
    "coded_broad": ("an exact scan reads every vector (n x 384 float32) per query: memory bandwidth bound",
                    "HNSW/IVF with post-filtering for broad filters, float16/int8 vectors (2-4x less to read)"),
    "scan": ("the project's unfiltered dense path is an exact scan of all n x 384 float32 rows",
             "switch to HNSW/IVF above ~200k rows, or quantise the matrix (float16/int8)"),
    "scan_broad": ("the project's filtered scan copies every kept row (unit[rows]) before the product",
                   "score all rows then mask (case c), or HNSW + post-filter for broad filters"),
    "scan_narrow": ("np.isin over object-dtype brand/kind columns costs O(n) Python-object compares",
                    "integer-coded columns (case c) or per-kind row lists"),
    "bm25": ("bm25s builds a dense n-float score array per query and partitions it in numpy",
             "an inverted-index engine with top-k pruning (tantivy, Rust), or sharding"),
    "hybrid": ("it runs the exact dense scan + BM25 + fusion, and reads every BM25 score for the candidates",
               "HNSW for the dense half, a pruned BM25 engine, sharding the catalog across workers"),
    "hybrid_narrow": ("the object-dtype filter mask and the full BM25 score array are O(n) per query",
                      "integer-coded columns, per-kind shards, a pruned BM25 engine"),
}


def parent(args) -> int:
    load0, ram_gib = os.getloadavg(), os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"benchmarks/scale.py on {os.cpu_count()} cores, {ram_gib:.0f} GiB RAM; load average (1 min) at start {load0[0]:.2f}")
    meter = LoadMeter(busy_seconds)
    meter.start()
    info = prepare(args.work)
    print(f"source: {info['real']:,} real Icecat products with {info['dim']}-d vectors ({info['encoder']}) read from the "
          f"project's store in {info['read_s']:.1f} s; {info['queries']} dev queries encoded once; "
          f"other processes kept {_cores(meter.stop())} busy")
    print(f"query encoding (1 torch thread, once per turn, independent of catalog size): p50 {info['encode_p50']:.1f} ms, "
          f"p95 {info['encode_p95']:.1f} ms; search times below exclude it")
    print(f"filters: narrow = the kind (else brand) of each query's best judged product + price <= 1.5x its price; "
          f"broad = price <= {info['median_price']:.2f} (the median); each query timed {args.repeat}x per case")
    results = {}
    for size in args.sizes:
        ing = run_stage("ingest", size, args)
        srv = run_stage("serve", size, args) if "failed" not in ing else {"failed": "no store"}
        results[size] = (ing, srv)
        print_size(size, info["real"], ing, srv)
        sys.stdout.flush()
        if not args.keep:
            shutil.rmtree(args.work / f"store-{size}", ignore_errors=True)
    print(f"\n== summary: time to products p95 (ms, search only; add ~{info['encode_p95']:.0f} ms query encoding) "
          f"against the {TARGET_MS:.0f} ms target ==")
    print(f"  {'case':44} " + " ".join(f"{s:>10,}" for s in args.sizes))
    for key, label in CASES:
        cells = []
        for size in args.sizes:
            c = results[size][1].get("cases", {}).get(key)
            cells.append("—" if not c or "skipped" in c else f"{c['p95']:.1f}{'' if c['p95'] <= TARGET_MS else ' X'}")
        print(f"  {label:44} " + " ".join(f"{c:>10}" for c in cells))
    largest = args.sizes[-1]
    cases = results[largest][1].get("cases", {})
    misses = [k for k, _ in CASES if k in cases and "skipped" not in cases[k] and cases[k]["p95"] > TARGET_MS]
    print(f"  X: p95 above {TARGET_MS:.0f} ms. At {largest:,}: "
          + (f"{len(misses)} case(s) miss the target:" if misses else "every case meets the target."))
    for k in misses:
        why, fix = WHY.get(k, ("", ""))
        print(f"  - {dict(CASES)[k].strip()}: p95 {cases[k]['p95']:.0f} ms. Why: {why}. Fix: {fix}.")
    print(f"load average (1 min) at the end {os.getloadavg()[0]:.2f}")
    return 0


# ------------------------------------------------------------------------------------------ size stages


def load_real(work: Path) -> tuple[list[Product], np.ndarray]:
    lines = (work / "real.jsonl").read_text(encoding="utf-8").splitlines()
    return [Product.from_json(line) for line in lines], np.load(work / "real_vectors.npy")


def ingest(args) -> dict:
    from retrieval.search.filters import product_metadata
    from retrieval.search.store import ProductStore

    meter = LoadMeter(busy_seconds)
    meter.start()
    real, real_vectors = load_real(args.work)
    t = time.perf_counter()
    products = synthetic_products(real, args.size)
    vectors = synthetic_vectors(real_vectors, args.size)
    generate_s = time.perf_counter() - t
    path = args.work / f"store-{args.size}"
    shutil.rmtree(path, ignore_errors=True)
    store = ProductStore(path, f"scale-{args.size}", VectorTable(VECTORS_NAME, [], vectors[:0]))
    collection = store._collection  # ProductStore.sync encodes texts; the benchmark adds precomputed vectors
    batch = min(4096, store._client.get_max_batch_size())
    limit_s, prep_s, chroma_s, done, projected = 60 * args.max_ingest_minutes, 0.0, 0.0, 0, 0.0
    start = time.perf_counter()
    for lo in range(0, args.size, batch):
        t = time.perf_counter()
        part = products[lo : lo + batch]
        metadatas = [{**product_metadata(p, p.content_hash()), "origin": origin(p.id)} for p in part]
        documents = [p.to_json() for p in part]
        t2 = time.perf_counter()
        collection.add(ids=[p.id for p in part], embeddings=vectors[lo : lo + batch], metadatas=metadatas,
                       documents=documents)
        prep_s, chroma_s, done = prep_s + t2 - t, chroma_s + time.perf_counter() - t2, done + len(part)
        elapsed = time.perf_counter() - start
        projected = elapsed * args.size / done
        if done < args.size and done >= args.size // 20 and elapsed > 60 and projected > limit_s:
            break
    ingest_s = time.perf_counter() - start
    rss, peak = memory_mb()
    return {"ingested": done, "ingest_s": ingest_s, "prep_s": prep_s, "chroma_s": chroma_s, "generate_s": generate_s,
            "projected_s": projected, "limit_s": limit_s, "disk_mb": dir_mb(path), "peak_mb": peak,
            "others": meter.stop()}


def timed(run, n_queries: int, repeat: int, budget_s: float) -> tuple[list[float], list]:
    """Milliseconds of run(i) for each query i, `repeat` passes (fewer when over `budget_s`), and the
    first pass's results."""
    run(0)  # warm-up
    times, first, start = [], [], time.perf_counter()
    for r in range(repeat):
        for i in range(n_queries):
            t = time.perf_counter()
            got = run(i)
            times.append(1000 * (time.perf_counter() - t))
            if r == 0:
                first.append(got)
            if time.perf_counter() - start > budget_s and len(times) >= 20:
                return times, first
    return times, first


def serve(args) -> dict:
    from retrieval.search.hybrid import HybridSearch
    from retrieval.search.store import ProductStore

    meter = LoadMeter(busy_seconds)
    meter.start()
    load0 = os.getloadavg()
    spec = json.loads((args.work / "queries.json").read_text())
    queries, qv = spec["queries"], np.load(args.work / "query_vectors.npy")
    narrow = [filters_from_json(d) for d in spec["narrow"]]
    broad = [filters_from_json(d) for d in spec["broad"]]
    real, _ = load_real(args.work)
    t = time.perf_counter()
    products = synthetic_products(real, args.size)
    out: dict = {"catalog_s": time.perf_counter() - t, "rss_catalog": memory_mb()[0]}
    store = ProductStore(args.work / f"store-{args.size}", f"scale-{args.size}", VectorTable(VECTORS_NAME, queries, qv))
    n, stored = len(products), store.count()
    out["stored"] = stored
    t = time.perf_counter()
    store.search(qv[0], K)
    out["first_query_s"] = time.perf_counter() - t
    cases: dict = {}
    results: dict = {}
    partial = f"the store holds only {stored:,} of {n:,} products (ingest stopped early)"

    def case(key: str, run) -> None:
        if stored < n and key.startswith("chroma"):
            cases[key] = {"skipped": partial}
            return
        times, first = timed(run, len(queries), args.repeat, args.case_seconds)
        cases[key] = {"p50": statistics.median(times), "p95": percentile(times, 0.95), "n": len(times)}
        results[key] = [[pid for pid, *_ in got] if got and isinstance(got[0], tuple) else list(got) for got in first]

    case("chroma", lambda i: store.search(qv[i], K))
    case("chroma_narrow", lambda i: store.search(qv[i], K, narrow[i]))
    case("chroma_broad", lambda i: store.search(qv[i], K, broad[i]))
    out["rss_chroma"] = memory_mb()[0]

    t = time.perf_counter()
    search = HybridSearch(store, products, depth=100)
    out["hybrid_build_s"] = time.perf_counter() - t
    t = time.perf_counter()
    if stored < n:  # the matrix the hybrid search would read from a full store, row-aligned with `products`
        vectors = synthetic_vectors(np.load(args.work / "real_vectors.npy"), n)
        search._matrix = np.vstack([vectors, np.zeros((1, vectors.shape[1]), dtype=np.float32)])
        search._unit = search._matrix
        del vectors
        out["matrix_s"] = None
    else:
        try:
            search.vectors([])
        except Exception as err:  # chromadb's InternalError: one `get` of every id is too many SQL variables
            out["matrix_error"] = f"{type(err).__name__}: {err}"
            stored_vectors: dict = {}
            for lo in range(0, n, 20_000):  # what vectors() does, in id chunks of 20,000
                stored_vectors.update(store.embeddings([p.id for p in products[lo : lo + 20_000]]))
            matrix = np.zeros((n + 1, qv.shape[1]), dtype=np.float32)
            matrix[:n] = np.stack([stored_vectors[p.id] for p in products])
            del stored_vectors
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            search._matrix, search._unit = matrix, matrix / np.where(norms == 0, 1.0, norms)
        out["matrix_s"] = time.perf_counter() - t
    out["rss_hybrid"] = memory_mb()[0]
    bm25_dir = args.work / f"bm25-{args.size}"
    search.lexical_index._bm25.save(str(bm25_dir))  # the project's own index, saved to measure its size
    out["bm25_mb"], out["bm25_vocab"] = dir_mb(bm25_dir), len(search.lexical_index._bm25.vocab_dict)
    shutil.rmtree(bm25_dir, ignore_errors=True)
    t = time.perf_counter()
    coded = CodedColumns(products)
    out["coded_s"] = time.perf_counter() - t
    unit = search._unit[:n]  # the hybrid search's unit-length matrix, shared rather than copied
    ids = [p.id for p in products]
    out["kept_narrow"] = float(np.mean([coded.mask(f).mean() for f in narrow]))
    out["kept_broad"] = float(np.mean([coded.mask(f).mean() for f in broad]))

    case("coded_narrow", lambda i: [ids[r] for r in exact_top_k(unit, qv[i], coded.mask(narrow[i]), K)])
    case("coded_broad", lambda i: [ids[r] for r in exact_top_k(unit, qv[i], coded.mask(broad[i]), K)])
    case("scan", lambda i: search.dense(queries[i], K, None, qv[i]))
    case("scan_narrow", lambda i: search.dense(queries[i], K, narrow[i], qv[i]))
    case("scan_broad", lambda i: search.dense(queries[i], K, broad[i], qv[i]))
    case("bm25", lambda i: search.lexical_index.search(queries[i], K))
    case("hybrid", lambda i: [c.product.id for c in search.search(queries[i], None, K)])
    case("hybrid_narrow", lambda i: [c.product.id for c in search.search(queries[i], narrow[i], K)])
    for key, exact in (("chroma", "scan"), ("chroma_narrow", "coded_narrow"), ("chroma_broad", "coded_broad"),
                       ("scan_narrow", "coded_narrow"), ("scan_broad", "coded_broad")):
        if key not in results:
            continue
        pairs = [(set(a), set(b)) for a, b in zip(results[key], results[exact]) if b]
        cases[key]["overlap"] = float(np.mean([len(a & b) / len(b) for a, b in pairs])) if pairs else None
    out["cases"] = cases
    out["peak_mb"] = memory_mb()[1]
    out["others"] = meter.stop()
    out["load"] = (load0[0], os.getloadavg()[0])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=2, help="passes over the queries per case")
    ap.add_argument("--max-ingest-minutes", type=float, default=25.0,
                    help="stop an ingest projected to take longer, and extrapolate its throughput")
    ap.add_argument("--case-seconds", type=float, default=45.0, help="time budget per timed case (at least 20 queries)")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help="where stores and inputs are written")
    ap.add_argument("--keep", action="store_true", help="keep the synthetic stores")
    ap.add_argument("--stage", choices=["ingest", "serve"], help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    bad = [s for s in args.sizes if s < 1]
    if bad:
        raise SystemExit(f"--sizes must be positive, got {bad}")
    if args.stage is None:
        return parent(args)
    result = (ingest if args.stage == "ingest" else serve)(args)
    (args.work / f"{args.stage}-{args.size}.json").write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
