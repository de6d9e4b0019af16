"""Time to products and time to all top-3 reasons, p50/p95, over the Icecat dev queries.

Each unique query is the first message of a fresh session: the clock starts when the message
is sent; "products" stops when `respond` returns (cards with template reasons), "reasons" when
`stream_reasons` has yielded the checked reason of each of the top 3 products. The generator
runs on --threads CPU threads (default 2) with its --parallel slots; the turn's torch on --torch-threads. Usage:
    python benchmarks/reason_latency.py [--limit N] [--threads 2] [--parallel 3] [--torch-threads N] [--judgments PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.core.build import build_assistant  # noqa: E402
from assistant.core.settings import (
    ReasonSettings,  # noqa: E402
    load_settings,  # noqa: E402
)
from assistant.evaluation.reasons import DEFAULT_QUERIES, unique_queries  # noqa: E402


def busy_seconds() -> float | None:
    """CPU seconds all processes have spent busy since boot (Linux /proc/stat), None elsewhere."""
    try:
        fields = [float(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judgments", help=f"CSV whose unique queries are asked (default: {DEFAULT_QUERIES} under "
                    "the shared_data setting)")
    ap.add_argument("--limit", type=int, default=0, help="first N unique queries (0: all)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--parallel", type=int, default=3)
    ap.add_argument("--torch-threads", type=int, default=0, help="torch threads of the turn (default: the setting, 1)")
    args = ap.parse_args()

    load_before = os.getloadavg()
    t0 = time.perf_counter()
    reasons = ReasonSettings.from_env(threads=args.threads, parallel=args.parallel)
    settings = load_settings(threads=args.torch_threads) if args.torch_threads else load_settings()
    assistant = build_assistant(settings, progress=False, reasons=reasons)
    start_s = time.perf_counter() - t0
    queries = unique_queries(args.judgments or settings.shared_data / DEFAULT_QUERIES)[: args.limit or None]
    warm_t = time.perf_counter()
    assistant.reasons_ready()  # steady state: every slot holds its prompt prefix
    warm_s = time.perf_counter() - warm_t
    list(assistant.stream_reasons(reply=assistant.respond("warm up the model", "bench-warmup"), timeout=120))

    products, complete, generated, shown = [], [], 0, 0
    busy0, own0, wall0 = busy_seconds(), sum(os.times()[:2]), time.perf_counter()
    for i, q in enumerate(queries):
        t = time.perf_counter()
        reply = assistant.respond(q, f"bench-{i}")
        products.append(time.perf_counter() - t)
        got = list(assistant.stream_reasons(reply=reply, timeout=reasons.stream_timeout))
        complete.append(time.perf_counter() - t)
        shown += len(got)
        generated += sum(r.source != "template" for r in got)
    load_after = os.getloadavg()
    busy1, own1, wall = busy_seconds(), sum(os.times()[:2]), time.perf_counter() - wall0

    print(f"generator {reasons.generator} ({reasons.parallel} slots, {args.threads} threads); "
          f"start-up {start_s:.1f} s, then {warm_s:.1f} s until the generator was warm; {len(queries)} queries")
    print(f"time to products:          p50 {1000 * statistics.median(products):7.0f} ms   "
          f"p95 {1000 * percentile(products, 0.95):7.0f} ms")
    print(f"time to all top-3 reasons: p50 {1000 * statistics.median(complete):7.0f} ms   "
          f"p95 {1000 * percentile(complete, 0.95):7.0f} ms   (target p95 <= 2000 ms, issue 15)")
    print(f"reasons streamed: {shown}, generated and accepted: {generated} ({100 * generated / max(shown, 1):.0f}%)")
    print(f"load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f} on {os.cpu_count()} cores")
    if busy0 is not None and busy1 is not None:
        others = max(0.0, (busy1 - busy0) - (own1 - own0)) / wall
        print(f"other processes kept {others:.2f} of the {os.cpu_count()} cores busy during the timed run"
              f" (this run: {(own1 - own0) / wall:.2f}); above ~0.2 the figures were taken under contention")


if __name__ == "__main__":
    main()
