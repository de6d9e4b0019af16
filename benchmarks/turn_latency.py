"""p50/p95 time of one full turn (parse, retrieve, rank, explain, reply; no generation).

Generated reasons run behind the reply and have their own benchmark (reason_latency.py), so
the generator is left out here: the reasons setting is "template".

Each query of the judgments file is sent as the first message of a fresh session, on the
embedded catalog (built on first use). Usage:
    python benchmarks/turn_latency.py [--judgments PATH] [--threads N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.core.build import build_assistant  # noqa: E402
from assistant.core.settings import load_settings  # noqa: E402
from retrieval.search.judgments import load_judgments  # noqa: E402

DEFAULT_JUDGMENTS = Path("icecat") / "judgments_dev.csv"  # under the shared_data setting


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judgments", help=f"query,docid,rating CSV (default: {DEFAULT_JUDGMENTS} under the "
                    "shared_data setting)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    settings = load_settings(threads=args.threads)
    assistant = build_assistant(settings, reasons=settings.reasons.model_copy(update={"generator": "template"}))
    start_s = time.perf_counter() - t0
    queries = list(load_judgments(args.judgments or settings.shared_data / DEFAULT_JUDGMENTS))
    for q in queries[:5]:  # warm-up
        assistant.respond(q, session_id="warmup")
    store = assistant.policy.stages.retriever.search.store
    times = []
    for r in range(args.repeat):
        for i, q in enumerate(queries):
            store.clear_query_cache()  # every turn encodes its words afresh, as a new shopper's would
            t = time.perf_counter()
            assistant.respond(q, session_id=f"bench-{r}-{i}")
            times.append((time.perf_counter() - t) * 1000)
    print(f"start-up (catalog check, encoder, store, BM25): {start_s:.1f} s")
    print(f"full turn without generation, {len(queries)} queries x {args.repeat}, torch threads={args.threads}:")
    print(f"  p50 {percentile(times, 0.5):.1f} ms   p95 {percentile(times, 0.95):.1f} ms   "
          f"mean {statistics.fmean(times):.1f} ms   max {max(times):.1f} ms")


if __name__ == "__main__":
    main()
