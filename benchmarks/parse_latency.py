"""Parse latency on one CPU thread: p50/p95 of LearnedParser.parse (target p95 <= 30 ms), with
the rules-only parser for reference. Messages: the ESCI queries, multi-turn refinements and
other intents, each parsed against a dialogue state with a request in it.

    .venv/bin/python benchmarks/parse_latency.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MESSAGES = [
    "gaming laptop under $1,500", "HP only", "not HP", "cheaper", "in black", "17 inch with 16GB RAM",
    "show me more", "compare the first two", "tell me more about the Dell", "start over", "hi there!",
    "I want to talk to a human", "a blutooth spekaer for about fifty bucks", "cheapest toner for brother printers",
    "what's the battery life of the second one?", "i like the black one", "wireless mouse, no Logitech",
    "ordinateur portable pas cher", "🙂🛒", "x" * 2000,
]


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="passes over the message set")
    args = ap.parse_args()

    import torch

    torch.set_num_threads(1)
    from assistant.core.types import Constraints, DialogueState
    from assistant.evaluation.parser import build_parsers
    from assistant.training.parser import load_gold
    from retrieval.catalog.loader import default_catalog

    started = time.perf_counter()
    parsers = build_parsers(default_catalog().products)
    print(f"load (catalog vocabulary, speller, tagger): {time.perf_counter() - started:.1f} s")
    messages = MESSAGES + [row["query"] for row in load_gold()]
    state = DialogueState(constraints=Constraints(query="gaming laptops", product_type="laptop"))
    for name, parser in parsers.items():
        for m in messages[:10]:  # warm-up
            parser.parse(m, state)
        times = []
        for _ in range(args.rounds):
            for m in messages:
                t = time.perf_counter()
                parser.parse(m, state)
                times.append((time.perf_counter() - t) * 1000)
        print(f"{name:<8} parses={len(times):>4}  p50={statistics.median(times):6.2f} ms  "
              f"p95={percentile(times, 95):6.2f} ms  max={max(times):6.2f} ms  (1 torch thread)")


if __name__ == "__main__":
    main()
