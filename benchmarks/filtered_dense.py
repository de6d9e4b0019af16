"""Filtered dense search: Chroma's metadata pre-filter against an exact scan of the matching rows.

The hybrid search answers a filtered dense query (a kind, a price bound, a brand) by scanning the
stored vectors of the rows the filter keeps; this prints both ways' time per query and how many
of Chroma's top 100 the scan also returns (its recall of the approximate answer). Usage:
    python benchmarks/filtered_dense.py [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.core.build import build_search  # noqa: E402
from assistant.core.settings import load_settings  # noqa: E402
from retrieval.search.filters import Filters  # noqa: E402

CASES = [("laptop", Filters(kinds=("laptop",))), ("hdmi cable", Filters(kinds=("cable",))),
         ("wireless mouse", Filters(kinds=("mouse",), price_max=30.0)), ("toner", Filters(brands=("hp",))),
         ("speaker", Filters(price_max=100.0)), ("black headphones", Filters(colours=("black",)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    search = build_search(load_settings(threads=1))
    search.vectors([])  # the one-off load of the stored vectors, as the first turn does
    print(f"{'query':18} {'filter':44} {'chroma ms':>9} {'scan ms':>8} {'overlap@100':>11}")
    for query, filters in CASES:
        vector = search.store.embed_query(query)
        timings = {}
        runs = (("chroma", lambda v=vector, f=filters: search.store.search(v, 100, f)),
                ("scan", lambda q=query, v=vector, f=filters: search.dense(q, 100, f, v)))
        for name, run in runs:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                got = run()
                times.append((time.perf_counter() - start) * 1000)
            timings[name] = (statistics.median(times), [pid for pid, _ in got])
        chroma, scan = timings["chroma"][1], timings["scan"][1]
        overlap = len(set(chroma) & set(scan)) / max(len(chroma), 1)
        label = ", ".join(f"{k}={v}" for k, v in vars(filters).items() if v not in (None, ()))
        print(f"{query:18} {label:44} {timings['chroma'][0]:9.1f} {timings['scan'][0]:8.2f} {overlap:11.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
