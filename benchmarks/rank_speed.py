"""Speed of the learned rank stage.

1. Scoring head: pairs scored per second on the CPU (1 and 2 torch threads; CUDA too when
   present), batches of 200 candidates with features precomputed.
2. Rank stage: p50/p95 of `LearnedRanker.rank` for 200 hybrid candidates of each dev query,
   features included (cold: a fresh per-product cache each call; warm: the cache filled), with
   and without session feedback.
3. Vectors for candidates that only lexical search found: one read of the whole matrix, then a
   row gather, against a Chroma `get` per call.

Usage: python benchmarks/rank_speed.py [--judgments PATH] [--repeat R]
Targets (issue 4): >= 100k pairs/s for the head; rank stage p95 <= 20 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from assistant.rank.features import FEATURES, FeatureExtractor, FieldStats  # noqa: E402
from assistant.rank.ranker import LearnedRanker  # noqa: E402
from assistant.rank.scorer import TorchScorer  # noqa: E402

DEFAULT_JUDGMENTS = Path("icecat") / "judgments_dev.csv"  # under the shared_data setting
BATCH = 200


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def head_speed(scorer: TorchScorer, seconds: float = 2.0) -> float:
    """Pairs per second through `scorer.contributions` (numpy in, numpy out), batches of 200."""
    batches = [np.random.default_rng(i).uniform(0, 1, (BATCH, len(FEATURES))).astype(np.float32) for i in range(64)]
    for b in batches[:8]:
        scorer.contributions(b)  # warm-up
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for b in batches:
            scorer.contributions(b)
        done += len(batches)
    if scorer.device.type == "cuda":
        torch.cuda.synchronize()
    return done * BATCH / (time.perf_counter() - start)


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judgments", help=f"query,docid,rating CSV (default: {DEFAULT_JUDGMENTS} under the "
                    "shared_data setting)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    print("1. scoring head, batches of 200 candidates, features precomputed")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        print(f"   cpu, {threads} thread(s): {head_speed(TorchScorer.load(device='cpu')):>12,.0f} pairs/s")
    if torch.cuda.is_available():
        print(f"   cuda ({torch.cuda.get_device_name()}): {head_speed(TorchScorer.load(device='cuda')):>12,.0f} pairs/s")
    else:
        print("   cuda: no device here")

    torch.set_num_threads(1)
    from assistant.core.build import build_search
    from assistant.core.settings import load_settings
    from assistant.training.ranker import plain_query
    from retrieval.search.judgments import load_judgments

    settings = load_settings(threads=1)
    search = build_search(settings, progress=False)
    search.depth = BATCH  # each search path returns 200, so that fusion yields 200 candidates
    queries = list(load_judgments(args.judgments or settings.shared_data / DEFAULT_JUDGMENTS))
    lists = [(plain_query(q), search.search(q, k=BATCH)) for q in queries]
    sizes = [len(c) for _, c in lists]
    scorer = TorchScorer.load(device="cpu")
    print(f"\n2. rank stage on the cpu (1 thread), {len(lists)} dev queries x {args.repeat}, "
          f"candidates per query: median {statistics.median(sizes):.0f}, max {max(sizes)}")
    fields = FieldStats.of(search.products)  # catalog-wide, built once at start-up (not timed here)
    warm = LearnedRanker(scorer, FeatureExtractor(search.vectors, fields))
    for name, make in (("cold cache", lambda: LearnedRanker(scorer, FeatureExtractor(search.vectors, fields))),
                       ("warm cache", lambda: warm)):
        for feedback in (False, True):
            times = []
            for q, cands in lists * args.repeat:
                if feedback and len(cands) > 2:
                    q = type(q)(**{**q.__dict__, "liked": (cands[1].product.id,), "disliked": (cands[2].product.id,)})
                ranker = make()
                t = time.perf_counter()
                ranker.rank(q, cands)
                times.append((time.perf_counter() - t) * 1000)
            label = f"{name}, {'with' if feedback else 'no'} feedback"
            print(f"   {label:<28} p50 {percentile(times, 0.5):6.2f} ms   p95 {percentile(times, 0.95):6.2f} ms   "
                  f"max {max(times):6.2f} ms")

    print("\n3. vectors of 100 candidates (for lexical-only hits and feedback)")
    ids = [c.product.id for _, cands in lists for c in cands[:100]]
    chunks = [ids[i : i + 100] for i in range(0, len(ids), 100)][:50]
    t = time.perf_counter()
    search._matrix = None
    search.vectors([])
    print(f"   whole matrix, read once: {time.perf_counter() - t:.2f} s")
    gather = [x for c in chunks for x in timed(lambda c=c: search.vectors(c), 1)]
    chroma = [x for c in chunks for x in timed(lambda c=c: search.store.embeddings(c), 1)]
    print(f"   row gather per call:      p50 {percentile(gather, 0.5):6.3f} ms   p95 {percentile(gather, 0.95):6.3f} ms")
    print(f"   chroma get per call:      p50 {percentile(chroma, 0.5):6.3f} ms   p95 {percentile(chroma, 0.95):6.3f} ms")


if __name__ == "__main__":
    main()
