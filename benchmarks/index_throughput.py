"""Index build throughput (products/s): encode with the packaged MiniLM and write to Chroma.

Usage: python benchmarks/index_throughput.py [--products N] [--threads 1 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from retrieval.catalog.loader import default_catalog  # noqa: E402
from retrieval.search.encoder import MiniLMEncoder  # noqa: E402
from retrieval.search.store import ProductStore  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=int, default=2000)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()

    t = time.perf_counter()
    products = default_catalog().products
    print(f"load + normalise the embedded catalog: {len(products)} products in {time.perf_counter() - t:.1f} s")
    sample = products[:: max(1, len(products) // args.products)][: args.products]
    encoder = MiniLMEncoder()
    for threads in args.threads:
        torch.set_num_threads(threads)
        with tempfile.TemporaryDirectory() as tmp:
            store = ProductStore(tmp, "bench", encoder)
            t = time.perf_counter()
            store.sync(sample)
            elapsed = time.perf_counter() - t
            t = time.perf_counter()
            store.sync(sample)
            resync = time.perf_counter() - t
        print(f"threads={threads}: {len(sample)} products indexed in {elapsed:.1f} s = "
              f"{len(sample) / elapsed:.0f} products/s; unchanged re-sync {resync:.2f} s")


if __name__ == "__main__":
    main()
